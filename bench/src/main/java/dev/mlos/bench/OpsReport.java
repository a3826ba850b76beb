package dev.mlos.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the operation latencies of bench/run.sh's ops steps into the results file, as one section
 * between {@link #BEGIN} and {@link #END}. The section sits below {@link
 * ResultsReport#KEEP_MARKER}, so a compile-only run keeps it and an ops-only run leaves the compile
 * tables alone. Input: the {@code LATENCY} lines prefixed with N ({@code N mode op... count p50 p99
 * mean max}, milliseconds) and {@code LOAD N mode before / after} lines.
 *
 * <p>Usage: {@code OpsReport <ops.txt> <RESULTS.md>}; environment LOAD_START, LOAD_END, OPS,
 * CLI_OPS, CLI_SECONDS.
 */
public final class OpsReport {
  static final String BEGIN =
      "<!-- ops:begin (written by bench/run.sh: the operation latencies) -->";
  static final String END = "<!-- ops:end -->";

  /** One operation kind's figures. */
  record Row(
      int n, String mode, String op, int count, double p50, double p99, double mean, double max) {}

  private OpsReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: OpsReport <ops.txt> <RESULTS.md>");
      System.exit(2);
    }
    List<Row> rows = new ArrayList<>();
    Map<String, String> loads = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      String[] f = line.trim().split(" +");
      if (f.length >= 4 && f[0].equals("LOAD")) {
        loads.put(f[1] + " " + f[2], line.substring(line.indexOf(f[2]) + f[2].length()).trim());
      } else if (f.length >= 8) {
        int k = f.length;
        rows.add(
            new Row(
                Integer.parseInt(f[0]),
                f[1],
                String.join(" ", List.of(f).subList(2, k - 5)),
                Integer.parseInt(f[k - 5]),
                Double.parseDouble(f[k - 4]),
                Double.parseDouble(f[k - 3]),
                Double.parseDouble(f[k - 2]),
                Double.parseDouble(f[k - 1])));
      }
    }
    String section = section(rows, loads);
    Path results = Path.of(args[1]);
    String text = Files.exists(results) ? Files.readString(results, StandardCharsets.UTF_8) : "";
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b >= 0 && e > b) {
      text = text.substring(0, b) + section + text.substring(e + END.length());
    } else {
      int keep = text.indexOf(ResultsReport.KEEP_MARKER);
      if (keep < 0) {
        text =
            text
                + (text.isEmpty() || text.endsWith("\n") ? "" : "\n")
                + "\n"
                + ResultsReport.KEEP_MARKER
                + "\n";
        keep = text.indexOf(ResultsReport.KEEP_MARKER);
      }
      int at = keep + ResultsReport.KEEP_MARKER.length();
      text = text.substring(0, at) + "\n\n" + section + text.substring(at);
    }
    Files.writeString(results, text, StandardCharsets.UTF_8);
  }

  static String section(List<Row> rows, Map<String, String> loads) {
    StringBuilder b = new StringBuilder(BEGIN).append('\n');
    b.append("## Operation latencies (issues 17 and 18)\n\n");
    b.append("Written by `BENCH_STEPS=")
        .append(env("BENCH_STEPS", "ops"))
        .append(" bench/run.sh` on ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(" (UTC). Each figure is one operation's")
        .append(
            " wall time as its caller sees it, in milliseconds (p50 and p99 by nearest rank). In one JVM: ")
        .append(env("OPS", "1000"))
        .append(" timed operations of each kind after 100 untimed ones (the JIT), through")
        .append(" `Engine`, with -Xmx")
        .append(env("BENCH_XMX", "512m"))
        .append(". As processes: ")
        .append(env("CLI_OPS", "1000"))
        .append(" runs of each kind of the CLI launch line (`java")
        .append(
            " -XX:SharedArchiveFile=mlos.jsa -XX:TieredStopAtLevel=1 -Xlog:disable -Xlog:all=warning:stderr -jar")
        .append(" mlos.jar ...`, see docs/cli.md), timed from start to exit, with a budget of ")
        .append(env("CLI_SECONDS", "1800"))
        .append(" s per kind (`BENCH_CLI_SECONDS`). MCP: `mlos mcp --workspace WS")
        .append(
            " --agent A --no-recompile` with the server's launch line (the same archive, full JIT) driven by the")
        .append(" SDK's sync client over")
        .append(" stdio, three fresh servers for the start-up figures, then ")
        .append(env("OPS", "1000"))
        .append(" calls of each tool after 50 untimed. Each other kind has a time budget of ")
        .append(env("OP_SECONDS", "120"))
        .append(
            " s (`BENCH_OP_SECONDS`): a slower kind stops early, its warm-up after a quarter of it, and the count")
        .append(" column says how many calls were timed. See bench/README.md.\n\n");
    b.append("### Machine\n\n| | |\n|:--|:--|\n");
    b.append("| CPU | ")
        .append(cpuModel())
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores (nproc) |\n");
    b.append("| memory (`free -h`) | ").append(freeH()).append(" |\n");
    b.append("| Java | ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append(" |\n");
    b.append("| load average (1, 5, 15 min) | run start ")
        .append(env("LOAD_START", "?"))
        .append(", run end ")
        .append(env("LOAD_END", "?"));
    loads.forEach(
        (k, v) -> b.append("; ").append(k.replaceFirst("^\\d+ ", "")).append(" step ").append(v));
    b.append(
        " (other engineers' builds share the 2 cores: every figure includes waiting for a core) |\n\n");

    for (int n : rows.stream().mapToInt(Row::n).distinct().sorted().toArray()) {
      b.append("### N = ").append(String.format(Locale.ROOT, "%,d", n)).append(" needs\n\n");
      b.append("| mode | operation | count | p50 ms | p99 ms | mean ms | max ms |\n");
      b.append("|:--|:--|--:|--:|--:|--:|--:|\n");
      for (Row r : rows) {
        if (r.n() == n) {
          b.append("| ")
              .append(r.mode())
              .append(" | ")
              .append(r.op())
              .append(" | ")
              .append(r.count())
              .append(" | ")
              .append(ms(r.p50()))
              .append(" | ")
              .append(ms(r.p99()))
              .append(" | ")
              .append(ms(r.mean()))
              .append(" | ")
              .append(ms(r.max()))
              .append(" |\n");
        }
      }
      b.append('\n');
      b.append("| target | figure | verdict |\n|:--|:--|:--|\n");
      target(
          b,
          rows,
          n,
          "engine",
          "ready work (lens)",
          "issue 17: ready work p50 <= 30 ms (in-process)",
          30);
      target(
          b,
          rows,
          n,
          "engine",
          "ready work (everyone)",
          "issue 17: ready work for everyone p50 <= 30 ms (in-process)",
          30);
      target(
          b, rows, n, "engine", "create need", "issue 17: create need p50 <= 3 ms in-process", 3);
      target(b, rows, n, "engine", "claim task", "issue 17: claim p50 <= 3 ms in-process", 3);
      target(b, rows, n, "engine", "complete task", "issue 17: complete p50 <= 3 ms in-process", 3);
      target(b, rows, n, "mcp", "ready_work", "issue 18: `ready_work` p50 <= 50 ms over stdio", 50);
      target(
          b, rows, n, "mcp", "create_need", "issue 18: `create_need` p50 <= 20 ms over stdio", 20);
      target(b, rows, n, "mcp", "claim_task", "issue 18: `claim_task` p50 <= 20 ms over stdio", 20);
      target(
          b,
          rows,
          n,
          "mcp",
          "start to initialize answered",
          "issue 18: process start to first answer <= 1.5 s (median of the starts)",
          1500);
      b.append('\n');
    }
    return b.append(END).toString();
  }

  private static void target(
      StringBuilder b, List<Row> rows, int n, String mode, String op, String label, double limit) {
    for (Row r : rows) {
      if (r.n() == n && r.mode().equals(mode) && r.op().equals(op)) {
        b.append("| ")
            .append(label)
            .append(" | ")
            .append(ms(r.p50()))
            .append(" ms | ")
            .append(r.p50() <= limit ? "holds" : "MISSED")
            .append(" |\n");
        return;
      }
    }
  }

  private static String ms(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the model is not known.
    }
    return "unknown CPU";
  }

  private static String freeH() {
    try {
      Process p = new ProcessBuilder("free", "-h").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      for (String l : out.split("\n")) {
        if (l.startsWith("Mem:")) {
          String[] f = l.trim().split(" +");
          return "total " + f[1] + ", used " + f[2] + ", available " + f[f.length - 1];
        }
      }
    } catch (IOException | RuntimeException e) {
      // No free(1): fall through.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }
}
