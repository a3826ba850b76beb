package dev.mlos.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The markdown formatter and linter a repository holding compiled pages typically runs: prettier
 * ({@code prettier --check}, default settings) and markdownlint-cli2 with the settings mlos
 * documents ({@code .ci/lint/.markdownlint-cli2.jsonc}: default rules but MD013 line length, and
 * MD025 not counting the front matter title). Both come from {@code .ci/lint} (versions pinned in
 * its package-lock.json; {@code .ci/run} installs them with {@code npm ci}).
 *
 * <p>Without the tools a test is skipped, unless the environment variable {@code CI} is set: in CI
 * a missing tool fails the test, so the check cannot silently stop running.
 */
public final class MarkdownTools {
  private final Path lint;

  private MarkdownTools(Path lint) {
    this.lint = lint;
  }

  /** The installed tools; skips the test when they are missing outside CI, fails it inside. */
  public static MarkdownTools installedOrSkip() {
    Path lint = repositoryRoot().resolve(".ci/lint");
    boolean installed =
        Files.isRegularFile(lint.resolve("node_modules/prettier/bin/prettier.cjs"))
            && Files.isRegularFile(
                lint.resolve("node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs"));
    String ci = System.getenv("CI");
    if (!installed && ci != null && !ci.isEmpty()) {
      fail(
          "CI is set but prettier and markdownlint-cli2 are not installed in "
              + lint
              + ": run `npm ci` there (.ci/run does)");
    }
    Assumptions.assumeTrue(
        installed,
        "prettier and markdownlint-cli2 are not installed in "
            + lint
            + " (run `npm ci` there to enable this test)");
    return new MarkdownTools(lint);
  }

  /** The repository root: the nearest directory above the working directory with .ci/lint. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(".ci/lint/package.json"))) {
        return p;
      }
    }
    throw new IllegalStateException("no .ci/lint/package.json above " + dir);
  }

  /** Every {@code .md} file under {@code dir}, sorted, skipping the given top-level folders. */
  public static List<Path> markdownFiles(Path dir, String... skip) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".md"))
          .filter(p -> Stream.of(skip).noneMatch(s -> dir.relativize(p).startsWith(s)))
          .sorted()
          .toList();
    }
  }

  /**
   * What the tools say about {@code files} (all under {@code dir}): for each file prettier would
   * change, the first differing lines; then every markdownlint finding. Empty when both are
   * content.
   */
  public List<String> findings(Path dir, List<Path> files)
      throws IOException, InterruptedException {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files to check under " + dir);
    }
    List<String> relative =
        files.stream().map(f -> dir.relativize(f).toString().replace('\\', '/')).toList();
    List<String> findings = new ArrayList<>();
    // One prettier process lists the files it would change (a node start per file costs about a
    // second); only those are formatted again, one by one, to show what it would write.
    List<String> listCommand =
        new ArrayList<>(
            List.of(
                "node",
                lint.resolve("node_modules/prettier/bin/prettier.cjs").toString(),
                "--no-config",
                "--no-editorconfig",
                "--list-different",
                "--"));
    listCommand.addAll(relative);
    Run listed = run(dir, listCommand, "");
    if (listed.exit != 0 && listed.exit != 1) {
      findings.add("prettier failed (exit " + listed.exit + "): " + listed.err);
    }
    List<String> changed = listed.out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    changed.stream()
        .filter(c -> !relative.contains(c))
        .forEach(c -> findings.add(c + ": prettier would change it"));
    if (listed.exit == 1 && changed.isEmpty()) {
      findings.add(
          "prettier --list-different reported differences but named no file: " + listed.err);
    }
    for (int i = 0; i < files.size(); i++) {
      if (!changed.contains(relative.get(i))) {
        continue;
      }
      String original = Files.readString(files.get(i), StandardCharsets.UTF_8);
      Run formatted =
          run(
              dir,
              List.of(
                  "node",
                  lint.resolve("node_modules/prettier/bin/prettier.cjs").toString(),
                  "--no-config",
                  "--no-editorconfig",
                  "--stdin-filepath",
                  relative.get(i)),
              original);
      if (formatted.exit != 0) {
        findings.add(relative.get(i) + ": prettier failed: " + formatted.err);
      } else if (!formatted.out.equals(original)) {
        int line = dev.mlos.core.diff.UnifiedDiff.firstDifferentLine(original, formatted.out);
        findings.add(
            relative.get(i)
                + ": prettier would change it from line "
                + line
                + ":\n"
                + excerpt(original, line)
                + "--- prettier writes ---\n"
                + excerpt(formatted.out, line));
      }
    }
    List<String> lintCommand =
        new ArrayList<>(
            List.of(
                "node",
                lint.resolve("node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs").toString(),
                "--config",
                lint.resolve(".markdownlint-cli2.jsonc").toString()));
    // Leading ':' makes markdownlint-cli2 take each argument as a literal path, not a glob.
    relative.forEach(r -> lintCommand.add(":" + r));
    Run lint = run(dir, lintCommand, "");
    if (lint.exit != 0) {
      findings.add("markdownlint-cli2 (exit " + lint.exit + "):\n" + lint.err + lint.out);
    }
    return findings;
  }

  /** Fails with every finding, naming what was checked. */
  public void assertClean(String what, Path dir, List<Path> files)
      throws IOException, InterruptedException {
    List<String> findings = findings(dir, files);
    if (!findings.isEmpty()) {
      fail(
          what
              + ": "
              + findings.size()
              + " finding(s) in "
              + files.size()
              + " files:\n"
              + String.join("\n", findings));
    }
  }

  /**
   * The display width prettier ({@code prettier.util.getStringWidth}, what it pads table cells by)
   * and markdownlint (the {@code string-width} that markdownlint itself imports, what MD060 checks
   * table alignment by) give each of {@code texts}, as {@code [prettier, markdownlint]} pairs.
   */
  public List<int[]> widths(List<String> texts) throws IOException, InterruptedException {
    // Run from markdownlint's folder, so that "string-width" resolves to the copy markdownlint
    // uses.
    String script =
        "import { createRequire } from 'node:module';"
            + "import stringWidth from 'string-width';"
            + "const prettier = createRequire(import.meta.url)("
            + jsString(lint.resolve("node_modules/prettier/index.cjs").toString())
            + ");"
            + "let input = ''; process.stdin.setEncoding('utf8');"
            + "process.stdin.on('data', d => input += d);"
            + "process.stdin.on('end', () => { const out = [];"
            + " for (const t of JSON.parse(input)) out.push(prettier.util.getStringWidth(t) + ' ' + stringWidth(t));"
            + " process.stdout.write(out.join('\\n')); });";
    StringBuilder json = new StringBuilder("[");
    for (String t : texts) {
      json.append(json.length() > 1 ? "," : "").append(jsString(t));
    }
    Run run =
        run(
            lint.resolve("node_modules/markdownlint"),
            List.of("node", "--input-type=module", "-e", script),
            json.append(']').toString());
    if (run.exit != 0) {
      fail("node failed measuring widths: " + run.err);
    }
    List<int[]> widths = new ArrayList<>();
    for (String line : run.out.split("\n")) {
      String[] parts = line.split(" ");
      widths.add(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
    }
    return widths;
  }

  /** {@code s} as a JSON/JavaScript string literal, every non-ASCII UTF-16 unit escaped. */
  private static String jsString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7E) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String excerpt(String text, int fromLine) {
    List<String> lines = text.lines().toList();
    StringBuilder out = new StringBuilder();
    for (int i = Math.max(0, fromLine - 2); i < Math.min(lines.size(), fromLine + 3); i++) {
      out.append(i + 1).append(": ").append(lines.get(i)).append('\n');
    }
    return out.toString();
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(Path dir, List<String> command, String stdin)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("mlos-tool", ".out");
    Path err = Files.createTempFile("mlos-tool", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      // A bound, not a timing assertion: a hung tool must not hang the build.
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("timed out: " + command);
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
