package dev.mlos.core.frontmatter;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the byte-level front matter scan ({@code FrontMatterLines.Scan}) buys, measured (issue 21's
 * optimisation budget): the CPU time of the guard's unknown-file check, {@link
 * FrontMatterLines#declaresCompiledAt}, over 100,000 compiled need pages on disk, against the line
 * reader {@link FrontMatterLines#declaresCompiledAtByLines}, which is what would remain without it.
 * Not a test: run it by hand (see bench/RESULTS.md); args: pages, rounds, a scratch directory.
 */
public final class FrontMatterScanMeasure {
  private FrontMatterScanMeasure() {}

  public static void main(String[] args) throws IOException {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir =
        args.length > 2
            ? Files.createDirectories(Path.of(args[2]))
            : Files.createTempDirectory("mlos-scan");
    List<Path> files = new ArrayList<>(pages);
    String body =
        "Make the boot reproducible: the same kernel, the same initrd, the same command line.\n"
            .repeat(12);
    for (int i = 0; i < pages; i++) {
      // A need page of the mlos pack as a compile writes it: front matter, then the body.
      String text =
          "---\nid: "
              + i
              + "\ntitle: 'Need "
              + i
              + ": make the boot of node-"
              + (i % 97)
              + " reproducible'\nstatus: open\npriority: "
              + (i % 5)
              + "\ntags:\n  - kernel\n  - boot\nsource: transcripts/session-"
              + i
              + ".md\nupdated: '2026-03-01T10:00:00Z'\nview: needs\n"
              + "compiled_at: '2026-03-01T10:00:00Z'\n"
              + "content_hash: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n"
              + "---\n\n# Need "
              + i
              + "\n\n"
              + body;
      Path f = dir.resolve("need-" + i + ".md");
      if (!Files.exists(f)) {
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
      }
      files.add(f);
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long[] scan = new long[rounds];
    long[] lines = new long[rounds];
    int yes = 0;
    for (int r = -2; r < rounds; r++) { // two warm-up rounds
      long t0 = cpu.getCurrentThreadCpuTime();
      for (Path f : files) {
        yes += FrontMatterLines.declaresCompiledAt(f) ? 1 : 0;
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      for (Path f : files) {
        yes += FrontMatterLines.declaresCompiledAtByLines(f) ? 1 : 0;
      }
      long t2 = cpu.getCurrentThreadCpuTime();
      if (r >= 0) {
        scan[r] = t1 - t0;
        lines[r] = t2 - t1;
      }
    }
    Arrays.sort(scan);
    Arrays.sort(lines);
    System.out.printf(
        Locale.ROOT,
        "%d pages, median of %d rounds, CPU ms: byte scan %.0f, line reader %.0f (%.2fx); %d yes%n",
        pages,
        rounds,
        scan[rounds / 2] / 1e6,
        lines[rounds / 2] / 1e6,
        (double) lines[rounds / 2] / scan[rounds / 2],
        yes);
  }
}
