package dev.mlos.core.dbtext;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the whole content of one database file (a pull's merged rows) into the database open on a
 * connection, inside that connection's own write transaction: the schema's objects are dropped and
 * made again from the file's, and every row is copied, so the database ends as the file is, row for
 * row, with its own file-level settings (page size, journal mode) kept.
 *
 * <p>Why not SQLite's backup API, which copies pages and is faster: the backup must start without a
 * transaction on the database it writes into, so between the pull's last check that nobody wrote
 * and the backup's lock, a write another process was waiting to make could commit and then be
 * overwritten, reported done and lost (reproduced: 1 or 2 of 40 {@code mlos need create} across six
 * pulls). Inside the pull's transaction no other write can land from its dump to its commit: a
 * waiting writer either commits before (and is in the dump, so in the merge) or after (and writes
 * into the merged rows).
 *
 * <p>Rows go in before the indexes, triggers and views are made (the order of {@code sqlite3 .dump}
 * and of the text form), so no trigger fires while they are copied and the database's rules are
 * those of the file. Foreign keys must be off on the connection (set before the transaction).
 */
final class ContentReplacement {
  /** The name the file is attached under while its rows are copied. */
  private static final String FROM = "mlos_pull_from";

  private ContentReplacement() {}

  /**
   * Replaces the schema and rows of the database open on {@code c} with those of {@code from}. Call
   * inside {@code c}'s write transaction, with {@code PRAGMA foreign_keys = OFF}; a failure leaves
   * the transaction to be rolled back.
   */
  static void replace(Connection c, Path from) throws SQLException {
    List<TableShape> tables;
    List<String> others = new ArrayList<>();
    boolean sequences;
    long userVersion;
    try (Connection f = dev.mlos.core.db.Database.at(from).openReadOnly();
        Statement s = f.createStatement()) {
      tables = TableShape.all(f, from);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT sql FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view')"
                  + " AND sql IS NOT NULL ORDER BY rowid")) {
        while (rs.next()) {
          others.add(rs.getString(1));
        }
      }
      try (ResultSet rs =
          s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'")) {
        sequences = rs.next() && rs.getInt(1) > 0;
      }
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        userVersion = rs.next() ? rs.getLong(1) : 0;
      }
    }
    try (Statement s = c.createStatement()) {
      dropEverything(s);
      try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS " + FROM)) {
        attach.setString(1, from.toString());
        attach.execute();
      }
      for (TableShape t : tables) {
        s.execute(t.ddl());
        s.executeUpdate(copyRows(t));
      }
      for (String sql : others) {
        s.execute(sql);
      }
      if (sequences) {
        // AUTOINCREMENT counters: main's table exists once a table with AUTOINCREMENT does.
        s.executeUpdate("DELETE FROM main.sqlite_sequence");
        s.executeUpdate(
            "INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM "
                + FROM
                + ".sqlite_sequence ORDER BY rowid");
      }
      s.execute("PRAGMA main.user_version = " + userVersion);
    }
  }

  /**
   * Drops the views and tables of the database (a table's indexes and triggers go with it; a
   * virtual table's shadow tables with the virtual table, so those go first). Bounded: each round
   * drops one object, and there are as many rounds as objects.
   */
  private static void dropEverything(Statement s) throws SQLException {
    List<String> views = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery("SELECT name FROM main.sqlite_schema WHERE type = 'view' ORDER BY rowid")) {
      while (rs.next()) {
        views.add(rs.getString(1));
      }
    }
    for (String v : views) {
      s.execute("DROP VIEW main." + TableShape.ident(v));
    }
    int tables;
    try (ResultSet rs =
        s.executeQuery("SELECT count(*) FROM main.sqlite_schema WHERE type = 'table'")) {
      tables = rs.next() ? rs.getInt(1) : 0;
    }
    for (int round = 0; round <= tables; round++) {
      String next = null;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name FROM main.sqlite_schema WHERE type = 'table'"
                  + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                  + " ORDER BY (upper(sql) LIKE 'CREATE VIRTUAL%') DESC, rowid LIMIT 1")) {
        if (rs.next()) {
          next = rs.getString(1);
        }
      }
      if (next == null) {
        return;
      }
      s.execute("DROP TABLE main." + TableShape.ident(next));
    }
    throw new SQLException("tables were left after dropping all " + tables + " of them");
  }

  /** The statement copying the rows of {@code t} from the attached file, in rowid (key) order. */
  private static String copyRows(TableShape t) {
    List<String> columns = new ArrayList<>();
    if (t.virtual()) {
      columns.add("rowid");
    }
    for (String col : t.columns()) {
      columns.add(TableShape.ident(col));
    }
    String list = String.join(", ", columns);
    return "INSERT INTO main."
        + TableShape.ident(t.name())
        + " ("
        + list
        + ") SELECT "
        + list
        + " FROM "
        + FROM
        + "."
        + TableShape.ident(t.name())
        + (t.withoutRowid() ? "" : " ORDER BY rowid");
  }
}
