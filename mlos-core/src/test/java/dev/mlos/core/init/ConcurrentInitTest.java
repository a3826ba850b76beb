package dev.mlos.core.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.schema.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several inits of a database that is not there yet, at once (agents bootstrapping one workspace,
 * {@code mlos init} beside a build running {@code mlos:init}): a trial ran three {@code mlos init}
 * on an empty directory, one said "Created database", one failed on the others' lock and removed
 * the database it took for its own, and no mlos.db was left. Every init now either creates the
 * database or finds it, and the database stays, whole.
 */
class ConcurrentInitTest {
  @TempDir Path dir;

  @Test
  void inProcessesAtOnceOneCreatesTheDatabaseTheOthersFindItAndItStays() throws Exception {
    int inits = 4;
    for (int round = 0; round < 5; round++) {
      Path db = dir.resolve("round-" + round).resolve("mlos.db");
      Files.createDirectories(db.getParent());
      CyclicBarrier start = new CyclicBarrier(inits);
      ExecutorService pool = Executors.newFixedThreadPool(inits);
      List<Future<InitResult>> results = new ArrayList<>();
      try {
        for (int i = 0; i < inits; i++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return new Initializer()
                        .init(new InitRequest(db, List.of("mlos"), List.of(), null));
                  }));
        }
        int created = 0;
        for (Future<InitResult> f : results) {
          InitResult r = f.get(5, TimeUnit.MINUTES); // throws when an init failed
          created += r.created() ? 1 : 0;
          assertEquals(null, r.backup(), "nothing to back up: the database was made just now");
        }
        assertEquals(1, created, "one init created the database; the others found it");
      } finally {
        pool.shutdownNow();
      }
      assertTrue(Files.isRegularFile(db), "the database stays: round " + round);
      try (Connection c = Database.at(db).open(false);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT count(*) FROM schema_migrations WHERE schema_set = 'mlos'")) {
        assertTrue(rs.next());
        assertEquals(
            Migrator.forSet("mlos").migrations().size(), rs.getInt(1), "every migration, once");
      }
    }
  }
}
