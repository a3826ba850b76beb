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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema mlos V13: every text the engine limits keeps its limit (counted in characters, as the
 * engine counts them), and a title, a task's description and a scope are not blank, whoever writes:
 * JDBC on a real file, and the sqlite3 shell. A row written before V13 keeps its text and can still
 * change its other columns.
 */
class TextLimitsSchemaTest {
  /** A fox emoji: one character, two UTF-16 units, four bytes of UTF-8. */
  static final String FOX = "\uD83E\uDD8A";

  /**
   * One limited text: {@code before} (or null) runs first, then {@code insert} with the text as its
   * one parameter ({@code ?}); {@code json} texts are written as a JSON string of that length;
   * {@code anyText} is false where another rule takes only a-z.
   */
  record Limit(
      String before, String insert, int max, String message, boolean json, boolean anyText) {
    Limit(String insert, int max, String message) {
      this(null, insert, max, message, false, true);
    }

    String text(String unit, int n) {
      return json ? "\"" + unit.repeat(n - 2) + "\"" : unit.repeat(n);
    }

    /** The same text in SQL, for the shell: {@code n} x's. */
    String sql(int n) {
      String fill = "replace(hex(zeroblob(" + (json ? n - 2 : n) + ")), '00', 'x')";
      return json ? "'\"' || " + fill + " || '\"'" : fill;
    }
  }

  static final List<Limit> LIMITS =
      List.of(
          new Limit(
              "INSERT INTO needs (title) VALUES (?)",
              500,
              "need: title must be at most 500 characters (need.title): shorten it; the rest"
                  + " belongs in description"),
          new Limit(
              "INSERT INTO needs (title, scope) VALUES ('n', ?)",
              200,
              "need: scope must be at most 200 characters (need.scope): shorten it, or set scope"
                  + " = NULL for none"),
          new Limit(
              "INSERT INTO needs (title, description) VALUES ('n', ?)",
              100_000,
              "need: description must be at most 100000 characters (need.text): shorten it, or"
                  + " keep the long text in a file registered as an artifact"),
          new Limit(
              "INSERT INTO needs (title, source_transcript) VALUES ('n', ?)",
              100_000,
              "need: source_transcript must be at most 100000 characters (need.text): name the"
                  + " transcript by its path or URL"),
          new Limit(
              "INSERT INTO tasks (need_id, description) VALUES (1, ?)",
              500,
              "task: description must be at most 500 characters (task.description): shorten it;"
                  + " the rest belongs in the need's description"),
          new Limit(
              "INSERT INTO tasks (need_id, description, result) VALUES (1, 't', ?)",
              100_000,
              "task: result must be at most 100000 characters (task.text): shorten it, or keep"
                  + " the long text in a file registered as an artifact"),
          new Limit(
              "INSERT INTO artifacts (title) VALUES (?)",
              500,
              "artifact: title must be at most 500 characters (artifact.text): shorten it; the"
                  + " rest belongs in description"),
          new Limit(
              "INSERT INTO artifacts (title, description) VALUES ('a', ?)",
              100_000,
              "artifact: description must be at most 100000 characters (artifact.text): shorten"
                  + " it; the artifact's file holds the long text"),
          new Limit(
              "INSERT INTO artifacts (title, source_transcript) VALUES ('a', ?)",
              100_000,
              "artifact: source_transcript must be at most 100000 characters (artifact.text):"
                  + " name the transcript by its path or URL"),
          new Limit(
              null,
              "INSERT INTO agents (agent_type) VALUES (?)",
              64,
              "agent: agent_type must be at most 64 characters (agent.type): shorten it",
              false,
              false),
          new Limit(
              "INSERT INTO agents (agent_type, kernel_version) VALUES ('a', ?)",
              200,
              "agent: kernel_version must be at most 200 characters (agent.text): shorten it"),
          new Limit(
              "INSERT INTO agents (agent_type, session_transcript) VALUES ('a', ?)",
              100_000,
              "agent: session_transcript must be at most 100000 characters (agent.text): name the"
                  + " transcript by its path or URL"),
          new Limit(
              "INSERT INTO agents (agent_type, result_summary) VALUES ('a', ?)",
              100_000,
              "agent: result_summary must be at most 100000 characters (agent.text): shorten it,"
                  + " or keep the long text in a file registered as an artifact"),
          new Limit(
              "INSERT INTO needs (title) VALUES ('target');",
              "INSERT INTO relationships (source_type, source_id, target_type, target_id,"
                  + " relationship_type, metadata) VALUES ('need', 1, 'need', (SELECT max(id) FROM"
                  + " needs), 'references', ?)",
              100_000,
              "relationship: metadata must be at most 100000 characters (relationship.metadata):"
                  + " shorten it; a long text belongs in an artifact the edge points at",
              true,
              true),
          new Limit(
              null,
              "INSERT INTO lenses (agent_type) VALUES (?)",
              64,
              "lens: agent_type must be at most 64 characters (agent.type): shorten it",
              false,
              false),
          new Limit(
              "INSERT INTO lenses (agent_type, scopes) VALUES ('t' || abs(random()),"
                  + " json_array('ok', ?))",
              200,
              "lens: each scope must be at most 200 characters (lens.scopes): shorten it"),
          new Limit(
              "INSERT INTO lenses (agent_type, weights) VALUES ('t' || abs(random()),"
                  + " json_object('scope:' || ?, 2))",
              200,
              "lens: a scope:<scope> weight key must be at most 206 characters, its scope at most"
                  + " 200 (lens.weights): shorten it"),
          new Limit(
              "DELETE FROM write_context;",
              "INSERT INTO write_context (id, actor, session) VALUES (1, 'tool:t', ?)",
              500,
              "history: write_context.session must be at most 500 characters (actor): shorten it",
              false,
              true),
          new Limit(
              "DELETE FROM write_context;",
              "INSERT INTO write_context (id, actor, reason) VALUES (1, 'tool:t', ?)",
              500,
              "history: write_context.reason must be at most 500 characters (actor): shorten it",
              false,
              true),
          new Limit(
              "DELETE FROM write_context;",
              "INSERT INTO write_context (id, actor) VALUES (1, 'tool:' || ?)",
              102,
              "history: write_context.actor must be at most 107 characters, kind:name with a name"
                  + " of at most 100 (actor): shorten the name",
              false,
              true));

  /** Each text that must not be blank: an insert with the text as its one parameter. */
  record Required(String insert, String message) {}

  static final List<Required> REQUIRED =
      List.of(
          new Required(
              "INSERT INTO needs (title) VALUES (?)",
              "need: title must not be empty or blank (need.title): give the need a title"),
          new Required(
              "INSERT INTO needs (title, scope) VALUES ('n', ?)",
              "need: scope must not be empty or blank (need.scope): name the scope, or set scope ="
                  + " NULL for none"),
          new Required(
              "INSERT INTO tasks (need_id, description) VALUES (1, ?)",
              "task: description must not be empty or blank (task.description): say what the task"
                  + " is"),
          new Required(
              "INSERT INTO artifacts (title) VALUES (?)",
              "artifact: title must not be empty or blank (artifact.text): give the artifact a"
                  + " title"),
          new Required(
              "INSERT INTO lenses (agent_type, scopes) VALUES ('t' || abs(random()),"
                  + " json_array('ok', ?))",
              "lens: each scope must not be empty or blank (lens.scopes): name the scope, or leave"
                  + " it out"));

  /** Blank as Java's isBlank() has it (the characters V11 refuses anyway are left out). */
  static final List<String> BLANK =
      List.of("", " ", "   ", "\u3000", "\u1680", "\u2000\u2006", "\u2008\u200A", " \u205F ");

  /**
   * Text beside spaces or invisible characters. A text of only no-break spaces or a zero-width
   * space is not blank to V13 but shows nothing, and V19 refuses it (ShownTextsSchemaTest).
   */
  static final List<String> NOT_BLANK =
      List.of("\u00A0x", "x\u2007", "\u202Fx\u202F", "a\u200Bb", " x ");

  @TempDir Path dir;

  @Test
  void eachLimitTakesItsLengthAndRefusesOneMoreThroughJdbc() throws Exception {
    try (Connection c = Database.at(dir.resolve("a.db")).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      exec(c, "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable')");
      for (Limit l : LIMITS) {
        List<String> units = l.anyText() ? List.of("x", FOX) : List.of("x");
        for (String unit : units) {
          write(c, l, l.text(unit, l.max()));
          SQLException e =
              assertThrows(
                  SQLException.class, () -> write(c, l, l.text(unit, l.max() + 1)), l.insert());
          assertTrue(e.getMessage().contains(l.message()), e.getMessage());
        }
      }
      // Characters, as the engine counts them: 500 emoji are 1,000 UTF-16 units and 2,000 bytes.
      assertEquals(
          List.of("500|2000"),
          rows(c, "SELECT length(title), length(CAST(title AS BLOB)) FROM needs WHERE id = 3"));
    }
  }

  @Test
  void aBlankTitleTaskDescriptionOrScopeIsRefusedThroughJdbc() throws Exception {
    try (Connection c = Database.at(dir.resolve("b.db")).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      exec(c, "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable')");
      for (Required r : REQUIRED) {
        for (String blank : BLANK) {
          SQLException e =
              assertThrows(SQLException.class, () -> insert(c, r.insert(), blank), r + blank);
          assertTrue(e.getMessage().contains(r.message()), e.getMessage());
        }
        for (String text : NOT_BLANK) {
          insert(c, r.insert(), text);
        }
      }
      // A NULL scope is no scope, and stays allowed.
      exec(c, "INSERT INTO needs (title, scope) VALUES ('n', NULL)");
      // An update of the text is judged as an insert is; of another column, not at all.
      SQLException e =
          assertThrows(
              SQLException.class, () -> exec(c, "UPDATE needs SET title = ' ' WHERE id = 1"));
      assertTrue(e.getMessage().contains("(need.title)"), e.getMessage());
      e =
          assertThrows(
              SQLException.class,
              () ->
                  exec(
                      c,
                      "UPDATE tasks SET description = replace(hex(zeroblob(501)), '00', 'x')"
                          + " WHERE id = 1"));
      assertTrue(e.getMessage().contains("(task.description)"), e.getMessage());
      exec(c, "UPDATE needs SET priority = 2 WHERE id = 1");
    }
  }

  /** length() stops at a NUL: a text holding one is judged by its bytes. */
  @Test
  void aNulDoesNotHideTheRestOfTheText() throws Exception {
    try (Connection c = Database.at(dir.resolve("n.db")).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      SQLException e =
          assertThrows(
              SQLException.class,
              () ->
                  insert(
                      c,
                      "INSERT INTO needs (title, description) VALUES ('n', ?)",
                      "a\u0000" + "x".repeat(100_000)));
      assertTrue(e.getMessage().contains("(need.text)"), e.getMessage());
      insert(c, "INSERT INTO needs (title, description) VALUES ('n', ?)", "a\u0000b");
    }
  }

  @Test
  void theListsTakeAtMostOneHundred() throws Exception {
    try (Connection c = Database.at(dir.resolve("l.db")).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      String[][] lists = {
        {"INSERT INTO needs (title, tags) VALUES ('n', ?)", "array", "t", "(need.tags)"},
        {
          "INSERT INTO lenses (agent_type, tags) VALUES ('t' || abs(random()), ?)",
          "array",
          "t",
          "(lens.tags)"
        },
        {
          "INSERT INTO lenses (agent_type, scopes) VALUES ('t' || abs(random()), ?)",
          "array",
          "s",
          "(lens.scopes)"
        },
        {
          "INSERT INTO lenses (agent_type, weights) VALUES ('t' || abs(random()), ?)",
          "object",
          "scope:s",
          "(lens.scopes)"
        }
      };
      for (String[] l : lists) {
        insert(c, l[0], list(l[1], l[2], 100));
        SQLException e =
            assertThrows(SQLException.class, () -> insert(c, l[0], list(l[1], l[2], 101)), l[0]);
        assertTrue(e.getMessage().contains(l[3]), e.getMessage());
      }
    }
  }

  /** Every refusal through the plain shell, with foreign keys off (its default) and on. */
  @Test
  void theShellIsRefusedTheSame() throws Exception {
    Path db = dir.resolve("s.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      exec(c, "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable')");
    }
    for (Limit l : LIMITS) {
      String before = l.before() == null ? "" : l.before() + " ";
      SqliteShell.Result ok =
          SqliteShell.run(db, before + l.insert().replace("?", l.sql(l.max())) + ";");
      assertTrue(ok.ok(), l.insert() + ": " + ok.err());
      for (String fk : new String[] {"", "PRAGMA foreign_keys = ON; "}) {
        SqliteShell.Result r =
            SqliteShell.run(db, fk + before + l.insert().replace("?", l.sql(l.max() + 1)) + ";");
        assertFalse(r.ok(), "sqlite3 accepted: " + l.insert());
        assertTrue(r.err().contains(l.message()), r.err());
      }
    }
    for (Required q : REQUIRED) {
      for (String blank : new String[] {"''", "'  '", "char(12288)"}) {
        SqliteShell.Result r = SqliteShell.run(db, q.insert().replace("?", blank) + ";");
        assertFalse(r.ok(), "sqlite3 accepted: " + q.insert() + " " + blank);
        assertTrue(r.err().contains(q.message()), r.err());
      }
    }
  }

  /**
   * A V12 database holding such texts (written through the shell before V13) migrates with its rows
   * as they were; their other columns still change, the text itself only to one the limit takes.
   */
  @Test
  void aV12DatabaseWithSuchTextsMigratesAndItsRowsStillChange() throws Exception {
    Path db = dir.resolve("v12.db");
    List<String> before;
    String select =
        "SELECT length(title), scope, length(description) FROM needs UNION ALL SELECT"
            + " length(description), status, length(result) FROM tasks UNION ALL SELECT title,"
            + " description, NULL FROM artifacts UNION ALL SELECT agent_type,"
            + " length(kernel_version), status FROM agents";
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos", upToV12()).migrate(c);
      exec(
          c,
          "INSERT INTO needs (id, title, status, scope, description) VALUES (1,"
              + " replace(hex(zeroblob(600)), '00', 'x'), 'actionable', ' ',"
              + " replace(hex(zeroblob(100001)), '00', 'd'))");
      exec(
          c,
          "INSERT INTO tasks (id, need_id, description, result) VALUES (1, 1, '',"
              + " replace(hex(zeroblob(100001)), '00', 'r'))");
      exec(c, "INSERT INTO artifacts (id, title) VALUES (1, '   ')");
      exec(
          c,
          "INSERT INTO agents (id, agent_type, kernel_version) VALUES (1, 'architect',"
              + " replace(hex(zeroblob(201)), '00', 'k'))");
      assertEquals(9, Migrator.forSet("mlos").pending(c).size(), "V13 to V21 are pending on V12");
      before = rows(c, select);
    }
    try (Connection c = Database.at(db).open(false)) {
      MigrationReport report = Migrator.forSet("mlos").migrate(c);
      assertEquals(
          List.of(
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
      assertEquals(before, rows(c, select), "no row changed");
      assertEquals(List.of("ok"), rows(c, "PRAGMA integrity_check"));
    }
    // Through the shell, as the rows were written: other columns change, the old text stays.
    String[] pass = {
      "UPDATE needs SET priority = 2 WHERE id = 1;",
      "UPDATE needs SET title = title, scope = scope, description = description WHERE id = 1;",
      "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = 1;",
      "UPDATE tasks SET description = description, result = result, priority = 3 WHERE id = 1;",
      "UPDATE artifacts SET description = 'd', title = title WHERE id = 1;",
      "UPDATE agents SET status = 'active', kernel_version = kernel_version WHERE id = 1;"
    };
    for (String sql : pass) {
      SqliteShell.Result r = SqliteShell.run(db, sql);
      assertTrue(r.ok(), sql + ": " + r.err());
    }
    String[][] refused = {
      {
        "UPDATE needs SET title = replace(hex(zeroblob(501)), '00', 'y') WHERE id = 1;",
        "(need.title): shorten it"
      },
      {"UPDATE needs SET scope = char(12288) WHERE id = 1;", "(need.scope): name the scope"},
      {
        "UPDATE needs SET description = description || 'more' WHERE id = 1;",
        "(need.text): shorten it"
      },
      {"UPDATE tasks SET description = ' ' WHERE id = 1;", "(task.description): say what"},
      {"UPDATE tasks SET result = result || '!' WHERE id = 1;", "(task.text): shorten it"},
      {"UPDATE artifacts SET title = '' WHERE id = 1;", "(artifact.text): give the artifact"},
      {
        "UPDATE agents SET kernel_version = kernel_version || '1' WHERE id = 1;",
        "(agent.text): shorten it"
      }
    };
    for (String[] r : refused) {
      for (String fk : new String[] {"", "PRAGMA foreign_keys = ON; "}) {
        SqliteShell.Result res = SqliteShell.run(db, fk + r[0]);
        assertFalse(res.ok(), "sqlite3 accepted: " + r[0]);
        assertTrue(res.err().contains(r[1]), res.err());
      }
    }
    try (Connection c = Database.at(db).open(false)) {
      assertEquals(
          List.of(
              "600| |100001|2",
              "0|assigned|100001|3",
              "   |d|null|null",
              "architect|201|active|null"),
          rows(
              c,
              "SELECT length(title), scope, length(description), priority FROM needs UNION ALL"
                  + " SELECT length(description), status, length(result), priority FROM tasks"
                  + " UNION ALL SELECT title, description, NULL, NULL FROM artifacts UNION ALL"
                  + " SELECT agent_type, length(kernel_version), status, NULL FROM agents"),
          "the old texts are kept, the other columns changed");
    }
    // The text itself takes one within the limit.
    SqliteShell.Result fixed =
        SqliteShell.run(
            db,
            "UPDATE needs SET title = 'short', scope = 'kernel' WHERE id = 1;"
                + " UPDATE tasks SET description = 'do it' WHERE id = 1;"
                + " UPDATE artifacts SET title = 'Notes' WHERE id = 1;"
                + " SELECT title || '|' || scope FROM needs;");
    assertTrue(fixed.ok(), fixed.err());
    assertEquals("short|kernel", fixed.out().strip());
  }

  /** A class loader that sees the mlos set's migrations V1 to V12, as mlos shipped them. */
  private ClassLoader upToV12() throws Exception {
    Path folder = dir.resolve("cp-v12/" + Migrator.ROOT + "mlos");
    Files.createDirectories(folder);
    List<String> names = new ArrayList<>();
    try (InputStream index =
        Migrator.class.getClassLoader().getResourceAsStream(Migrator.ROOT + "mlos/index.txt")) {
      for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.matches("V([1-9]|1[0-2])__.*")) {
          names.add(line.strip());
        }
      }
    }
    assertEquals(12, names.size(), names.toString());
    for (String name : names) {
      try (InputStream in =
          Migrator.class.getClassLoader().getResourceAsStream(Migrator.ROOT + "mlos/" + name)) {
        Files.write(folder.resolve(name), in.readAllBytes());
      }
    }
    Files.writeString(folder.resolve("index.txt"), String.join("\n", names) + "\n");
    return new URLClassLoader(new URL[] {dir.resolve("cp-v12").toUri().toURL()}, null);
  }

  /** A JSON array (or object of keys) of {@code n} distinct items {@code prefix0}, .... */
  private static String list(String kind, String prefix, int n) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add("\"" + prefix + i + "\"" + (kind.equals("object") ? ": 1" : ""));
    }
    return (kind.equals("object") ? "{" : "[")
        + String.join(", ", items)
        + (kind.equals("object") ? "}" : "]");
  }

  private static void write(Connection c, Limit l, String text) throws SQLException {
    if (l.before() != null) {
      exec(c, l.before());
    }
    insert(c, l.insert(), text);
  }
}
