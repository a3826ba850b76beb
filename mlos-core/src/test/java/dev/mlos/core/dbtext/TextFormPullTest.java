package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.Reporter;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.guard.GuardWorkspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace keeps mlos.db.sql in git: a pull or merge that changes it is never overwritten by a
 * compile.
 */
class TextFormPullTest {
  @TempDir Path dir;

  private GuardWorkspace w;
  private Path text;
  private Path teammate;

  private static String dump(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly()) {
      return DatabaseText.dump(c, db);
    }
  }

  private static String query(Path db, String sql) throws Exception {
    try (Connection c = Database.at(db).openReadOnly();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static void sql(Path db, String... statements) throws Exception {
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  /** A compiled workspace that keeps its text form, and a teammate's copy of its database. */
  @BeforeEach
  void setUp() throws Exception {
    w = GuardWorkspace.create(dir);
    w.seed();
    text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    w.compile();
    assertEquals(dump(w.db), Files.readString(text));
    Files.createDirectories(dir.resolve("teammate"));
    teammate = dir.resolve("teammate/mlos.db");
    Files.copy(w.db, teammate);
  }

  /** Files beside the database named as mlos names the files it writes before a rename. */
  private List<String> leftTemporaryFiles() throws Exception {
    try (java.util.stream.Stream<Path> beside = Files.list(w.db.getParent())) {
      return beside
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains(dev.mlos.core.write.AtomicWriter.TEMP_MARKER))
          .toList();
    }
  }

  /** What `git pull` does: the teammate's text form arrives in the workspace. */
  private void pullFromGit() throws Exception {
    Files.writeString(text, dump(teammate), StandardCharsets.UTF_8);
  }

  private void teammateAddsANeed() throws Exception {
    sql(
        teammate,
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (10, 'Teammate need', 'identified', 2, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
  }

  @Test
  void
      aCompileAfterAGitPullIsRefusedAndLeavesTheTextFormThenThePullMergesItAndTheCompileWritesBoth()
          throws Exception {
    teammateAddsANeed();
    pullFromGit();
    byte[] pulled = Files.readAllBytes(text);
    Map<String, String> before = w.snapshot();

    DatabaseText.TextFormChangedException e =
        assertThrows(DatabaseText.TextFormChangedException.class, w::compile);

    assertArrayEquals(
        pulled, Files.readAllBytes(text), "the pulled rows are still in the text form");
    assertEquals(before, w.snapshot(), "refused before any page (or the database) was written");
    assertEquals(DatabaseText.RULE, e.rule());
    assertEquals(text, e.file());
    assertTrue(
        e.getMessage().contains(text.toString()) && e.getMessage().contains("changed outside mlos"),
        e.getMessage());
    assertTrue(
        e.fix()
            .contains(
                "run `init` with `pullText` (agents' MCP servers on this database may keep"
                    + " running: their writes wait for it and are kept; it keeps a copy"),
        "a pull lets agents' servers keep writing (docs/ci.md): the fix must not tell anyone to stop"
            + " them: "
            + e.fix());
    assertTrue(e.fix().contains("to keep the database's rows instead, restore"), e.fix());
    assertEquals(List.of(Remedy.pullTextForm()), e.remedies());

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    assertTrue(r.databaseReplaced(), r.toString());
    assertEquals("Teammate need", query(w.db, "SELECT title FROM needs WHERE id = 10"));
    assertArrayEquals(
        pulled, Files.readAllBytes(text), "no local change: the text form is the pulled one");
    assertArrayEquals(
        pulled,
        Files.readAllBytes(DatabaseText.baseFileOf(w.config().stateDirectory(), w.db)),
        "and mlos's own copy");
    assertEquals(List.of(), leftTemporaryFiles(), "the streamed dump of ours is gone");
    w.compile();
    String after = Files.readString(text);
    assertEquals(dump(w.db), after);
    assertTrue(
        after.contains("'Teammate need'") && after.contains("'Kernel boots reproducibly'"), after);
  }

  /**
   * A teammate moved need 4 from identified to resolved by editing mlos.db.sql and committed it;
   * the database had no change of its own, so the pull takes the file's rows as they are, past the
   * triggers. They are judged first: the pull is refused naming the line and the rule, nothing
   * changed.
   */
  @Test
  void aPulledHandEditThatBreaksARuleIsRefusedThoughTheDatabaseHadNoChangeOfItsOwn()
      throws Exception {
    String committed = Files.readString(text);
    String edited =
        committed.replace(
            "'Phone view','Portable needs only.','identified'",
            "'Phone view','Portable needs only.','resolved'");
    assertTrue(!edited.equals(committed), "the need's line as the text form writes it");
    Files.writeString(text, edited, StandardCharsets.UTF_8);
    String before = dump(w.db);

    PulledHandEdits.RefusedException e =
        assertThrows(
            PulledHandEdits.RefusedException.class,
            () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertEquals(TextFormReview.RULE, e.rule());
    assertEquals(1, e.rows().size(), e.rows().toString());
    int line =
        List.of(edited.split("\n"))
                .indexOf(
                    edited
                        .lines()
                        .filter(l -> l.contains("'Phone view'"))
                        .findFirst()
                        .orElseThrow())
            + 1;
    assertTrue(
        e.rows().get(0).startsWith("mlos.db.sql:" + line + ": need: identified -> resolved"),
        e.rows().toString());
    assertTrue(
        e.rows().get(0).endsWith("(needs 4 changed by hand since mlos last wrote it)"),
        e.rows().toString());
    assertEquals(List.of(Remedy.pullTextForm()), e.remedies());
    assertEquals(before, dump(w.db), "nothing changed");
    assertEquals("identified", query(w.db, "SELECT status FROM needs WHERE id = 4"));
  }

  private static final String LONG_TEXT = "x".repeat(100_000);

  /**
   * A base over 8 MiB (the size above which a pull used to take the pulled rows unjudged): 90 needs
   * of 100,000 characters each, compiled into the text form.
   */
  private void largeBase() throws Exception {
    StringBuilder insert =
        new StringBuilder(
            "INSERT INTO needs (id, title, description, created_at, updated_at) VALUES ");
    for (int i = 0; i < 90; i++) {
      insert
          .append(i == 0 ? "" : ", ")
          .append("(")
          .append(100 + i)
          .append(", 'Large ")
          .append(i)
          .append("', '")
          .append(LONG_TEXT)
          .append("', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
    }
    sql(w.db, insert.toString());
    w.compile();
    assertTrue(Files.size(text) > 8L << 20, "" + Files.size(text));
  }

  /** need 4 moved from identified to resolved by hand in the text form, which is written. */
  private String resolveNeed4ByHand() throws Exception {
    String committed = Files.readString(text);
    String edited =
        committed.replace(
            "'Phone view','Portable needs only.','identified'",
            "'Phone view','Portable needs only.','resolved'");
    assertTrue(!edited.equals(committed), "the need's line as the text form writes it");
    Files.writeString(text, edited, StandardCharsets.UTF_8);
    return edited;
  }

  /**
   * The judgment replays only the changed rows onto a copy of the database, so a text form of any
   * size is judged: above 8 MiB (where a pull used to take the rows unjudged) the hand edit that
   * breaks a rule is refused as in a small workspace, naming its line and rule.
   */
  @Test
  void aHandEditThatBreaksARuleInATextFormAboveEightMiBIsRefused() throws Exception {
    largeBase();
    String edited = resolveNeed4ByHand();

    PulledHandEdits.RefusedException e =
        assertThrows(
            PulledHandEdits.RefusedException.class,
            () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertEquals(TextFormReview.RULE, e.rule());
    assertEquals(1, e.rows().size(), e.rows().toString());
    int line =
        List.of(edited.split("\n"))
                .indexOf(
                    edited
                        .lines()
                        .filter(l -> l.contains("'Phone view'"))
                        .findFirst()
                        .orElseThrow())
            + 1;
    assertEquals(
        "mlos.db.sql:"
            + line
            + ": need: identified -> resolved is not allowed (needs 4 changed by"
            + " hand since mlos last wrote it)",
        e.rows().get(0));
    assertEquals("identified", query(w.db, "SELECT status FROM needs WHERE id = 4"));
  }

  /** A valid hand edit in a text form above 8 MiB is judged, passes, and is taken. */
  @Test
  void aValidHandEditInATextFormAboveEightMiBIsJudgedAndTaken() throws Exception {
    largeBase();
    Files.writeString(
        text,
        Files.readString(text).replace("'Large 0','" + LONG_TEXT, "'Large zero','" + LONG_TEXT));

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    assertTrue(r.databaseReplaced(), r.toString());
    assertTrue(
        r.actions().stream().noneMatch(a -> a.contains("not judged")), r.actions().toString());
    assertEquals("Large zero", query(w.db, "SELECT title FROM needs WHERE id = 100"));
    assertFalse(
        Files.exists(w.config().stateDirectory().resolve("replaced/mlos.db.judging")),
        "the copy the judgment replayed on is gone");
  }

  /**
   * The judgment writes into a copy of the database, never into the database: after a refused pull
   * its file (and a write-ahead log, when there is one) holds the same bytes as before, and the
   * copy is gone.
   */
  @Test
  void aRefusedPullLeavesTheDatabaseFileByteIdenticalAndNoCopyBehind() throws Exception {
    largeBase();
    resolveNeed4ByHand();
    Path wal = w.db.resolveSibling(w.db.getFileName() + "-wal");
    byte[] db = Files.readAllBytes(w.db);
    byte[] log = Files.exists(wal) ? Files.readAllBytes(wal) : null;

    assertThrows(
        PulledHandEdits.RefusedException.class,
        () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertArrayEquals(db, Files.readAllBytes(w.db), "the database file is unchanged");
    assertArrayEquals(log, Files.exists(wal) ? Files.readAllBytes(wal) : null, "and its log");
    try (java.util.stream.Stream<Path> left =
        Files.list(w.config().stateDirectory().resolve("replaced"))) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList());
    }
  }

  /**
   * The judgment holds the changed rows (not the texts) in memory: rows changed by more than the
   * heap holds are refused with the fix that gives Java more memory, before a copy of the database
   * is made.
   */
  @Test
  void changedRowsMoreThanTheHeapHoldsAreRefusedWithTheMemoryFix() throws Exception {
    resolveNeed4ByHand();
    Path base = DatabaseText.baseFileOf(w.config().stateDirectory(), w.db);
    Path scratch = dir.resolve("judging.db");

    MlosException e;
    try (Connection c = Database.at(w.db).openReadOnly()) {
      e =
          assertThrows(
              MlosException.class,
              () -> ChangedRowsReplay.review(c, base, text, scratch, MergeRules.MAX_LOOKS, 64));
    }

    assertTrue(
        e.getMessage()
            .startsWith("mlos cannot judge the rows the pulled mlos.db.sql changed: it holds"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("; nothing was changed"), e.getMessage());
    assertTrue(e.fix().startsWith("give Java more memory and run it again"), e.fix());
    assertFalse(Files.exists(scratch), "no copy was made");
  }

  /**
   * The pull's judgment on a copy of the database finds what check-text's review of both texts
   * finds, refusal for refusal (line, base line, table, key, change, rule), for a row changed into
   * breaking a rule, a valid change, a removed row and an added one.
   */
  @Test
  void theJudgmentOnACopyOfTheDatabaseFindsWhatTheReviewOfBothTextsFinds() throws Exception {
    String committed = Files.readString(text);
    String phone =
        committed.lines().filter(l -> l.contains("'Phone view'")).findFirst().orElseThrow();
    String firstNeed =
        committed
            .lines()
            .filter(l -> l.startsWith("INSERT INTO \"needs\" VALUES("))
            .findFirst()
            .orElseThrow();
    List<String> edits =
        List.of(
            committed.replace(
                "'Phone view','Portable needs only.','identified'",
                "'Phone view','Portable needs only.','resolved'"),
            committed.replace("'Phone view'", "'Phone view, renamed'"),
            committed.replace(firstNeed + "\n", ""),
            committed.replace(
                phone + "\n",
                phone
                    + "\n"
                    + phone.replace("VALUES(4,", "VALUES(99,").replace("'identified'", "'resolved'")
                    + "\n"));
    Path base = DatabaseText.baseFileOf(w.config().stateDirectory(), w.db);
    int refusedSomewhere = 0;
    for (String edited : edits) {
      assertTrue(!edited.equals(committed), "each edit changes the text");
      Files.writeString(text, edited, StandardCharsets.UTF_8);
      TextFormReview.Result review = TextFormReview.review(committed, edited);
      TextFormReview.Result replay;
      try (Connection c = Database.at(w.db).openReadOnly()) {
        replay =
            ChangedRowsReplay.review(
                c, base, text, dir.resolve("judging.db"), MergeRules.MAX_LOOKS);
      }
      assertEquals(review.refusals(), replay.refusals(), edited.length() + "");
      assertEquals(review.judged(), replay.judged());
      refusedSomewhere += review.refusals().isEmpty() ? 0 : 1;
    }
    assertTrue(refusedSomewhere >= 2, "" + refusedSomewhere);
    assertFalse(Files.exists(dir.resolve("judging.db")));
  }

  /**
   * A pull killed while it judged leaves its scratch copy of the database behind (never the
   * database changed): the next pull deletes it, with its journal, and judges as usual.
   */
  @Test
  void aScratchCopyLeftByAKilledPullIsDeletedByTheNextPull() throws Exception {
    Path left = w.config().stateDirectory().resolve("replaced/mlos.db.judging");
    Path journal = left.resolveSibling("mlos.db.judging-journal");
    Files.createDirectories(left.getParent());
    Files.writeString(left, "half a copy");
    Files.writeString(journal, "its journal");
    resolveNeed4ByHand();

    PulledHandEdits.RefusedException e =
        assertThrows(
            PulledHandEdits.RefusedException.class,
            () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertEquals(1, e.rows().size(), e.rows().toString());
    assertFalse(Files.exists(left), "the copy left behind is gone");
    assertFalse(Files.exists(journal), "and its journal");
  }

  /**
   * ... and so does a pull that never replays (review3): the copy is deleted whichever way the pull
   * goes, here one whose database took a change of its own, so it merges.
   */
  @Test
  void aScratchCopyLeftByAKilledPullIsDeletedByAPullThatMerges() throws Exception {
    Path left = w.config().stateDirectory().resolve("replaced/mlos.db.judging");
    Files.createDirectories(left.getParent());
    Files.writeString(left, "half a copy");
    // Pulled: a teammate's new need; and the database has one of its own, not in the file yet.
    List<String> l = new java.util.ArrayList<>(Files.readAllLines(text));
    int after = 0;
    while (!l.get(after).startsWith("INSERT INTO \"needs\" VALUES(")) {
      after++;
    }
    String first = l.get(after);
    l.add(after + 1, "INSERT INTO \"needs\" VALUES(30," + first.substring(first.indexOf(',') + 1));
    w.sql(
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (31, 'Own need', 'identified', 2, '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z')");
    Files.write(text, l);

    try {
      TextFormPull.pull(w.config(), Reporter.SILENT);
    } catch (MlosException whicheverWay) {
      // the copy goes whether the pull takes the rows or refuses them
    }

    assertFalse(Files.exists(left), "the copy left behind is gone");
  }

  @Test
  void aPullAfterTheFileWasRevertedSaysWhichRowsItDropsAndKeepsTheDatabaseAsItWas()
      throws Exception {
    // The file as committed; then an agent adds a need, and the compile writes it into the file.
    byte[] committed = Files.readAllBytes(text);
    w.sql(
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (20, 'Agent finding', 'identified', 2, '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z')");
    w.compile();
    assertTrue(Files.readString(text).contains("'Agent finding'"));
    // `git checkout -- mlos.db.sql`: the file is the committed one again, without the need.
    Files.write(text, committed);

    DatabaseText.TextFormChangedException e =
        assertThrows(DatabaseText.TextFormChangedException.class, w::compile);
    assertTrue(e.getMessage().contains("a checkout, stash or revert of it"), e.getMessage());
    assertTrue(
        e.getMessage().contains("the database's rows differ from it"),
        "not 'the database does not hold those rows': here the file lacks one: " + e.getMessage());

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    String said = String.join("\n", r.actions());
    assertTrue(said.contains("Table needs: 1 row removed by the pulled file (20)\n"), said);
    assertTrue(
        said.contains(
            "a checkout, stash or revert of mlos.db.sql removes rows too: to keep them, restore the"
                + " file mlos wrote and compile"),
        said);
    Path kept = w.config().stateDirectory().resolve("replaced/mlos.db.before-pull");
    assertTrue(said.contains("the database as it was is kept at "), said);
    assertNull(query(w.db, "SELECT title FROM needs WHERE id = 20"), "the file's rows were taken");
    assertEquals(
        "Agent finding",
        query(kept, "SELECT title FROM needs WHERE id = 20"),
        "and the database as it was is there to take the need back from");

    // The dropped need's page: its record was kept, so the compile deletes the page instead of
    // leaving it for the guard to call UNKNOWN.
    assertTrue(said.contains("Kept the compile's record of 1 page(s)"), said);
    Path page = w.root.resolve("needs/20-agent-finding.md");
    assertTrue(Files.exists(page), "the page is still there after the pull");
    w.compile();
    assertFalse(Files.exists(page), "the compile deleted it");
    assertEquals(List.of(), w.guard().violations());

    // A second pull keeps one copy, the latest database replaced.
    w.sql("UPDATE needs SET priority = 5, updated_at = '2026-03-05T00:00:00Z' WHERE id = 4");
    w.compile();
    Files.write(text, committed);
    TextFormPull.pull(w.config(), Reporter.SILENT);
    assertEquals("5", query(kept, "SELECT priority FROM needs WHERE id = 4"));
    try (java.util.stream.Stream<Path> copies = Files.list(kept.getParent())) {
      assertEquals(1, copies.count());
    }
  }

  @Test
  void aMergingPullSaysWhichRowsOfTheDatabaseItDrops() throws Exception {
    byte[] committed = Files.readAllBytes(text);
    w.sql(
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (20, 'Compiled finding', 'identified', 2, '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z')");
    w.compile();
    // A change of the database's own after the compile, then the file reverted.
    w.sql(
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (21, 'Local finding', 'identified', 2, '2026-03-04T00:00:00Z', '2026-03-04T00:00:00Z')");
    Files.write(text, committed);

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    String said = String.join("\n", r.actions());
    assertTrue(said.contains("Merged the pulled rows"), said);
    assertTrue(
        said.contains(
            "Table needs: 1 row removed by the pulled file (20); 1 row the database changed since"
                + " mlos last wrote mlos.db.sql, kept as the database had it (21)\n"),
        said);
    assertNull(query(w.db, "SELECT title FROM needs WHERE id = 20"));
    assertEquals("Local finding", query(w.db, "SELECT title FROM needs WHERE id = 21"));
  }

  /**
   * After {@code git pull --rebase}: the merge driver put the local commit's rows into the
   * teammate's file, the local need under a new id because the teammate's took its id. The pull
   * said only "rows of the database not in the pulled file as they were (dropped, changed or given
   * new ids ...): needs 2, artifacts 1", which read as a loss of the user's own rows.
   */
  @Test
  void aPullAfterARebaseTellsAddedChangedRemovedAndMovedRowsApartAndLosesNone() throws Exception {
    String base = Files.readString(text);
    // Local, committed (so compiled): a need under the next id, and a change of need 4.
    w.sql(
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (10, 'Local need', 'identified', 2, '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z')",
        "UPDATE needs SET priority = 5, updated_at = '2026-03-05T00:00:00Z' WHERE id = 4");
    w.compile();
    String local = Files.readString(text);
    // The teammate's pushed commit: need 2 changed, a need under the same next id, a file gone.
    teammateAddsANeed();
    sql(
        teammate,
        "UPDATE needs SET title = 'Context packs fit', updated_at = '2026-03-06T00:00:00Z' WHERE id = 2",
        "DELETE FROM artifacts WHERE id = 2");
    // The rebase replays the local commit (theirs, to git) onto the teammate's (ours).
    TextMerge.Result rebased = TextMerge.merge(base, dump(teammate), local);
    assertTrue(rebased.clean(), rebased.conflicts().toString());
    Files.writeString(text, rebased.text(), StandardCharsets.UTF_8);

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    String said = String.join("\n", r.actions());
    assertTrue(said.contains("\nTable artifacts: 1 row removed by the pulled file (2)\n"), said);
    assertTrue(
        said.contains(
            "\nTable needs: 1 row added from the pulled file (10); 1 row changed by the pulled"
                + " file (2); 1 row of the database's under a new id, otherwise as it was (10 -> 11)\n"
                + "No row of the database was lost: each of its rows is in it as it was, under a new"
                + " id, or as the pulled file changed or removed it"),
        said);
    PulledRows.TableChange needs =
        r.tables().stream().filter(t -> t.table().equals("needs")).findFirst().orElseThrow();
    assertEquals(List.of("10"), needs.added().keys());
    assertEquals(List.of("2"), needs.changed().keys());
    assertEquals(0, needs.removed().count());
    assertEquals(List.of(new PulledRows.Moved("10", "11")), needs.moved());
    assertEquals(0, needs.kept().count(), "the database had no change since the compile");
    // Nothing of the database's is lost: the local need under its new id, need 4's change.
    assertEquals("Local need", query(w.db, "SELECT title FROM needs WHERE id = 11"));
    assertEquals("Teammate need", query(w.db, "SELECT title FROM needs WHERE id = 10"));
    assertEquals("5", query(w.db, "SELECT priority FROM needs WHERE id = 4"));
    assertEquals("Context packs fit", query(w.db, "SELECT title FROM needs WHERE id = 2"));
  }

  /**
   * A pull that merges: the database's own changes since the compile are kept and said so, the
   * pulled need that took an id the database used is told under its new id.
   */
  @Test
  void aMergingPullTellsTheRowsKeptAsTheDatabaseHadThemAndThePulledRowsRenumbered()
      throws Exception {
    teammateAddsANeed();
    pullFromGit();
    w.sql(
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (10, 'Local need', 'identified', 2, '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z')",
        "UPDATE needs SET priority = 5, updated_at = '2026-03-05T00:00:00Z' WHERE id = 4");

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    String said = String.join("\n", r.actions());
    assertTrue(
        said.contains(
            "\nTable needs: 1 row added from the pulled file under a new id, the database having"
                + " used its id (10 -> 11); 2 rows the database changed since mlos last wrote"
                + " mlos.db.sql, kept as the database had them (4, 10)\n"
                + "No row of the database was lost: every change the database made since mlos last"
                + " wrote mlos.db.sql is kept as it made it (checked row by row)"),
        said);
    assertEquals("Local need", query(w.db, "SELECT title FROM needs WHERE id = 10"));
    assertEquals("Teammate need", query(w.db, "SELECT title FROM needs WHERE id = 11"));
    assertEquals("5", query(w.db, "SELECT priority FROM needs WHERE id = 4"));
  }

  /**
   * The report's own check: a row the database changed since the base that the rows to take do not
   * hold as the database has it is a fault of mlos's merge, refused before anything is replaced.
   */
  @Test
  void aRowTheDatabaseChangedThatTheResultDoesNotKeepIsRefusedAsMlossFault() throws Exception {
    Path before = dir.resolve("before.db");
    Files.copy(w.db, before);
    w.sql("UPDATE needs SET title = 'Other title' WHERE id = 4");

    MlosException e =
        assertThrows(
            MlosException.class,
            () ->
                PulledRows.compare(
                    before, w.db, Map.of("needs", java.util.Set.of("4")), List.of()));

    assertTrue(
        e.getMessage()
            .startsWith(
                "mlos's merge of the pulled rows did not keep the database's own change of table"
                    + " 'needs' row(s) 4"),
        e.getMessage());
    assertTrue(e.fix().startsWith("this is a fault in mlos"), e.fix());
    assertEquals(
        List.of(),
        PulledRows.compare(before, before, Map.of("needs", java.util.Set.of("4")), List.of())
            .stream()
            .filter(t -> t.changed().count() + t.added().count() + t.removed().count() > 0)
            .toList(),
        "kept as it was: no change");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"delete", "wal"})
  void anIdleConnectionSeesThePulledRowsAndItsNextWriteIsKept(String journal) throws Exception {
    sql(w.db, "PRAGMA journal_mode = " + journal);
    teammateAddsANeed();
    pullFromGit();
    // An agent's server keeps the database open, idle, through the pull.
    try (Connection idle = Database.at(w.db).open(false);
        Statement s = idle.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM needs")) {
        assertTrue(rs.next());
      }
      TextFormPull.pull(w.config(), Reporter.SILENT);
      try (ResultSet rs = s.executeQuery("SELECT title FROM needs WHERE id = 10")) {
        assertTrue(rs.next(), "the idle connection reads the pulled row");
        assertEquals("Teammate need", rs.getString(1));
      }
      s.execute(
          "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
              + " (11, 'Written after the pull', 'identified', 3, '2026-03-03T00:00:00Z',"
              + " '2026-03-03T00:00:00Z')");
    }
    // A new process sees both: nothing went into a replaced file.
    assertEquals("Teammate need", query(w.db, "SELECT title FROM needs WHERE id = 10"));
    assertEquals("Written after the pull", query(w.db, "SELECT title FROM needs WHERE id = 11"));
  }

  @Test
  void aPullWithNothingPulledLeavesTheDatabaseFileAloneSoAWriteUnderWayIsNotLost()
      throws Exception {
    // The soak: agents' servers write while someone runs `mlos init --pull-text` after a commit,
    // with no `git pull` in between. The pull used to merge (base = theirs, so the result was
    // ours) and copy that over the database, dropping rows written between its dump and the copy.
    w.sql("UPDATE needs SET priority = 5, updated_at = '2026-03-05T00:00:00Z' WHERE id = 4");
    byte[] textBefore = Files.readAllBytes(text);

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    assertFalse(r.databaseReplaced(), r.toString());
    assertEquals(
        List.of(
            "mlos.db.sql has not changed since mlos last wrote it: nothing to pull (the database's"
                + " own changes go into it at the next compile)"),
        r.actions());
    assertEquals("5", query(w.db, "SELECT priority FROM needs WHERE id = 4"));
    assertArrayEquals(textBefore, Files.readAllBytes(text), "the text form is left as it was");
    assertFalse(
        Files.exists(w.config().stateDirectory().resolve("replaced")),
        "no copy kept: nothing was replaced");
    assertEquals(List.of(), leftTemporaryFiles());
  }

  @Test
  void aPulledTextFormHoldingOnlyItsHeaderLeavesTheDatabaseAlone() throws Exception {
    // A checkout of the workspace's first commit (the scaffold's header line): taken as the
    // pulled rows, it replaced the database with one without tables, which no command then
    // opened ('it is not an mlos database').
    String before = dump(w.db);
    for (String blank : List.of(DatabaseText.HEADER + "\n", "")) {
      Files.writeString(text, blank, StandardCharsets.UTF_8);

      TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

      assertFalse(r.databaseReplaced(), r.toString());
      assertEquals(
          List.of(
              "mlos.db.sql holds no rows (only its header line, as a new workspace's): nothing to"
                  + " pull (the next compile writes the database's rows into it)"),
          r.actions());
      assertEquals(before, dump(w.db));
      assertEquals(blank, Files.readString(text), "the file is left as it was");
      assertFalse(Files.exists(w.config().stateDirectory().resolve("replaced")));
    }
    w.compile();
    assertEquals(before, Files.readString(text), "the compile writes the rows into it");
  }

  @Test
  void aPulledTextFormWithBytesThatAreNotUtf8IsRefusedNamingItsLineAndChangesNothing()
      throws Exception {
    // A value edited or merged by hand in Latin-1: the pull said "Input length = 1" and told the
    // user to check that the directory is writable; a pull that merged went on with U+FFFD.
    teammateAddsANeed();
    pullFromGit();
    String pulled = Files.readString(text);
    int at = pulled.indexOf("'Teammate need'");
    long line = pulled.substring(0, at).lines().count();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.writeBytes(pulled.substring(0, at).getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("'Teammate n\u00e9ed'".getBytes(StandardCharsets.ISO_8859_1));
    bytes.writeBytes(
        pulled.substring(at + "'Teammate need'".length()).getBytes(StandardCharsets.UTF_8));
    byte[] latin1 = bytes.toByteArray();
    for (boolean databaseChanged : List.of(false, true)) {
      if (databaseChanged) {
        w.sql("UPDATE needs SET priority = 5, updated_at = '2026-03-05T00:00:00Z' WHERE id = 4");
      }
      Files.write(text, latin1);
      String before = dump(w.db);

      MlosException e =
          assertThrows(MlosException.class, () -> TextFormPull.pull(w.config(), Reporter.SILENT));

      assertEquals(
          text
              + ":"
              + line
              + ": holds bytes that are not UTF-8, so it is not a text form mlos wrote (mlos"
              + " writes a text that is not UTF-8 as CAST(X'...' AS TEXT))",
          e.getMessage());
      assertEquals(
          "restore it from git (`git checkout -- mlos.db.sql`); if that line was edited or merged"
              + " by hand, write its text in UTF-8",
          e.fix());
      assertEquals(before, dump(w.db), "nothing changed");
      assertArrayEquals(latin1, Files.readAllBytes(text));
    }
    // A clone rebuilding its database from such a file is told the same.
    Path clone = dir.resolve("clone.db");
    MlosException e = assertThrows(MlosException.class, () -> DatabaseText.restore(text, clone));
    assertTrue(e.getMessage().startsWith(text + ":" + line + ": holds bytes"), e.getMessage());
    assertFalse(Files.exists(clone));
  }

  @Test
  void aPullKeepsTheDatabasesOwnChangesToOtherRows() throws Exception {
    w.sql("UPDATE needs SET priority = 5, updated_at = '2026-03-05T00:00:00Z' WHERE id = 4");
    teammateAddsANeed();
    pullFromGit();

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    assertTrue(r.databaseReplaced(), r.toString());
    assertEquals("Teammate need", query(w.db, "SELECT title FROM needs WHERE id = 10"));
    assertEquals("5", query(w.db, "SELECT priority FROM needs WHERE id = 4"));
    assertEquals(dump(w.db), Files.readString(text), "the text form holds the merged rows");
    assertArrayEquals(
        Files.readAllBytes(text),
        Files.readAllBytes(DatabaseText.baseFileOf(w.config().stateDirectory(), w.db)));
    assertEquals(List.of(), leftTemporaryFiles());
    w.compile();
    String after = Files.readString(text);
    assertTrue(
        after.contains("'Teammate need'")
            && after.contains("(4,'Phone view','Portable needs only.','identified',5"),
        after);
    assertTrue(w.guard().isClean(), w.guard().violations().toString());
  }

  @Test
  void aPullWhoseRowsConflictIsRefusedNamingThemAndChangesNothing() throws Exception {
    w.sql("UPDATE needs SET title = 'Ours', updated_at = '2026-03-05T00:00:00Z' WHERE id = 1");
    sql(
        teammate,
        "UPDATE needs SET title = 'Theirs', updated_at = '2026-03-06T00:00:00Z' WHERE id = 1");
    pullFromGit();
    Path base = DatabaseText.baseFileOf(w.config().stateDirectory(), w.db);
    byte[] db = Files.readAllBytes(w.db);
    byte[] pulled = Files.readAllBytes(text);
    byte[] baseBytes = Files.readAllBytes(base);

    TextFormPull.PullConflictException e =
        assertThrows(
            TextFormPull.PullConflictException.class,
            () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertEquals(1, e.conflicts().size(), e.conflicts().toString());
    assertEquals("needs", e.conflicts().get(0).table());
    assertEquals("1", e.conflicts().get(0).key());
    assertTrue(
        e.getMessage().contains("table 'needs' row '1'")
            && e.getMessage().contains(TextFormPull.CONFLICT_RULE),
        e.getMessage());
    assertTrue(
        e.fix().contains("change the row in the database") && e.fix().contains("mlos.db.sql"),
        e.fix());
    assertArrayEquals(db, Files.readAllBytes(w.db));
    assertArrayEquals(pulled, Files.readAllBytes(text));
    assertArrayEquals(baseBytes, Files.readAllBytes(base));
    assertEquals("Ours", query(w.db, "SELECT title FROM needs WHERE id = 1"));
    try (var files = Files.list(dir)) {
      assertTrue(
          files.noneMatch(f -> f.getFileName().toString().contains(".mlos-tmp-")),
          "no temporary file left");
    }
  }

  /**
   * The database retitled a need while the pulled file gave it another priority: the pull was
   * refused as a conflict on the row, though no value clashed. Both changes are kept now.
   */
  @Test
  void aPullKeepsTheDatabasesAndTheFilesChangesToOtherColumnsOfOneRow() throws Exception {
    w.sql("UPDATE needs SET title = 'Ours', updated_at = '2026-03-05T00:00:00Z' WHERE id = 1");
    sql(
        teammate,
        "UPDATE needs SET priority = 5, updated_at = '2026-03-06T00:00:00Z' WHERE id = 1");
    pullFromGit();

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    assertTrue(r.databaseReplaced(), r.toString());
    assertEquals(
        "Ours|5|2026-03-06T00:00:00Z",
        query(
            w.db, "SELECT title || '|' || priority || '|' || updated_at FROM needs WHERE id = 1"));
    w.compile();
    assertEquals(dump(w.db), Files.readString(text), "the text form holds the merged row");
    assertTrue(w.guard().isClean(), w.guard().violations().toString());
  }

  /**
   * The database tagged a need "ui" while the pulled file tagged it "perf": the pull was refused as
   * a conflict on the row. The tags are merged as a list now, as in the merge driver, and the tag
   * index follows.
   */
  @Test
  void aPullKeepsTheTagsTheDatabaseAndTheFileEachAddedToOneNeed() throws Exception {
    w.sql("UPDATE needs SET tags = '[\"ui\"]', updated_at = '2026-03-05T00:00:00Z' WHERE id = 1");
    sql(
        teammate,
        "UPDATE needs SET tags = '[\"perf\"]', updated_at = '2026-03-06T00:00:00Z' WHERE id = 1");
    pullFromGit();

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    assertTrue(r.databaseReplaced(), r.toString());
    assertEquals("[\"perf\",\"ui\"]", query(w.db, "SELECT tags FROM needs WHERE id = 1"));
    assertEquals(
        "perf,ui",
        query(w.db, "SELECT group_concat(tag, ',' ORDER BY tag) FROM need_tags WHERE need_id = 1"));
    w.compile();
    assertEquals(dump(w.db), Files.readString(text), "the text form holds the merged row");
    assertTrue(w.guard().isClean(), w.guard().violations().toString());
  }

  /** Both changed a need's description differently: no list, so the pull still refuses. */
  @Test
  void aPullStillRefusesOneTextBothSidesChanged() throws Exception {
    w.sql("UPDATE needs SET description = '[\"a\",\"b\"]' WHERE id = 1");
    w.compile();
    Files.copy(w.db, teammate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    w.sql("UPDATE needs SET description = '[\"a\",\"b\",[\"c\"]]' WHERE id = 1");
    sql(teammate, "UPDATE needs SET description = '[\"a\",\"d\"]' WHERE id = 1");
    pullFromGit();

    assertThrows(
        TextFormPull.PullConflictException.class,
        () -> TextFormPull.pull(w.config(), Reporter.SILENT));
    assertEquals(
        "[\"a\",\"b\",[\"c\"]]",
        query(w.db, "SELECT description FROM needs WHERE id = 1"),
        "the database is left as it was");
  }

  /**
   * The conflict's fix as written: change the row in the database to the pulled version. Made with
   * mlos, the change gets its own updated_at, so the row never agreed with the file and the pull
   * refused again, however often the user followed the fix.
   */
  @Test
  void aConflictFixedByMakingThePulledChangeAgainPulls() throws Exception {
    w.sql("UPDATE needs SET title = 'Ours', updated_at = '2026-03-05T00:00:00Z' WHERE id = 1");
    sql(
        teammate,
        "UPDATE needs SET title = 'Theirs', updated_at = '2026-03-06T00:00:00Z' WHERE id = 1");
    pullFromGit();
    assertThrows(
        TextFormPull.PullConflictException.class,
        () -> TextFormPull.pull(w.config(), Reporter.SILENT));
    // The user takes the pulled title with mlos, which stamps the time of the write.
    w.sql("UPDATE needs SET title = 'Theirs', updated_at = '2026-03-07T00:00:00Z' WHERE id = 1");

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    assertTrue(r.databaseReplaced(), r.toString());
    assertEquals(
        "Theirs|2026-03-07T00:00:00Z",
        query(w.db, "SELECT title || '|' || updated_at FROM needs WHERE id = 1"));
    assertEquals(dump(w.db), Files.readString(text), "the text form holds the merged rows");
  }

  @Test
  void aPullWhoseMergedRowsBreakARuleIsRefusedNamingTheRuleAndChangesNothing() throws Exception {
    // Each side adds one blocks edge, valid on its own; together they close a cycle.
    w.sql(
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at)"
            + " VALUES ('need', 1, 'need', 2, 'blocks', '2026-03-05T00:00:00Z')");
    sql(
        teammate,
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at)"
            + " VALUES ('need', 2, 'need', 1, 'blocks', '2026-03-06T00:00:00Z')");
    pullFromGit();
    Path base = DatabaseText.baseFileOf(w.config().stateDirectory(), w.db);
    byte[] db = Files.readAllBytes(w.db);
    byte[] pulled = Files.readAllBytes(text);
    byte[] baseBytes = Files.readAllBytes(base);

    TextFormPull.PullBreaksRuleException e =
        assertThrows(
            TextFormPull.PullBreaksRuleException.class,
            () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertEquals(
        List.of(
            "relationship: this blocks edge would close a cycle of blocks edges",
            "relationship: this blocks edge would close a cycle of blocks edges"),
        e.conflicts().stream().map(TextMerge.Conflict::rule).toList());
    assertTrue(
        e.getMessage().contains(TextFormPull.RULES_RULE)
            && e.getMessage()
                .contains(
                    "table 'relationships' row '3' (breaks the rule \"relationship: this blocks edge"
                        + " would close a cycle of blocks edges\""),
        e.getMessage());
    assertEquals(List.of(Remedy.pullTextForm()), e.remedies());
    assertTrue(
        e.fix().contains("change or delete the row in the database")
            && e.fix().contains("mlos.db.sql")
            && e.fix().contains("so the rule holds, then run "),
        e.fix());
    assertArrayEquals(db, Files.readAllBytes(w.db), "the database is untouched");
    assertArrayEquals(pulled, Files.readAllBytes(text));
    assertArrayEquals(baseBytes, Files.readAllBytes(base));
    assertEquals(
        "1", query(w.db, "SELECT count(*) FROM relationships WHERE relationship_type = 'blocks'"));

    // Undoing the database's own edge (the fix) lets the same pull through.
    w.sql("DELETE FROM relationships WHERE relationship_type = 'blocks'");
    assertTrue(TextFormPull.pull(w.config(), Reporter.SILENT).databaseReplaced());
    assertEquals(
        "2|1",
        query(
            w.db,
            "SELECT source_id || '|' || target_id FROM relationships WHERE relationship_type = 'blocks'"));
  }

  @Test
  void aPullIsRefusedWhileAnotherProcessHoldsTheDatabase() throws Exception {
    teammateAddsANeed();
    pullFromGit();
    byte[] pulled = Files.readAllBytes(text);
    try (Connection other = Database.at(w.db).open(false);
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("UPDATE needs SET priority = 3 WHERE id = 2");

      DatabaseException e =
          assertThrows(
              DatabaseException.class, () -> TextFormPull.pull(w.config(), Reporter.SILENT));

      assertTrue(
          e.getMessage().contains(w.db.toString())
              && e.getMessage().contains("another process holds it"),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("nothing was changed")
              && e.fix().contains("end what holds the database (a sqlite3 shell inside BEGIN"),
          e.getMessage() + " / " + e.fix());
      s.execute("ROLLBACK");
    }
    assertArrayEquals(pulled, Files.readAllBytes(text));
    assertEquals(null, query(w.db, "SELECT title FROM needs WHERE id = 10"));
  }

  @Test
  void aTextFormMlosWroteOrThatEqualsTheDatabaseIsRewrittenFreely() throws Exception {
    // The database changed, the file is what mlos wrote last (the base): the compile rewrites it.
    w.sql("UPDATE needs SET priority = 5 WHERE id = 4");
    w.compile();
    assertEquals(dump(w.db), Files.readString(text));
    // No base (a workspace from before the base was kept) and the file equals the database: fine.
    Files.delete(DatabaseText.baseFileOf(w.config().stateDirectory(), w.db));
    w.sql("UPDATE needs SET priority = 4 WHERE id = 4");
    Files.writeString(text, dump(w.db));
    w.compile();
    assertEquals(dump(w.db), Files.readString(text));
    // No base and another text: refused.
    Files.delete(DatabaseText.baseFileOf(w.config().stateDirectory(), w.db));
    Files.copy(w.db, teammate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    teammateAddsANeed();
    pullFromGit();
    assertThrows(DatabaseText.TextFormChangedException.class, w::compile);
    // A pull without a base merges every row as added on both sides: rows both have alike are kept
    // once.
    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);
    assertTrue(r.databaseReplaced(), r.toString());
    assertEquals("Teammate need", query(w.db, "SELECT title FROM needs WHERE id = 10"));
    assertEquals("4", query(w.db, "SELECT priority FROM needs WHERE id = 4"));
  }

  @Test
  void aTextFormCheckedOutWithWindowsLineEndingsIsNamedAsSuchWithTheFix() throws Exception {
    // git on Windows with core.autocrlf and no eol=lf for the file: the same rows, every line
    // ending in CRLF. The compile called it 'changed outside mlos' (dbtext.not_pulled) and sent the
    // user to a pull.
    String lf = Files.readString(text);
    Files.writeString(text, lf.replace("\n", "\r\n"));
    for (org.junit.jupiter.api.function.Executable op :
        List.<org.junit.jupiter.api.function.Executable>of(
            w::compile, () -> TextFormPull.pull(w.config(), Reporter.SILENT))) {
      dev.mlos.core.MlosException e = assertThrows(dev.mlos.core.MlosException.class, op);
      assertFalse(e instanceof DatabaseText.TextFormChangedException, e.getMessage());
      assertTrue(e.getMessage().contains("has Windows line endings (CRLF)"), e.getMessage());
      assertTrue(
          e.fix().contains("`mlos.db.sql text eol=lf` to .gitattributes")
              && e.fix().contains("git checkout -- mlos.db.sql"),
          e.fix());
    }
    assertEquals(lf.replace("\n", "\r\n"), Files.readString(text), "nothing was written");
    Files.writeString(text, lf);
    w.compile();
  }

  @Test
  void mvnCleanKeepsTheBaseSoACompileAfterAChangeIsNotRefused() throws Exception {
    deleteTree(w.config().stateDirectory()); // what `mvn clean` does to target/mlos
    w.sql("UPDATE needs SET title = 'Changed after a clean' WHERE id = 1");
    w.compile();
    assertEquals(dump(w.db), Files.readString(text));
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void withoutABaseAPullIsRefusedWhenTheDatabaseHasRowsThePulledFileLacks() throws Exception {
    Path base = DatabaseText.baseFileOf(w.config().stateDirectory(), w.db);
    Files.delete(base); // a workspace from before the base was kept
    w.sql("UPDATE needs SET title = 'Ours' WHERE id = 1");
    teammateAddsANeed();
    pullFromGit();
    byte[] db = Files.readAllBytes(w.db);
    byte[] pulled = Files.readAllBytes(text);

    dev.mlos.core.MlosException e =
        assertThrows(
            dev.mlos.core.MlosException.class,
            () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertTrue(
        e.getMessage().contains(base.toString()) && e.getMessage().contains("is missing"),
        e.getMessage());
    assertTrue(e.fix().contains("move mlos.db aside and run `init`"), e.fix());
    assertArrayEquals(db, Files.readAllBytes(w.db));
    assertArrayEquals(pulled, Files.readAllBytes(text));
    assertFalse(Files.exists(base));
  }

  @Test
  void theGuardSaysAPulledTextFormMustBeMergedWithTheSameFix() throws Exception {
    // A workspace-local database (the guard checks only a text form inside the workspace).
    Path local = w.root.resolve("mlos.db");
    Files.copy(w.db, local);
    Files.copy(text, DatabaseText.fileOf(local));
    dev.mlos.core.config.WorkspaceConfig config =
        new dev.mlos.core.config.ConfigLoader()
            .load(
                w.root,
                new dev.mlos.core.config.ConfigOverrides(null, local, null, null, Map.of()));
    new dev.mlos.core.compile.Compiler()
        .compile(
            new dev.mlos.core.compile.CompileRequest(config, "2026-02-01T00:00:00Z"),
            Reporter.SILENT);
    dev.mlos.core.guard.GuardReport green =
        new dev.mlos.core.guard.Guard().check(new dev.mlos.core.guard.GuardRequest(config));
    assertTrue(
        green.violations().stream().noneMatch(v -> v.path().equals("mlos.db.sql")),
        green.violations().toString());

    // The same rows checked out with CRLF: the line endings are named, not a pull.
    String lf = Files.readString(DatabaseText.fileOf(local));
    Files.writeString(DatabaseText.fileOf(local), lf.replace("\n", "\r\n"));
    dev.mlos.core.guard.Violation crlf =
        new dev.mlos.core.guard.Guard()
            .check(new dev.mlos.core.guard.GuardRequest(config)).violations().stream()
                .filter(x -> x.path().equals("mlos.db.sql"))
                .findFirst()
                .orElseThrow();
    assertTrue(crlf.message().contains("Windows line endings (CRLF)"), crlf.message());
    assertTrue(crlf.fixTemplate().contains("text eol=lf"), crlf.fixTemplate());
    Files.writeString(DatabaseText.fileOf(local), lf);

    Files.copy(local, teammate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    teammateAddsANeed();
    Files.writeString(DatabaseText.fileOf(local), dump(teammate), StandardCharsets.UTF_8);
    dev.mlos.core.guard.GuardReport pulled =
        new dev.mlos.core.guard.Guard().check(new dev.mlos.core.guard.GuardRequest(config));

    dev.mlos.core.guard.Violation v =
        pulled.violations().stream()
            .filter(x -> x.path().equals("mlos.db.sql"))
            .findFirst()
            .orElseThrow();
    assertEquals(dev.mlos.core.guard.ViolationClass.STALE, v.violationClass());
    assertTrue(
        v.message().contains("changed outside mlos") && v.message().contains(DatabaseText.RULE),
        v.message());
    assertEquals(DatabaseText.PULL_FIX, v.fixTemplate());
    assertEquals(DatabaseText.PULL_REMEDIES, v.remedies());

    // The same pull committed with a conflict unresolved: the guard names the marker's line.
    String pulledText = Files.readString(DatabaseText.fileOf(local));
    int cut = pulledText.indexOf("\nINSERT INTO") + 1;
    long markerLine = pulledText.substring(0, cut).lines().count() + 1;
    Files.writeString(
        DatabaseText.fileOf(local),
        pulledText.substring(0, cut)
            + "<<<<<<< ours\n=======\n>>>>>>> theirs\n"
            + pulledText.substring(cut));
    dev.mlos.core.guard.Violation marked =
        new dev.mlos.core.guard.Guard()
            .check(new dev.mlos.core.guard.GuardRequest(config)).violations().stream()
                .filter(x -> x.path().equals("mlos.db.sql"))
                .findFirst()
                .orElseThrow();
    assertTrue(marked.message().contains("unresolved merge conflict"), marked.message());
    assertEquals(markerLine, marked.line(), marked.toString());
    assertEquals(List.of(Remedy.pullTextForm()), marked.remedies());
    // git's own markers (a clone without the mlos-db driver merged it line by line): merge again
    // with the driver, not keep one side (which drops rows both branches added under one id).
    Files.writeString(
        DatabaseText.fileOf(local),
        pulledText.substring(0, cut)
            + "<<<<<<< HEAD\n=======\n>>>>>>> 1a2b3c4 (bob 7)\n"
            + pulledText.substring(cut));
    dev.mlos.core.guard.Violation lineMerged =
        new dev.mlos.core.guard.Guard()
            .check(new dev.mlos.core.guard.GuardRequest(config)).violations().stream()
                .filter(x -> x.path().equals("mlos.db.sql"))
                .findFirst()
                .orElseThrow();
    assertTrue(
        lineMerged.message().contains("holds git's own conflict markers (line " + markerLine + ")"),
        lineMerged.message());
    assertTrue(lineMerged.fixTemplate().contains("git merge --abort"), lineMerged.fixTemplate());
    assertEquals(List.of(Remedy.init()), lineMerged.remedies());
    Files.writeString(DatabaseText.fileOf(local), pulledText);

    TextFormPull.pull(config, Reporter.SILENT);
    new dev.mlos.core.compile.Compiler()
        .compile(
            new dev.mlos.core.compile.CompileRequest(config, "2026-02-01T00:00:00Z"),
            Reporter.SILENT);
    dev.mlos.core.guard.GuardReport merged =
        new dev.mlos.core.guard.Guard().check(new dev.mlos.core.guard.GuardRequest(config));
    assertTrue(
        merged.violations().stream().noneMatch(x -> x.path().equals("mlos.db.sql")),
        merged.violations().toString());
  }

  @Test
  void initRebuildingTheDatabaseFromItsTextFormKeepsItAsTheBase() throws Exception {
    byte[] committed = Files.readAllBytes(text);
    Files.delete(w.db);
    Path base = DatabaseText.baseFileOf(w.config().stateDirectory(), w.db);
    Files.delete(base);

    new dev.mlos.core.init.Initializer()
        .init(
            dev.mlos.core.init.InitRequest.forWorkspace(
                w.config(), java.util.List.of("mlos"), null, null));

    assertArrayEquals(committed, Files.readAllBytes(base));
    w.compile();
    assertFalse(dump(w.db).isEmpty());
    assertEquals(dump(w.db), Files.readString(text));
  }

  // A pull takes the pulled text form's rows only when their schema is the one this mlos creates:
  // a teammate on a newer mlos, or a hand-changed rule in the file, leaves the database as it was.

  @Test
  void aTextFormOfANewerMlosIsRefusedNamingItsVersionAndTheDatabaseIsUnchanged() throws Exception {
    // The teammate's mlos applied a migration this one does not ship (as V13 is to an mlos of V8).
    sql(
        teammate,
        "INSERT INTO schema_migrations VALUES ('mlos', 99, 'from the future', '"
            + "0".repeat(64)
            + "', '2027-01-01T00:00:00.000Z')");
    teammateAddsANeed();
    pullFromGit();
    byte[] pulled = Files.readAllBytes(text);
    byte[] before = Files.readAllBytes(w.db);

    MlosException e =
        assertThrows(MlosException.class, () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertTrue(
        e.getMessage().contains("was written by a newer mlos")
            && e.getMessage().contains("schema set mlos at version 99"),
        e.getMessage());
    assertTrue(e.fix().contains("upgrade mlos"), e.fix());
    assertArrayEquals(before, Files.readAllBytes(w.db), "the database was not replaced");
    assertEquals(null, query(w.db, "SELECT title FROM needs WHERE id = 10"));
    assertEquals(null, query(w.db, "SELECT version FROM schema_migrations WHERE version = 99"));
    assertArrayEquals(pulled, Files.readAllBytes(text), "the pulled file is left as it came");
    // This mlos still opens the database (the pull had made it one of a newer mlos).
    try (Connection c = Database.at(w.db).openReadOnly()) {
      dev.mlos.core.schema.SchemaIntegrity.requireUntampered(c, "test");
    }
  }

  @Test
  void aTextFormWithAChangedRuleIsRefusedNamingTheTriggerAndTheDatabaseIsUnchanged()
      throws Exception {
    String trigger =
        query(
            teammate,
            "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'needs'"
                + " ORDER BY name LIMIT 1");
    String body = query(teammate, "SELECT sql FROM sqlite_schema WHERE name = '" + trigger + "'");
    assertTrue(body.contains("BEGIN"), body);
    // A rule's trigger changed in the teammate's file (by hand, or a commit nobody reviewed).
    sql(teammate, "DROP TRIGGER " + trigger, body.replaceFirst("BEGIN", "BEGIN SELECT 1;"));
    byte[] before = Files.readAllBytes(w.db);
    teammateAddsANeed();
    pullFromGit();

    dev.mlos.core.schema.TamperedSchemaException e =
        assertThrows(
            dev.mlos.core.schema.TamperedSchemaException.class,
            () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertTrue(e.getMessage().contains(trigger), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(w.db), "the database was not replaced");
    assertEquals(null, query(w.db, "SELECT title FROM needs WHERE id = 10"));
  }

  @Test
  void migrationsTheTeammateAppliedAtOtherTimesAreNotReportedAsRowsThePullDrops() throws Exception {
    // Each clone ran init of the new mlos itself (docs/schema.md, "Upgrading mlos"): the same
    // migrations, applied at other times. The pull keeps the pulled times; no row was lost.
    sql(teammate, "UPDATE schema_migrations SET applied_at = '2027-01-01T00:00:00.000Z'");
    teammateAddsANeed();
    pullFromGit();

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    assertTrue(r.databaseReplaced(), r.actions().toString());
    assertEquals("Teammate need", query(w.db, "SELECT title FROM needs WHERE id = 10"));
    assertTrue(
        r.actions().stream().noneMatch(a -> a.contains("schema_migrations")),
        r.actions().toString());
  }
}
