package dev.mlos.core.schema;

import static dev.mlos.core.db.JdbcRows.exec;
import static dev.mlos.core.db.JdbcRows.insert;
import static dev.mlos.core.db.JdbcRows.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema mlos V11: the one-line texts (a need's title and scope, a task's description, an
 * artifact's title, a lens's scopes and scope: weight keys) hold none of the characters the engine
 * refuses in them, whoever writes: JDBC on a real file, and the sqlite3 shell. A row written before
 * V11 keeps its text and can still change its other columns.
 */
class OneLineTextsSchemaTest {
  /**
   * The characters the engine's title rule refuses, one of each kind and the ends of each range.
   */
  static final List<String> REFUSED =
      List.of(
          "\u0000", "\u0001", "\t", "\n", "\r", "\u001B", "\u001F", "\u007F", "\u0085", "\u009F",
          "\u2028", "\u2029", "\u202A", "\u202E", "\u2066", "\u2069", "\uFEFF");

  /** Next to them, and allowed by the engine too. */
  static final List<String> ALLOWED =
      List.of(
          " ",
          "\u00A0",
          "\u00E9",
          "\u200B",
          "\u200E",
          "\u200F",
          "\u2027",
          "\u202F",
          "\u2065",
          "\u206A",
          "\uFEFE",
          "\uFF00",
          "\uD83E\uDD8A");

  static final String REMOVE =
      ": remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph"
          + " separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069)"
          + " and U+FEFF";

  /** Each one-line field: an insert with the text as its one parameter, and the refusal. */
  record Field(String insert, String message) {}

  static final List<Field> FIELDS =
      List.of(
          new Field(
              "INSERT INTO needs (title) VALUES (?)",
              "need: title must be one line of text (need.title)" + REMOVE),
          new Field(
              "INSERT INTO needs (title, scope) VALUES ('n', ?)",
              "need: scope must be one line of text (need.scope)" + REMOVE),
          new Field(
              "INSERT INTO tasks (need_id, description) VALUES (1, ?)",
              "task: description must be one line of text (task.description)" + REMOVE),
          new Field(
              "INSERT INTO artifacts (title) VALUES (?)",
              "artifact: title must be one line of text (artifact.text)" + REMOVE),
          new Field(
              "INSERT INTO lenses (agent_type, scopes) VALUES ('t' || abs(random()),"
                  + " json_array('ok', ?))",
              "lens: each scope must be one line of text (lens.scopes)" + REMOVE),
          new Field(
              "INSERT INTO lenses (agent_type, weights) VALUES ('t' || abs(random()),"
                  + " json_object('scope:' || ?, 2))",
              "lens: a scope:<scope> weight key must be one line of text (lens.weights)" + REMOVE));

  @TempDir Path dir;

  @Test
  void everyOneLineFieldRefusesTheEnginesCharactersThroughJdbc() throws Exception {
    try (Connection c = Database.at(dir.resolve("a.db")).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      exec(c, "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable')");
      for (Field f : FIELDS) {
        for (String ch : REFUSED) {
          SQLException e =
              assertThrows(
                  SQLException.class, () -> insert(c, f.insert(), "a" + ch + "b"), f + " " + ch);
          assertTrue(e.getMessage().contains(f.message()), e.getMessage());
        }
        for (String ch : ALLOWED) {
          insert(c, f.insert(), "a" + ch + "b");
        }
      }
      assertEquals(
          List.of("need|" + (1 + ALLOWED.size() * 2), "task|" + ALLOWED.size()),
          rows(
              c,
              "SELECT 'need', count(*) FROM needs UNION ALL SELECT 'task', count(*) FROM tasks"));
      // An update of the text is judged as an insert is.
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> exec(c, "UPDATE needs SET title = 'x' || char(8238) || 'y' WHERE id = 1"));
      assertTrue(e.getMessage().contains("(need.title)"), e.getMessage());
      e =
          assertThrows(
              SQLException.class,
              () -> exec(c, "UPDATE tasks SET description = 'x' || char(10) || 'y' WHERE id = 1"));
      assertTrue(e.getMessage().contains("(task.description)"), e.getMessage());
    }
  }

  /**
   * A V10 database holding such texts (written through the shell before V11) migrates with its rows
   * as they were; their other columns still change, the text itself only to one line.
   */
  @Test
  void aV10DatabaseWithSuchTextsMigratesAndItsRowsStillChange() throws Exception {
    Path db = dir.resolve("v10.db");
    List<String> before;
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos", upToV10()).migrate(c);
      exec(
          c,
          "INSERT INTO needs (id, title, status, scope) VALUES"
              + " (1, 'two' || char(10) || 'lines', 'actionable', 'sc' || char(8294) || 'ope')");
      exec(
          c,
          "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 'a' || char(8238) || 'b')");
      exec(c, "INSERT INTO artifacts (id, title) VALUES (1, 'bom' || char(65279))");
      exec(
          c,
          "INSERT INTO lenses (id, agent_type, scopes, weights) VALUES (1, 'architect',"
              + " json_array('x' || char(9) || 'y'), json_object('scope:x' || char(9) || 'y', 2))");
      assertEquals(
          11,
          Migrator.forSet("mlos").pending(c).size(),
          "V11 to V21 are pending on a V10 database");
      before = rows(c, "SELECT title, scope FROM needs UNION ALL SELECT description, 0 FROM tasks");
    }
    try (Connection c = Database.at(db).open(false)) {
      MigrationReport report = Migrator.forSet("mlos").migrate(c);
      assertEquals(
          List.of(
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
      assertEquals(
          before,
          rows(c, "SELECT title, scope FROM needs UNION ALL SELECT description, 0 FROM tasks"),
          "no row changed");
      assertEquals(List.of("ok"), rows(c, "PRAGMA integrity_check"));
    }
    // Through the shell, as the rows were written: other columns change, the old text stays.
    String[] pass = {
      "UPDATE needs SET priority = 2 WHERE id = 1;",
      "UPDATE needs SET title = title, scope = scope WHERE id = 1;",
      "INSERT INTO agents (id, agent_type) VALUES (1, 'architect');",
      "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = 1;",
      "UPDATE tasks SET description = description, result = 'r' WHERE id = 1;",
      "UPDATE artifacts SET description = 'd', title = title WHERE id = 1;",
      "UPDATE lenses SET scopes = json_insert(scopes, '$[#]', 'kernel'),"
          + " weights = json_set(weights, '$.\"tag:kernel\"', 3), token_budget = 100 WHERE id = 1;"
    };
    for (String sql : pass) {
      SqliteShell.Result r = SqliteShell.run(db, sql);
      assertTrue(r.ok(), sql + ": " + r.err());
    }
    String[][] refused = {
      {"UPDATE needs SET title = 'still' || char(10) || 'two' WHERE id = 1;", "(need.title)"},
      {"UPDATE needs SET scope = 'sc' || char(8297) || 'ope' WHERE id = 1;", "(need.scope)"},
      {
        "UPDATE tasks SET description = 'a' || char(8237) || 'b' WHERE id = 1;",
        "(task.description)"
      },
      {"UPDATE artifacts SET title = char(65279) || 'bom' WHERE id = 1;", "(artifact.text)"},
      {
        "UPDATE lenses SET scopes = json_insert(scopes, '$[#]', 'n' || char(10)) WHERE id = 1;",
        "(lens.scopes)"
      },
      {
        "UPDATE lenses SET weights = json_set(weights, '$.\"scope:n' || char(13) || '\"', 1)"
            + " WHERE id = 1;",
        "(lens.weights)"
      }
    };
    for (String[] r : refused) {
      for (String fk : new String[] {"", "PRAGMA foreign_keys = ON; "}) {
        SqliteShell.Result res = SqliteShell.run(db, fk + r[0]);
        assertFalse(res.ok(), "sqlite3 accepted: " + r[0]);
        assertTrue(res.err().contains(r[1] + REMOVE), res.err());
      }
    }
    try (Connection c = Database.at(db).open(false)) {
      assertEquals(
          List.of(
              "two\nlines|sc\u2066ope|2",
              "a\u202Eb|assigned|r",
              "bom\uFEFF|d|null",
              "[\"x\\ty\",\"kernel\"]|{\"scope:x\\ty\":2,\"tag:kernel\":3}|100"),
          rows(
              c,
              "SELECT title, scope, priority FROM needs UNION ALL SELECT description, status,"
                  + " result FROM tasks UNION ALL SELECT title, description, NULL FROM artifacts"
                  + " UNION ALL SELECT scopes, weights, token_budget FROM lenses"),
          "the old texts are kept, the other columns changed");
    }
    // The text itself takes one line.
    SqliteShell.Result fixed =
        SqliteShell.run(
            db,
            "UPDATE needs SET title = 'two lines', scope = 'scope' WHERE id = 1;"
                + " UPDATE tasks SET description = 'ab' WHERE id = 1;"
                + " SELECT title || '|' || scope FROM needs;");
    assertTrue(fixed.ok(), fixed.err());
    assertEquals("two lines|scope", fixed.out().strip());
  }

  /** A class loader that sees the mlos set's migrations V1 to V10, as mlos shipped them. */
  private ClassLoader upToV10() throws Exception {
    Path folder = dir.resolve("cp-v10/" + Migrator.ROOT + "mlos");
    Files.createDirectories(folder);
    List<String> names = new ArrayList<>();
    try (InputStream index =
        Migrator.class.getClassLoader().getResourceAsStream(Migrator.ROOT + "mlos/index.txt")) {
      for (String line : new String(index.readAllBytes(), "UTF-8").split("\n")) {
        if (line.matches("V([1-9]|10)__.*")) {
          names.add(line.strip());
        }
      }
    }
    assertEquals(10, names.size(), names.toString());
    for (String name : names) {
      try (InputStream in =
          Migrator.class.getClassLoader().getResourceAsStream(Migrator.ROOT + "mlos/" + name)) {
        Files.write(folder.resolve(name), in.readAllBytes());
      }
    }
    Files.writeString(folder.resolve("index.txt"), String.join("\n", names) + "\n");
    return new URLClassLoader(new URL[] {dir.resolve("cp-v10").toUri().toURL()}, null);
  }
}
