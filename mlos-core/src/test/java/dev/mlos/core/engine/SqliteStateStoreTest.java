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
}
