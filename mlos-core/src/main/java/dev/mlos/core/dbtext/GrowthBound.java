package dev.mlos.core.dbtext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How large a database built from a text form may grow: {@link #FACTOR} times the text's size plus
 * {@link #SLACK}. A text form's rows are its lines, so the database mlos dumped it from is about as
 * large as the text (1.3 times at 10,000 needs, with the migrations' indexes). A committed file is
 * input from anyone with push access, and a workspace's own index, generated column or trigger in
 * it can compute values no row holds ({@code CREATE INDEX i ON t(hex(zeroblob(100000000)) || a)}:
 * 600 MB from three rows); bounded so, the rebuild, the merge driver and the review stop with the
 * line that grew it instead of filling the disk or the memory.
 */
final class GrowthBound {
  /** The database may be this many times the text form's size. */
  static final long FACTOR = 8;

  /** ... plus this much, for a small text form and the schema's own pages. */
  static final long SLACK = 64L << 20;

  private GrowthBound() {}

  /** The most bytes a database built from {@code textBytes} of text form may take. */
  static long limit(long textBytes) {
    long bytes = Math.max(0, textBytes);
    return bytes > (Long.MAX_VALUE - SLACK) / FACTOR ? Long.MAX_VALUE : bytes * FACTOR + SLACK;
  }

  /** Bounds the database open on {@code c} (a file or one in memory) to {@link #limit}. */
  static void apply(Connection c, long textBytes) throws SQLException {
    apply(c, textBytes, 0);
  }

  /**
   * Bounds the database open on {@code c} to {@link #limit} and {@code allowance} bytes more (what
   * mlos's own schema computes from honest rows, {@link ReadyWorkRebuild}).
   */
  static void apply(Connection c, long textBytes, long allowance) throws SQLException {
    try (Statement s = c.createStatement()) {
      long pageSize;
      try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
        pageSize = rs.next() ? Math.max(512, rs.getLong(1)) : 4096;
      }
      long bytes = limit(textBytes);
      bytes = Long.MAX_VALUE - bytes < Math.max(0, allowance) ? Long.MAX_VALUE : bytes + allowance;
      long pages = Math.min(Integer.MAX_VALUE - 1L, Math.max(1, bytes / pageSize));
      s.execute("PRAGMA max_page_count = " + pages);
    }
  }

  /**
   * True when {@code e} is SQLite's "database or disk is full" for a database bounded here, in
   * memory ({@code directory} null) or in {@code directory} while its disk still has room (a disk
   * that is really full is reported as it is). SQLite undoes the statement first, so the database's
   * own size no longer tells.
   */
  static boolean reached(SQLException e, Path directory) {
    String why = String.valueOf(e.getMessage());
    if (!why.contains("SQLITE_FULL") && !why.contains("database or disk is full")) {
      return false;
    }
    if (directory == null) {
      return true;
    }
    try {
      return Files.getFileStore(directory).getUsableSpace() > SLACK;
    } catch (IOException unknown) {
      return false;
    }
  }

  /** Why the statement was refused, for a message that names its line. */
  static String why(long textBytes) {
    return "makes the database built from the file grow past "
        + (limit(textBytes) >> 20)
        + " MiB, "
        + FACTOR
        + " times the file's size and "
        + (SLACK >> 20)
        + " MiB more, where the database a text form is dumped from is about as large as the"
        + " text: an index, generated column, CHECK or trigger of the file's own computes values"
        + " its rows do not hold";
  }
}
