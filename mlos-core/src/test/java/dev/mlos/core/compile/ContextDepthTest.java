package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.db.Database;
import dev.mlos.core.view.ParameterizedSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 item 5: {@code hops: lots} made the context pack's recursive query run forever. The
 * config now refuses it, and the query itself caps the depth at 10 whatever is bound to {@code
 * :hops}.
 */
class ContextDepthTest {
  @TempDir Path dir;

  @Test
  void theContextQueryStopsAtDepthTenWhateverHopsIs() throws SQLException {
    TestWorkspace w = TestWorkspace.create(dir);
    // An agent monitoring need 1, which references artifact 1; artifacts 1 -> 2 -> ... -> 30 -> 1
    // make a cycle.
    List<String> sql = new ArrayList<>();
    sql.add(
        "INSERT INTO needs (id, title, status, created_at, updated_at) VALUES (1, 'n', 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    sql.add(
        "INSERT INTO agents (id, agent_type, status, monitored_needs, started_at) VALUES (1, 'a', 'active', '[1]', '2026-01-01T00:00:00Z')");
    for (int i = 1; i <= 30; i++) {
      sql.add(
          "INSERT INTO artifacts (id, title, file_path, artifact_type, created_at, updated_at) VALUES ("
              + i
              + ", 'a"
              + i
              + "', 'f"
              + i
              + ".md', 'document', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    }
    for (int i = 1; i <= 30; i++) {
      sql.add(
          "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES"
              + " ('artifact', "
              + i
              + ", 'artifact', "
              + (i % 30 + 1)
              + ", 'references', '2026-01-01T00:00:00Z')");
    }
    sql.add(
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES"
            + " ('need', 1, 'artifact', 1, 'references', '2026-01-01T00:00:00Z')");
    w.sql(sql.toArray(String[]::new));

    String query =
        new ConfigLoader()
            .loadPack("mlos", null).views().stream()
                .filter(v -> v.name().equals("context"))
                .findFirst()
                .orElseThrow()
                .queries()
                .get("artifacts");
    assertEquals(
        2, maxHops(w.db, query, 2L), "hops as configured: need -> artifact 1 -> artifact 2 / 30");
    assertEquals(10, maxHops(w.db, query, 1_000_000_000L), "a huge number is capped");
    assertEquals(
        10, maxHops(w.db, query, "lots"), "text sorts above every number in SQLite: capped too");
  }

  private static long maxHops(Path db, String query, Object hops) throws SQLException {
    ParameterizedSql p = ParameterizedSql.parse(query);
    try (Connection c = Database.at(db).open(false);
        PreparedStatement st = c.prepareStatement(p.jdbcSql())) {
      for (int i = 0; i < p.parameterNames().size(); i++) {
        String name = p.parameterNames().get(i);
        st.setObject(
            i + 1,
            name.equals("hops")
                ? hops
                : name.equals("row.id")
                    ? (Object) 1L
                    : name.equals("lens_limit") ? (Object) 50L : null);
      }
      long max = -1;
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          max = Math.max(max, rs.getLong("hops"));
        }
      }
      return max;
    }
  }
}
