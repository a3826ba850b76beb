package dev.mlos.core.dbtext;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.OldRows;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.guard.GuardWorkspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTextTest {
  @TempDir Path dir;

  private static String dump(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly()) {
      return DatabaseText.dump(c, db);
    }
  }

  private static List<String> shared(String dump) {
    return dump.lines()
        .filter(
            l ->
                !l.matches(
                    "(?s)INSERT INTO (mlos_changes|mlos_compile_reads|ready_items|ready_counts) .*"))
        .filter(l -> !l.startsWith("INSERT INTO sqlite_sequence VALUES('mlos_changes'"))
        .toList();
  }

  private GuardWorkspace compiled() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.sql(
        "UPDATE needs SET description = 'Two lines,' || char(10) || 'it''s ''quoted''' || char(13) || char(10) || 'end' WHERE id = 2",
        "DELETE FROM tasks WHERE id = 1",
        "INSERT INTO tasks (need_id, description, status, priority, created_at, updated_at) VALUES"
            + " (1, 'Second try', 'open', 1, '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z')");
    w.compile();
    return w;
  }

  @Test
  void theTextIsCanonicalOneRowPerLineAndRebuildsTheSameDatabase() throws Exception {
    GuardWorkspace w = compiled();
    String text = dump(w.db);
    assertEquals(text, dump(w.db), "the same database gives the same bytes");
    assertTrue(text.startsWith(DatabaseText.HEADER + "\n"));
    long needRows = text.lines().filter(l -> l.startsWith("INSERT INTO \"needs\" VALUES(")).count();
    assertEquals(3, needRows, "one line per row");
    assertTrue(
        text.contains(",('Two lines,'||char(10)||'it''s ''quoted'''||char(13)||char(10)||'end'),"),
        text);
    assertTrue(
        text.lines().anyMatch(l -> l.startsWith("INSERT INTO sqlite_sequence VALUES('tasks',")),
        text);

    Path restored = dir.resolve("clone/mlos.db");
    Files.createDirectories(restored.getParent());
    Path textFile = DatabaseText.fileOf(restored);
    Files.writeString(textFile, text, StandardCharsets.UTF_8);
    DatabaseText.restore(textFile, restored);

    assertEquals(text, dump(restored));
    // The sqlite3 shell sees the same schema and data (its .dump of both is identical), but for
    // what
    // the text form leaves out on purpose: the change log and the last compile's place in it (this
    // file's own history) and ready work's rows (computed again by the restore, perhaps in another
    // order).
    assertEquals(
        shared(SqliteShell.run(w.db, ".dump").out()),
        shared(SqliteShell.run(restored, ".dump").out()));
    // Restoring fired no trigger: the history has exactly the original rows.
    assertEquals(
        SqliteShell.run(w.db, "SELECT count(*) FROM HISTORY;").out(),
        SqliteShell.run(restored, "SELECT count(*) FROM HISTORY;").out());
    // The id counter survived: a new task does not reuse the deleted id 1.
    assertTrue(
        SqliteShell.run(
                restored,
                "INSERT INTO tasks (need_id, description, status, priority, created_at, updated_at) VALUES"
                    + " (1, 'Third', 'open', 1, '2026-01-04T00:00:00Z', '2026-01-04T00:00:00Z');")
            .ok());
    assertEquals("3", SqliteShell.run(restored, "SELECT max(id) FROM tasks;").out().strip());
  }

  @Test
  void readyWorkTablesAreLeftOutOfTheTextAndRecomputedByARestore() throws Exception {
    GuardWorkspace w = compiled();
    String text = dump(w.db);
    assertTrue(
        SqliteShell.run(w.db, "SELECT count(*) FROM ready_items;")
            .out()
            .strip()
            .matches("[1-9][0-9]*"),
        "the seeded workspace has ready work");
    assertFalse(
        text.contains("INSERT INTO \"ready_items\""),
        "ready_items rows are computed, not kept in git");
    assertFalse(
        text.contains("INSERT INTO \"ready_counts\""),
        "ready_counts rows are computed, not kept in git");

    Path restored = dir.resolve("clone/mlos.db");
    Files.createDirectories(restored.getParent());
    Path textFile = DatabaseText.fileOf(restored);
    Files.writeString(textFile, text, StandardCharsets.UTF_8);
    DatabaseText.restore(textFile, restored);

    String same =
        "SELECT count(*) FROM (SELECT * FROM ready_items EXCEPT SELECT * FROM ready_items_expected"
            + " UNION ALL SELECT * FROM ready_items_expected EXCEPT SELECT * FROM ready_items);";
    assertEquals("0", SqliteShell.run(restored, same).out().strip());
    String counts =
        "SELECT group_concat(x, ';') FROM (SELECT state || '|' || coalesce(scope, '-') || '|' || tags || '|' || n AS x"
            + " FROM ready_counts ORDER BY 1);";
    assertEquals(SqliteShell.run(w.db, counts).out(), SqliteShell.run(restored, counts).out());
    assertEquals("0", SqliteShell.run(restored, "SELECT count(*) FROM ready_dirty;").out().strip());
  }

  @Test
  void theChangeLogStaysWithItsDatabaseAndARestoredOneCompilesFromItsQueries() throws Exception {
    GuardWorkspace w = compiled();
    w.sql("UPDATE needs SET title = 'Renamed' WHERE id = 1");
    assertTrue(
        SqliteShell.run(w.db, "SELECT count(*) FROM mlos_changes;")
            .out()
            .strip()
            .matches("[1-9][0-9]*"));
    String text = dump(w.db);
    assertFalse(
        text.contains("INSERT INTO \"mlos_changes\""),
        "the change log is this file's history, not shared state");
    assertFalse(
        text.contains("INSERT INTO sqlite_sequence VALUES('mlos_changes'"),
        "its counter would change a line on every write");
    assertTrue(
        text.contains("CREATE TABLE mlos_changes")
            || text.contains("CREATE TABLE \"mlos_changes\""),
        "the table itself is kept");

    Path restored = dir.resolve("clone/mlos.db");
    Files.createDirectories(restored.getParent());
    Path textFile = DatabaseText.fileOf(restored);
    Files.writeString(textFile, text, StandardCharsets.UTF_8);
    DatabaseText.restore(textFile, restored);
    assertEquals(
        "0",
        SqliteShell.run(
                restored,
                "SELECT count(*) FROM mlos_compile_reads WHERE changes_through IS NOT NULL;")
            .out()
            .strip(),
        "a restored database has no log of how it came to be: its next compile runs every view's queries");
    assertEquals(text, dump(restored), "the text form and the rebuilt database agree");
  }

  @Test
  void theSchemaCookieTheCompileRecordsStaysWithItsDatabase() throws Exception {
    // The compile record keeps SQLite's schema cookie (PRAGMA schema_version), which counts the
    // schema changes one file went through (a rebuild, a pull, a migration run in place): two
    // clones with the same rows, compiled alike, wrote different text forms, so a pull and a
    // compile with no change of one's own left mlos.db.sql modified.
    GuardWorkspace w = compiled();
    String before = dump(w.db);
    w.sql("UPDATE mlos_compile_reads SET schema_version = schema_version + 1000");
    assertEquals(before, dump(w.db), "another file's schema cookie, the same text form");
    assertTrue(
        before
            .lines()
            .filter(l -> l.startsWith("INSERT INTO \"mlos_compile_reads\" VALUES("))
            .allMatch(l -> l.contains(",NULL,NULL,'{")),
        "changes_through and schema_version are both written as NULL");
    Path restored = dir.resolve("clone/mlos.db");
    Files.createDirectories(restored.getParent());
    Path textFile = DatabaseText.fileOf(restored);
    Files.writeString(textFile, before, StandardCharsets.UTF_8);
    DatabaseText.restore(textFile, restored);
    assertEquals(before, dump(restored), "the text form and the rebuilt database agree");
  }

  @Test
  void writeChangesTheFileOnlyWhenTheDatabaseChanged() throws Exception {
    GuardWorkspace w = compiled();
    try (Connection c = Database.at(w.db).open(false)) {
      assertTrue(DatabaseText.write(c, w.db, w.config().stateDirectory()));
      long modified = Files.getLastModifiedTime(DatabaseText.fileOf(w.db)).toMillis();
      assertFalse(
          DatabaseText.write(c, w.db, w.config().stateDirectory()),
          "nothing changed, nothing written");
      assertEquals(modified, Files.getLastModifiedTime(DatabaseText.fileOf(w.db)).toMillis());
    }
    w.sql("UPDATE needs SET priority = 5 WHERE id = 4");
    try (Connection c = Database.at(w.db).open(false)) {
      assertTrue(DatabaseText.write(c, w.db, w.config().stateDirectory()));
      assertEquals(
          dump(w.db),
          Files.readString(DatabaseText.fileOf(w.db)),
          "the text form is the dump, streamed to disk");
      assertEquals(
          Files.readString(DatabaseText.fileOf(w.db)),
          Files.readString(DatabaseText.baseFileOf(w.config().stateDirectory(), w.db)),
          "and its base is the same bytes");
    }
    // The dump is streamed into a file beside the text form and compared there: whether it
    // replaced the text form or matched it, no such file is left.
    try (java.util.stream.Stream<Path> beside = Files.list(w.db.getParent())) {
      assertEquals(
          List.of(),
          beside
              .map(p -> p.getFileName().toString())
              .filter(n -> n.contains(dev.mlos.core.write.AtomicWriter.TEMP_MARKER))
              .toList());
    }
  }

  @Test
  void twoLinesOfOneRowLeftByAHandResolvedMergeNameBothLines() throws Exception {
    GuardWorkspace w = compiled();
    String text = dump(w.db);
    String row =
        text.lines()
            .filter(l -> l.startsWith("INSERT INTO \"needs\" VALUES(2,"))
            .findFirst()
            .orElseThrow();
    // Both sides of a conflict block kept: the other side's version of need 2 right after ours.
    String both =
        text.replace(row + "\n", row + "\n" + row.replace("VALUES(2,'", "VALUES(2,'X") + "\n");
    Path restored = dir.resolve("clone/mlos.db");
    Files.createDirectories(restored.getParent());
    Path textFile = DatabaseText.fileOf(restored);
    Files.writeString(textFile, both, StandardCharsets.UTF_8);
    int line = both.lines().toList().indexOf(row) + 1;

    MlosException e =
        assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, restored));

    assertTrue(
        e.getMessage().startsWith(textFile + ":" + (line + 1) + ": cannot be restored"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("line " + line + " holds a row with the same key"), e.getMessage());
    assertTrue(
        e.getMessage().contains("merge conflict resolved by keeping both sides"), e.getMessage());
    assertTrue(
        e.fix()
            .startsWith(
                "keep one of the two lines (delete line " + (line + 1) + " or line " + line + ")"),
        e.fix());
    assertFalse(Files.exists(restored), "no half-built database");
  }

  @Test
  void aForeignOrBrokenTextIsRefusedAndLeavesNoDatabase() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile = DatabaseText.fileOf(db);
    Files.writeString(textFile, "CREATE TABLE x (a);\n");
    MlosException foreign =
        assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, db));
    assertTrue(
        foreign.getMessage().contains("is not an mlos database text form"), foreign.getMessage());
    assertFalse(Files.exists(db));

    Files.writeString(
        textFile,
        DatabaseText.HEADER
            + "\nCREATE TABLE x (a);\nINSERT INTO x VALUES(1);\nINSERT INTO y VALUES(2);\n");
    MlosException broken =
        assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, db));
    assertTrue(
        broken.getMessage().startsWith(textFile + ":4: cannot be restored"), broken.getMessage());
    assertFalse(Files.exists(db), "no half-built database");

    // Checked out with Windows line endings (git's core.autocrlf without `eol=lf`): said so, with
    // the fix, rather than "not a text form".
    Files.writeString(
        textFile, DatabaseText.HEADER + "\r\nCREATE TABLE x (a);\r\nINSERT INTO x VALUES(1);\r\n");
    MlosException crlf =
        assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, db));
    assertTrue(crlf.getMessage().contains("has Windows line endings (CRLF)"), crlf.getMessage());
    assertTrue(crlf.fix().contains("mlos.db.sql text eol=lf"), crlf.fix());
    assertFalse(Files.exists(db));

    // The file is read as a stream: bytes that are not UTF-8, well after the first chunk, are the
    // file's fault and leave no database either.
    java.io.ByteArrayOutputStream notUtf8 = new java.io.ByteArrayOutputStream();
    notUtf8.writeBytes((DatabaseText.HEADER + "\nCREATE TABLE x (a);\n").getBytes(UTF_8));
    for (int i = 0; i < 60_000; i++) {
      notUtf8.writeBytes(("INSERT INTO x VALUES(" + i + ");\n").getBytes(UTF_8));
    }
    notUtf8.writeBytes(new byte[] {'-', '-', ' ', (byte) 0xC3, '(', '\n'});
    Files.write(textFile, notUtf8.toByteArray());
    MlosException unreadable =
        assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, db));
    assertTrue(
        unreadable.getMessage().startsWith(textFile + ":60003: holds bytes that are not UTF-8"),
        unreadable.getMessage());
    assertTrue(unreadable.fix().startsWith("restore it from git"), unreadable.fix());
    assertFalse(Files.exists(db), "no half-built database");
  }

  @Test
  void aCompileKeepsAnExistingTextFormInStepAndInitRebuildsTheDatabaseFromIt() throws Exception {
    GuardWorkspace w = compiled();
    Path text = DatabaseText.fileOf(w.db);
    assertFalse(Files.exists(text), "no text form unless the workspace keeps one");
    Files.writeString(text, DatabaseText.HEADER + "\n");
    w.sql("UPDATE needs SET priority = 5 WHERE id = 4");
    w.compile();
    assertEquals(dump(w.db), Files.readString(text), "the compile wrote the text form");
    byte[] dbBytes = Files.readAllBytes(w.db);
    w.compile();
    assertTrue(
        java.util.Arrays.equals(dbBytes, Files.readAllBytes(w.db)),
        "writing the text form leaves the database's bytes alone");

    // A clone: the text, no database. init rebuilds it, and the guard is green against it.
    String before = dump(w.db);
    Files.delete(w.db);
    dev.mlos.core.init.InitResult r =
        new dev.mlos.core.init.Initializer()
            .init(new dev.mlos.core.init.InitRequest(w.db, List.of("mlos"), List.of(), null));
    assertTrue(r.created());
    assertTrue(
        r.rebuiltFrom() != null
            && r.headline(Path.of("db")).startsWith("Rebuilt database db from its text form"),
        r.toString());
    assertEquals(before, dump(w.db));
    assertTrue(w.guard().isClean(), w.guard().violations().toString());
  }

  @Test
  void aHeaderOnlyTextFormMeansANewDatabase() throws Exception {
    Path db = dir.resolve("mlos.db");
    Files.writeString(DatabaseText.fileOf(db), DatabaseText.HEADER + "\n");
    dev.mlos.core.init.InitResult r =
        new dev.mlos.core.init.Initializer()
            .init(new dev.mlos.core.init.InitRequest(db, List.of("mlos"), List.of(), null));
    assertTrue(r.created() && !r.appliedMigrations().isEmpty(), r.toString());
    assertTrue(dump(db).contains("CREATE TABLE needs"));
  }

  @Test
  void theGuardChecksTheTextFormLikeACompiledFile() throws Exception {
    GuardWorkspace w = compiled();
    Path text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    w.compile();
    dev.mlos.core.guard.GuardReport green = w.guard();
    assertTrue(green.isClean(), green.violations().toString());
    // This database (and its text form) lies outside the workspace: the guard leaves it to its own
    // workspace.
    assertTrue(
        green.checkedFiles().stream().noneMatch(f -> f.path().endsWith("mlos.db.sql")),
        green.checkedFiles().toString());

    // A workspace-local database's text form is checked.
    Path local = w.root.resolve("mlos.db");
    Files.copy(w.db, local);
    Files.copy(text, DatabaseText.fileOf(local));
    // The base (the text this database last wrote) lives beside the database and moves with it.
    Files.copy(DatabaseText.baseFileOf(null, w.db), DatabaseText.baseFileOf(null, local));
    dev.mlos.core.config.WorkspaceConfig config =
        new dev.mlos.core.config.ConfigLoader()
            .load(
                w.root,
                new dev.mlos.core.config.ConfigOverrides(
                    null, local, null, null, java.util.Map.of()));
    dev.mlos.core.guard.GuardReport same =
        new dev.mlos.core.guard.Guard().check(new dev.mlos.core.guard.GuardRequest(config));
    assertTrue(
        same.checkedFiles().stream().anyMatch(f -> f.path().equals("mlos.db.sql") && f.passed()),
        same.checkedFiles().toString());
    assertTrue(
        same.violations().stream().noneMatch(v -> v.path().equals("mlos.db.sql")),
        same.violations().toString());

    assertTrue(SqliteShell.run(local, "UPDATE artifacts SET title = 'Renamed' WHERE id = 2;").ok());
    dev.mlos.core.guard.GuardReport stale =
        new dev.mlos.core.guard.Guard().check(new dev.mlos.core.guard.GuardRequest(config));
    dev.mlos.core.guard.Violation v =
        stale.violations().stream()
            .filter(x -> x.path().equals("mlos.db.sql"))
            .findFirst()
            .orElseThrow();
    assertEquals(dev.mlos.core.guard.ViolationClass.STALE, v.violationClass());
    assertTrue(v.fix().contains("run `compile` and commit 'mlos.db.sql'"), v.fix());
  }

  @Test
  void aContentlessFullTextIndexLeavesTheTextFormAloneWithAWarningAndTheCompileSucceeds()
      throws Exception {
    GuardWorkspace w = compiled();
    Path text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    w.sql("CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='')");
    List<String> warnings = new java.util.ArrayList<>();
    dev.mlos.core.Reporter reporter =
        new dev.mlos.core.Reporter() {
          @Override
          public void info(String message) {}

          @Override
          public void warn(String message) {
            warnings.add(message);
          }
        };

    assertFalse(DatabaseText.syncIfPresent(w.db, w.config().stateDirectory(), reporter));

    assertEquals(DatabaseText.HEADER + "\n", Files.readString(text));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).startsWith("mlos.db.sql was not updated: ")
            && warnings
                .get(0)
                .contains("'notes_fts' is a virtual table whose rows cannot be read back"),
        warnings.get(0));
  }

  @Test
  void aFullTextIndexIsHeldAsItsRowsWithoutItsShadowTablesAndIsSearchableAfterARebuild()
      throws Exception {
    Path db = dir.resolve("graph.db");
    try (Connection c = Database.at(db).open(true);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE content (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT");
      s.execute("CREATE VIRTUAL TABLE content_fts USING fts5(body, content_id UNINDEXED)");
      s.execute(
          "CREATE TRIGGER content_fts_insert AFTER INSERT ON content BEGIN"
              + " INSERT INTO content_fts (body, content_id) VALUES (NEW.body, NEW.id); END");
      s.execute(
          "INSERT INTO content VALUES ('c1', 'alpha beta'), ('c2', 'gamma' || char(10) || 'delta')");
      s.execute("DELETE FROM content_fts WHERE content_id = 'c1'");
      s.execute("INSERT INTO content_fts (body, content_id) VALUES ('alpha beta', 'c1')");
    }
    String text = dump(db);
    assertTrue(
        text.contains(
            "INSERT INTO \"content_fts\"(rowid,\"body\",\"content_id\") VALUES(2,('gamma'||char(10)||'delta'),'c2');"),
        text);
    assertTrue(
        text.contains(
            "INSERT INTO \"content_fts\"(rowid,\"body\",\"content_id\") VALUES(3,'alpha beta','c1');"),
        text);
    assertFalse(
        text.contains("content_fts_data") || text.contains("content_fts_idx"),
        "no shadow table: " + text);

    Path restored = dir.resolve("clone/graph.db");
    Files.createDirectories(restored.getParent());
    Files.writeString(DatabaseText.fileOf(restored), text, StandardCharsets.UTF_8);
    DatabaseText.restore(DatabaseText.fileOf(restored), restored);
    assertEquals(text, dump(restored), "the same text again");
    assertEquals(
        "c2\n",
        SqliteShell.run(
                restored, "SELECT content_id FROM content_fts WHERE content_fts MATCH 'delta';")
            .out());
    assertEquals(
        "c1\n",
        SqliteShell.run(
                restored, "SELECT content_id FROM content_fts WHERE content_fts MATCH 'alpha';")
            .out());
    assertEquals(
        "ok\n",
        SqliteShell.run(
                restored,
                "INSERT INTO content_fts(content_fts) VALUES('integrity-check'); SELECT 'ok';")
            .out());
  }

  @Test
  void aTextFormThatIsALinkIsNeitherReadNorQuoted() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile = DatabaseText.fileOf(db);
    Path secret = Files.writeString(dir.resolve("outside-secret.txt"), "SECRET_TOKEN=hunter2\n");
    Files.createSymbolicLink(textFile, secret);
    MlosException e = assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, db));
    assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), "nothing of the file it leads to is shown");
    assertFalse(Files.exists(db));
  }

  @Test
  void aTextFormCommittedWithAnUnresolvedConflictSaysSo() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile = DatabaseText.fileOf(db);
    Files.writeString(
        textFile,
        DatabaseText.HEADER
            + "\nCREATE TABLE x (a);\n<<<<<<< ours\nINSERT INTO x VALUES(1);\n=======\n"
            + "INSERT INTO x VALUES(2);\n>>>>>>> theirs\n");
    MlosException e = assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, db));
    assertTrue(
        e.getMessage().startsWith(textFile + ":3: holds a git conflict marker ('<<<<<<< ours')"),
        e.getMessage());
    assertTrue(e.fix().startsWith("resolve it: keep one side's lines"), e.fix());
    assertFalse(Files.exists(db));
  }

  /**
   * A clone whose git has no mlos-db merge driver (init not run there, or no .gitattributes line
   * naming it) merges the text form line by line: git's own markers ({@code <<<<<<< HEAD}, {@code
   * >>>>>>> 1a2b3c4 (message)}) around runs of rows, where two branches' new rows share an id.
   * Keeping one side's lines, as the fix said, drops the other side's new rows (tried in this
   * session's team round). The fix is to undo that merge, register the driver, and merge again.
   */
  @Test
  void aTextFormGitMergedLineByLineSaysToMergeAgainWithTheDriver() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile = DatabaseText.fileOf(db);
    Files.writeString(
        textFile,
        DatabaseText.HEADER
            + "\nCREATE TABLE x (a);\n<<<<<<< HEAD\nINSERT INTO x VALUES(1);\n=======\n"
            + "INSERT INTO x VALUES(2);\n>>>>>>> 1a2b3c4 (bob 7)\n");
    MlosException e = assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, db));
    assertTrue(
        e.getMessage()
            .startsWith(
                textFile
                    + ":3: holds git's own conflict markers ('<<<<<<< HEAD'): git merged the file"
                    + " line by line, as it does where no mlos-db merge driver is registered in the"
                    + " clone or no .gitattributes line names it for the file"),
        e.getMessage());
    assertTrue(
        e.fix().startsWith("do not keep one side of its blocks (that drops rows both branches"),
        e.fix());
    assertTrue(e.fix().contains("git merge --abort"), e.fix());
    assertFalse(Files.exists(db));
  }

  @Test
  void aTextFormWithAStatementItNeverHoldsIsRefusedBeforeItRuns() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile = DatabaseText.fileOf(db);
    Path elsewhere = dir.resolve("written-by-attach.db");
    Files.writeString(
        textFile,
        DatabaseText.HEADER
            + "\nCREATE TABLE x (a);\nATTACH '"
            + elsewhere
            + "' AS evil;\n"
            + "CREATE TABLE evil.y (b);\n");
    MlosException e = assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, db));
    assertTrue(
        e.getMessage().startsWith(textFile + ":3: is not a statement of a database text form"),
        e.getMessage());
    assertFalse(Files.exists(elsewhere), "the ATTACH never ran");
    assertFalse(Files.exists(db));
  }

  /**
   * A row line is run only when its values are literals: a value that is an expression ran as SQL,
   * so one line of 60 bytes in a hand-edited or hostile mlos.db.sql ({@code
   * hex(zeroblob(400000000))}) built an 800 MB database on every clone and CI runner, and a
   * subquery copied other rows into a field.
   */
  @Test
  void aRowLineWhoseValueIsAnExpressionIsRefusedNamingItsLine() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile = DatabaseText.fileOf(db);
    for (String value :
        List.of(
            "hex(zeroblob(400000))", "(SELECT group_concat(a) FROM x)", "'a'||'b'", "abs(-1)")) {
      Files.writeString(
          textFile,
          DatabaseText.HEADER
              + "\nCREATE TABLE x (a, b);\nINSERT INTO \"x\" VALUES(1,'one');\n"
              + "INSERT INTO \"x\" VALUES(2,"
              + value
              + ");\n");
      MlosException e =
          assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, db), value);
      assertTrue(
          e.getMessage()
              .startsWith(
                  textFile
                      + ":4: cannot be restored: a row line of a text form holds literal values"
                      + " only"),
          e.getMessage());
      assertEquals("restore the file from git; if it was merged by hand, fix that line", e.fix());
      assertFalse(Files.exists(db));
    }
    // The AUTOINCREMENT counters are rows too.
    Files.writeString(
        textFile,
        DatabaseText.HEADER
            + "\nCREATE TABLE x (a INTEGER PRIMARY KEY AUTOINCREMENT, b);\n"
            + "DELETE FROM sqlite_sequence;\n"
            + "INSERT INTO sqlite_sequence VALUES('x',length(hex(zeroblob(400000))));\n");
    MlosException counter =
        assertThrows(MlosException.class, () -> DatabaseText.restore(textFile, db));
    assertTrue(
        counter.getMessage().startsWith(textFile + ":4: cannot be restored: a row line"),
        counter.getMessage());
    // The literals mlos writes that SQLite reads itself still restore: reals, a 19-digit integer,
    // a text that is not UTF-8.
    Files.writeString(
        textFile,
        DatabaseText.HEADER
            + "\nCREATE TABLE x (a, b);\nINSERT INTO \"x\" VALUES(1,-0.1);\n"
            + "INSERT INTO \"x\" VALUES(2,1.0e+300);\nINSERT INTO \"x\" VALUES(3,-9223372036854775808);\n"
            + "INSERT INTO \"x\" VALUES(4,CAST(X'41FF42' AS TEXT));\n");
    DatabaseText.restore(textFile, db);
    assertEquals(
        "1|real\n2|real\n3|integer|-9223372036854775808\n4|text|41FF42\n",
        SqliteShell.run(
                db,
                "SELECT a, typeof(b) || CASE typeof(b) WHEN 'integer' THEN '|' || b"
                    + " WHEN 'text' THEN '|' || hex(b) ELSE '' END FROM x ORDER BY a;")
            .out());
  }

  /**
   * A row holding a text of 1 MB (a need's description pasted from a log, an adopted task) is one
   * line of more than SQLite's default 1,000,000-byte statement: the restore of a clone stopped
   * with "SQLITE_TOOBIG: statement too long" and told the user to restore the file from git. Since
   * schema V13 such a row is one written before it (V13 refuses a description over 100,000
   * characters in a new write), and the restore keeps it as it is.
   */
  @Test
  void aRowWithAMegabyteOfTextRestores() throws Exception {
    GuardWorkspace w = compiled();
    OldRows.write(w.db, "UPDATE needs SET description = printf('%.*c', 1200000, 'x') WHERE id = 2");
    String text = dump(w.db);
    Path restored = dir.resolve("clone/mlos.db");
    Files.createDirectories(restored.getParent());
    Path textFile = DatabaseText.fileOf(restored);
    Files.writeString(textFile, text, StandardCharsets.UTF_8);

    DatabaseText.restore(textFile, restored);

    assertEquals(text, dump(restored));
    assertEquals(
        "1200000",
        SqliteShell.run(restored, "SELECT length(description) FROM needs WHERE id = 2;")
            .out()
            .strip());
  }

  /**
   * Text whose bytes are not UTF-8 (a legacy table's Latin-1, raw SQL) was written into the text
   * form with U+FFFD for each such byte: the file read back as other bytes, so a clone's database
   * differed from the one that wrote it, and nothing said so. It is written as the bytes cast to
   * text now.
   */
  @Test
  void textThatIsNotUtf8RestoresByteForByte() throws Exception {
    GuardWorkspace w = compiled();
    w.sql(
        "UPDATE needs SET description = CAST(X'636166E9FF27' AS TEXT) || char(10) || 'x' WHERE id"
            + " = 2");
    String text = dump(w.db);
    Path restored = dir.resolve("clone/mlos.db");
    Files.createDirectories(restored.getParent());
    Path textFile = DatabaseText.fileOf(restored);
    Files.writeString(textFile, text, StandardCharsets.UTF_8);

    DatabaseText.restore(textFile, restored);

    assertEquals(
        "636166E9FF270A78",
        SqliteShell.run(restored, "SELECT hex(description) FROM needs WHERE id = 2;")
            .out()
            .strip());
    assertEquals(text, dump(restored));
  }

  /**
   * After an upgrade of mlos, before the compile: the text form the older mlos wrote lacks the new
   * migrations' rows. The guard said only "the database changed after the last compile, or another
   * version of mlos wrote the file", which a team reading CI after the upgrade had to decode; it
   * names the schema the file was written at and the database's now.
   */
  @Test
  void aTextFormWrittenAtAnOlderSchemaIsNamedSoByTheGuard() throws Exception {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    w.seed();
    Path text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n"); // the workspace keeps a text form
    w.compile();
    int top;
    try (Connection c = Database.at(w.db).openReadOnly();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(
                "SELECT MAX(version) FROM schema_migrations WHERE schema_set = 'mlos'")) {
      rs.next();
      top = rs.getInt(1);
    }
    // The file as an mlos that knew the set only up to two migrations less wrote it, and as the
    // text form this database last wrote (init upgraded the database after that compile).
    String older =
        Files.readString(text)
            .lines()
            .filter(
                l ->
                    !l.startsWith("INSERT INTO \"schema_migrations\" VALUES('mlos'," + top + ",")
                        && !l.startsWith(
                            "INSERT INTO \"schema_migrations\" VALUES('mlos'," + (top - 1) + ","))
            .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    Files.writeString(text, older);
    Files.writeString(DatabaseText.baseFileOf(w.config().stateDirectory(), w.db), older);

    dev.mlos.core.guard.GuardReport r = w.guard();

    assertEquals(1, r.violations().size(), r.violations().toString());
    dev.mlos.core.guard.Violation v = r.violations().get(0);
    assertEquals("mlos.db.sql", v.path());
    assertEquals(dev.mlos.core.guard.ViolationClass.STALE, v.violationClass());
    assertTrue(
        v.message()
            .contains(
                "was written at an older schema than the database's (mlos V"
                    + (top - 2)
                    + ", the database V"
                    + top
                    + "): init applied the migrations of an upgrade of mlos since"),
        v.message());
    assertEquals("run {0} and commit 'mlos.db.sql'", v.fixTemplate());
    w.compile();
    assertTrue(w.guard().isClean(), w.guard().violations().toString());
  }
}
