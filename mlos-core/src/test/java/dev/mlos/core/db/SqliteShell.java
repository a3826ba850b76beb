package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code sqlite3} shell in a fresh process, as an agent or a person would. */
public final class SqliteShell {
  /** Exit code and output of one shell run. */
  public record Result(int exitCode, String out, String err) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private SqliteShell() {}

  /**
   * Runs {@code sql} with {@code -bail} against {@code db}. The shell starts with foreign_keys off,
   * as it does for anyone who does not type the pragma.
   */
  public static Result run(Path db, String sql) {
    return run(db, sql, List.of());
  }

  /**
   * Runs {@code sql} like {@link #run(Path, String)}, after the shell's dot-commands {@code
   * commands} (each passed with {@code -cmd}, e.g. {@code .stats on}).
   */
  public static Result run(Path db, String sql, List<String> commands) {
    List<String> command = new ArrayList<>(List.of("sqlite3", "-bail"));
    for (String c : commands) {
      command.add("-cmd");
      command.add(c);
    }
    command.add(db.toString());
    command.add(sql);
    ProcessBuilder pb = new ProcessBuilder(command);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      // Both streams are drained while the shell runs: a .dump larger than the pipe's buffer
      // (64 KiB) would otherwise block the shell forever.
      CompletableFuture<byte[]> out = drain(p.getInputStream());
      CompletableFuture<byte[]> err = drain(p.getErrorStream());
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("sqlite3 did not finish within 60 s");
      }
      return new Result(
          p.exitValue(),
          new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return fail(
          "These tests need the sqlite3 shell on the PATH (CI installs it via .ci/run; locally: "
              + "apt-get install sqlite3 or brew install sqlite). Starting it failed: "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while waiting for sqlite3");
    }
  }

  /**
   * Reads {@code stream} to its end on a thread of its own (not a shared pool that may be busy).
   */
  private static CompletableFuture<byte[]> drain(InputStream stream) {
    CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (stream) {
                bytes.complete(stream.readAllBytes());
              } catch (IOException e) {
                bytes.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "sqlite3-output");
    reader.setDaemon(true);
    reader.start();
    return bytes;
  }
}
