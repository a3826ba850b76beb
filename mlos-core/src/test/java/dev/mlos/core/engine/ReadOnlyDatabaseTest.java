package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.testing.Immutable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file this user may not write ({@code chmod a-w mlos.db}, a file another user owns): a
 * write was refused as "the write failed: attempt to write a readonly database" with no fix; it now
 * says what to change, and reads still work.
 */
class ReadOnlyDatabaseTest {
  @TempDir Path dir;

  @Test
  void aWriteToAFileThatCannotBeWrittenSaysHowToMakeItWritable() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      engine.createNeed(NeedSpec.titled("Kernel boots"));
    }
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
    try (Immutable locked = Immutable.whereWritable(db)) {
      assumeFalse(Files.isWritable(db), "running as root, and chattr +i could not stop writes");
      try (Engine engine = Engine.open(db, Actor.person("alice"))) {
        assertEquals("Kernel boots", engine.getNeed(1).need().title(), "reads still work");
        DatabaseException e =
            assertThrows(
                DatabaseException.class, () -> engine.createNeed(NeedSpec.titled("Another")));
        assertTrue(e.getMessage().contains("readonly database"), e.getMessage());
        assertEquals(
            "make the database file writable for this user (chmod u+w "
                + db
                + "), then run again; reads still work",
            e.fix());
      }
    } finally {
      Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    }
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      assertThrows(
          RuntimeException.class, () -> engine.getNeed(2), "nothing was written: no need 2");
    }
  }
}
