package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
      "mlos.yaml",
      "MLOS.yaml",
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
      "PROBLEM.md",
      "mlos.db.md",
      "git/x.md",
      ".gitignore.md",
      "target/mlos.md",
      "data/mlos.db",
      "docs/mlos.yaml",
      "mlos.yaml.md"
    };
    for (String f : free) {
      assertFalse(places.mayBeReserved(key, f), f);
      assertNull(places.refusal(out.resolve(f), f), f);
    }
    assertEquals(
        "'mlos.db-wal' is the database's write-ahead log: " + ReservedPlaces.RULE,
        places.refusal(out.resolve("mlos.db-wal"), "mlos.db-wal"));
  }

  /**
   * The pre-check works out per output directory what it can (issue 20): for pages in the
   * workspace, in a subdirectory, in the state directory and in a {@code .git}, it answers as the
   * plain string test it replaced, which built the page's absolute key.
   */
  @Test
  void thePreCheckAnswersAsTheAbsoluteKeyTestInEveryOutputDirectory() {
    Path state = dir.resolve("target/mlos");
    ReservedPlaces places = new ReservedPlaces(dir, dir.resolve("db/mlos.db"), state);
    List<Path> outputs =
        List.of(
            dir,
            dir.resolve("db"),
            dir.resolve("docs"),
            dir.resolve("target"),
            state,
            state.resolve("pages"),
            dir.resolve("a/.git/b"),
            dir.resolve("x.GIT"));
    String[] pages = {
      "PROBLEM.md",
      "mlos.db",
      "MLOS.db-WAL",
      "db/mlos.db",
      "db/mlos.db.sql",
      "db/mlos.db.sql.md",
      "mlos/compile-state",
      "mlos",
      "mlos.md",
      "mlosx/a.md",
      "target/mlos",
      "target/MLOS/x.md",
      "target/mlos2/x.md",
      ".git",
      ".git/config",
      "a/.GIT",
      "a/.git/b.md",
      "a/.gitx/b.md",
      "a/x.git/b.md",
      ".github/workflows/ci.yml",
      "git/.git.md",
      "needs/n-1-a.md"
    };
    String stateKey = state.toAbsolutePath().normalize().toString().toLowerCase(Locale.ROOT);
    for (Path out : outputs) {
      String key = ReservedPlaces.directoryKey(out);
      for (String page : pages) {
        // The test it replaced, on the page's absolute key.
        String k = key + page.toLowerCase(Locale.ROOT).replace('/', File.separatorChar);
        boolean database = false;
        for (Path f : ReservedPlaces.databaseFiles(dir.resolve("db/mlos.db"))) {
          database |= f.toString().toLowerCase(Locale.ROOT).equals(k);
        }
        boolean expected =
            database
                || k.equals(stateKey)
                || k.startsWith(stateKey + File.separator)
                || (k + File.separator).contains(File.separator + ".git" + File.separator);
        assertEquals(expected, places.mayBeReserved(key, page), out + " : " + page);
        if (places.refusal(out.resolve(page), page) != null) {
          assertTrue(places.mayBeReserved(key, page), out + " : " + page);
        }
      }
    }
  }
}
