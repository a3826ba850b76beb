package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.write.WorkspaceLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A compile in a process of its own, as a second {@code mvn mlos:compile} would be: the crash and
 * concurrency tests start it, kill it, or run two at once. Prints each message on its own line
 * ({@code INFO ...}, {@code WARN ...}), then {@code OK} or {@code FAILED <message>}.
 *
 * <p>Arguments: {@code compile <root> <db> <timestamp>}, {@code clean <root> <db>}, or {@code hold
 * <root> <db>} to take the workspace lock, print {@code LOCKED} and wait until killed.
 */
public final class CompileProcess {
  private CompileProcess() {}

  public static void main(String[] args) throws Exception {
    WorkspaceConfig config =
        new ConfigLoader()
            .load(
                Path.of(args[1]),
                new ConfigOverrides(null, Path.of(args[2]), null, null, Map.of()));
    Reporter out =
        new Reporter() {
          @Override
          public void info(String message) {
            System.out.println("INFO " + message.replace('\n', ' '));
            System.out.flush();
          }

          @Override
          public void warn(String message) {
            System.out.println("WARN " + message.replace('\n', ' '));
            System.out.flush();
          }
        };
    try {
      if (args[0].equals("hold")) {
        try (WorkspaceLock lock =
            WorkspaceLock.exclusive(config, "compile", Duration.ofMinutes(1), out)) {
          System.out.println("LOCKED");
          System.out.flush();
          Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
        return;
      }
      if (args[0].equals("clean")) {
        new Cleaner().clean(config, out);
        System.out.println("OK");
        return;
      }
      new Compiler().compile(new CompileRequest(config, args[3]), out);
      System.out.println("OK");
    } catch (MlosException e) {
      System.out.println("FAILED " + e.describe().replace('\n', ' '));
      e.printStackTrace();
      System.exit(2);
    }
  }

  /**
   * Starts {@code CompileProcess} with these arguments in a new JVM, its output going to {@code
   * log}.
   */
  static Process start(Path log, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Duser.timezone=Pacific/Chatham",
                "-Duser.language=tr",
                "-Duser.country=TR",
                "-Dfile.encoding=UTF-8",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CompileProcess.class.getName()));
    command.addAll(List.of(args));
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the process printed so far. */
  static String output(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
