package dev.mlos.core.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.schema.SchemaException;
import dev.mlos.core.schema.SchemaTooNewException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitializerTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-08T10:11:12Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  final Initializer initializer = new Initializer(CLOCK);

  InitResult init(Path db, List<Path> seeds) {
    return initializer.init(new InitRequest(db, List.of("mlos"), seeds, null));
  }

  static String one(Path db, String sql) throws SQLException {
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  List<String> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void seedsGivenForAnUpToDateDatabaseAreSaidToBeSkipped() throws Exception {
    // mlos init --seed bulk.sql on an existing, up-to-date database said only 'is up to date'
    // and exited 0: the user took the rows for loaded.
    Path db = dir.resolve("mlos.db");
    init(db, List.of());
    Path seed =
        Files.writeString(dir.resolve("bulk.sql"), "INSERT INTO needs (title) VALUES ('x');\n");

    InitResult r = init(db, List.of(seed));

    assertFalse(r.created());
    assertEquals(List.of(), r.appliedMigrations());
    assertEquals(
        List.of("seed scripts skipped: they run only when init creates the database"), r.actions());
    assertEquals("0", one(db, "SELECT count(*) FROM needs"));
    assertEquals(List.of(), init(db, List.of()).actions());
  }

  @Test
  void createsANewDatabaseWithBothSchemaSetsAndRunsSeeds() throws Exception {
    Path seed =
        Files.writeString(
            dir.resolve("seed.sql"),
            "INSERT INTO needs (title, status) VALUES ('First need', 'actionable');\n"
                + "INSERT INTO tasks (need_id, description) VALUES (1, 'First task');\n");
    Path db = dir.resolve("mlos.db");

    InitResult r = init(db, List.of(seed));

    assertTrue(r.created());
    assertEquals(
        List.of(
            "mlos V1 core tables",
            "mlos V2 engine",
            "mlos V3 ready indexes",
            "mlos V4 ready items",
            "mlos V5 change log",
            "mlos V6 ready items per task",
            "mlos V7 rule fixes",
            "mlos V8 change log pruning",
            "mlos V9 agent lifecycle",
            "mlos V10 task holder",
            "mlos V11 one line texts",
            "mlos V12 open needs listing",
            "mlos V13 text limits",
            "mlos V14 finished runs",
            "mlos V15 kernel version one line",
            "mlos V16 resumed needs follow tasks",
            "mlos V17 artifacts not in git",
            "mlos V18 portable artifact paths",
            "mlos V19 shown texts",
            "mlos V20 blank and ignorable texts",
            "mlos V21 request ids",
            "mlos-compiler V1 output records",
            "mlos-compiler V2 page input hash",
            "mlos-compiler V3 compile reads",
            "mlos-compiler V4 change horizon"),
        r.appliedMigrations());
    assertEquals(null, r.backup());
    assertEquals(List.of("ran seed script " + seed + " (2 statements)"), r.actions());
    assertEquals("First task", one(db, "SELECT description FROM tasks"));
    assertEquals("1", one(db, "SELECT count(*) FROM relationships"));

    // The sqlite3 shell, a separate client, sees the same rules.
    SqliteShell.Result shell =
        SqliteShell.run(db, "INSERT INTO needs (title, priority) VALUES ('x', 7);");
    assertFalse(shell.ok());
    assertTrue(shell.err().contains("needs_priority"), shell.err());
  }

  @Test
  void isSafeToRunAgainAndSeedsOnlyOnCreation() throws Exception {
    Path seed =
        Files.writeString(
            dir.resolve("seed.sql"), "INSERT INTO needs (title) VALUES ('only once');");
    Path db = dir.resolve("mlos.db");
    init(db, List.of(seed));
    byte[] first = Files.readAllBytes(db);

    InitResult again = init(db, List.of(seed));

    assertFalse(again.created());
    assertEquals(List.of(), again.appliedMigrations());
    assertEquals(null, again.backup());
    assertEquals(
        List.of("seed scripts skipped: they run only when init creates the database"),
        again.actions());
    assertArrayEquals(first, Files.readAllBytes(db));
    assertEquals("1", one(db, "SELECT count(*) FROM needs"));
  }

  @Test
  void anEmptySchemaListAppliesOnlyTheCompileRecord() throws Exception {
    Path db = dir.resolve("own-schema.db");
    InitResult r = initializer.init(new InitRequest(db, List.of(), List.of(), null));
    assertEquals(
        List.of(
            "mlos-compiler V1 output records",
            "mlos-compiler V2 page input hash",
            "mlos-compiler V3 compile reads",
            "mlos-compiler V4 change horizon"),
        r.appliedMigrations());
  }

  @Test
  void aTasksTableIsLeftAloneUnlessTheMlosTablesAreAskedFor() throws Exception {
    Path db = dir.resolve("theirs.db");
    try (var c = dev.mlos.core.db.Database.at(db).open(true);
        var s = c.createStatement()) {
      s.execute(
          "CREATE TABLE tasks (id INTEGER PRIMARY KEY, description TEXT, status TEXT, priority INTEGER, sprint_context TEXT,"
              + " source_line INTEGER, source_transcript TEXT, created_at TEXT, updated_at TEXT, assigned_date TEXT)");
      s.execute("INSERT INTO tasks (description, status) VALUES ('theirs', 'todo')");
    }
    InitResult r = initializer.init(new InitRequest(db, List.of(), List.of(), null));
    assertEquals(
        List.of(
            "mlos-compiler V1 output records",
            "mlos-compiler V2 page input hash",
            "mlos-compiler V3 compile reads",
            "mlos-compiler V4 change horizon"),
        r.appliedMigrations());
    assertEquals("theirs", one(db, "SELECT description FROM tasks"));
    assertEquals("0", one(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'needs'"));
  }

  @Test
  void upgradesAnOlderDatabaseAfterABackup() throws Exception {
    Path db = dir.resolve("old.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      c.createStatement().execute("INSERT INTO needs (title) VALUES ('kept')");
    }
    Path backups = dir.resolve("backups");

    InitResult r = initializer.init(new InitRequest(db, List.of("mlos"), List.of(), backups));
    InitResult second = initializer.init(new InitRequest(db, List.of("mlos"), List.of(), backups));

    assertFalse(r.created());
    assertEquals(
        List.of(
            "mlos-compiler V1 output records",
            "mlos-compiler V2 page input hash",
            "mlos-compiler V3 compile reads",
            "mlos-compiler V4 change horizon"),
        r.appliedMigrations());
    assertEquals(backups.resolve("old.db.backup-20260208T101112Z"), r.backup());
    assertEquals("kept", one(r.backup(), "SELECT title FROM needs"));
    assertEquals(
        null, one(r.backup(), "SELECT name FROM sqlite_schema WHERE name = 'mlos_outputs'"));
    assertEquals(
        "mlos_outputs", one(db, "SELECT name FROM sqlite_schema WHERE name = 'mlos_outputs'"));
    assertEquals(null, second.backup());
    assertEquals(List.of(), r.warnings(), "no other process had it open");
  }

  /**
   * A user's trial: an MCP server of an older mlos left running through an upgrade wrote on with
   * its old code, and init said nothing. Init names the other processes that have the database open
   * when it upgrades it (here a process that holds it as its standard input), and only then.
   */
  @Test
  void anUpgradeNamesTheOtherProcessesThatHaveTheDatabaseOpen() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/self/fd")), "a process table to read (Linux)");
    Path db = dir.resolve("old.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    Process holder =
        new ProcessBuilder("sleep", "120")
            .redirectInput(db.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      InitResult r = initializer.init(new InitRequest(db, List.of("mlos"), List.of(), null));
      InitResult upToDate = initializer.init(new InitRequest(db, List.of("mlos"), List.of(), null));

      assertEquals(4, r.appliedMigrations().size(), r.toString());
      assertEquals(1, r.warnings().size(), r.toString());
      String w = r.warnings().get(0);
      assertTrue(
          w.startsWith("1 other process has " + db + " open: pid " + holder.pid() + " (sleep 120)"),
          w);
      assertTrue(w.contains("restart it with the new mlos"), w);
      assertEquals(List.of(), upToDate.warnings(), "nothing was upgraded under it");
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  /**
   * A user trial: init on a clone whose mlos.db.sql a build with fewer migrations wrote said
   * "Created database" and "Backup written to ..." of the database it had just built from the text.
   * It says it rebuilt it, and writes no backup: the text is still there.
   */
  @Test
  void aFileOfZeroBytesIsTakenAsNoDatabaseNotUpgradedOrBackedUp() throws Exception {
    // `touch mlos.db; mlos init` said 'Upgraded database ...' and 'Backup written to ...' of a file
    // that held nothing, and skipped the seeds as for a database that existed.
    Path db = Files.createFile(dir.resolve("mlos.db"));
    Path seed =
        Files.writeString(dir.resolve("seed.sql"), "INSERT INTO needs (title) VALUES ('seeded');");

    InitResult r = init(db, List.of(seed));

    assertTrue(r.created(), r.toString());
    assertEquals("Created database " + db, r.headline(db));
    assertEquals(null, r.backup());
    assertEquals(List.of("mlos.db", "seed.sql"), files(), "no backup of an empty file");
    assertEquals(Initializer.EMPTY_FILE_TAKEN, r.actions().get(0));
    assertEquals(2, r.actions().size(), r.actions().toString());
    assertTrue(r.actions().get(1).startsWith("ran seed script " + seed), r.actions().toString());
    assertEquals("seeded", one(db, "SELECT title FROM needs"));
    assertEquals("Database " + db + " is up to date", init(db, List.of()).headline(db));
  }

  @Test
  void aFileOfZeroBytesBesideTheTextFormIsRebuiltFromTheText() throws Exception {
    // Taken as an empty database, it was migrated and its empty rows would have been written over
    // the text form by the next compile.
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      c.createStatement().execute("INSERT INTO needs (title) VALUES ('kept')");
      Files.writeString(
          dev.mlos.core.dbtext.DatabaseText.fileOf(db),
          dev.mlos.core.dbtext.DatabaseText.dump(c, db));
    }
    Files.write(db, new byte[0]);

    InitResult r = init(db, List.of());

    assertEquals(dev.mlos.core.dbtext.DatabaseText.fileOf(db), r.rebuiltFrom());
    assertEquals(Initializer.EMPTY_FILE_TAKEN, r.actions().get(0), r.actions().toString());
    assertEquals(null, r.backup());
    assertEquals("kept", one(db, "SELECT title FROM needs"));
  }

  @Test
  void aDatabaseRebuiltFromItsTextFormIsSaidSoAndNotBackedUp() throws Exception {
    Path db = dir.resolve("clone.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      c.createStatement().execute("INSERT INTO needs (title) VALUES ('kept')");
      Files.writeString(
          dev.mlos.core.dbtext.DatabaseText.fileOf(db),
          dev.mlos.core.dbtext.DatabaseText.dump(c, db));
    }
    Files.delete(db);

    InitResult r = initializer.init(new InitRequest(db, List.of("mlos"), List.of(), null));

    assertEquals(dev.mlos.core.dbtext.DatabaseText.fileOf(db), r.rebuiltFrom());
    assertEquals(
        "Rebuilt database " + db + " from its text form " + r.rebuiltFrom(), r.headline(db));
    assertEquals(4, r.appliedMigrations().size(), r.toString());
    assertEquals(null, r.backup(), "nothing to back up: the text is the database's copy");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of(), files.filter(f -> f.toString().contains("backup")).toList(), "no backup file");
    }
    assertEquals("kept", one(db, "SELECT title FROM needs"));
    assertEquals(
        "Database " + db + " is up to date",
        initializer.init(new InitRequest(db, List.of("mlos"), List.of(), null)).headline(db));
  }

  @Test
  void backupsInTheSameSecondDoNotOverwriteEachOther() throws Exception {
    Path db = dir.resolve("twice.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    Path first;
    try (Connection c = Database.at(db).open(false)) {
      first = Database.at(db).backup(c, null, CLOCK);
    }
    InitResult r = init(db, List.of());
    assertEquals(dir.resolve("twice.db.backup-20260208T101112Z"), first);
    assertEquals(dir.resolve("twice.db.backup-20260208T101112Z-2"), r.backup());
  }

  @Test
  void aFailingSeedNamesFileAndLineAndRemovesTheNewDatabase() throws Exception {
    Path seed =
        Files.writeString(
            dir.resolve("bad-seed.sql"),
            "INSERT INTO needs (title) VALUES ('fine');\n\n-- the next one breaks a rule\nINSERT INTO needs (title, priority)\n  VALUES ('bad', 9);\n");
    Path db = dir.resolve("seeded.db");

    SeedScriptException e = assertThrows(SeedScriptException.class, () -> init(db, List.of(seed)));

    assertEquals(4, e.line());
    assertEquals(seed, e.script());
    assertTrue(
        e.getMessage()
            .startsWith(
                "Seed script "
                    + seed
                    + " failed at line 4: CHECK constraint failed: needs_priority"),
        e.getMessage());
    assertEquals(List.of("bad-seed.sql"), files(), "no database and no journal left behind");

    Files.writeString(seed, "INSERT INTO needs (title, priority) VALUES ('good', 2);\n");
    assertTrue(init(db, List.of(seed)).created(), "a re-run starts clean");
    assertEquals("good", one(db, "SELECT title FROM needs"));
  }

  @Test
  void aSeedThatBreaksTheRulesSchemaIsRefusedAndTheNewDatabaseRemoved() throws Exception {
    // Kept, the database would be refused by every later command ("lacks schema objects ...",
    // fix: restore a backup init never wrote for a new database).
    Path seed =
        Files.writeString(
            dir.resolve("bulk.sql"),
            "DROP TRIGGER needs_status_move;\nINSERT INTO needs (title, status) VALUES ('x', 'resolved');\n");
    Path db = dir.resolve("seeded.db");

    SeedScriptException e = assertThrows(SeedScriptException.class, () -> init(db, List.of(seed)));

    assertEquals(seed, e.script());
    assertTrue(
        e.getMessage()
            .startsWith(
                "Seed script " + seed + " failed: it left the schema mlos's rules need broken:"),
        e.getMessage());
    assertTrue(e.getMessage().contains("trigger needs_status_move"), e.getMessage());
    assertEquals(List.of("bulk.sql"), files(), "no database and no journal left behind");

    Files.writeString(
        seed, "CREATE TABLE mine (v TEXT);\nINSERT INTO needs (title) VALUES ('x');\n");
    assertTrue(init(db, List.of(seed)).created(), "a table of one's own is fine");
  }

  @Test
  void aRollbackThatFailsTooIsKeptWithTheSeedFailure() throws Exception {
    // The COMMIT ends the seed's transaction early, so the rollback after line 3 fails as well.
    Path seed =
        Files.writeString(
            dir.resolve("commits.sql"),
            "INSERT INTO needs (title) VALUES ('fine');\nCOMMIT;\nINSERT INTO needs (title, priority) VALUES ('bad', 9);\n");
    Path db = dir.resolve("commits.db");

    SeedScriptException e = assertThrows(SeedScriptException.class, () -> init(db, List.of(seed)));

    assertEquals(3, e.line(), "the seed's failure is the one reported: " + e.getMessage());
    assertEquals(1, e.getSuppressed().length, "the rollback's failure is kept, not dropped");
    assertTrue(
        e.getSuppressed()[0].getMessage().contains("no transaction is active"),
        e.getSuppressed()[0].getMessage());
    assertEquals(List.of("commits.sql"), files(), "no database and no journal left behind");
  }

  @Test
  void aMissingSeedScriptIsReportedBeforeAnythingIsCreated() throws Exception {
    Path db = dir.resolve("none.db");
    SeedScriptException e =
        assertThrows(SeedScriptException.class, () -> init(db, List.of(dir.resolve("nope.sql"))));
    assertTrue(e.getMessage().contains("nope.sql failed: the file does not exist"), e.getMessage());
    assertEquals(List.of(), files());
  }

  @Test
  void aMissingDirectoryIsAClearError() {
    Path db = dir.resolve("no/such/dir/mlos.db");
    DatabaseException e = assertThrows(DatabaseException.class, () -> init(db, List.of()));
    assertTrue(
        e.getMessage().contains("its directory " + dir.resolve("no/such/dir") + " does not exist"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("no")));
  }

  @Test
  void aFileThatIsNotSqliteIsAClearErrorAndLeftAlone() throws Exception {
    Path db =
        Files.writeString(
            dir.resolve("notes.db"), "# just some markdown, not a database\n".repeat(200));
    byte[] before = Files.readAllBytes(db);
    DatabaseException e = assertThrows(DatabaseException.class, () -> init(db, List.of()));
    assertTrue(e.getMessage().contains("it is not a SQLite database"), e.getMessage());
    // No mlos.yaml at or above it: the file is no workspace's, and is not to be moved.
    assertEquals(
        "leave that file where it is (it lies outside the workspace and is not an mlos database);"
            + " point `database` at a database file inside the workspace (such as mlos.db), then"
            + " run `init`",
        e.fix());
    assertArrayEquals(before, Files.readAllBytes(db));
    assertEquals(List.of("notes.db"), files());
  }

  /**
   * {@code database: /etc/passwd} in mlos.yaml: the fix began "move that file aside", which told a
   * person to move a system file. A file outside the workspace is left alone; the setting is what
   * changes.
   */
  @Test
  void aDatabaseSettingOutsideTheWorkspaceIsNeverToldToBeMoved() throws Exception {
    Path workspace = Files.createDirectories(dir.resolve("ws"));
    Files.writeString(workspace.resolve("mlos.yaml"), "database: ../elsewhere/passwd\n");
    Path outside = Files.createDirectories(dir.resolve("elsewhere")).resolve("passwd");
    Files.writeString(outside, "root:x:0:0:root:/root:/bin/bash\n".repeat(100));

    DatabaseException e = assertThrows(DatabaseException.class, () -> init(outside, List.of()));

    assertFalse(e.fix().contains("aside"), e.fix());
    assertTrue(
        e.fix()
            .startsWith(
                "leave that file where it is (it lies outside the workspace and is not an mlos"
                    + " database); point `database` at a database file inside the workspace"),
        e.fix());
  }

  /**
   * Inside a workspace the file at the database's path is its broken database: renamed, kept, and
   * init makes a new one.
   */
  @Test
  void aFileThatIsNotSqliteInsideAWorkspaceIsRenamedAndKept() throws Exception {
    Files.writeString(dir.resolve("mlos.yaml"), "");
    Path db = Files.writeString(dir.resolve("mlos.db"), "a note saved over the database\n");

    DatabaseException e = assertThrows(DatabaseException.class, () -> init(db, List.of()));

    assertEquals(
        "rename that file, keeping it (it is not an mlos database and may hold something of"
            + " yours), for example to mlos.db.not-sqlite, then run `init`, which creates an empty"
            + " one; or point `database` at the SQLite file you meant",
        e.fix());
  }

  @Test
  void aReadOnlyFileIsAClearError() throws Exception {
    Path db = dir.resolve("ro.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
    byte[] before = Files.readAllBytes(db);
    DatabaseException e = assertThrows(DatabaseException.class, () -> init(db, List.of()));
    assertTrue(e.getMessage().endsWith("ro.db: it is read-only"), e.getMessage());
    assertTrue(
        e.fix().contains("chmod u+w " + dev.mlos.core.RemedyWording.shellWord(db.toString())),
        e.fix());
    assertArrayEquals(before, Files.readAllBytes(db));
  }

  @Test
  void aDirectoryInPlaceOfTheFileIsAClearError() throws Exception {
    Path db = Files.createDirectory(dir.resolve("mlos.db"));
    DatabaseException e = assertThrows(DatabaseException.class, () -> init(db, List.of()));
    assertTrue(e.getMessage().contains("it is not a regular file"), e.getMessage());
  }

  @Test
  void aDatabaseFromANewerMlosIsRefusedUntouched() throws Exception {
    Path db = dir.resolve("newer.db");
    init(db, List.of());
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO schema_migrations (schema_set, version, description, checksum) "
              + "VALUES ('mlos', 99, 'from the future', 'x')");
    }
    byte[] before = Files.readAllBytes(db);
    SchemaTooNewException e = assertThrows(SchemaTooNewException.class, () -> init(db, List.of()));
    assertTrue(e.getMessage().contains("schema set mlos is at version 99"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(db));
    assertEquals(List.of("newer.db"), files(), "no backup for an upgrade that cannot happen");
  }

  @Test
  void anUnknownSchemaSetCreatesNothing() throws Exception {
    Path db = dir.resolve("x.db");
    SchemaException e =
        assertThrows(
            SchemaException.class,
            () -> initializer.init(new InitRequest(db, List.of("mlos", "nope"), List.of(), null)));
    assertTrue(e.getMessage().contains("Unknown schema set \"nope\""), e.getMessage());
    assertEquals(List.of(), files());
  }

  /**
   * A database deleted or moved aside without its write-ahead log: the log still holds the old
   * database's last commits, and SQLite would read its pages as the new file's (a database rebuilt
   * from the text form would show the old rows in its own tables). Init refuses and names the log;
   * nothing is created. Empty leftovers hold nothing and are removed.
   */
  @Test
  void aLeftWriteAheadLogOfAnotherDatabaseIsRefusedAndEmptyLeftoversAreRemoved() throws Exception {
    Path db = dir.resolve("mlos.db");
    init(db, List.of());
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("INSERT INTO needs (title) VALUES ('Kept in the text form')");
      dev.mlos.core.dbtext.DatabaseText.write(c, db, dir.resolve("state"));
    }
    Path wal = dir.resolve("mlos.db-wal");
    try (Connection old = Database.at(db).open(false);
        Statement s = old.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint = 0");
      s.execute("INSERT INTO needs (title) VALUES ('Only in the log')");
      // Moved aside while a process still has it open: its last commit is only in the log.
      Files.move(db, dir.resolve("moved.db"));
      assertTrue(Files.size(wal) > 0, "the log holds the commit");
      long size = Files.size(wal);

      dev.mlos.core.db.DatabaseException e =
          assertThrows(dev.mlos.core.db.DatabaseException.class, () -> init(db, List.of()));
      assertTrue(e.getMessage().contains("mlos.db-wal"), e.getMessage());
      assertTrue(
          e.getMessage().contains("mlos.db-wal beside it still holds data of the database"),
          e.getMessage());
      assertTrue(e.fix().contains("move this file next to it"), e.fix());
      assertFalse(Files.exists(db), "nothing created");
      assertEquals(size, Files.size(wal), "the log is left as it was");
    }
    // SQLite does not write to a database file that moved: the commit is still only in the log.
    // The fix the refusal names: move the log next to the database it belongs to.
    assertTrue(Files.size(wal) > 0);
    Files.move(wal, dir.resolve("moved.db-wal"));
    Files.move(dir.resolve("mlos.db-shm"), dir.resolve("moved.db-shm"));
    // Empty leftovers are removed, and the database is rebuilt from the text form alone.
    Files.write(wal, new byte[0]);
    Files.write(dir.resolve("mlos.db-shm"), new byte[32768]);
    init(db, List.of());
    assertEquals("1", one(db, "SELECT count(*) FROM needs"));
    assertEquals("Kept in the text form", one(db, "SELECT title FROM needs"));
    assertEquals("2", one(dir.resolve("moved.db"), "SELECT count(*) FROM needs"));
  }
}
