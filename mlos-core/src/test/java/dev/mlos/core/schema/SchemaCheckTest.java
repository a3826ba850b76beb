package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Remedy;
import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compile and guard use only a database mlos initialised, never create tables in it, and refuse
 * tampered or newer schemas; init calls a database up to date only when it is sound and has every
 * object its applied migrations created.
 */
class SchemaCheckTest {
  @TempDir Path dir;

  @Test
  void compileAndGuardRefuseADatabaseMlosDidNotInitialiseAndCreateNothingInIt() throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection c = Database.at(db).open(true);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    }
    byte[] before = Files.readAllBytes(db);
    WorkspaceConfig config = config(db);

    SchemaException compile = assertThrows(SchemaException.class, () -> compile(config));
    assertTrue(compile.getMessage().contains("not initialised by mlos"), compile.getMessage());
    assertEquals(List.of(Remedy.init(), Remedy.setting("database", null)), compile.remedies());
    assertTrue(
        compile
            .fix()
            .startsWith(
                "initialise it with `init` (it backs up an existing file first), or point `database` at"),
        compile.fix());
    SchemaException guard =
        assertThrows(SchemaException.class, () -> new Guard().check(new GuardRequest(config)));
    assertTrue(guard.getMessage().contains("the guard does not use it"), guard.getMessage());

    assertEquals(List.of("customers"), objects(db));
    assertTrue(
        java.util.Arrays.equals(before, Files.readAllBytes(db)),
        "not a byte of the database changed");
    assertTrue(
        listing(dir.resolve("ws")).stream().noneMatch(p -> p.endsWith(".md")),
        "no page was written");
  }

  @Test
  void anEmptyDatabaseFileIsRefusedAndStaysEmpty() throws Exception {
    Path db = Files.createFile(dir.resolve("empty.db"));
    assertThrows(SchemaException.class, () -> compile(config(db)));
    assertEquals(0, Files.size(db));
  }

  @Test
  void aDatabaseWithMlosTablesButNoCompileRecordIsRefused() throws Exception {
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    SchemaException e = assertThrows(SchemaException.class, () -> compile(config(db)));
    assertTrue(e.getMessage().contains("schema set mlos-compiler is not applied"), e.getMessage());
    assertTrue(
        objects(db).stream()
            .noneMatch(
                n ->
                    n.startsWith("mlos_")
                        && !n.startsWith("mlos_changes")
                        && !n.startsWith("mlos_requests")),
        "the compile created no table (mlos_changes, mlos_requests and their triggers and"
            + " indexes are the mlos set's own)");
  }

  @Test
  void aTamperedChecksumIsRefusedByCompileAndGuard() throws Exception {
    Path db = initialised();
    shell(
        db,
        "UPDATE schema_migrations SET checksum = 'forged' WHERE schema_set = 'mlos-compiler' AND version = 1;");
    assertThrows(ChangedMigrationException.class, () -> compile(config(db)));
    assertThrows(
        ChangedMigrationException.class, () -> new Guard().check(new GuardRequest(config(db))));
  }

  @Test
  void aNewerSchemaIsRefusedByCompileAndGuard() throws Exception {
    Path db = initialised();
    shell(
        db,
        "INSERT INTO schema_migrations (schema_set, version, description, checksum)"
            + " VALUES ('mlos-compiler', 99, 'from the future', 'x');");
    assertThrows(SchemaTooNewException.class, () -> compile(config(db)));
    assertThrows(
        SchemaTooNewException.class, () -> new Guard().check(new GuardRequest(config(db))));
  }

  @Test
  void anOlderCompileRecordIsUpgradedByInitNotByTheCompile() throws Exception {
    Path db = initialised();
    shell(
        db,
        "DROP TABLE mlos_compile_reads; DROP INDEX mlos_outputs_by_view;"
            + " DELETE FROM schema_migrations WHERE schema_set = 'mlos-compiler' AND version IN (3, 4);");
    SchemaException e = assertThrows(SchemaException.class, () -> compile(config(db)));
    assertTrue(
        e.getMessage()
            .contains(
                "older than this mlos: schema mlos-compiler (2 migrations to apply, up to V4)"),
        e.getMessage());
    assertTrue(!objects(db).contains("mlos_compile_reads"));

    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), dir.resolve("backups")));
    compile(config(db));
  }

  @Test
  void aDroppedCompileRecordTableIsNamed() throws Exception {
    Path db = initialised();
    shell(db, "DROP TABLE mlos_compile_reads;");
    SchemaException e = assertThrows(SchemaException.class, () -> compile(config(db)));
    assertTrue(e.getMessage().contains("table mlos_compile_reads"), e.getMessage());
    assertTrue(e.fix().contains("V3__compile_reads.sql"), e.fix());
  }

  @Test
  void initNamesADroppedEnforcementTriggerInsteadOfReportingUpToDate() throws Exception {
    Path db = initialised();
    shell(db, "DROP TRIGGER needs_parent_no_cycle; DROP INDEX tasks_by_need;");

    SchemaException e =
        assertThrows(
            SchemaException.class,
            () -> new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null)));

    assertTrue(e.getMessage().contains("trigger needs_parent_no_cycle"), e.getMessage());
    assertTrue(e.getMessage().contains("index tasks_by_need"), e.getMessage());
    assertTrue(
        e.fix().contains("restore the database from a backup")
            && e.fix().contains("V1__core_tables.sql"),
        e.fix());
  }

  @Test
  void initRefusesADamagedDatabase() throws Exception {
    Path db = initialised();
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      s.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
              + " INSERT INTO needs (title, description) SELECT 'Need ' || i, hex(randomblob(200)) FROM n");
    }
    long size = Files.size(db);
    // Garbage over pages in the middle of the file: the header still says SQLite.
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      f.seek(size / 2);
      f.write(new byte[16384]);
    }

    dev.mlos.core.db.DatabaseException e =
        assertThrows(
            dev.mlos.core.db.DatabaseException.class,
            () -> new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null)));

    assertTrue(e.getMessage().contains("it is damaged"), e.getMessage());
    assertTrue(e.fix().contains("restore it from a backup"), e.fix());
  }

  @Test
  void theExpectedObjectsFollowTheAppliedMigrationsOfASet() throws Exception {
    Path root = dir.resolve("sets");
    Path folder = Files.createDirectories(root.resolve("dev/mlos/core/schema/demo"));
    Files.writeString(folder.resolve("index.txt"), "V1__first.sql\nV2__second.sql\n");
    Files.writeString(
        folder.resolve("V1__first.sql"),
        "-- a table and its rule\nCREATE TABLE things (id INTEGER PRIMARY KEY, n INTEGER);\n"
            + "CREATE TRIGGER things_positive BEFORE INSERT ON things WHEN NEW.n < 0 BEGIN SELECT RAISE(ABORT, 'negative'); END;\n"
            + "CREATE TABLE old_name (x);\n");
    Files.writeString(
        folder.resolve("V2__second.sql"),
        "DROP TRIGGER things_positive;\n"
            + "CREATE UNIQUE INDEX IF NOT EXISTS things_by_n ON things (n);\nALTER TABLE old_name RENAME TO new_name;\n"
            + "CREATE VIEW big_things AS SELECT * FROM things WHERE n > 10;\n");
    Migrator demo =
        Migrator.forSet("demo", new URLClassLoader(new URL[] {root.toUri().toURL()}, null));
    Path db = dir.resolve("demo.db");
    try (Connection c = Database.at(db).open(true)) {
      demo.migrate(c);
      assertEquals(List.of(), SchemaCheck.missingObjects(c, demo));
      try (Statement s = c.createStatement()) {
        s.execute("DROP INDEX things_by_n");
        s.execute("DROP VIEW big_things");
        s.execute("DROP TABLE new_name");
      }
      assertEquals(
          List.of(
              "index things_by_n (dev/mlos/core/schema/demo/V2__second.sql)",
              "table new_name (dev/mlos/core/schema/demo/V1__first.sql)",
              "view big_things (dev/mlos/core/schema/demo/V2__second.sql)"),
          SchemaCheck.missingObjects(c, demo).stream().map(Object::toString).sorted().toList(),
          "the trigger V2 dropped is not expected; the renamed table is expected under its new name");
    }
  }

  // --- helpers

  private Path initialised() {
    Path db = dir.resolve("mlos.db");
    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
    return db;
  }

  private WorkspaceConfig config(Path db) throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    return new ConfigLoader().load(root, new ConfigOverrides(null, db, null, null, Map.of()));
  }

  private static void compile(WorkspaceConfig config) {
    new Compiler().compile(new CompileRequest(config, "2026-02-01T00:00:00Z"), Reporter.SILENT);
  }

  private static List<String> objects(Path db) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = Database.at(db).openReadOnly();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema ORDER BY name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static List<String> listing(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (var all = Files.walk(root)) {
      return all.map(Path::toString).toList();
    }
  }

  /** Through the plain sqlite3 shell, as a person would tamper with it. */
  private static void shell(Path db, String sql) {
    SqliteShell.Result r = SqliteShell.run(db, sql);
    assertTrue(r.ok(), r.err());
  }
}
