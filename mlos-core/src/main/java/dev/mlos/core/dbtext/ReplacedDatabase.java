package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a pull that replaces the database leaves behind for the person who ran it: a copy of the
 * database as it was (what the pull did to its rows is {@link PulledRows}). A pull takes the file's
 * rows whenever the database did not change since mlos last wrote the file: after a {@code git
 * pull} that adds rows, but also after a {@code git checkout}, {@code stash} or {@code revert} of
 * the file, which drops rows the database has. Either may be what the person meant; neither may
 * happen silently or without a way back.
 */
final class ReplacedDatabase {
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
   * Where the pull's judgment of hand-edited rows copies the database to replay them ({@link
   * ChangedRowsReplay}): {@code <state directory>/replaced/<name>.judging}, beside the kept copy;
   * one pull at a time holds the workspace, so a copy left by a pull that was killed is the next
   * one's to delete.
   */
  static Path scratch(WorkspaceConfig config, Path database) throws IOException {
    Path copy =
        WorkspacePath.of(database.getFileName() + ".judging")
            .resolveIn(
                WorkspacePath.checkedIn(
                    config.root(), config.stateDirectory().resolve("replaced")));
    Files.createDirectories(copy.getParent());
    return copy;
  }

  /**
   * Deletes a {@link #scratch} copy (and its journal files) a killed pull left, whichever way this
   * pull goes: a merge, nothing to take or schemas that differ never reach the replay that deletes
   * its own. Nothing when there is none, or when the state directory leads out of the workspace.
   */
  static void deleteScratch(WorkspaceConfig config, Path database) {
    try {
      Path copy =
          WorkspacePath.of(database.getFileName() + ".judging")
              .resolveIn(
                  WorkspacePath.checkedIn(
                      config.root(), config.stateDirectory().resolve("replaced")));
      if (Files.isDirectory(copy.getParent(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        ChangedRowsReplay.deleteScratch(copy);
      }
    } catch (IOException | RuntimeException e) {
      // best effort: the copy is in the state directory, and the next replay deletes it first
    }
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
}
