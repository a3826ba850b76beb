package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.SqlScript;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The database's text form, for git: a canonical SQL script, one data row per line, so a diff shows
 * the changed rows and the binary database need not be committed. It is written next to the
 * database as {@code <database>.sql} ({@code mlos.db.sql}) and read back by {@code mlos:init} on a
 * clone that has the text but no database.
 *
 * <p>Canonical: tables in the order they were created (as {@code sqlite3 .dump}), each as its {@code CREATE TABLE} then its rows in key
 * order; then indexes, triggers and views in the order they were created (after the rows, so a trigger never
 * fires while rows are restored, as {@code sqlite3 .dump} does); then {@code PRAGMA user_version}.
 * Values are SQLite's own {@code quote()} literals; a text with line breaks is written as literals
 * joined by {@code char(10)} / {@code char(13)}, so every row stays on one line. The same database
 * always gives the same bytes; the file is rewritten only when they change.
 *
 * <p>Rows are ordered by rowid, or by primary key in a {@code WITHOUT ROWID} table. A virtual table
 * (such as an FTS5 full-text index) is written as its {@code CREATE VIRTUAL TABLE} and its rows with
 * their rowids ({@code INSERT INTO "t"(rowid, ...) VALUES(...)}); its shadow tables (the index's
 * own storage) are left out, because inserting the rows rebuilds them. Only a virtual table whose
 * rows cannot be read back (a contentless FTS table) is refused.
 *
 * <p>Restoring runs only the statements this form is made of ({@code CREATE TABLE / VIRTUAL TABLE /
 * INDEX / TRIGGER / VIEW}, row inserts, the {@code sqlite_sequence} lines, {@code PRAGMA
 * user_version}): a committed file is input from anyone with push access, and an {@code ATTACH} or
 * any other statement in it is refused with its line.
 */
public final class DatabaseText {
  /** The first line of every text form. */
  public static final String HEADER =
      "-- mlos database text form: written by mlos:compile, read by mlos:init when the database is missing. Do not edit.";

  private DatabaseText() {}

  /** The database has a table the text form cannot hold yet (a virtual table, such as FTS). */
  public static final class UnsupportedTableException extends DatabaseException {
    UnsupportedTableException(Path dbFile, String table) {
      super(dbFile, "table " + MlosException.quoted(table) + " is a virtual table whose rows cannot be read back"
          + " (a contentless full-text index), which the text form cannot hold",
          "commit the database itself instead of its text form, and delete " + fileOf(dbFile).getFileName());
    }
  }

  /**
   * Tables whose rows the schema's triggers compute from other rows (ready work's items and counts,
   * schema V4): the text form holds their definition but not their rows, so a diff or a merge never
   * shows them and a merge that renumbers ids cannot leave them stale; {@link #restore} recomputes
   * them with {@link #REBUILD_KEPT_BY_TRIGGERS}.
   */
  static final java.util.Set<String> KEPT_BY_TRIGGERS = java.util.Set.of("ready_items", "ready_counts");

  /**
   * Tables whose rows describe this one database file's history, not the workspace's state: the
   * change log an incremental compile reads (schema V5). The text form holds neither their rows nor
   * their AUTOINCREMENT counter (each write would change a line and every merge would conflict);
   * the text form writes the last compile's place in the log as NULL ({@link TableShape#LOCAL_COLUMNS}),
   * so a database rebuilt from it compiles from its queries first.
   */
  static final java.util.Set<String> LOCAL_ROWS = java.util.Set.of("mlos_changes");

  /** Recomputes the ready-work tables of every need (docs/schema.md, V4). */
  static final String REBUILD_KEPT_BY_TRIGGERS =
      "INSERT INTO ready_dirty (need_id) SELECT id FROM needs UNION SELECT need_id FROM ready_items";

  /** Where the text form of {@code database} lives: {@code <database>.sql}. */
  public static Path fileOf(Path database) {
    return database.resolveSibling(database.getFileName() + ".sql");
  }

  /**
   * The canonical text of the database open on {@code c}.
   *
   * @throws DatabaseException when the database cannot be read, or holds a table this form cannot
   *     hold yet
   */
  public static String dump(Connection c, Path dbFile) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    try (Statement s = c.createStatement()) {
      for (TableShape t : TableShape.all(c, dbFile)) {
        out.append(t.ddl()).append(";\n");
        if (KEPT_BY_TRIGGERS.contains(t.name()) || LOCAL_ROWS.contains(t.name())) {
          continue;
        }
        try (ResultSet rs = s.executeQuery(t.rowSelect())) {
          while (rs.next()) {
            out.append(t.line(rs)).append('\n');
          }
        }
      }
      // AUTOINCREMENT counters: without them a restored database could hand out a deleted row's id again.
      boolean sequences;
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'")) {
        sequences = rs.next() && rs.getInt(1) > 0;
      }
      if (sequences) {
        // Restoring the rows above already moved the counters; these lines set them as they were.
        out.append("DELETE FROM sqlite_sequence;\n");
        try (ResultSet rs = s.executeQuery("SELECT quote(name), quote(seq), name FROM sqlite_sequence ORDER BY rowid")) {
          while (rs.next()) {
            if (LOCAL_ROWS.contains(rs.getString(3))) {
              continue;
            }
            out.append("INSERT INTO sqlite_sequence VALUES(").append(rs.getString(1)).append(',').append(rs.getString(2)).append(");\n");
          }
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view')"
          + " AND sql IS NOT NULL ORDER BY rowid")) {
        while (rs.next()) {
          out.append(rs.getString(1)).append(";\n");
        }
      }
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        out.append("PRAGMA user_version = ").append(rs.next() ? rs.getLong(1) : 0).append(";\n");
      }
    } catch (SQLException e) {
      throw new DatabaseException(dbFile, "cannot write its text form: " + e.getMessage(), null, e);
    }
    return out.toString();
  }

  /**
   * Writes the text form of the database open on {@code c} to {@link #fileOf}, only when its bytes
   * change.
   *
   * @return true when the file was written
   */
  public static boolean write(Connection c, Path dbFile) {
    return AtomicWriter.writeIfChanged(fileOf(dbFile), dump(c, dbFile).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * True when {@code textFile} holds nothing but the header (as the scaffold writes it): there is
   * no database to rebuild, {@code mlos:init} creates a new one.
   */
  public static boolean isBlank(Path textFile) {
    try {
      if (Files.size(textFile) > HEADER.length() + 16) {
        return false;
      }
      String text = Files.readString(textFile, StandardCharsets.UTF_8).strip();
      return text.isEmpty() || text.equals(HEADER);
    } catch (IOException e) {
      throw new MlosException("Cannot read the database's text form " + textFile + ": " + e.getMessage(), "check its permissions", e);
    }
  }

  /**
   * After a compile: rewrites the text form of {@code database} when the workspace keeps one (the
   * file {@link #fileOf} exists; {@code mlos:init -Dmlos.scaffold} creates it) and its bytes
   * change. The database is only read.
   *
   * @return true when the file was written
   */
  public static boolean syncIfPresent(Path database, dev.mlos.core.Reporter reporter) {
    Path text = fileOf(database);
    if (!Files.isRegularFile(text) || !Files.isRegularFile(database)) {
      return false;
    }
    try (Connection c = Database.at(database).openReadOnly()) {
      return write(c, database);
    } catch (UnsupportedTableException e) {
      // The pages are written and recorded: a text form it cannot hold is a warning, not a failed compile.
      reporter.warn(text.getFileName() + " was not updated: " + e.describe());
      return false;
    } catch (SQLException e) {
      throw new DatabaseException(database, "cannot write its text form: " + e.getMessage(), null, e);
    }
  }

  /**
   * Builds {@code database} from its text form. The database is assembled in a temporary file next
   * to it and moved into place only when every statement ran, so a failure leaves no database.
   *
   * @throws MlosException naming the text file and the line of the statement that failed
   */
  public static void restore(Path textFile, Path database) {
    String text;
    try {
      text = Files.readString(textFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MlosException("Cannot read the database's text form " + textFile + ": " + e.getMessage(), "check its permissions", e);
    }
    if (!text.startsWith(HEADER + "\n")) {
      throw new MlosException(textFile + " is not an mlos database text form (its first line is not the mlos header)",
          "restore it from git (`git checkout -- " + textFile.getFileName() + "`), or delete it to start with an empty database");
    }
    Path temp = database.resolveSibling(database.getFileName() + AtomicWriter.TEMP_MARKER + "restore");
    try {
      Files.deleteIfExists(temp);
      try (Connection c = Database.at(temp).open(true); Statement s = c.createStatement()) {
        s.execute("PRAGMA foreign_keys = OFF");
        c.setAutoCommit(false);
        for (SqlScript.Statement st : SqlScript.parse(textFile.toString(), text).statements()) {
          if (StatementKind.of(st.sql()) == StatementKind.OTHER) {
            throw new MlosException(textFile + ":" + st.line() + ": is not a statement of a database text form: "
                + MlosException.quoted(st.sql()),
                "restore the file from git; a text form holds only CREATE statements, row inserts, the sqlite_sequence"
                    + " lines and PRAGMA user_version");
          }
          try {
            s.execute(st.sql());
          } catch (SQLException e) {
            throw new MlosException(textFile + ":" + st.line() + ": cannot be restored: " + e.getMessage(),
                "restore the file from git; if it was merged by hand, fix that line", e);
          }
        }
        boolean readyTables;
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'ready_dirty'")) {
          readyTables = rs.next() && rs.getInt(1) > 0;
        }
        if (readyTables) {
          // The rows were restored before the triggers existed; this one statement lets them compute ready work.
          s.execute(REBUILD_KEPT_BY_TRIGGERS);
        }
        c.commit();
      }
      Files.move(temp, database, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (SQLException | IOException e) {
      throw new MlosException("Cannot build " + database + " from " + textFile + ": " + e.getMessage(),
          "check that the directory is writable", e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: a left temp file is named with the temp marker, and is overwritten next time
      }
    }
  }
}
