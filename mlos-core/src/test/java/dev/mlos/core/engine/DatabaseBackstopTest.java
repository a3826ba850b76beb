package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database's backstops met by an engine write, per kind. The engine checks its rules first, in
 * one BEGIN IMMEDIATE transaction, so most of them only a fault of mlos reaches: those were refused
 * as the user's input with no fix ("refused (need.priority): the database refused the value of
 * needs.priority", "refused (need.exists): the need already exists", "refused (not_found): a row
 * this write points at does not exist", "refused (constraint): ..."). A rule on the user's values
 * that a trigger names was refused with its fix inside the message, and one the engine did not
 * check (a task's derived_from edge to its need) with no fix at all.
 */
class DatabaseBackstopTest {
  @TempDir Path dir;

  private SQLException failing(Statement s, String sql) {
    return assertThrows(SQLException.class, () -> s.execute(sql), sql);
  }

  @Test
  void checkUniqueAndForeignKeyConstraintsAreMlosOwnFault() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = ON");
      // A CHECK: the engine gives a priority only from 1 to 5.
      s.execute("INSERT INTO needs (title) VALUES ('n')");
      SQLException check = failing(s, "UPDATE needs SET priority = 9 WHERE id = 1");
      // UNIQUE and FOREIGN KEY of the mlos tables are met after a trigger's words for the same
      // rule; their own errors, as SQLite words them, on tables of the test's.
      s.execute("CREATE TABLE u (name TEXT UNIQUE)");
      s.execute("INSERT INTO u VALUES ('a')");
      SQLException unique = failing(s, "INSERT INTO u VALUES ('a')");
      s.execute("CREATE TABLE f (need_id INTEGER REFERENCES needs (id))");
      SQLException foreign = failing(s, "INSERT INTO f VALUES (999)");
      for (SQLException e : List.of(check, unique, foreign)) {
        assertTrue(DatabaseRefusals.ownFault(e), e.getMessage());
        assertNull(DatabaseRefusals.translate(e), "no refusal of the user's input: " + e);
      }
      // A trigger keeping how mlos writes a row: its ids, its history.
      for (String sql :
          List.of(
              "UPDATE needs SET id = 7 WHERE id = 1",
              "INSERT INTO needs (id, title) VALUES (1, 'again')",
              "UPDATE history SET actor = 'person:x'",
              "UPDATE agents SET assigned_tasks = 'x'")) {
        s.execute(
            "INSERT INTO agents (agent_type) SELECT 'coder' WHERE NOT EXISTS (SELECT 1 FROM agents)");
        SQLException e = failing(s, sql);
        assertTrue(DatabaseRefusals.ownFault(e), sql + ": " + e.getMessage());
        assertNull(DatabaseRefusals.translate(e), sql);
      }
    }
  }

  @Test
  void aTriggersRuleOnTheUsersValueIsARefusalWithItsFixOnTheFixLine() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      SQLException title =
          failing(s, "INSERT INTO needs (title) VALUES ('" + "t".repeat(501) + "')");
      assertFalse(DatabaseRefusals.ownFault(title));
      RefusedException r = DatabaseRefusals.translate(title);
      assertEquals("need.title", r.rule());
      assertEquals("need: title must be at most 500 characters", r.getMessage());
      assertEquals("shorten it; the rest belongs in description", r.fix());

      // A rule the trigger words without a fix: named, with the way on and the check mlos missed.
      s.execute("INSERT INTO needs (title) VALUES ('n')");
      SQLException move = failing(s, "UPDATE needs SET status = 'resolved' WHERE id = 1");
      assertFalse(DatabaseRefusals.ownFault(move));
      RefusedException m = DatabaseRefusals.translate(move);
      assertEquals("need.lifecycle", m.rule());
      assertEquals("need: identified -> resolved is not allowed", m.getMessage());
      assertEquals(DatabaseRefusals.UNCHECKED_FIX, m.fix());
    }
  }

  @Test
  void unrelatingATasksEdgeToItsOwnNeedIsRefusedByTheEngineWithAFix() {
    try (Engine engine =
        Engine.open(EngineDatabase.create(dir.resolve("mlos.db")), Actor.person("alice"))) {
      Need n = engine.createNeed(NeedSpec.titled("Boot"));
      engine.moveNeed(n.id(), "active", null);
      engine.moveNeed(n.id(), "actionable", null);
      Task t = engine.graduate(n.id(), List.of(TaskSpec.of("Do it"))).get(0);
      // It reached the database's trigger: 'refused (relationship.rule): relationship: the
      // derived_from edge of a task to its need is kept by mlos; it goes when the task is deleted'.
      RefusedException e =
          refused("relationship.kind", () -> engine.unrelate(t.ref(), n.ref(), "derived_from"));
      assertEquals(
          "task 1 derived_from need 1 is kept by mlos: it says which need the task was graduated"
              + " from, for as long as the task exists",
          e.getMessage());
      assertEquals(
          "leave it; to stop the work of the task, cancel it (it stays derived_from its need, as"
              + " history does)",
          e.fix());
      assertTrue(engine.getNeed(n.id()).edges().size() >= 1);
    }
  }

  @Test
  void relatingATaskAsDerivedFromAnotherNeedIsRefusedByTheEngineWithAFix() {
    try (Engine engine =
        Engine.open(EngineDatabase.create(dir.resolve("mlos.db")), Actor.person("alice"))) {
      Need n = engine.createNeed(NeedSpec.titled("Boot"));
      engine.moveNeed(n.id(), "active", null);
      engine.moveNeed(n.id(), "actionable", null);
      Task t = engine.graduate(n.id(), List.of(TaskSpec.of("Do it"))).get(0);
      Need other = engine.createNeed(NeedSpec.titled("Other"));
      // It reached the database's trigger: 'relationship: a task is derived_from its own need only
      // (tasks.need_id)', with no fix.
      RefusedException e =
          refused(
              "relationship.kind", () -> engine.relate(t.ref(), other.ref(), "derived_from", null));
      assertEquals(
          "task 1 is derived_from need 1, the need it was graduated from, and from no other",
          e.getMessage());
      assertEquals(
          "relate it to need 2 with another type (references, blocks or enables); for work of need"
              + " 2, graduate it into tasks of its own",
          e.fix());
      // Followed.
      engine.relate(t.ref(), other.ref(), "references", null);
    }
  }
}
