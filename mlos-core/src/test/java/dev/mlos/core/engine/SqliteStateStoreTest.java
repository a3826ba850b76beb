package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed transaction whose rollback fails too reports both: the cause first, the rollback with
 * it.
 */
class SqliteStateStoreTest {
  @TempDir Path dir;

  @Test
  void aRollbackThatFailsTravelsWithTheFailureThatCausedIt() {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    for (boolean write : new boolean[] {true, false}) {
      IllegalStateException cause = new IllegalStateException("the work failed");
      SqliteStateStore store = SqliteStateStore.open(db);
      StateStore.Work<Void> work =
          () -> {
            store.close(); // the connection is gone: ROLLBACK fails for real
            throw cause;
          };
      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () -> {
                if (write) {
                  store.write(Actor.person("a"), null, work);
                } else {
                  store.read(work);
                }
              });
      assertSame(cause, thrown, "the failure that caused the rollback is the one thrown");
      assertEquals(1, thrown.getSuppressed().length, "write=" + write);
      assertTrue(
          thrown.getSuppressed()[0] instanceof SQLException, thrown.getSuppressed()[0].toString());
    }
  }

  @Test
  void aRollbackWithNothingToUndoAddsNothing() {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    try (SqliteStateStore store = SqliteStateStore.open(db)) {
      IllegalStateException cause = new IllegalStateException("the work failed");
      assertSame(
          cause,
          assertThrows(
              IllegalStateException.class,
              () ->
                  store.read(
                      () -> {
                        throw cause;
                      })));
      assertEquals(0, cause.getSuppressed().length);
    }
  }

  /**
   * It said "no needs or schema_migrations table" whichever of the two was missing: a database that
   * holds another schema set (a pack's graph) was told it lacked a table it has.
   */
  @Test
  void aDatabaseWithoutTheMlosSchemaIsToldWhichTableIsMissing() throws Exception {
    assertEquals(
        "it is not an mlos database (it has neither a needs nor a schema_migrations table)",
        refusal("plain.db"));
    assertEquals(
        "it holds no mlos schema (no needs table; its schema_migrations table records the schema"
            + " 'graph', not 'mlos')",
        refusal(
            "graph.db",
            "CREATE TABLE schema_migrations (schema_set TEXT, version INTEGER)",
            "INSERT INTO schema_migrations VALUES ('graph', 1), ('graph', 2)"));
    assertEquals(
        "it holds no mlos schema (no needs table; its schema_migrations table records the schemas"
            + " 'a', 'b', 'c', 'd', 'e' and more, not 'mlos')",
        refusal(
            "many.db",
            "CREATE TABLE schema_migrations (schema_set TEXT, version INTEGER)",
            "INSERT INTO schema_migrations VALUES ('f', 1), ('e', 1), ('d', 1), ('c', 1), ('b', 1),"
                + " ('a', 1)"));
    assertEquals(
        "it holds no mlos schema (no needs table; its schema_migrations table records no schema)",
        refusal("empty.db", "CREATE TABLE schema_migrations (schema_set TEXT, version INTEGER)"));
    assertEquals(
        "it holds no mlos schema (no needs table; its schema_migrations table is not one mlos"
            + " made)",
        refusal("foreign.db", "CREATE TABLE schema_migrations (x)"));
    assertEquals(
        "it is not an mlos database (it has a needs table but no schema_migrations table, which"
            + " records the mlos schema's version)",
        refusal("needs.db", "CREATE TABLE needs (id INTEGER PRIMARY KEY)"));
  }

  /**
   * {@code database: /elsewhere/app.sqlite}, another program's database outside the workspace, was
   * told to run init "to create the mlos schema": followed, init added mlos's tables to it. Outside
   * every workspace such a file is left as it is; inside one, or empty, init is still the fix.
   */
  @Test
  void anotherProgramsDatabaseOutsideTheWorkspaceIsNotToldToRunInitOnIt() throws Exception {
    refusal("app.sqlite", "CREATE TABLE t (x)");
    dev.mlos.core.db.DatabaseException e =
        assertThrows(
            dev.mlos.core.db.DatabaseException.class,
            () -> SqliteStateStore.open(dir.resolve("app.sqlite")));
    assertTrue(
        e.fix()
            .startsWith(
                "leave that file as it is (it lies outside the workspace and holds another"
                    + " program's tables, to which `init` would add mlos's); point `database` at"),
        e.fix());
    refusal("blank.sqlite", "PRAGMA user_version = 1");
    assertTrue(
        assertThrows(
                dev.mlos.core.db.DatabaseException.class,
                () -> SqliteStateStore.open(dir.resolve("blank.sqlite")))
            .fix()
            .startsWith("run `init` to create the mlos schema"));
    java.nio.file.Files.writeString(dir.resolve("mlos.yaml"), "");
    assertTrue(
        assertThrows(
                dev.mlos.core.db.DatabaseException.class,
                () -> SqliteStateStore.open(dir.resolve("app.sqlite")))
            .fix()
            .startsWith("run `init` to create the mlos schema"));
  }

  /** The reason {@link SqliteStateStore#open} gives for a database made by {@code sql}. */
  private String refusal(String name, String... sql) throws Exception {
    Path db = dir.resolve(name);
    try (java.sql.Connection c = dev.mlos.core.db.Database.at(db).open(true);
        java.sql.Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
    dev.mlos.core.db.DatabaseException e =
        assertThrows(dev.mlos.core.db.DatabaseException.class, () -> SqliteStateStore.open(db));
    assertTrue(e.fix().contains("init"), e.fix());
    String prefix = "Database " + db + ": ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    return e.getMessage().substring(prefix.length());
  }
}
