package dev.mlos.core.schema;

import static dev.mlos.core.db.JdbcRows.exec;
import static dev.mlos.core.db.JdbcRows.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.OldRows;
import dev.mlos.core.db.SqliteShell;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema mlos V19 and V20 through the sqlite3 shell, as an agent or a person writes: a need's title
 * or scope, a task's description, an artifact's title and a lens's scope of only spaces or
 * invisible characters (a zero-width space, a soft hyphen, a no-break space, tag characters, and
 * since V20 a blank braille cell and reserved default-ignorable code points) are refused on insert
 * and on update, with the engine's rule and the fix; the same characters beside visible text are
 * taken; a row that holds such a text already still changes its other columns.
 */
class ShownTextsSchemaTest {
  static final String TITLE =
      "need: title must show some text, not only spaces or invisible characters (need.title):"
          + " give the need a title";
  static final String SCOPE =
      "need: scope must show some text, not only spaces or invisible characters (need.scope):"
          + " name the scope, or set scope = NULL for none";
  static final String TASK =
      "task: description must show some text, not only spaces or invisible characters"
          + " (task.description): say what the task is";
  static final String ARTIFACT =
      "artifact: title must show some text, not only spaces or invisible characters"
          + " (artifact.text): give the artifact a title";
  static final String LENS =
      "lens: each scope must show some text, not only spaces or invisible characters"
          + " (lens.scopes): name the scope, or leave it out";

  /** Texts that show nothing, in SQL: a zero-width space, and so on, and mixes of them. */
  static final List<String> INVISIBLE =
      List.of(
          "char(8203)",
          "char(173)",
          "char(8288)",
          "char(160)",
          "char(8199)",
          "char(8239)",
          "char(65024)",
          "char(65039)",
          "char(12644)",
          "char(917505, 917601)",
          "char(32, 8203, 173, 8288, 160, 9)",
          // Since V20: a blank braille cell, reserved default-ignorable code points.
          "char(10240)",
          "char(10240, 10240, 32)",
          "char(917632)",
          "char(921599)",
          "char(65520)");

  @TempDir Path dir;

  Path database() throws Exception {
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      exec(
          c,
          "INSERT INTO needs (id, title, scope, status) VALUES (1, 'n', 'kernel', 'actionable')");
      exec(c, "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 't')");
      exec(c, "INSERT INTO artifacts (id, title) VALUES (1, 'a')");
      exec(
          c, "INSERT INTO lenses (id, agent_type, scopes) VALUES (1, 'architect', '[\"kernel\"]')");
    }
    return db;
  }

  static void refused(Path db, String sql, String message) {
    SqliteShell.Result r = SqliteShell.run(db, sql);
    assertFalse(r.ok(), "sqlite3 accepted: " + sql);
    assertTrue(r.err().contains(message), sql + ": " + r.err());
  }

  @Test
  void textsOfOnlyInvisibleCharactersAreRefusedOnInsertAndUpdate() throws Exception {
    Path db = database();
    for (String x : INVISIBLE) {
      refused(db, "INSERT INTO needs (title) VALUES (" + x + ");", TITLE);
      refused(db, "INSERT INTO needs (title, scope) VALUES ('n', " + x + ");", SCOPE);
      refused(db, "UPDATE needs SET title = " + x + " WHERE id = 1;", TITLE);
      refused(db, "UPDATE needs SET scope = " + x + " WHERE id = 1;", SCOPE);
      refused(db, "INSERT INTO tasks (need_id, description) VALUES (1, " + x + ");", TASK);
      refused(db, "UPDATE tasks SET description = " + x + " WHERE id = 1;", TASK);
      refused(db, "INSERT INTO artifacts (title) VALUES (" + x + ");", ARTIFACT);
      refused(db, "UPDATE artifacts SET title = " + x + " WHERE id = 1;", ARTIFACT);
      refused(
          db,
          "INSERT INTO lenses (agent_type, scopes) VALUES ('coder', json_array(" + x + "));",
          LENS);
      refused(db, "UPDATE lenses SET scopes = json_array('kernel', " + x + ") WHERE id = 1;", LENS);
    }
    try (Connection c = Database.at(db).open(false)) {
      assertEquals(
          List.of("n|kernel|t|a|[\"kernel\"]"),
          rows(
              c,
              "SELECT title, scope, (SELECT group_concat(description) FROM tasks),"
                  + " (SELECT group_concat(title) FROM artifacts),"
                  + " (SELECT group_concat(scopes) FROM lenses) FROM needs"),
          "nothing written");
    }
  }

  @Test
  void invisibleCharactersBesideVisibleTextAreTaken() throws Exception {
    Path db = database();
    String[] taken = {
      "INSERT INTO needs (title, scope) VALUES ('a' || char(8205) || 'b', char(8203) || 'k');",
      "INSERT INTO needs (title) VALUES (char(1605, 1740, 8204, 1582, 1608, 1575, 1607, 1605));",
      "INSERT INTO needs (title) VALUES (char(128105, 8205, 128103));",
      "UPDATE needs SET title = 'x' || char(160) WHERE id = 1;",
      "INSERT INTO tasks (need_id, description) VALUES (1, char(173) || 'do');",
      "INSERT INTO artifacts (title) VALUES ('r' || char(65039));",
      "UPDATE lenses SET scopes = json_array('kernel', 'a' || char(8203)) WHERE id = 1;"
    };
    for (String sql : taken) {
      SqliteShell.Result r = SqliteShell.run(db, sql);
      assertTrue(r.ok(), sql + ": " + r.err());
    }
  }

  /**
   * A row from before V19 (written with its triggers off) keeps its text and still changes status
   * and priority; its text changes only to one that shows.
   */
  @Test
  void aRowThatHoldsSuchATextAlreadyStillChanges() throws Exception {
    Path db = database();
    OldRows.write(db, "UPDATE needs SET title = char(8203), scope = char(173) WHERE id = 1");
    SqliteShell.Result r =
        SqliteShell.run(
            db, "UPDATE needs SET priority = 2, title = title, scope = scope WHERE id = 1;");
    assertTrue(r.ok(), r.err());
    refused(db, "UPDATE needs SET title = char(173) WHERE id = 1;", TITLE);
    SqliteShell.Result named =
        SqliteShell.run(db, "UPDATE needs SET title = 'named' WHERE id = 1;");
    assertTrue(named.ok(), named.err());
  }
}
