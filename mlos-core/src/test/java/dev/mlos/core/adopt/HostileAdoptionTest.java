package dev.mlos.core.adopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TaskEngine databases that do not fit mlos's tasks table in ways the legacy table allowed: ids
 * that repeat or are not whole numbers, bytes where mlos keeps text, a line break in a path, names
 * mlos's schema gives its own objects. Each is named with its rows before anything is written, not
 * reported from inside the migration as mlos's own failure.
 */
class HostileAdoptionTest {
  @TempDir Path dir;

  private LegacyAdoptionException refused(Path db) {
    return assertThrows(
        LegacyAdoptionException.class,
        () -> new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null)));
  }

  private Path legacy(String... sql) throws Exception {
    Path db = dir.resolve("tasks.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
    return db;
  }

  private void assertUntouched(Path db, byte[] before) throws Exception {
    assertArrayEquals(before, Files.readAllBytes(db), "the database is byte for byte what it was");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(db), files.toList(), "no backup for an adoption that cannot start");
    }
  }

  @Test
  void idsThatRepeatOrAreNotWholeNumbersAreNamedByValue() throws Exception {
    Path db =
        legacy(
            "CREATE TABLE tasks (id, description TEXT, status TEXT)",
            "INSERT INTO tasks VALUES (1, 'a', 'open'), (1, 'a again', 'done'), (2, 'b', 'open'),"
                + " (2, 'b', 'open'), (2, 'b', 'open'), (3, 'c', 'open')",
            "INSERT INTO tasks VALUES ('7', 'text id', 'open'), (9.5, 'real id', 'open'),"
                + " ('abc', 'word id', 'open'), (NULL, 'no id', 'open')");
    byte[] before = Files.readAllBytes(db);

    LegacyAdoptionException e = refused(db);

    assertEquals(
        List.of(
            "id must be a whole number, as mlos keeps it as the task's id; it is '7', 'abc',"
                + " 9.5, NULL",
            "id must be unique, as mlos keeps it as the task's id; more than one row has id"
                + " 1 (2 rows), 2 (3 rows)"),
        e.problems());
    assertUntouched(db, before);
  }

  @Test
  void bytesWhereMlosKeepsTextAndALineBreakInAPathAreNamedWithTheirRows() throws Exception {
    Path db =
        legacy(
            "CREATE TABLE tasks (id INTEGER PRIMARY KEY, description TEXT, status TEXT,"
                + " created_at TEXT, source_transcript TEXT)",
            "INSERT INTO tasks VALUES (1, 'fine', 'open', '2026-01-01', 't/1.md')",
            "INSERT INTO tasks VALUES (2, X'00FF10', 'open', NULL, NULL)",
            "INSERT INTO tasks VALUES (3, 'x', 'open', X'3230', NULL)",
            "INSERT INTO tasks VALUES (4, 'x', 'open', NULL, 't/' || char(10) || '4.md')",
            // Bytes that are not UTF-8 but stored as text are text to SQLite: kept as they are.
            "INSERT INTO tasks VALUES (5, CAST(X'636166E9' AS TEXT), 'open', NULL, NULL)");
    byte[] before = Files.readAllBytes(db);

    LegacyAdoptionException e = refused(db);

    assertEquals(
        List.of(
            "description holds bytes (a BLOB) where mlos keeps text: CAST(description AS TEXT)"
                + " if they are text (row 2)",
            "created_at holds bytes (a BLOB) where mlos keeps text: CAST(created_at AS TEXT) if"
                + " they are text (row 3)",
            "source_transcript holds a control character (a line break, a tab, ...), which mlos"
                + " refuses in a path (row 4)"),
        e.problems());
    assertUntouched(db, before);
  }

  @Test
  void namesTheMlosSchemaGivesItsOwnObjectsAreNamedWithTheRename() throws Exception {
    Path db =
        legacy(
            "CREATE TABLE tasks (id INTEGER PRIMARY KEY, description TEXT, status TEXT)",
            "INSERT INTO tasks VALUES (1, 'a', 'open')",
            "CREATE TABLE artifacts (path TEXT)",
            "CREATE TABLE History (note TEXT)",
            "CREATE TRIGGER tasks_touch AFTER UPDATE ON tasks BEGIN SELECT 1; END",
            "CREATE INDEX idx_tasks_status ON tasks (status)");
    byte[] before = Files.readAllBytes(db);

    LegacyAdoptionException e = refused(db);

    assertEquals(
        List.of(
            "table History has a name the mlos schema gives its own table: rename it (ALTER TABLE"
                + " History RENAME TO my_History)",
            "table artifacts has a name the mlos schema gives its own table: rename it (ALTER"
                + " TABLE artifacts RENAME TO my_artifacts)",
            "trigger tasks_touch has a name the mlos schema gives its own trigger: rename it (drop"
                + " it and create it again under another name)"),
        e.problems());
    assertUntouched(db, before);
  }

  /**
   * A sprint context whose bytes are not UTF-8 was read into Java (which replaces such bytes) to
   * become the need's scope, so the legacy row no longer matched its need and was left out of the
   * tasks without a word: 3 of 4 rows adopted, under a need scoped by other bytes.
   */
  @Test
  void aSprintContextThatIsNotUtf8KeepsItsBytesAndEveryRow() throws Exception {
    Path db =
        legacy(
            "CREATE TABLE tasks (id INTEGER PRIMARY KEY, description TEXT, status TEXT,"
                + " sprint_context TEXT)",
            "INSERT INTO tasks VALUES (1, 'a', 'open', 's'), (2, 'b', 'done', NULL)",
            "INSERT INTO tasks VALUES (3, CAST(X'636166E9FF' AS TEXT), 'open', CAST(X'73FF' AS"
                + " TEXT)), (4, 'd', 'open', CAST(X'73FF' AS TEXT))");

    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      assertEquals(
          List.of("1|73|61", "2|null|62", "3|73FF|636166E9FF", "4|73FF|64"),
          lines(
              s,
              "SELECT t.id || '|' || iif(n.scope IS NULL, 'null', hex(n.scope)) || '|' || hex(t.description)"
                  + " FROM tasks t JOIN needs n ON n.id = t.need_id ORDER BY t.id"));
      assertEquals(
          List.of("null", "73", "73FF"),
          lines(s, "SELECT iif(scope IS NULL, 'null', hex(scope)) FROM needs ORDER BY scope"));
    }
  }

  /**
   * SQLite's ALTER TABLE RENAME points every view, foreign key and trigger that named tasks at
   * legacy_tasks: an application's view of open tasks went on reading the frozen legacy rows
   * without a word. The report names them.
   */
  @Test
  void viewsAndForeignKeysThatFollowedTheRenameAreNamed() throws Exception {
    Path db =
        legacy(
            "CREATE TABLE tasks (id INTEGER PRIMARY KEY, description TEXT, status TEXT)",
            "INSERT INTO tasks VALUES (1, 'a', 'open')",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, task_id INTEGER REFERENCES tasks (id))",
            "INSERT INTO notes VALUES (1, 1), (2, 42)",
            "CREATE VIEW open_tasks AS SELECT * FROM tasks WHERE status = 'open'");

    List<String> actions =
        new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null)).actions();

    assertEquals(
        "table notes, view open_tasks named tasks and now name legacy_tasks (SQLite renames"
            + " references with the table), so they read the adopted rows as they were, not mlos's"
            + " tasks: create them again over tasks if they should follow the work",
        actions.stream().filter(a -> a.contains("legacy_tasks (SQLite")).findFirst().orElse(""));
  }

  private static List<String> lines(Statement s, String sql) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    try (java.sql.ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
