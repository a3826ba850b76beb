package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.path.WorkspacePath;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a pull that replaces the database leaves behind for the person who ran it: a copy of the
 * database as it was, and the count of its rows the pulled text form does not hold as they were. A
 * pull takes the file's rows whenever the database did not change since mlos last wrote the file:
 * after a {@code git pull} that adds rows, but also after a {@code git checkout}, {@code stash} or
 * {@code revert} of the file, which drops rows the database has. Either may be what the person
 * meant; neither may happen silently or without a way back.
 */
final class ReplacedDatabase {
  /** Text forms larger than this are not read whole to count rows (the copy is still kept). */
  static final long MAX_COUNTED_BYTES = 64L * 1024 * 1024;

  private ReplacedDatabase() {}

  /**
   * Keeps the database as it is now at {@code <state directory>/replaced/<name>.before-pull},
   * replacing the copy an earlier pull kept: a copy made by SQLite's backup API through a
   * connection of its own (consistent, with what its write-ahead log holds). Call while the pull's
   * write transaction holds the database and has written nothing yet: the copy then holds exactly
   * the rows the pull dumped, and no other process's write can fall between them.
   *
   * @return the copy, relative to the workspace root when inside it
   * @throws MlosException when no copy can be made (then nothing was replaced)
   */
  static Path keep(WorkspaceConfig config, Path database) {
    // Through the one path check, so a symlink in the state directory cannot send the copy
    // elsewhere.
    Path copy =
        WorkspacePath.of(database.getFileName() + ".before-pull")
            .resolveIn(
                WorkspacePath.checkedIn(
                    config.root(), config.stateDirectory().resolve("replaced")));
    try {
      Files.createDirectories(copy.getParent());
      Files.deleteIfExists(copy);
      try (java.sql.Connection c = dev.mlos.core.db.Database.at(database).openReadOnly()) {
        int rc =
            c.unwrap(org.sqlite.SQLiteConnection.class)
                .getDatabase()
                .backup("main", copy.toString(), null, 100, 50, -1);
        if (rc != 0 && rc != 101) { // SQLITE_OK, SQLITE_DONE
          throw new IOException("SQLite's backup returned " + rc);
        }
      }
    } catch (IOException | java.sql.SQLException e) {
      throw new MlosException(
          "Cannot keep a copy of " + database + " before the pull replaces it: " + e.getMessage(),
          "make " + config.stateDirectory() + " writable (nothing was replaced)",
          e);
    }
    Path root = config.root().toAbsolutePath().normalize();
    return copy.startsWith(root) ? root.relativize(copy) : copy;
  }

  /**
   * After a pull wrote the merged rows into the database open on {@code c}: the compile records
   * ({@code mlos_outputs}) of pages the database had before ({@code before}, the kept copy) that
   * the merged rows do not list are put back. Those are pages of rows the pull dropped (or of a
   * compile after the text form the pull took): with their records, the next compile deletes the
   * ones no view produces any more, as it deletes any vanished page, instead of leaving them on
   * disk for the guard to call UNKNOWN.
   *
   * <p>Runs inside the pull's transaction; the copy stays attached to {@code c} until it closes
   * (SQLite does not detach a file a transaction read).
   *
   * @return how many records were put back (0 when there is no compile record to carry)
   */
  static int carryPageRecords(java.sql.Connection c, Path before) throws java.sql.SQLException {
    try (java.sql.Statement s = c.createStatement();
        java.sql.ResultSet has =
            s.executeQuery(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'mlos_outputs'")) {
      if (!has.next()) {
        return 0;
      }
    }
    try (java.sql.PreparedStatement attach =
        c.prepareStatement("ATTACH DATABASE ? AS mlos_before_pull")) {
      attach.setString(1, before.toString());
      attach.execute();
    }
    try (java.sql.Statement s = c.createStatement()) {
      try (java.sql.ResultSet has =
          s.executeQuery(
              "SELECT 1 FROM mlos_before_pull.sqlite_schema WHERE type = 'table'"
                  + " AND name = 'mlos_outputs'")) {
        if (!has.next()) {
          return 0;
        }
      }
      return s.executeUpdate(
          "INSERT INTO main.mlos_outputs SELECT * FROM mlos_before_pull.mlos_outputs b"
              + " WHERE NOT EXISTS (SELECT 1 FROM main.mlos_outputs m"
              + " WHERE m.workspace = b.workspace AND m.path = b.path)");
    }
  }

  /**
   * The rows of {@code ours} (the database's dump) that {@code theirs} (the pulled text form) does
   * not hold as they are, by table, e.g. {@code needs 1, history 3}; empty when there are none;
   * null when {@code theirs} is too large to be read whole for this ({@link #MAX_COUNTED_BYTES}). A
   * row counts when its line is not in {@code theirs}: dropped by the pull, or changed by it.
   */
  static String notInPulled(Path ours, Path theirs) throws IOException {
    if (Files.size(theirs) > MAX_COUNTED_BYTES) {
      return null;
    }
    Set<String> pulled = new HashSet<>();
    try (BufferedReader r = Files.newBufferedReader(theirs, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("INSERT INTO ")) {
          pulled.add(migrationKey(line));
        }
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    try (BufferedReader r = Files.newBufferedReader(ours, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("INSERT INTO ") && !pulled.contains(migrationKey(line))) {
          String table = table(line);
          // The AUTOINCREMENT counters move with every added row, and mlos's own records (the
          // compile's, the change log) are written again by the next compile: not rows of anyone's.
          if (!table.equals("sqlite_sequence") && !table.startsWith("mlos_")) {
            counts.merge(table, 1, Integer::sum);
          }
        }
      }
    }
    StringBuilder out = new StringBuilder();
    counts.forEach(
        (t, n) -> out.append(out.length() == 0 ? "" : ", ").append(t).append(' ').append(n));
    return out.toString();
  }

  /**
   * What a pull says about the database's rows {@code result} does not hold as they were, e.g.
   * {@code "rows of the database not in the pulled file as they were (dropped, changed or given new
   * ids), by table: needs 1"}; empty when there are none; a note when the file is too large to
   * count.
   *
   * @param what the result in words ({@code the pulled file}, {@code the merged rows})
   */
  static String notKept(Path ours, Path result, String what) throws IOException {
    String rows = notInPulled(ours, result);
    if (rows == null) {
      return "the database's rows not in " + what + " are not counted (the file is over 64 MB)";
    }
    return rows.isEmpty()
        ? ""
        : "rows of the database not in "
            + what
            + " as they were (dropped, changed or given new ids; a checkout or revert of the text"
            + " form drops rows), by table: "
            + rows
            + (rows.startsWith("schema_migrations ") || rows.contains(", schema_migrations ")
                ? " (schema_migrations: migrations the database had applied are not in the file, an"
                    + " older mlos's: the database is at that schema now, and `init` upgrades it"
                    + " again before the next compile)"
                : "");
  }

  private static final String MIGRATION_ROW = "INSERT INTO \"schema_migrations\" VALUES(";

  /**
   * A row of {@code schema_migrations} without its {@code applied_at}, the last value; any other
   * line as it is. Two clones that each ran {@code init} of the same mlos applied the same
   * migrations at different times: the pull keeps one time, and that is not a row of the database
   * dropped or changed.
   */
  private static String migrationKey(String line) {
    if (!line.startsWith(MIGRATION_ROW)) {
      return line;
    }
    int time = line.lastIndexOf(",'");
    return time < 0 ? line : line.substring(0, time);
  }

  /** The table of an {@code INSERT INTO <table> ...} line, unquoted. */
  private static String table(String line) {
    int start = "INSERT INTO ".length();
    if (line.startsWith("\"", start)) {
      int end = line.indexOf('"', start + 1);
      return end < 0 ? line.substring(start + 1) : line.substring(start + 1, end);
    }
    int end = start;
    while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '(') {
      end++;
    }
    return line.substring(start, end);
  }
}
