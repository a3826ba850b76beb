package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.schema.ChangedMigrationException;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.schema.SchemaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 item 15: failures whose message had a wrong fix ("check permissions" for a name too
 * long, "restore the migration file" for a database record someone edited) or none at all (a
 * damaged or locked database, a failed migration).
 */
class MessagesWithAFixTest {
  @TempDir Path dir;

  @Test
  void aSymlinkedOutputFileIsNamedWithItsTargetAndTheFixIsToRemoveTheLink() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Path outside = dir.resolve("outside.md");
    Files.writeString(outside, "not mlos's\n");
    Files.createSymbolicLink(w.root.resolve("PROBLEM.md"), outside);

    InvalidPathException e = assertThrows(InvalidPathException.class, w::compile);
    assertTrue(
        e.getMessage().contains("through the symlink 'PROBLEM.md' -> '" + outside + "'"),
        e.getMessage());
    assertTrue(
        e.fix()
            .startsWith(
                "mlos does not write, read or delete through a link that leaves the workspace."
                    + " Remove the link 'PROBLEM.md' (the file it points to is not touched), or replace it with a plain file"),
        e.fix());
    assertEquals("not mlos's\n", Files.readString(outside));
  }

  /**
   * A directory of mlos's own replaced by a link leading outside ({@code target/mlos/replaced ->
   * /elsewhere}): the fix said to replace it "with a plain file", where the compile wants a
   * directory there.
   */
  @Test
  void aLinkedDirectoryIsToBeReplacedWithADirectoryNotAFile() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("ws"));
    w.seed();
    w.compile();
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.createSymbolicLink(w.root.resolve("target/mlos/replaced"), elsewhere);
    Files.writeString(
        w.root.resolve("PROBLEM.md"), "edited\n", java.nio.file.StandardOpenOption.APPEND);
    w.sql("UPDATE needs SET title = title || '!' WHERE id = 1");

    InvalidPathException e = assertThrows(InvalidPathException.class, w::compile);

    assertTrue(
        e.fix()
            .contains(
                " Remove the link 'target/mlos/replaced' (what it points to is not touched), or"
                    + " replace it with a plain directory inside the workspace"),
        e.fix());
  }

  @Test
  void aFileNameOverTwoHundredFiftyFiveBytesIsRefusedAsTooLongNotAsAPermissionProblem() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "x\n");
    // 130 two-byte characters: 265 bytes in one name, though the path has fewer than 240
    // characters.
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  p:\n    template: t.ftl\n    output: 'p/{id}-"
            + "\u00e9".repeat(130)
            + ".md'\n"
            + "    each: n\n    queries:\n      n: SELECT id FROM needs ORDER BY id\n");
    MlosException e = assertThrows(MlosException.class, w::compile);
    assertTrue(e.getMessage().contains("is too long: the name '1-\u00e9\u00e9"), e.getMessage());
    assertTrue(
        e.getMessage().contains("is 265 bytes long in UTF-8; file systems allow at most 255"),
        e.getMessage());
    assertTrue(e.fix().startsWith("Shorten it"), e.fix());
    assertFalse(e.fix().toLowerCase(Locale.ROOT).contains("permission"), e.fix());
    assertFalse(w.exists("p"), "nothing written");
  }

  @Test
  void aTruncatedDatabaseGetsAFixThatNamesTheBackupAndTheRecovery() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Files.writeString(dir.resolve("mlos.db.backup-20260101T000000Z"), "an older copy");
    byte[] bytes = Files.readAllBytes(w.db);
    Files.write(w.db, Arrays.copyOf(bytes, bytes.length / 2));

    DatabaseException e = assertThrows(DatabaseException.class, w::compile);
    assertTrue(
        e.getMessage().contains("the file is damaged (cut short or overwritten)"), e.getMessage());
    assertNotNull(e.fix());
    assertTrue(
        e.fix()
            .startsWith(
                "restore the newest backup ("
                    + dir.resolve("mlos.db.backup-20260101T000000Z")
                    + ")"),
        e.fix());
    assertTrue(e.fix().contains("sqlite3 mlos.db .recover"), e.fix());
  }

  @Test
  void aLockedDatabaseSaysWhatHoldsItAndWhatToDo() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        Statement s = lock.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
      DatabaseException e = assertThrows(DatabaseException.class, w::compile);
      assertTrue(
          e.getMessage().contains("another process held a lock on it for more than 10 s"),
          e.getMessage());
      assertTrue(e.fix().contains("COMMIT or ROLLBACK"), e.fix());
      s.execute("ROLLBACK");
    }
  }

  @Test
  void aChecksumEditedInTheDatabaseIsBlamedOnTheDatabaseNotOnTheShippedMigration()
      throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.sql(
        "UPDATE schema_migrations SET checksum = 'abc' WHERE schema_set = 'mlos' AND version = 1");
    String shipped = Migrator.forSet("mlos").migrations().get(0).checksum();

    ChangedMigrationException e =
        assertThrows(
            ChangedMigrationException.class,
            () -> new Initializer().init(new InitRequest(w.db, List.of("mlos"), List.of(), null)));
    assertTrue(
        e.getMessage()
            .contains(
                "the recorded value is not a SHA-256 at all, so the database's record in"
                    + " schema_migrations was changed"),
        e.getMessage());
    assertTrue(
        e.fix()
            .contains(
                "UPDATE schema_migrations SET checksum = '"
                    + shipped
                    + "' WHERE schema_set = 'mlos' AND version = 1"),
        e.fix());
    assertFalse(e.fix().startsWith("restore the original text"), e.fix());
  }

  @Test
  void aMigrationThatFailsOnATableMadeByHandHasAFix() throws Exception {
    Path db = dir.resolve("memory.db");
    try (Connection c = Database.at(db).open(true);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE sessions (id TEXT)");
    }
    SchemaException e =
        assertThrows(
            SchemaException.class,
            () ->
                new Initializer()
                    .init(new InitRequest(db, List.of("runtime-memory"), List.of(), null)));
    assertTrue(e.getMessage().contains("table sessions already exists"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing of V1 was applied"), e.getMessage());
    assertTrue(
        e.fix().startsWith("the database already has something this migration creates"), e.fix());
  }
}
