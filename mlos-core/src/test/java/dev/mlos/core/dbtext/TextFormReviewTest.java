package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.guard.GuardWorkspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull request that edits mlos.db.sql by hand is reviewed against the rules the database's
 * triggers enforce (a rebuild restores rows before the triggers exist, so nothing else would). Real
 * git repositories, real text forms a compile wrote.
 */
class TextFormReviewTest {
  @TempDir Path dir;

  private GuardWorkspace w;
  private Path text;

  private void git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of("-c", "user.name=t", "-c", "user.email=t@example.org"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out);
  }

  /** A compiled workspace whose text form is committed on main. */
  @BeforeEach
  void setUp() throws Exception {
    w = GuardWorkspace.create(dir);
    w.seed();
    text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    w.compile();
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
  }

  private List<String> lines() throws Exception {
    return new ArrayList<>(Files.readAllLines(text, StandardCharsets.UTF_8));
  }

  /** The line number (from 1) of the row line starting {@code prefix}. */
  private int lineOf(String prefix) throws Exception {
    List<String> l = lines();
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).startsWith(prefix)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line " + prefix);
  }

  /** Edits the line starting {@code prefix} by hand: replaces {@code from} with {@code to}. */
  private int handEdit(String prefix, String from, String to) throws Exception {
    int at = lineOf(prefix);
    List<String> l = lines();
    String line = l.get(at - 1);
    assertTrue(line.contains(from), line);
    l.set(at - 1, line.replace(from, to));
    Files.writeString(text, String.join("\n", l) + "\n", StandardCharsets.UTF_8);
    return at;
  }

  private TextFormReview.Result review() {
    return TextFormReview.review(text, "main");
  }

  @Test
  void aNeedMovedByHandFromIdentifiedToResolvedIsRefusedWithItsLineAndRule() throws Exception {
    int at = handEdit("INSERT INTO \"needs\" VALUES(4,", "'identified'", "'resolved'");

    TextFormReview.Result r = review();

    assertEquals(1, r.refusals().size(), r.toString());
    TextFormReview.Refusal x = r.refusals().get(0);
    assertEquals(at, x.line());
    assertEquals("needs", x.table());
    assertEquals("4", x.key());
    assertEquals("changed", x.change());
    assertEquals("need: identified -> resolved is not allowed", x.rule());
    assertTrue(r.fix(x).contains("restore line " + at + " to its version at main"), r.fix(x));
    assertTrue(r.fix(x).contains("git show main:mlos.db.sql"), r.fix(x));
  }

  /**
   * A table of the workspace's own added beside the hand edit (one line, {@code CREATE TABLE e
   * (a);}) made the base's schema differ from the text's: the rows were taken unjudged, with a
   * note, by check-text (exit 0) and by the pull. With the same migrations they are judged.
   */
  @Test
  void aTableAddedBesideAHandEditDoesNotTakeTheEditPastTheRules() throws Exception {
    int at = handEdit("INSERT INTO \"needs\" VALUES(4,", "'identified'", "'resolved'");
    List<String> l = lines();
    l.add(lineOf("DELETE FROM sqlite_sequence") - 1, "CREATE TABLE e (a);");
    Files.writeString(text, String.join("\n", l) + "\n", StandardCharsets.UTF_8);

    TextFormReview.Result r = review();

    assertEquals(List.of(), r.notes());
    assertEquals(1, r.refusals().size(), r.toString());
    assertEquals(at, r.refusals().get(0).line());
    assertEquals("need: identified -> resolved is not allowed", r.refusals().get(0).rule());
  }

  /**
   * A hand edit beside the deletion of the trigger that refuses it: the rows were judged under the
   * file's own rules, so the edit passed check-text (review3). The migrations' own objects are
   * checked first; a file without any trigger is refused too, not left unjudged.
   */
  @Test
  void aRuleDeletedBesideAHandEditIsRefusedNotUsedToJudgeIt() throws Exception {
    handEdit("INSERT INTO \"needs\" VALUES(4,", "'identified'", "'resolved'");
    List<String> l = lines();
    int from = lineOf("CREATE TRIGGER needs_status_move ") - 1;
    int to =
        from + 1; // the statement runs to the next one, which a dump starts on a line of its own
    while (!l.get(to).startsWith("CREATE ") && !l.get(to).startsWith("PRAGMA ")) {
      to++;
    }
    l.subList(from, to).clear();
    Files.writeString(text, String.join("\n", l) + "\n", StandardCharsets.UTF_8);

    TextFormReview.Result r = review();

    assertEquals(1, r.refusals().size(), r.toString());
    TextFormReview.Refusal x = r.refusals().get(0);
    assertEquals("sqlite_schema", x.table());
    assertEquals("trigger needs_status_move", x.key());
    assertEquals("removed", x.change());
    assertEquals(from + 1, x.baseLine(), "its line in the base");
    assertTrue(x.rule().startsWith("trigger needs_status_move on needs "), x.rule());
    assertTrue(
        TextFormReview.fix(x, "main", "mlos.db.sql")
            .startsWith("put the trigger needs_status_move back as `git show main:mlos.db.sql`"),
        TextFormReview.fix(x, "main", "mlos.db.sql"));

    // Every trigger gone: refused, where the review had returned nothing to say.
    List<String> none = new java.util.ArrayList<>();
    boolean inTrigger = false;
    for (String line : l) {
      if (line.startsWith("CREATE ") || line.startsWith("PRAGMA ")) {
        inTrigger = line.startsWith("CREATE TRIGGER ");
      }
      if (!inTrigger) {
        none.add(line);
      }
    }
    Files.writeString(text, String.join("\n", none) + "\n", StandardCharsets.UTF_8);
    assertFalse(review().refusals().isEmpty(), "a file without its triggers");
  }

  @Test
  void aBlocksEdgeAddedByHandThatClosesACycleIsRefused() throws Exception {
    w.sql(
        "INSERT INTO relationships (source_type, source_id, target_type, target_id,"
            + " relationship_type, created_at) VALUES ('need', 1, 'need', 2, 'blocks',"
            + " '2026-01-01T00:00:00Z')");
    w.compile();
    git("commit", "-q", "-am", "need 1 blocks need 2");
    // By hand: a copy of that edge's line, turned around, under the next id.
    List<String> l = lines();
    int edge = 0;
    while (!l.get(edge).contains("'need',1,'need',2,'blocks'")) {
      edge++;
    }
    String line = l.get(edge++);
    String id = line.substring(line.indexOf('(') + 1, line.indexOf(','));
    l.add(
        edge,
        line.replace("VALUES(" + id + ",", "VALUES(" + (Long.parseLong(id) + 1) + ",")
            .replace("'need',1,'need',2,", "'need',2,'need',1,"));
    Files.writeString(text, String.join("\n", l) + "\n", StandardCharsets.UTF_8);

    TextFormReview.Result r = review();

    assertEquals(1, r.refusals().size(), r.toString());
    TextFormReview.Refusal x = r.refusals().get(0);
    assertEquals(edge + 1, x.line());
    assertEquals("relationships", x.table());
    assertEquals("added", x.change());
    assertTrue(x.rule().contains("cycle"), x.rule());
    assertTrue(r.fix(x).startsWith("delete line " + (edge + 1) + " of mlos.db.sql"), r.fix(x));
  }

  @Test
  void aRuleRowAddedByHandIsRefusedAndDoesNotLetTheMoveItAllowsThrough() throws Exception {
    // The move identified -> resolved made allowed by a row of the rule table, and used.
    List<String> l = lines();
    int last = 0;
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).startsWith("INSERT INTO \"need_transitions\" VALUES(")) {
        last = i;
      }
    }
    l.add(last + 1, "INSERT INTO \"need_transitions\" VALUES('identified','resolved');");
    Files.writeString(text, String.join("\n", l) + "\n", StandardCharsets.UTF_8);
    int move = handEdit("INSERT INTO \"needs\" VALUES(4,", "'identified'", "'resolved'");

    TextFormReview.Result r = review();

    assertEquals(2, r.refusals().size(), r.toString());
    // In the order of the file: the needs table comes first.
    TextFormReview.Refusal rule = r.refusals().get(1);
    assertEquals("need_transitions", rule.table());
    assertEquals(last + 2, rule.line());
    assertTrue(rule.rule().contains("written by mlos's migrations only"), rule.rule());
    assertTrue(r.fix(rule).contains("change only with an mlos upgrade"), r.fix(rule));
    assertEquals(move, r.refusals().get(0).line());
    assertEquals("need: identified -> resolved is not allowed", r.refusals().get(0).rule());
  }

  @Test
  void anOverLongDescriptionWrittenByHandIsRefused() throws Exception {
    int at =
        handEdit(
            "INSERT INTO \"needs\" VALUES(2,",
            "'Budgeted by tokens.'",
            "'" + "x".repeat(100_001) + "'");

    TextFormReview.Result r = review();

    assertEquals(1, r.refusals().size(), r.toString());
    assertEquals(at, r.refusals().get(0).line());
    assertTrue(
        r.refusals().get(0).rule().contains("description must be at most 100000 characters"),
        r.refusals().get(0).rule());
  }

  @Test
  void changesMadeThroughTheDatabaseInSeveralStepsPass() throws Exception {
    // A need walked through its lifecycle, a task claimed, started and finished (which resolves
    // its need by trigger): each step allowed, the whole jump of each row not.
    w.sql(
        "UPDATE needs SET status = 'active' WHERE id = 4",
        "UPDATE needs SET status = 'actionable' WHERE id = 4",
        "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = 1",
        "UPDATE tasks SET status = 'in_progress' WHERE id = 1",
        "UPDATE tasks SET status = 'completed' WHERE id = 1",
        "UPDATE needs SET description = 'Portable needs, and the phone.' WHERE id = 4",
        // A new need and a new task, whose derived_from edge a trigger writes under the next id.
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (5, 'Tablet view', 'identified', 3, '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z')",
        "INSERT INTO tasks (id, need_id, description, status, priority, created_at, updated_at)"
            + " VALUES (2, 4, 'Draw the phone view', 'open', 2, '2026-02-01T00:00:00Z',"
            + " '2026-02-01T00:00:00Z')");
    w.compile();
    String compiled = Files.readString(text);
    assertTrue(compiled.contains("'resolved'"), "the task's finish resolved need 1");

    TextFormReview.Result r = review();

    assertTrue(r.clean(), r.toString());
    assertTrue(r.judged() >= 5, r.toString());
  }

  @Test
  void anUnchangedRowThatBreaksANewerRuleIsNotJudged() throws Exception {
    // As an older mlos wrote it, before the limit: committed as the base.
    handEdit(
        "INSERT INTO \"needs\" VALUES(2,",
        "'Budgeted by tokens.'",
        "'" + "y".repeat(100_001) + "'");
    git("commit", "-q", "-am", "an old long row");
    handEdit("INSERT INTO \"needs\" VALUES(1,", "'Same database, same boot.'", "'Same boot.'");

    TextFormReview.Result r = review();

    assertTrue(r.clean(), r.toString());
    assertEquals(1, r.judged());
  }

  @Test
  void anOldRowOverANewerLimitKeepsItsTextWhenAnotherColumnChanges() throws Exception {
    handEdit(
        "INSERT INTO \"needs\" VALUES(2,",
        "'Budgeted by tokens.'",
        "'" + "y".repeat(100_001) + "'");
    git("commit", "-q", "-am", "an old long row");
    // Its priority changed by hand, which the rules allow; its description is as it was.
    handEdit("INSERT INTO \"needs\" VALUES(2,", "'active',2,", "'active',1,");

    TextFormReview.Result r = review();

    assertTrue(r.clean(), r.toString());
    assertEquals(1, r.judged());
  }

  @Test
  void aRowChangedOnlyInUpdatedAtIsNoChange() throws Exception {
    handEdit("INSERT INTO \"needs\" VALUES(4,", "'2026-01-04T00:00:00Z'", "'2026-02-04T00:00:00Z'");

    TextFormReview.Result r = review();

    assertTrue(r.clean(), r.toString());
    assertEquals(0, r.judged());
  }

  @Test
  void aBaseWithoutTheTextFormJudgesEveryRowAsAdded() throws Exception {
    git("rm", "-q", "--cached", "mlos.db.sql");
    git("commit", "-q", "-m", "no text form yet");

    TextFormReview.Result all = review();
    assertTrue(all.clean(), all.toString());

    // The history says how need 4 came to be (added as identified): the jump is judged.
    int at = handEdit("INSERT INTO \"needs\" VALUES(4,", "'identified'", "'resolved'");
    TextFormReview.Result r = review();
    assertEquals(1, r.refusals().size(), r.toString());
    assertEquals("added", r.refusals().get(0).change());
    assertEquals(at, r.refusals().get(0).line());
    assertEquals("need: identified -> resolved is not allowed", r.refusals().get(0).rule());
  }

  /**
   * A pull request that upgrades mlos (the text form's schema moves from mlos V19 to V20) and edits
   * a row by hand: the base is brought to V20 as init would bring it, and the row is judged.
   */
  @Test
  void aBaseOfAnOlderSchemaIsUpgradedThenTheChangedRowsAreJudged() throws Exception {
    Path old = dir.resolve("old");
    Files.createDirectories(old);
    Path db = old.resolve("mlos.db");
    Path oldText = old.resolve("mlos.db.sql");
    try (java.sql.Connection c = dev.mlos.core.db.Database.at(db).open(true);
        java.sql.Statement s = c.createStatement()) {
      dev.mlos.core.schema.Migrator.forSet("mlos").migrate(c, 19);
      dev.mlos.core.schema.Migrator.forSet("mlos-compiler").migrate(c);
      s.execute(
          "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
              + " (1, 'Boot', 'identified', 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
      Files.writeString(oldText, DatabaseText.dump(c, db), StandardCharsets.UTF_8);
      git("add", "old/mlos.db.sql");
      git("commit", "-q", "-m", "a text form of mlos V19");
      dev.mlos.core.schema.Migrator.forSet("mlos").migrate(c);
      Files.writeString(oldText, DatabaseText.dump(c, db), StandardCharsets.UTF_8);
    }
    assertTrue(!Files.readString(oldText).equals(gitShow("main:old/mlos.db.sql")), "upgraded");

    TextFormReview.Result upgradedOnly = TextFormReview.review(oldText, "main");
    assertEquals(List.of(), upgradedOnly.notes(), upgradedOnly.toString());
    assertTrue(upgradedOnly.clean(), upgradedOnly.toString());

    List<String> l = new ArrayList<>(Files.readAllLines(oldText, StandardCharsets.UTF_8));
    int at = 0;
    while (!l.get(at).startsWith("INSERT INTO \"needs\" VALUES(1,")) {
      at++;
    }
    l.set(at, l.get(at).replace("'identified'", "'resolved'"));
    Files.writeString(oldText, String.join("\n", l) + "\n", StandardCharsets.UTF_8);

    TextFormReview.Result r = TextFormReview.review(oldText, "main");
    assertEquals(1, r.refusals().size(), r.toString());
    assertEquals(at + 1, r.refusals().get(0).line());
    assertEquals("need: identified -> resolved is not allowed", r.refusals().get(0).rule());
    assertEquals("old/mlos.db.sql", r.path());
  }

  private String gitShow(String object) throws Exception {
    Process p =
        new ProcessBuilder("git", "-C", dir.toString(), "show", object)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return out;
  }

  @Test
  void aRevisionThatIsNoCommitOrLooksLikeAnOptionIsABadArgument() {
    TextFormReview.BadRevisionException none =
        assertThrows(
            TextFormReview.BadRevisionException.class,
            () -> TextFormReview.review(text, "no-such-branch"));
    assertTrue(none.getMessage().contains("'no-such-branch' names no commit"), none.getMessage());
    assertEquals("no-such-branch", none.revision());

    TextFormReview.BadRevisionException option =
        assertThrows(
            TextFormReview.BadRevisionException.class,
            () -> TextFormReview.review(text, "--output=/tmp/x"));
    assertTrue(option.getMessage().contains("starts with '-'"), option.getMessage());
  }

  @Test
  void aTextFormInNoGitCheckoutIsRefusedAsBroken() throws Exception {
    Path elsewhere = Files.createTempDirectory("mlos-review");
    try {
      Path copy = elsewhere.resolve("mlos.db.sql");
      Files.copy(text, copy);
      MlosException e =
          assertThrows(MlosException.class, () -> TextFormReview.review(copy, "main"));
      assertTrue(e.getMessage().contains("in no git checkout"), e.getMessage());
    } finally {
      Files.deleteIfExists(elsewhere.resolve("mlos.db.sql"));
      Files.deleteIfExists(elsewhere);
    }
  }

  @Test
  void aTextFormOverTheSizeAReviewReadsIsRefusedForItsSizeNotForTheHeap() throws Exception {
    // Sparse: the file is that long on disk without taking the space. Java cannot hold a text this
    // long as one string whatever its heap, so "give Java more memory" was a fix that did not fix.
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(text.toFile(), "rw")) {
      f.setLength(TextFormReview.MAX_BYTES + 1);
    }

    MlosException e = assertThrows(MlosException.class, this::review);

    assertTrue(
        e.getMessage()
            .endsWith(
                " is "
                    + (TextFormReview.MAX_BYTES + 1)
                    + " bytes, more than the "
                    + TextFormReview.MAX_BYTES
                    + " a review reads"),
        e.getMessage());
    assertTrue(e.getMessage().contains(text.getFileName().toString()), e.getMessage());
    assertTrue(
        e.fix()
            .equals(
                "share the database itself rather than its text form at this size (docs/ci.md)"),
        e.fix());
  }
}
