package dev.mlos.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code target/mlos.jar} as a separate process, the way a user or a script does.
 * The jar's path comes from failsafe ({@code -Dmlos.jar}); the child runs in the same odd time zone
 * and locale as the tests, so nothing may depend on the machine's.
 */
final class MlosJar {
  /** One finished run: its exit code and everything it wrote. */
  record Run(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private MlosJar() {}

  static Path jar() {
    String p = System.getProperty("mlos.jar");
    Path jar = p == null ? Path.of("target", "mlos.jar") : Path.of(p);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath() + " is missing: the ITs run after 'package' (mvn verify)");
    }
    return jar.toAbsolutePath();
  }

  /** The start-up archive the build writes next to the jar ({@code target/mlos.jsa}). */
  static Path archive() {
    return jar().resolveSibling("mlos.jsa");
  }

  /**
   * The command that starts the jar as docs/mcp.md says (its start-up archive, JVM warnings to
   * stderr), in an odd locale: {@code java ... -jar mlos.jar args...}.
   */
  static List<String> command(String... args) {
    return command(List.of("-XX:SharedArchiveFile=" + archive()), args);
  }

  /** The same with {@code archiveOptions} in place of the archive option. */
  static List<String> command(List<String> archiveOptions, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Duser.timezone=Pacific/Chatham");
    cmd.add("-Duser.language=tr");
    cmd.add("-Duser.country=TR");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(archiveOptions);
    cmd.add("-Xlog:disable");
    cmd.add("-Xlog:all=warning:stderr");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs {@code mlos args...} in {@code dir} and waits for it (at most a minute). */
  static Run run(Path dir, String... args) {
    return run(command(args), dir, args);
  }

  /**
   * Runs {@code mlos args...} in {@code dir} with {@code archiveOptions} for the start-up archive.
   */
  static Run runWith(List<String> archiveOptions, Path dir, String... args) {
    return run(command(archiveOptions, args), dir, args);
  }

  private static Run run(List<String> command, Path dir, String... args) {
    try {
      Path out = Files.createTempFile("mlos-out", ".txt");
      Path err = Files.createTempFile("mlos-err", ".txt");
      try {
        Process p =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(
              "mlos " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Run(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static File nullFile() {
    return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
