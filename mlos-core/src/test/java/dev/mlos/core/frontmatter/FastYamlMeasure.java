package dev.mlos.core.frontmatter;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link FastYaml} buys, measured (issue 21's optimisation budget): the CPU time of writing
 * the front matter of 100,000 pages as a compile does (the page's fields, then {@code compiled_at}
 * and {@code content_hash}), through {@link FrontMatterYaml#appendMapping} and {@code appendEntry}
 * (FastYaml, SnakeYAML only for what it does not mirror) against the whole map through SnakeYAML's
 * dumper ({@link FrontMatterYaml#snakeDump}), which is what would remain without it. Not a test:
 * run it by hand (see bench/RESULTS.md) on a quiet machine; it prints the median of several rounds.
 */
public final class FastYamlMeasure {
  private FastYamlMeasure() {}

  public static void main(String[] args) {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<Map<String, Object>> maps = new ArrayList<>(pages);
    for (int i = 0; i < pages; i++) {
      // The fields of a need page of the mlos pack, with values that vary per page.
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", (long) i);
      m.put("title", "Need " + i + ": make the boot of node-" + (i % 97) + " reproducible");
      m.put("status", i % 3 == 0 ? "open" : "in_progress");
      m.put("priority", i % 5);
      m.put("tags", List.of("kernel", "boot", "t" + (i % 13)));
      m.put("source", "transcripts/2026-0" + (1 + i % 9) + "-session-" + i + ".md");
      m.put("updated_at", "2026-03-0" + (1 + i % 9) + "T10:00:00Z");
      m.put("view", "need");
      maps.add(m);
    }
    String compiledAt = "2026-03-01T10:00:00Z";
    String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long[] fast = new long[rounds];
    long[] snake = new long[rounds];
    long sink = 0;
    for (int r = -2; r < rounds; r++) { // two warm-up rounds
      long t0 = cpu.getCurrentThreadCpuTime();
      for (Map<String, Object> m : maps) {
        StringBuilder out = new StringBuilder(512);
        FrontMatterYaml.appendMapping(out, m);
        FrontMatterYaml.appendEntry(out, "compiled_at", compiledAt);
        FrontMatterYaml.appendEntry(out, "content_hash", hash);
        sink += out.length();
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      for (Map<String, Object> m : maps) {
        Map<String, Object> all = new LinkedHashMap<>(m);
        all.put("compiled_at", compiledAt);
        all.put("content_hash", hash);
        sink += FrontMatterYaml.snakeDump(all).length();
      }
      long t2 = cpu.getCurrentThreadCpuTime();
      if (r >= 0) {
        fast[r] = t1 - t0;
        snake[r] = t2 - t1;
      }
    }
    Arrays.sort(fast);
    Arrays.sort(snake);
    System.out.printf(
        Locale.ROOT,
        "%d pages, median of %d rounds, CPU ms: FastYaml %.0f, SnakeYAML dumper %.0f (%.1fx); %d chars%n",
        pages,
        rounds,
        fast[rounds / 2] / 1e6,
        snake[rounds / 2] / 1e6,
        (double) snake[rounds / 2] / fast[rounds / 2],
        sink);
  }
}
