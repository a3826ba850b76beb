package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NOT NULL constraint the database met in an engine write was refused as the user's input ("a
 * required value is missing", rule {@code input}: the mlos command's exit 2 and "see --help"). The
 * engine gives every value a column requires (its input rules refuse a missing title first), so
 * such a write is a fault of mlos, which the adapters word as such; the database's own rules
 * (triggers, CHECKs) are still refusals.
 */
class OwnFaultTest {
  @TempDir Path dir;

  @Test
  void aNotNullConstraintIsMlosOwnFaultNotARefusalOfTheInput() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      SQLException notNull =
          assertThrows(
              SQLException.class, () -> s.execute("INSERT INTO needs (title) VALUES (NULL)"));
      assertTrue(DatabaseRefusals.ownFault(notNull), notNull.getMessage());
      assertNull(DatabaseRefusals.translate(notNull), "no refusal of the user's input");

      // A rule of the database stays a refusal, naming its rule.
      SQLException rule =
          assertThrows(
              SQLException.class, () -> s.execute("INSERT INTO needs (title) VALUES ('a\nb')"));
      assertEquals("need.title", DatabaseRefusals.translate(rule).rule());
      assertEquals(false, DatabaseRefusals.ownFault(rule));
    }
  }
}
