package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compile's string pre-check never lets a reserved page through, whatever the case. */
class ReservedPlacesTest {
  @TempDir Path dir;

  @Test
  void thePreCheckPassesEveryReservedPageAndTheRefusalDecides() {
    ReservedPlaces places =
        new ReservedPlaces(dir, dir.resolve("mlos.db"), dir.resolve("target/mlos"));
    Path out = dir;
    String key = ReservedPlaces.directoryKey(out);
    String[] reserved = {
      "mlos.db",
      "MLOS.DB-wal",
      "mlos.db-shm",
      "mlos.db-Journal",
      "mlos.db.sql",
      "mlos.db.sql.base",
      ".git",
      ".GIT/config",
      "a/.git/x.md",
      "target/mlos/compile-state",
      "TARGET/MLOS"
    };
    // Pages are normalised workspace paths: no '.' or '..' segments.
    for (String r : reserved) {
      assertTrue(places.mayBeReserved(key, r), r);
      assertNotNull(places.refusal(out.resolve(r), r), r);
    }
    String[] free = {
      "PROBLEM.md", "mlos.db.md", "git/x.md", ".gitignore.md", "target/mlos.md", "data/mlos.db"
    };
    for (String f : free) {
      assertFalse(places.mayBeReserved(key, f), f);
      assertNull(places.refusal(out.resolve(f), f), f);
    }
    assertEquals(
        "'mlos.db-wal' is the database's write-ahead log: " + ReservedPlaces.RULE,
        places.refusal(out.resolve("mlos.db-wal"), "mlos.db-wal"));
  }
}
