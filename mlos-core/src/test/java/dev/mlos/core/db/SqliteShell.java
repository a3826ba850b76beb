package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    ProcessBuilder pb = new ProcessBuilder("sqlite3", "-bail", db.toString(), sql);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("sqlite3 did not finish within 60 s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(p.exitValue(), out, err);
    } catch (IOException e) {
      return fail("These tests need the sqlite3 shell on the PATH (CI installs it via .ci/run; locally: "
          + "apt-get install sqlite3 or brew install sqlite). Starting it failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while waiting for sqlite3");
    }
  }
}
