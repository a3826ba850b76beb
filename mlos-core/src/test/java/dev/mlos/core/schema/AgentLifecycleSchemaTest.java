package dev.mlos.core.schema;

import static dev.mlos.core.db.JdbcRows.exec;
import static dev.mlos.core.db.JdbcRows.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema mlos V9: the agent run lifecycle (provisioning -> active -> completed | failed, failed
 * also from provisioning) is kept by the database for every client, through JDBC on a real file.
 */
class AgentLifecycleSchemaTest {
  static final List<String> STATES = List.of("provisioning", "active", "completed", "failed");
  static final Set<String> ALLOWED =
      Set.of("provisioning>active", "provisioning>failed", "active>completed", "active>failed");

  @TempDir Path dir;

  @Test
  void everyPairOfStatusesIsJudged() throws Exception {
    try (Connection c = Database.at(dir.resolve("a.db")).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      int id = 0;
      for (String from : STATES) {
        for (String to : STATES) {
          id++;
          exec(
              c,
              "INSERT INTO agents (id, agent_type, status) VALUES ("
                  + id
                  + ", 'janitor', '"
                  + from
                  + "')");
          String sql = "UPDATE agents SET status = '" + to + "' WHERE id = " + id;
          if (from.equals(to) || ALLOWED.contains(from + ">" + to)) {
            exec(c, sql);
            assertEquals(List.of(to), rows(c, "SELECT status FROM agents WHERE id = " + id));
          } else {
            SQLException e = assertThrows(SQLException.class, () -> exec(c, sql), sql);
            assertTrue(
                e.getMessage().contains("agent: " + from + " -> " + to + " is not allowed; "),
                e.getMessage());
            assertEquals(List.of(from), rows(c, "SELECT status FROM agents WHERE id = " + id));
          }
        }
      }
      // The message names the rule and the fix.
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> exec(c, "UPDATE agents SET status = 'active' WHERE id = 11"));
      assertTrue(
          e.getMessage()
              .contains(
                  "agent: completed -> active is not allowed; completed is final (more work is a"
                      + " new agent run: insert a new row)"),
          e.getMessage());
      // An unknown status is left to the CHECK, which names the column.
      e =
          assertThrows(
              SQLException.class,
              () -> exec(c, "UPDATE agents SET status = 'paused' WHERE id = 1"));
      assertTrue(e.getMessage().contains("agents_status"), e.getMessage());
      // An update of other columns of a finished run passes.
      exec(c, "UPDATE agents SET result_summary = 'done' WHERE id = 11");
    }
  }

  /**
   * A V8 database holding runs in every status (inserted as a seed or import does) migrates to V9
   * with its rows as they were; the rule then holds on them.
   */
  @Test
  void aV8DatabaseWithRunsInEveryStatusMigrates() throws Exception {
    Path db = dir.resolve("v8.db");
    List<String> before;
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos", upToV8()).migrate(c);
      exec(
          c,
          "INSERT INTO agents (id, agent_type, status, completed_at, result_summary) VALUES"
              + " (1, 'architect', 'provisioning', NULL, NULL), (2, 'janitor', 'active', NULL, NULL),"
              + " (3, 'researcher', 'completed', '2026-10-06T18:00:00Z', 'done'),"
              + " (4, 'researcher', 'failed', '2026-10-06T18:00:00Z', 'crashed')");
      // Before V9 the shell could move a finished run back: the hole V9 closes.
      exec(c, "UPDATE agents SET status = 'active' WHERE id = 3");
      exec(c, "UPDATE agents SET status = 'completed' WHERE id = 3");
      assertEquals(
          13, Migrator.forSet("mlos").pending(c).size(), "V9 to V21 are pending on a V8 database");
      before = rows(c, "SELECT * FROM agents ORDER BY id");
    }
    try (Connection c = Database.at(db).open(false)) {
      MigrationReport report = Migrator.forSet("mlos").migrate(c);
      assertEquals(
          List.of(
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
          report.applied().stream().map(Migration::label).toList());
      assertEquals(before, rows(c, "SELECT * FROM agents ORDER BY id"), "no row changed");
      assertEquals(List.of("ok"), rows(c, "PRAGMA integrity_check"));
      for (int id = 3; id <= 4; id++) {
        int finished = id;
        SQLException e =
            assertThrows(
                SQLException.class,
                () -> exec(c, "UPDATE agents SET status = 'active' WHERE id = " + finished));
        assertTrue(e.getMessage().contains("is final"), e.getMessage());
      }
      exec(c, "UPDATE agents SET status = 'active' WHERE id = 1");
      exec(c, "UPDATE agents SET status = 'completed' WHERE id = 2");
    }
  }

  /** A class loader that sees the mlos set's migrations V1 to V8, as mlos shipped them. */
  private ClassLoader upToV8() throws Exception {
    Path folder = dir.resolve("cp-v8/" + Migrator.ROOT + "mlos");
    Files.createDirectories(folder);
    List<String> names = new ArrayList<>();
    try (InputStream index =
        Migrator.class.getClassLoader().getResourceAsStream(Migrator.ROOT + "mlos/index.txt")) {
      for (String line : new String(index.readAllBytes(), "UTF-8").split("\n")) {
        if (line.matches("V[1-8]__.*")) {
          names.add(line.strip());
        }
      }
    }
    assertEquals(8, names.size(), names.toString());
    for (String name : names) {
      try (InputStream in =
          Migrator.class.getClassLoader().getResourceAsStream(Migrator.ROOT + "mlos/" + name)) {
        Files.write(folder.resolve(name), in.readAllBytes());
      }
    }
    Files.writeString(folder.resolve("index.txt"), String.join("\n", names) + "\n");
    return new URLClassLoader(new URL[] {dir.resolve("cp-v8").toUri().toURL()}, null);
  }
}
