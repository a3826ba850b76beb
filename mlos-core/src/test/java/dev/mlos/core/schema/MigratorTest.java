package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigratorTest {
  @TempDir Path dir;

  @Test
  void appliesTheMlosSetOnceAndRecordsChecksums() throws Exception {
    Path file = dir.resolve("m.db");
    try (Connection c = Database.at(file).open(true)) {
      Migrator m = Migrator.forSet("mlos");
      assertEquals(21, m.pending(c).size());
      MigrationReport first = m.migrate(c);
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
              "mlos V21 request ids"),
          first.applied().stream().map(Migration::label).toList());
      assertEquals(21, first.version());
      assertTrue(
          tables(c)
              .containsAll(
                  List.of(
                      "needs",
                      "tasks",
                      "artifacts",
                      "relationships",
                      "agents",
                      "history",
                      "need_transitions",
                      "schema_migrations",
                      "task_transitions",
                      "relationship_kinds",
                      "need_tags",
                      "lenses",
                      "write_context")));

      List<AppliedMigration> applied = m.applied(c);
      assertEquals(21, applied.size());
      assertEquals(m.migrations().get(15).checksum(), applied.get(15).checksum());
      assertEquals(m.migrations().get(16).checksum(), applied.get(16).checksum());
      assertEquals(m.migrations().get(14).checksum(), applied.get(14).checksum());
      assertEquals(m.migrations().get(13).checksum(), applied.get(13).checksum());
      assertEquals(m.migrations().get(12).checksum(), applied.get(12).checksum());
      assertEquals(m.migrations().get(11).checksum(), applied.get(11).checksum());
      assertEquals(m.migrations().get(10).checksum(), applied.get(10).checksum());
      assertEquals(m.migrations().get(9).checksum(), applied.get(9).checksum());
      assertEquals(m.migrations().get(8).checksum(), applied.get(8).checksum());
      assertEquals(m.migrations().get(7).checksum(), applied.get(7).checksum());
      assertEquals(m.migrations().get(6).checksum(), applied.get(6).checksum());
      assertEquals(m.migrations().get(5).checksum(), applied.get(5).checksum());
      assertEquals(m.migrations().get(4).checksum(), applied.get(4).checksum());
      assertEquals(m.migrations().get(3).checksum(), applied.get(3).checksum());
      assertEquals(m.migrations().get(2).checksum(), applied.get(2).checksum());
      assertEquals(m.migrations().get(1).checksum(), applied.get(1).checksum());
      assertEquals(m.migrations().get(0).checksum(), applied.get(0).checksum());
      assertEquals(64, applied.get(0).checksum().length());
      assertTrue(
          applied
              .get(0)
              .appliedAt()
              .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

      MigrationReport again = m.migrate(c);
      assertEquals(List.of(), again.applied());
      assertEquals(21, again.version());
      assertEquals(List.of(), m.pending(c));
    }
  }

  @Test
  void compilerSetCreatesTheOutputRecordTableExactly() throws Exception {
    try (Connection c = Database.at(dir.resolve("c.db")).open(true)) {
      Migrator.forSet("mlos-compiler").migrate(c);
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT sql FROM sqlite_schema WHERE name = 'mlos_outputs'")) {
        assertTrue(rs.next());
        assertEquals(
            "CREATE TABLE mlos_outputs (workspace TEXT NOT NULL, path TEXT NOT NULL, view TEXT NOT NULL, "
                + "source_keys TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(source_keys)), content_hash TEXT NOT NULL, "
                + "file_hash TEXT NOT NULL, compiled_at TEXT NOT NULL, input_hash TEXT, PRIMARY KEY (workspace, path)) STRICT, WITHOUT ROWID",
            rs.getString(1));
      }
      try (Statement s = c.createStatement()) {
        SQLException bad =
            assertThrows(
                SQLException.class,
                () ->
                    s.execute(
                        "INSERT INTO mlos_outputs VALUES ('w', 'p', 'v', 'not json', 'h', 'f', 't', NULL)"));
        assertTrue(bad.getMessage().contains("CHECK constraint failed"), bad.getMessage());
      }
    }
  }

  @Test
  void setsAreIndependent() throws Exception {
    try (Connection c = Database.at(dir.resolve("s.db")).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      assertEquals(4, Migrator.forSet("mlos-compiler").pending(c).size());
      Migrator.forSet("mlos-compiler").migrate(c);
      assertEquals(List.of(), Migrator.forSet("mlos").pending(c));
    }
  }

  @Test
  void aChangedMigrationStopsAndChangesNothing() throws Exception {
    Path file = dir.resolve("changed.db");
    try (Connection c = Database.at(file).open(true)) {
      demoSet("v1", "CREATE TABLE one (x INTEGER) STRICT;").migrate(c);
    }
    byte[] before = Files.readAllBytes(file);
    Migrator edited =
        demoSet(
            "v1b",
            "CREATE TABLE one (x INTEGER, y TEXT) STRICT;",
            "CREATE TABLE two (x INTEGER) STRICT;");
    try (Connection c = Database.at(file).open(false)) {
      ChangedMigrationException e =
          assertThrows(ChangedMigrationException.class, () -> edited.migrate(c));
      assertEquals("demo", e.schemaSet());
      assertEquals(1, e.version());
      assertEquals("dev/mlos/core/schema/demo/V1__first.sql", e.resource());
      assertTrue(
          e.getMessage()
              .contains(
                  "schema set demo migration V1 (dev/mlos/core/schema/demo/V1__first.sql): "
                      + "the checksum the database recorded when it applied it"),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .endsWith(
                  "either the database's record in schema_migrations was changed, or the migration's"
                      + " text was changed after it was applied"),
          e.getMessage());
      assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
      assertTrue(e.fix().contains("new migration"), e.fix());
      assertThrows(ChangedMigrationException.class, () -> edited.pending(c));
      assertFalse(tables(c).contains("two"));
    }
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void onlyLineEndingsDifferingIsNotAChange() throws Exception {
    try (Connection c = Database.at(dir.resolve("crlf.db")).open(true)) {
      demoSet("lf", "CREATE TABLE one (x INTEGER)\nSTRICT;").migrate(c);
      assertEquals(
          List.of(), demoSet("crlf", "CREATE TABLE one (x INTEGER)\r\nSTRICT;").pending(c));
    }
  }

  @Test
  void aDatabaseNewerThanThisMlosStopsAndChangesNothing() throws Exception {
    Path file = dir.resolve("newer.db");
    try (Connection c = Database.at(file).open(true)) {
      demoSet("v2", "CREATE TABLE one (x INTEGER) STRICT;", "CREATE TABLE two (x INTEGER) STRICT;")
          .migrate(c);
    }
    byte[] before = Files.readAllBytes(file);
    Migrator older = demoSet("v1only", "CREATE TABLE one (x INTEGER) STRICT;");
    try (Connection c = Database.at(file).open(false)) {
      SchemaTooNewException e = assertThrows(SchemaTooNewException.class, () -> older.migrate(c));
      assertEquals("demo", e.schemaSet());
      assertEquals(2, e.version());
      assertEquals(1, e.knownVersion());
      assertTrue(
          e.getMessage().contains("schema set demo is at version 2 (\"second\""), e.getMessage());
      assertTrue(e.getMessage().contains("knows only up to V1"), e.getMessage());
    }
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void aFailingMigrationNamesFileAndLineAndIsRolledBack() throws Exception {
    try (Connection c = Database.at(dir.resolve("fail.db")).open(true)) {
      Migrator m =
          demoSet(
              "bad",
              "CREATE TABLE one (x INTEGER) STRICT;",
              "CREATE TABLE two (x INTEGER) STRICT;\n-- comment\nINSERT INTO nowhere VALUES (1);\n");
      SchemaException e = assertThrows(SchemaException.class, () -> m.migrate(c));
      assertEquals(2, e.version());
      assertTrue(
          e.getMessage()
              .contains("migration V2 (dev/mlos/core/schema/demo/V2__second.sql) failed at line 3"),
          e.getMessage());
      assertTrue(e.getMessage().contains("no such table: nowhere"), e.getMessage());
      assertTrue(tables(c).contains("one"), "V1 ran in its own transaction and stays");
      assertFalse(tables(c).contains("two"), "V2 was rolled back as a whole");
      assertEquals(List.of(1), m.applied(c).stream().map(AppliedMigration::version).toList());
    }
  }

  @Test
  void aRollbackThatFailsTooIsKeptWithTheMigrationFailure() throws Exception {
    try (Connection c = Database.at(dir.resolve("rollback.db")).open(true)) {
      // The COMMIT ends the migration's transaction early, so the rollback after line 3 fails as
      // well.
      Migrator m =
          demoSet(
              "rollback",
              "CREATE TABLE one (x INTEGER) STRICT;",
              "CREATE TABLE two (x INTEGER) STRICT;\nCOMMIT;\nINSERT INTO nowhere VALUES (1);\n");
      SchemaException e = assertThrows(SchemaException.class, () -> m.migrate(c));
      assertTrue(
          e.getMessage()
              .contains("migration V2 (dev/mlos/core/schema/demo/V2__second.sql) failed at line 3"),
          "the migration's failure is the one reported: " + e.getMessage());
      assertTrue(e.getMessage().contains("no such table: nowhere"), e.getMessage());
      assertEquals(1, e.getSuppressed().length, "the rollback's failure is kept, not dropped");
      assertTrue(
          e.getSuppressed()[0].getMessage().contains("no transaction is active"),
          e.getSuppressed()[0].getMessage());
    }
  }

  @Test
  void insideACallerTransactionMigrationsJoinIt() throws Exception {
    try (Connection c = Database.at(dir.resolve("tx.db")).open(true)) {
      c.setAutoCommit(false);
      Migrator.forSet("mlos").migrate(c);
      c.rollback();
      c.setAutoCommit(true);
      assertFalse(tables(c).contains("needs"));
      assertEquals(List.of(), Migrator.forSet("mlos").applied(c));
    }
  }

  @Test
  void unknownSetAndMalformedIndexAreClearErrors() throws Exception {
    SchemaException unknown = assertThrows(SchemaException.class, () -> Migrator.forSet("nope"));
    assertTrue(unknown.getMessage().contains("Unknown schema set \"nope\""), unknown.getMessage());

    Path root = dir.resolve("gap");
    Path folder = Files.createDirectories(root.resolve("dev/mlos/core/schema/demo"));
    Files.writeString(folder.resolve("index.txt"), "V1__a.sql\nV3__c.sql\n");
    Files.writeString(folder.resolve("V1__a.sql"), "SELECT 1;");
    SchemaException gap =
        assertThrows(SchemaException.class, () -> Migrator.forSet("demo", loader(root)));
    assertTrue(
        gap.getMessage()
            .contains(
                "line 2 of dev/mlos/core/schema/demo/index.txt is \"V3__c.sql\", expected V2"),
        gap.getMessage());

    Files.writeString(folder.resolve("index.txt"), "V1__a.sql\nV2__missing.sql\n");
    SchemaException missing =
        assertThrows(SchemaException.class, () -> Migrator.forSet("demo", loader(root)));
    assertTrue(
        missing
            .getMessage()
            .contains("V2__missing.sql is listed in index.txt but not on the classpath"),
        missing.getMessage());
  }

  private static final String[] NAMES = {"first", "second", "third"};

  /**
   * A set "demo" with the given migration texts, loaded from its own folder like a jar would be.
   */
  private Migrator demoSet(String variant, String... sqls) throws IOException {
    Path root = dir.resolve("sets-" + variant);
    Path folder = Files.createDirectories(root.resolve("dev/mlos/core/schema/demo"));
    StringBuilder index = new StringBuilder("# demo\n");
    for (int i = 0; i < sqls.length; i++) {
      String name = "V" + (i + 1) + "__" + NAMES[i] + ".sql";
      Files.writeString(folder.resolve(name), sqls[i]);
      index.append(name).append('\n');
    }
    Files.writeString(folder.resolve("index.txt"), index);
    return Migrator.forSet("demo", loader(root));
  }

  private static ClassLoader loader(Path root) throws IOException {
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
  }

  static List<String> tables(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
