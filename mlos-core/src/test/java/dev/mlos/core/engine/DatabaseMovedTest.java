package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.DatabaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database deleted or replaced at its path while a process keeps it open (an agent's MCP server
 * running while a person runs {@code rm mlos.db && mlos init} to rebuild it from its text form, or
 * restores a copy over it): in WAL mode SQLite goes on writing into the removed file, so each write
 * was answered done and lost with that file. A write now checks, holding the write lock, that the
 * path still names the file the process opened, and is refused as a broken setup otherwise, nothing
 * written; a read likewise (it showed the removed file's rows, which an agent would act on).
 */
class DatabaseMovedTest {
  @TempDir Path dir;

  @Test
  void aWriteToADatabaseDeletedWhileOpenIsRefusedNotLost() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      engine.createNeed(NeedSpec.titled("Kernel boots"));
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(dir.resolve("mlos.db" + suffix));
      }
      DatabaseException e =
          assertThrows(
              DatabaseException.class, () -> engine.createNeed(NeedSpec.titled("Written")));
      assertTrue(
          e.getMessage().contains("was deleted since this process opened it"), e.getMessage());
      assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
      assertTrue(e.fix().contains("restart"), e.fix());
      DatabaseException read = assertThrows(DatabaseException.class, () -> engine.getNeed(1));
      assertTrue(
          read.getMessage().contains("a read would show the removed file's rows"),
          read.getMessage());
    }
  }

  @Test
  void aWriteToADatabaseReplacedWhileOpenIsRefusedAndTheNewFileKeepsItsRows() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    Path other = EngineDatabase.create(dir.resolve("other.db"));
    try (Engine engine = Engine.open(other, Actor.person("bob"))) {
      engine.createNeed(NeedSpec.titled("Only in the other"));
    }
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      engine.createNeed(NeedSpec.titled("Kernel boots"));
      Files.move(other, db, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(dir.resolve("mlos.db-wal"));
      Files.deleteIfExists(dir.resolve("mlos.db-shm"));
      assertThrows(DatabaseException.class, () -> engine.createNeed(NeedSpec.titled("Lost")));
    }
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      assertEquals("Only in the other", engine.getNeed(1).need().title());
      assertThrows(RuntimeException.class, () -> engine.getNeed(2), "no need 2 anywhere");
    }
  }

  @Test
  void writesGoOnWhileTheFileStaysInPlace() {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      engine.createNeed(NeedSpec.titled("One"));
      engine.createNeed(NeedSpec.titled("Two"));
      assertEquals("Two", engine.getNeed(2).need().title());
    }
  }
}
