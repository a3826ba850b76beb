package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextMergeTest {
  @TempDir Path dir;

  /**
   * An mlos database with two needs (1 actionable, 2 active, 3 identified), an agent and a task.
   */
  private Path base(String... schemas) {
    Path db = dir.resolve("base.db");
    new Initializer()
        .init(
            new InitRequest(
                db,
                List.of(schemas.length == 0 ? new String[] {"mlos"} : schemas),
                List.of(),
                null));
    if (schemas.length == 0) {
      sql(
          db,
          "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
              + " (1, 'Kernel boots', 'actionable', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
              + " (2, 'Packs fit', 'active', 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
              + " (3, 'Phone view', 'identified', 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
          "INSERT INTO agents (id, agent_type, status, monitored_needs, started_at) VALUES (1, 'architect', 'active', '[1]', '2026-01-01T00:00:00Z')",
          "INSERT INTO tasks (need_id, description, status, created_at, updated_at) VALUES"
              + " (1, 'Boot test', 'open', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')");
    }
    return db;
  }

  private Path branch(Path base, String name, String... statements) throws Exception {
    Path db = dir.resolve(name + ".db");
    Files.copy(base, db);
    sql(db, statements);
    return db;
  }

  private static void sql(Path db, String... statements) {
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly()) {
      return DatabaseText.dump(c, db);
    }
  }

  /**
   * Rebuilds the merged text into a database, as mlos:init does on a clone, and checks it is sound.
   */
  private Path rebuild(String text) throws Exception {
    Path db = dir.resolve("merged/mlos.db");
    Files.createDirectories(db.getParent());
    Files.writeString(DatabaseText.fileOf(db), text, StandardCharsets.UTF_8);
    DatabaseText.restore(DatabaseText.fileOf(db), db);
    assertEquals(text, text(db), "the rebuilt database writes the merged text again");
    assertEquals(
        "",
        SqliteShell.run(db, "PRAGMA foreign_key_check;").out(),
        "every declared reference holds");
    // init's own checks: integrity, every schema object of the applied migrations present.
    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
    return db;
  }

  private static String q(Path db, String sql) {
    SqliteShell.Result r = SqliteShell.run(db, sql);
    assertTrue(r.ok(), r.err());
    return r.out();
  }

  @Test
  void aSideThatIsNotUtf8TextIsNamedAsSuch() throws Exception {
    Path base = Files.write(dir.resolve("base"), new byte[] {'-', '-', ' ', (byte) 0xFF});
    Path ours = Files.writeString(dir.resolve("ours"), "x\n");
    MlosException e =
        assertThrows(MlosException.class, () -> TextMerge.mergeFiles(base, ours, ours));
    // Was "Cannot read the base version ...: Input length = 1", fix: check the files exist.
    assertTrue(e.getMessage().contains("is not UTF-8 text"), e.getMessage());
    assertEquals("merge this file by hand, or restore it from git", e.fix());
    assertEquals("x\n", Files.readString(ours), "ours is left as it was");
  }

  @Test
  void aSideThatDoesNotExistIsNamedAsSuch() throws Exception {
    Path ours = Files.writeString(dir.resolve("ours"), "x\n");
    Path missing = dir.resolve("base");
    MlosException e =
        assertThrows(MlosException.class, () -> TextMerge.mergeFiles(missing, ours, ours));
    // Was "Cannot read the base version of the text form /x/base: /x/base".
    assertEquals(
        "Cannot read the base version of the text form " + missing + ": it does not exist",
        e.getMessage());
    assertEquals("check that git passed existing files (%O %A %B)", e.fix());
  }

  @Test
  void needsAddedOnBothBranchesGetDistinctIdsAndEveryReferenceFollowsTheirs() throws Exception {
    Path base = base();
    Path ours =
        branch(
            base,
            "ours",
            "INSERT INTO needs (title, status, created_at, updated_at) VALUES ('Ours need', 'actionable', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z')",
            "INSERT INTO tasks (need_id, description, status, created_at, updated_at) VALUES (4, 'Ours task', 'open', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z')",
            "UPDATE agents SET monitored_needs = '[1, 4]' WHERE id = 1");
    Path theirs =
        branch(
            base,
            "theirs",
            "INSERT INTO needs (title, status, tags, parent_need_id, created_at, updated_at) VALUES"
                + " ('Theirs need', 'actionable', '[\"merge\"]', 1, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')",
            "INSERT INTO needs (title, status, parent_need_id, created_at, updated_at) VALUES ('Theirs child', 'identified', 4, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')",
            "INSERT INTO tasks (need_id, description, status, created_at, updated_at) VALUES (4, 'Theirs task', 'open', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')",
            "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES"
                + " ('need', 3, 'need', 4, 'blocks', '2026-03-01T00:00:00Z')",
            "INSERT INTO agents (agent_type, status, assigned_tasks, monitored_needs, started_at) VALUES"
                + " ('researcher', 'active', '[2]', '[4, 1]', '2026-03-01T00:00:00Z')",
            "INSERT INTO lenses (agent_id, tags, created_at, updated_at) VALUES (2, '[\"merge\"]', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertTrue(r.clean(), r.conflicts().toString());
    assertTrue(
        r.renumbered()
            .containsAll(
                List.of(
                    new TextMerge.Renumbered("needs", 4, 6),
                    new TextMerge.Renumbered("needs", 5, 7),
                    new TextMerge.Renumbered("tasks", 2, 3))),
        r.renumbered().toString());
    assertTrue(
        r.renumbered().stream()
            .noneMatch(x -> x.table().equals("agents") || x.table().equals("lenses")),
        "agent 2 and its lens are new on theirs only: " + r.renumbered());
    Path db = rebuild(r.text());
    assertEquals(
        "1|Kernel boots|\n2|Packs fit|\n3|Phone view|\n4|Ours need|\n6|Theirs need|1\n7|Theirs child|6\n",
        q(db, "SELECT id, title, parent_need_id FROM needs ORDER BY id;"));
    assertEquals(
        "1|1|Boot test\n2|4|Ours task\n3|6|Theirs task\n",
        q(db, "SELECT id, need_id, description FROM tasks ORDER BY id;"));
    assertEquals("merge|6\n", q(db, "SELECT tag, need_id FROM need_tags;"));
    assertEquals(
        "1|[]|[1, 4]\n2|[3]|[6,1]\n",
        q(db, "SELECT id, assigned_tasks, monitored_needs FROM agents ORDER BY id;"));
    assertEquals("2\n", q(db, "SELECT agent_id FROM lenses;"));
    assertEquals(
        "task|2|need|4|derived_from\ntask|3|need|6|derived_from\nneed|3|need|6|blocks\n",
        q(
            db,
            "SELECT source_type, source_id, target_type, target_id, relationship_type FROM relationships WHERE id > 1 ORDER BY id;"));
    // The history follows: theirs' rows are about need 6 and task 3 now, ids included in their JSON
    // copies.
    assertEquals(
        "6|6|1\n7|7|6\n",
        q(
            db,
            "SELECT entity_id, json_extract(new_values, '$.id'), json_extract(new_values, '$.parent_need_id')"
                + " FROM history WHERE entity = 'need' AND operation = 'insert' AND entity_id > 5 ORDER BY id;"));
    assertEquals(
        "3|6\n",
        q(
            db,
            "SELECT entity_id, json_extract(new_values, '$.need_id') FROM history WHERE entity = 'task' AND json_extract(new_values, '$.description') = 'Theirs task';"));
    assertEquals(
        "[3]|[6,1]\n",
        q(
            db,
            "SELECT json_extract(new_values, '$.assigned_tasks'), json_extract(new_values, '$.monitored_needs')"
                + " FROM history WHERE entity = 'agent' AND entity_id = 2;"));
    assertEquals(
        "0\n",
        q(
            db,
            "SELECT count(*) FROM history WHERE entity = 'need' AND entity_id = 4 AND json_extract(new_values, '$.title') = 'Theirs need';"));
    // Ids are never handed out twice: the next need after the merge is 8.
    q(
        db,
        "INSERT INTO needs (title, created_at, updated_at) VALUES ('After', '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z');");
    assertEquals("8\n", q(db, "SELECT max(id) FROM needs;"));
    assertEquals(
        r.text(),
        TextMerge.merge(text(base), text(ours), text(theirs)).text(),
        "the same inputs give the same bytes");
  }

  @Test
  void changesToDifferentRowsMergeEvenOnAdjacentLines() throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", "UPDATE needs SET priority = 5 WHERE id = 1");
    Path theirs =
        branch(
            base,
            "theirs",
            "UPDATE needs SET title = 'Packs fit the window' WHERE id = 2",
            "UPDATE needs SET priority = 4 WHERE id = 3");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertTrue(r.clean(), r.conflicts().toString());
    Path db = rebuild(r.text());
    assertEquals(
        "1|Kernel boots|5\n2|Packs fit the window|2\n3|Phone view|4\n",
        q(db, "SELECT id, title, priority FROM needs ORDER BY id;"));
    // Both branches' history rows are kept, theirs after ours.
    assertEquals(
        "1|priority\n2|title\n3|priority\n",
        q(
            db,
            "SELECT entity_id, CASE WHEN json_extract(old_values, '$.title') IS NOT json_extract(new_values, '$.title')"
                + " THEN 'title' ELSE 'priority' END FROM history WHERE entity = 'need' AND operation = 'update' ORDER BY id;"));
  }

  /**
   * One change made on both sides at different times (each write stamps updated_at) was a conflict:
   * the driver now keeps ours' row; a row that differs in anything else still conflicts.
   */
  @Test
  void theSameChangeMadeOnBothSidesAtOtherTimesIsNoConflict() throws Exception {
    Path base = base();
    Path ours =
        branch(
            base,
            "ours",
            "UPDATE needs SET priority = 5, updated_at = '2026-05-01T00:00:00Z' WHERE id = 2",
            "UPDATE needs SET priority = 4, updated_at = '2026-05-01T00:00:00Z' WHERE id = 3");
    Path theirs =
        branch(
            base,
            "theirs",
            "UPDATE needs SET priority = 5, updated_at = '2026-05-02T00:00:00Z' WHERE id = 2",
            "UPDATE needs SET priority = 1, updated_at = '2026-05-02T00:00:00Z' WHERE id = 3");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertEquals(
        List.of(new TextMerge.Conflict("needs", "3", "changed on both sides")), r.conflicts());
    String oursLine =
        text(ours)
            .lines()
            .filter(l -> l.startsWith("INSERT INTO \"needs\" VALUES(2,"))
            .findFirst()
            .orElseThrow();
    assertTrue(oursLine.contains("'2026-05-01T00:00:00Z'"), oursLine);
    assertTrue(r.text().lines().anyMatch(oursLine::equals), r.text());
  }

  /**
   * One side retitled a need, the other gave it another priority: the row was a conflict, though no
   * value clashed. It holds both changes now, with the later stamp, and the driver says so.
   */
  @Test
  void aRowEachSideChangedInOtherColumnsKeepsBothChanges() throws Exception {
    Path base = base();
    Path ours =
        branch(
            base,
            "ours",
            "UPDATE needs SET title = 'Kernel boots fast', updated_at = '2026-05-02T00:00:00Z' WHERE id = 1");
    Path theirs =
        branch(
            base,
            "theirs",
            "UPDATE needs SET priority = 4, description = 'Measured on the bench',"
                + " updated_at = '2026-05-01T00:00:00Z' WHERE id = 1");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertTrue(r.clean(), r.conflicts().toString());
    assertFalse(r.text().contains("<<<<<<<"), r.text());
    Path db = rebuild(r.text());
    assertEquals(
        "Kernel boots fast|Measured on the bench|4|2026-05-02T00:00:00Z\n",
        q(db, "SELECT title, description, priority, updated_at FROM needs WHERE id = 1;"));
    assertEquals(
        List.of(
            TextMerge.MERGED_BY_COLUMN
                + "needs 1 (title as ours changed it; description, priority as theirs did)"),
        r.notes());
    assertTrue(
        MergeDriver.summary("mlos.db.sql", r, dev.mlos.core.RemedyWording.OPERATIONS)
            .contains(
                "  mlos.db.sql: "
                    + TextMerge.MERGED_BY_COLUMN
                    + "needs 1 (title as ours changed it; description, priority as theirs did)"),
        "the driver tells which rows hold both sides' changes");
    // The same merge the other way round: the same row.
    TextMerge.Result back = TextMerge.merge(text(base), text(theirs), text(ours));
    assertEquals(
        "Kernel boots fast|Measured on the bench|4|2026-05-02T00:00:00Z\n",
        q(
            rebuild(back.text()),
            "SELECT title, description, priority, updated_at FROM needs WHERE id = 1;"));
  }

  /**
   * Two changes to other columns of one row, each allowed alone, that a rule refuses together: the
   * row is a conflict naming the rule, as two rows that break a rule together are.
   */
  @Test
  void changesToOtherColumnsThatBreakARuleTogetherAreAConflictNamingIt() throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", "UPDATE needs SET title = 'Kernel boots fast' WHERE id = 1");
    Path theirs = branch(base, "theirs", "UPDATE needs SET priority = 5 WHERE id = 1");
    String rule =
        "CREATE TRIGGER fast_is_urgent BEFORE UPDATE ON needs WHEN NEW.title = 'Kernel boots fast'"
            + " AND NEW.priority = 5 BEGIN SELECT RAISE(ABORT, 'needs: a fast boot is priority 1');"
            + " END;\n";
    java.util.function.UnaryOperator<String> withRule =
        t -> t.replace("PRAGMA user_version", rule + "PRAGMA user_version");

    TextMerge.Result r =
        TextMerge.merge(
            withRule.apply(text(base)), withRule.apply(text(ours)), withRule.apply(text(theirs)));

    assertEquals(1, r.conflicts().size(), r.conflicts().toString());
    assertEquals("needs: a fast boot is priority 1", r.conflicts().get(0).rule());
    List<String> lines = r.text().lines().toList();
    int start =
        lines.indexOf(
            lines.stream().filter(l -> l.startsWith("<<<<<<< ours")).findFirst().orElseThrow());
    assertTrue(lines.get(start).contains("needs: a fast boot is priority 1"), lines.get(start));
    assertTrue(
        lines.get(start + 1).startsWith("INSERT INTO \"needs\" VALUES(1,'Kernel boots fast',"),
        lines.get(start + 1));
    assertTrue(
        lines.get(start + 3).startsWith("INSERT INTO \"needs\" VALUES(1,'Kernel boots',"),
        lines.get(start + 3));
    assertEquals(
        2,
        lines.stream().filter(l -> l.startsWith("INSERT INTO \"needs\" VALUES(1,")).count(),
        "the merged row is in the text only as the block's two sides: " + r.text());
  }

  @Test
  void aRowBothSidesChangedDifferentlyIsOneConflictAroundThatLineOnly() throws Exception {
    Path base = base();
    Path ours =
        branch(
            base,
            "ours",
            "UPDATE needs SET title = 'Kernel boots fast' WHERE id = 1",
            "UPDATE needs SET priority = 5, updated_at = '2026-05-01T00:00:00Z' WHERE id = 2");
    Path theirs =
        branch(
            base,
            "theirs",
            "UPDATE needs SET title = 'Kernel boots twice' WHERE id = 1",
            "UPDATE needs SET priority = 5, updated_at = '2026-05-01T00:00:00Z' WHERE id = 2");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertEquals(
        List.of(new TextMerge.Conflict("needs", "1", "changed on both sides")), r.conflicts());
    List<String> lines = r.text().lines().toList();
    int start = lines.indexOf("<<<<<<< ours");
    assertEquals(1, lines.stream().filter(l -> l.startsWith("<<<<<<<")).count(), r.text());
    assertTrue(
        lines.get(start + 1).startsWith("INSERT INTO \"needs\" VALUES(1,'Kernel boots fast',"),
        lines.get(start + 1));
    assertEquals("=======", lines.get(start + 2));
    assertTrue(
        lines.get(start + 3).startsWith("INSERT INTO \"needs\" VALUES(1,'Kernel boots twice',"),
        lines.get(start + 3));
    assertEquals(">>>>>>> theirs", lines.get(start + 4));
    assertTrue(
        lines
            .get(start + 5)
            .startsWith("INSERT INTO \"needs\" VALUES(2,'Packs fit',NULL,'active',5,"),
        "the same change on both sides is no conflict");

    // Resolving the block (keeping one side's line) gives a text that rebuilds.
    String resolved =
        String.join("\n", lines.subList(0, start))
            + "\n"
            + lines.get(start + 3)
            + "\n"
            + String.join("\n", lines.subList(start + 5, lines.size()))
            + "\n";
    Path db = dir.resolve("resolved.db");
    Files.writeString(DatabaseText.fileOf(db), resolved);
    DatabaseText.restore(DatabaseText.fileOf(db), db);
    assertEquals("Kernel boots twice\n", q(db, "SELECT title FROM needs WHERE id = 1;"));
  }

  @Test
  void aDeleteAgainstAChangeIsAConflictAndAgainstNoChangeItDeletes() throws Exception {
    Path base = base();
    sql(
        base,
        "INSERT INTO needs (id, title, created_at, updated_at) VALUES (5, 'Spare', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    Path ours =
        branch(base, "ours", "DELETE FROM needs WHERE id = 3", "DELETE FROM needs WHERE id = 5");
    Path theirs = branch(base, "theirs", "UPDATE needs SET priority = 1 WHERE id = 3");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertEquals(
        List.of(new TextMerge.Conflict("needs", "3", "deleted on ours, changed on theirs")),
        r.conflicts());
    assertTrue(
        r.text()
            .contains(
                "<<<<<<< ours -- mlos: deleted on ours, changed on theirs: keep theirs' line to keep"
                    + " the row as theirs changed it, or neither line to delete it\n=======\n"
                    + "INSERT INTO \"needs\" VALUES(3,'Phone view',NULL,'identified',1,"),
        r.text());
    assertFalse(r.text().contains("'Spare'"), "deleted on ours, unchanged on theirs: deleted");

    TextMerge.Result mirrored = TextMerge.merge(text(base), text(theirs), text(ours));
    assertEquals(
        List.of(new TextMerge.Conflict("needs", "3", "changed on ours, deleted on theirs")),
        mirrored.conflicts());
    assertTrue(
        mirrored
            .text()
            .contains(
                "<<<<<<< ours -- mlos: changed on ours, deleted on theirs: keep ours' line to keep"
                    + " the row as ours changed it, or neither line to delete it\n"
                    + "INSERT INTO \"needs\" VALUES(3,'Phone view',NULL,'identified',1,"),
        mirrored.text());
    assertTrue(
        mirrored
            .text()
            .matches(
                "(?s).*\nINSERT INTO \"needs\" VALUES\\(3,[^\n]*\n=======\n>>>>>>> theirs\n.*"),
        "theirs' side of the block is empty: theirs deleted the row");
  }

  @Test
  void anEdgeToAnArtifactTheOtherSideRemovedWhileItAlsoChangedItIsAConflictToo() throws Exception {
    // Ours removed the artifact and did nothing else (no edge of it to delete); theirs rehashed it
    // and related a need to it. The artifact's row is a delete/change conflict, kept in the merged
    // rows only as its block's placeholder, so the edge must still be found to refer to a row the
    // other side deleted: resolved to the delete, it would otherwise stay, an edge of a removed
    // artifact.
    Path base = base();
    sql(
        base,
        "INSERT INTO artifacts (id, title, file_path, content_hash, created_at, updated_at) VALUES"
            + " (1, 'spec.md', 'docs/spec.md', '"
            + "a".repeat(64)
            + "', '2026-01-01T00:00:00Z',"
            + " '2026-01-01T00:00:00Z')");
    Path ours = branch(base, "ours", "DELETE FROM artifacts WHERE id = 1");
    Path theirs =
        branch(
            base,
            "theirs",
            "UPDATE artifacts SET content_hash = '"
                + "b".repeat(64)
                + "', updated_at = '2026-02-01T00:00:00Z' WHERE id"
                + " = 1",
            "INSERT INTO relationships (source_type, source_id, target_type, target_id,"
                + " relationship_type, created_at) VALUES ('need', 3, 'artifact', 1, 'references',"
                + " '2026-02-01T00:00:00Z')");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertEquals(
        List.of(
            "artifacts 1: deleted on ours, changed on theirs",
            "relationships 2: refers to its target artifact that the other side deleted"),
        r.conflicts().stream().map(c -> c.table() + " " + c.key() + ": " + c.reason()).toList());
    assertTrue(
        r.text()
            .contains(
                "<<<<<<< ours -- mlos: refers to its target artifact that the other side deleted:"
                    + " keep neither line, or keep this one only if that row is kept too\n"
                    + "=======\nINSERT INTO \"relationships\" VALUES(2,'need',3,'artifact',1,"),
        r.text());
    assertEquals(2, r.text().lines().filter(l -> l.startsWith("<<<<<<<")).count(), r.text());

    // The other way round (in a `git pull --rebase`, ours is the upstream): the same two blocks.
    TextMerge.Result mirrored = TextMerge.merge(text(base), text(theirs), text(ours));
    assertEquals(
        List.of(
            "artifacts 1: changed on ours, deleted on theirs",
            "relationships 2: refers to its target artifact that the other side deleted"),
        mirrored.conflicts().stream()
            .map(c -> c.table() + " " + c.key() + ": " + c.reason())
            .toList());
  }

  @Test
  void aRowThatRefersToARowTheOtherSideDeletedIsAConflictOnItsLine() throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", "DELETE FROM needs WHERE id = 3");
    Path theirs =
        branch(
            base,
            "theirs",
            "INSERT INTO needs (title, parent_need_id, created_at, updated_at) VALUES ('Child of 3', 3, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')",
            "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES"
                + " ('need', 1, 'need', 3, 'references', '2026-03-01T00:00:00Z')");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertEquals(
        List.of(
            "needs 4: refers to a row of needs that the other side deleted",
            "relationships 2: refers to its target need that the other side deleted",
            "needs 3: breaks the rule \"need: it is the parent of other needs; give them another"
                + " parent (or none) first\" together with theirs' rows (ours' change is refused on"
                + " top of them)"),
        r.conflicts().stream().map(c -> c.table() + " " + c.key() + ": " + c.reason()).toList());
    assertTrue(
        r.text()
            .contains(
                "<<<<<<< ours -- mlos: refers to a row of needs that the other side deleted: keep"
                    + " neither line, or keep this one only if that row is kept too\n=======\n"
                    + "INSERT INTO \"needs\" VALUES(4,'Child of 3',"),
        r.text());
    // The parent ours deleted is offered back (theirs' side of its block), so the child can be kept
    // with it.
    assertTrue(
        r.text()
            .contains(
                " rows; keep one side's line (or neither), or change the other rows it names\n"
                    + "=======\nINSERT INTO \"needs\" VALUES(3,'Phone view',"),
        r.text());
    assertTrue(
        r.text()
            .contains(
                "<<<<<<< ours -- mlos: refers to its target need that the other side deleted:"
                    + " keep neither line, or keep this one only if that row is kept too\n"
                    + "=======\nINSERT INTO \"relationships\" VALUES(2,'need',1,'need',3,'references',"),
        r.text());
  }

  @Test
  void sidesWithDifferentSchemasAreRefusedNamingBoth() throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", "UPDATE needs SET priority = 5 WHERE id = 1");
    Path theirs =
        branch(base, "theirs", "CREATE INDEX extra ON needs (title)", "PRAGMA user_version = 9");

    SchemaMismatchException e =
        assertThrows(
            SchemaMismatchException.class,
            () -> TextMerge.merge(text(base), text(ours), text(theirs)));
    assertTrue(
        e.getMessage()
            .matches(
                "(?s).*ours: user_version 0, migrations mlos V\\d+, mlos-compiler V\\d+; theirs: user_version 9.*"),
        e.getMessage());
    assertTrue(e.fix().contains("on that branch run `init` (it migrates the database)"), e.fix());
    assertEquals(List.of(Remedy.init()), e.remedies());
  }

  @Test
  void aSideOnAnOlderSchemaIsNamedAndGitsRebaseGetsAFixThatWorks() throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", "UPDATE needs SET priority = 5 WHERE id = 1");
    // A teammate still on the mlos before the last migration: the same schema, one migration less.
    String older =
        "DELETE FROM schema_migrations WHERE schema_set = 'mlos'"
            + " AND version = (SELECT max(version) FROM schema_migrations WHERE schema_set = 'mlos')";
    Path theirs = branch(base, "theirs", "UPDATE needs SET priority = 4 WHERE id = 2", older);
    Path oursText = dir.resolve("ours.sql");
    Path theirsText = dir.resolve("theirs.sql");
    Path baseText = dir.resolve("base.sql");
    Files.writeString(oursText, text(ours), StandardCharsets.UTF_8);
    Files.writeString(theirsText, text(theirs), StandardCharsets.UTF_8);
    Files.writeString(baseText, text(base), StandardCharsets.UTF_8);
    String oursBefore = Files.readString(oursText);

    // Git's driver: in `git pull --rebase` theirs is the user's own commit, replayed one at a time,
    // so "compile, commit, then merge again" met the older commit again and was refused again.
    SchemaMismatchException e =
        assertThrows(
            SchemaMismatchException.class,
            () -> TextMerge.mergeFiles(baseText, oursText, theirsText));
    assertTrue(e.getMessage().contains("theirs is the older"), e.getMessage());
    assertTrue(e.fix().startsWith("bring the older side (theirs) up to date first"), e.fix());
    assertTrue(e.fix().contains("`git rebase --abort`"), e.fix());
    assertTrue(
        e.fix()
            .contains("`git reset --soft $(git merge-base HEAD @{u})`, `git add -A`, `git commit`"),
        e.fix());
    assertEquals(oursBefore, Files.readString(oursText), "ours is left as it was");

    // The other way round: ours is the older side.
    SchemaMismatchException back =
        assertThrows(
            SchemaMismatchException.class,
            () -> TextMerge.mergeFiles(baseText, theirsText, oursText));
    assertTrue(back.getMessage().contains("ours is the older"), back.getMessage());
    assertTrue(back.fix().startsWith("bring the older side (ours) up to date first"), back.fix());

    // The pull (mlos init --pull-text) is no rebase: its fix does not speak of one.
    SchemaMismatchException pull =
        assertThrows(
            SchemaMismatchException.class,
            () -> TextMerge.merge(text(base), text(ours), text(theirs)));
    assertTrue(pull.getMessage().contains("theirs is the older"), pull.getMessage());
    assertFalse(pull.fix().contains("rebase"), pull.fix());
  }

  /**
   * A teammate upgraded mlos and pushed; this clone's merge driver is still the older mlos (the one
   * its last init registered). Its fix said to run init on the older side, which that mlos's init
   * cannot do (it knows no newer migration: "is up to date"), so following it met the same refusal
   * again. It says to upgrade mlos first now.
   */
  @Test
  void aSideANewerMlosWroteSaysToUpgradeMlosFirst() throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", "UPDATE needs SET priority = 5 WHERE id = 1");
    Path theirs =
        branch(
            base,
            "theirs",
            "UPDATE needs SET priority = 4 WHERE id = 2",
            "INSERT INTO schema_migrations (schema_set, version, description, checksum)"
                + " VALUES ('mlos', 99, 'from the future', 'x')");
    Path oursText = dir.resolve("ours.sql");
    Path theirsText = dir.resolve("theirs.sql");
    Path baseText = dir.resolve("base.sql");
    Files.writeString(oursText, text(ours), StandardCharsets.UTF_8);
    Files.writeString(theirsText, text(theirs), StandardCharsets.UTF_8);
    Files.writeString(baseText, text(base), StandardCharsets.UTF_8);

    SchemaMismatchException e =
        assertThrows(
            SchemaMismatchException.class,
            () -> TextMerge.mergeFiles(baseText, theirsText, oursText));
    assertTrue(
        e.getMessage()
            .matches(
                "(?s).*theirs is the older; ours records schema set mlos at version 99, and this"
                    + " mlos knows only up to V\\d+ \\(a teammate upgraded mlos\\)"),
        e.getMessage());
    assertTrue(
        e.fix()
            .startsWith(
                "upgrade this mlos first (docs/schema.md, \"Upgrading mlos\"): its `init` cannot"
                    + " migrate to a version it does not know; run the new mlos's `init` in this"
                    + " clone (it also points the merge driver at the new mlos), then bring the"
                    + " older side (theirs) up to date first"),
        e.fix());
    assertTrue(e.fix().contains("`git rebase --abort`"), e.fix());
  }

  @Test
  void theSameSchemaCreatedInAnotherOrderMerges() throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", "UPDATE needs SET priority = 5 WHERE id = 1");
    Path theirs = branch(base, "theirs", "UPDATE needs SET priority = 4 WHERE id = 2");
    // A database upgraded in place lists the new migration's objects last; one created at that
    // version lists them where the migrations put them. Theirs: its last index moved up to be the
    // first of the indexes, triggers and views.
    List<String> lines = new java.util.ArrayList<>(text(theirs).lines().toList());
    int moved = -1;
    int first = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      boolean object = l.startsWith("CREATE INDEX ") || l.startsWith("CREATE TRIGGER ");
      if (object && first < 0) {
        first = i;
      }
      if (l.startsWith("CREATE INDEX ") && l.endsWith(");")) {
        moved = i;
      }
    }
    assertTrue(first >= 0 && moved > first, "a one-line index after the first schema object");
    lines.add(first, lines.remove(moved));
    String reordered = String.join("\n", lines) + "\n";
    assertFalse(reordered.equals(text(theirs)));

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), reordered);

    assertEquals(List.of(), r.conflicts());
    assertTrue(r.text().contains("INSERT INTO \"needs\" VALUES(2,"), r.text());
    Path merged = rebuild(r.text());
    assertEquals(
        "5|4",
        SqliteShell.run(
                merged,
                "SELECT (SELECT priority FROM needs WHERE id = 1) || '|' || (SELECT priority FROM needs WHERE id = 2);")
            .out()
            .strip());
  }

  @Test
  void aTextThatIsNotATextFormIsRefusedWithItsSideAndLine() throws Exception {
    Path base = base();
    String good = text(base);
    MlosException e =
        assertThrows(
            MlosException.class, () -> TextMerge.merge(good, good, good + "ATTACH 'x.db' AS x;\n"));
    assertTrue(
        e.getMessage()
            .startsWith("theirs side, line " + (good.lines().count() + 1) + ": is not a statement"),
        e.getMessage());
    // A conflict committed unresolved and merged again: named as such, with the way to resolve it.
    MlosException marked =
        assertThrows(
            MlosException.class,
            () -> TextMerge.merge(good, good + "<<<<<<< ours\n=======\n>>>>>>> theirs\n", good));
    assertTrue(
        marked.getMessage().contains(": holds a git conflict marker ('<<<<<<< ours"),
        marked.getMessage());
    assertTrue(marked.fix().startsWith("resolve it: keep one side's lines"), marked.fix());
    MlosException foreign =
        assertThrows(
            MlosException.class, () -> TextMerge.merge(good, "CREATE TABLE x (a);\n", good));
    assertTrue(
        foreign.getMessage().contains("ours side is not an mlos database text form"),
        foreign.getMessage());
  }

  @Test
  void aFullTextIndexMergesWithItsContentAndRebuildsSearchable() throws Exception {
    Path base = base("agentos-graph");
    sql(
        base,
        "INSERT INTO nodes (id, created_at, updated_at) VALUES ('n1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        "INSERT INTO content (id, node_id, kind, body) VALUES ('n1:body', 'n1', 'body', 'base words')");
    Path ours =
        branch(
            base,
            "ours",
            "INSERT INTO nodes (id, created_at, updated_at) VALUES ('n2', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')",
            "INSERT INTO content (id, node_id, kind, body) VALUES ('n2:body', 'n2', 'body', 'ours alpha')");
    Path theirs =
        branch(
            base,
            "theirs",
            "INSERT INTO nodes (id, created_at, updated_at) VALUES ('n3', '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z')",
            "INSERT INTO content (id, node_id, kind, body) VALUES ('n3:body', 'n3', 'body', 'theirs beta')",
            "UPDATE content SET body = 'base words changed' WHERE id = 'n1:body'");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertTrue(r.clean(), r.conflicts().toString());
    assertTrue(
        r.renumbered().stream().allMatch(x -> x.table().equals("content_fts")),
        r.renumbered().toString());
    Path db = dir.resolve("graph/mlos.db");
    Files.createDirectories(db.getParent());
    Files.writeString(DatabaseText.fileOf(db), r.text());
    DatabaseText.restore(DatabaseText.fileOf(db), db);
    assertEquals(r.text(), text(db));
    assertEquals(
        "n2:body\n", q(db, "SELECT content_id FROM content_fts WHERE content_fts MATCH 'alpha';"));
    assertEquals(
        "n3:body\n", q(db, "SELECT content_id FROM content_fts WHERE content_fts MATCH 'beta';"));
    assertEquals(
        "n1:body\n",
        q(db, "SELECT content_id FROM content_fts WHERE content_fts MATCH 'changed';"));
    assertEquals("3\n", q(db, "SELECT count(*) FROM content_fts;"));
    new Initializer().init(new InitRequest(db, List.of("agentos-graph"), List.of(), null));
  }

  // --- Rules the triggers enforce, re-checked across the merge -----------------------------------

  private static final String CYCLE =
      "relationship: this blocks edge would close a cycle of blocks edges";

  private static String edge(String type, int source, String target, int id) {
    return "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES"
        + " ('"
        + type
        + "', "
        + source
        + ", '"
        + target
        + "', "
        + id
        + ", 'blocks', '2026-03-01T00:00:00Z')";
  }

  private static List<String> described(TextMerge.Result r) {
    return r.conflicts().stream().map(c -> c.table() + " " + c.key() + ": " + c.rule()).toList();
  }

  /** The text with each conflict block replaced by one side's lines (or none). */
  private static String resolve(String text, boolean keepOurs) {
    StringBuilder out = new StringBuilder();
    String side = null;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("<<<<<<< ours")) {
        side = "ours";
      } else if (side != null && line.equals("=======")) {
        side = "theirs";
      } else if (side != null && line.equals(">>>>>>> theirs")) {
        side = null;
      } else if (side == null || side.equals(keepOurs ? "ours" : "theirs")) {
        out.append(line).append('\n');
      }
    }
    return out.substring(0, out.length() - 1);
  }

  @Test
  void twoBranchesWhoseBlocksEdgesTogetherFormACycleConflictOnBothEdgesNamingTheRule()
      throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", edge("need", 1, "need", 2));
    Path theirs = branch(base, "theirs", edge("need", 2, "need", 1));

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertEquals(
        List.of("relationships 2: " + CYCLE, "relationships 3: " + CYCLE), described(r), r.text());
    assertTrue(
        r.conflicts().get(0).reason().contains("ours' change is refused")
            && r.conflicts().get(1).reason().contains("theirs' change is refused"),
        r.conflicts().toString());
    // Each edge's line is wrapped; the first marker line names the rule and the way out.
    assertTrue(
        r.text()
            .contains(
                "<<<<<<< ours -- mlos: rule \""
                    + CYCLE
                    + "\": ours' change breaks it with theirs' rows; keep one side's line (or neither)"),
        r.text());
    assertTrue(
        r.text()
            .contains(
                "=======\nINSERT INTO \"relationships\" VALUES(3,'need',2,'need',1,'blocks',"),
        r.text());
    // Keeping ours' side of each block keeps one edge: no cycle, and the text rebuilds.
    Path db = rebuild(resolve(r.text(), true));
    assertEquals(
        "need|1|need|2\n",
        q(
            db,
            "SELECT source_type, source_id, target_type, target_id FROM relationships WHERE relationship_type = 'blocks';"));
    // Mirrored, the same two edges conflict.
    assertEquals(2, TextMerge.merge(text(base), text(theirs), text(ours)).conflicts().size());
  }

  @Test
  void aTaskAddedToANeedTheOtherBranchResolvedConflictsWithItsEdgeNamingTheRule() throws Exception {
    Path base = base();
    // Ours finishes need 1's only task: the triggers resolve the need.
    Path ours =
        branch(
            base,
            "ours",
            "UPDATE tasks SET status = 'in_progress', updated_at = '2026-02-01T00:00:00Z' WHERE id = 1",
            "UPDATE tasks SET status = 'completed', updated_at = '2026-02-02T00:00:00Z' WHERE id = 1");
    assertEquals("resolved\n", q(ours, "SELECT status FROM needs WHERE id = 1;"));
    Path theirs =
        branch(
            base,
            "theirs",
            "INSERT INTO tasks (need_id, description, status, created_at, updated_at) VALUES"
                + " (1, 'One more test', 'open', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertEquals(
        List.of(
            "tasks 2: task: its need must be actionable or in_progress",
            "relationships 2: relationship: a task is derived_from its own need only (tasks.need_id)"),
        described(r),
        r.text());
    assertTrue(
        r.text().contains("=======\nINSERT INTO \"tasks\" VALUES(2,1,'One more test',"), r.text());
    // Mirrored (the task is ours, the resolved need theirs), the same rule marks the task.
    assertEquals(
        List.of(
            "tasks 2: task: its need must be actionable or in_progress",
            "relationships 2: relationship: a task is derived_from its own need only (tasks.need_id)"),
        described(TextMerge.merge(text(base), text(theirs), text(ours))));
    // Without theirs' task (and its edge) the merge holds ours' resolved need.
    Path db = rebuild(resolve(r.text(), true));
    assertEquals(
        "resolved|1\n",
        q(
            db,
            "SELECT n.status, count(t.id) FROM needs n JOIN tasks t ON t.need_id = n.id WHERE n.id = 1;"));
  }

  @Test
  void anEdgeToATaskTheOtherBranchDeletedIsOneConflictOnTheEdge() throws Exception {
    Path base = base();
    sql(
        base,
        "INSERT INTO tasks (id, need_id, description, status, created_at, updated_at) VALUES"
            + " (2, 1, 'Spare task', 'open', '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z')");
    Path ours = branch(base, "ours", "DELETE FROM tasks WHERE id = 2");
    Path theirs = branch(base, "theirs", edge("task", 1, "task", 2));

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertEquals(1, r.conflicts().size(), r.conflicts().toString());
    TextMerge.Conflict c = r.conflicts().get(0);
    assertEquals("relationships", c.table());
    assertTrue(c.reason().contains("target task"), c.reason());
    assertEquals(
        1, r.text().lines().filter(l -> l.startsWith("<<<<<<<")).count(), "one block: " + r.text());
  }

  @Test
  void anAgentsIdListNamingARowTheOtherBranchDeletedConflictsOnTheAgent() throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", "DELETE FROM needs WHERE id = 3");
    Path theirs =
        branch(base, "theirs", "UPDATE agents SET monitored_needs = '[1, 3]' WHERE id = 1");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertEquals(
        List.of("agents 1: agent: monitored_needs must list ids of existing needs, e.g. [1, 4]"),
        described(r),
        r.text());
    assertTrue(
        r.text().contains("<<<<<<< ours -- mlos: rule \"agent: monitored_needs must list ids")
            && r.text().contains("'[1]'")
            && r.text().contains("'[1, 3]'"),
        r.text());
    Path db = rebuild(resolve(r.text(), true));
    assertEquals("[1]\n", q(db, "SELECT monitored_needs FROM agents WHERE id = 1;"));
  }

  @Test
  void changesThatKeepEveryRuleMergeCleanWithoutAMarkOrANote() throws Exception {
    Path base = base();
    // Both branches change edges, tasks and needs; no rule breaks, and several steps of a
    // lifecycle (refused as one step on the base as well) are no finding.
    Path ours =
        branch(
            base,
            "ours",
            edge("need", 1, "need", 2),
            "UPDATE needs SET status = 'active', updated_at = '2026-02-01T00:00:00Z' WHERE id = 3",
            "UPDATE needs SET status = 'actionable', updated_at = '2026-02-02T00:00:00Z' WHERE id = 3",
            "INSERT INTO tasks (need_id, description, status, created_at, updated_at) VALUES"
                + " (3, 'Ours task', 'open', '2026-02-03T00:00:00Z', '2026-02-03T00:00:00Z')");
    Path theirs =
        branch(
            base,
            "theirs",
            edge("need", 2, "need", 3),
            "UPDATE needs SET status = 'actionable', updated_at = '2026-03-01T00:00:00Z' WHERE id = 2",
            "INSERT INTO tasks (need_id, description, status, created_at, updated_at) VALUES"
                + " (2, 'Theirs task', 'open', '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z')",
            "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1, updated_at = '2026-03-03T00:00:00Z' WHERE id = 1",
            "UPDATE agents SET assigned_tasks = '[1]' WHERE id = 1");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertTrue(r.clean(), r.conflicts().toString());
    assertEquals(List.of(), r.notes());
    assertFalse(r.text().contains("<<<<<<<") || r.text().contains("mlos: rule"), r.text());
    Path db = rebuild(r.text());
    assertEquals(
        "need|1|need|2\nneed|2|need|3\n",
        q(
            db,
            "SELECT source_type, source_id, target_type, target_id FROM relationships WHERE relationship_type = 'blocks' ORDER BY id;"));
  }

  @Test
  void aTriggerThatNeverEndsStopsTheCheckAtItsBudgetAndTheMergeIsRefused() throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", edge("need", 1, "need", 2));
    Path theirs = branch(base, "theirs", edge("need", 2, "need", 3));
    // A committed text form is anyone's input: its schema may hold a trigger that never ends. It
    // fires only when a replay inserts an edge, never during the branches' own writes above.
    String forever =
        "CREATE TRIGGER forever AFTER INSERT ON relationships BEGIN SELECT count(*) FROM"
            + " (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r);"
            + " END;\n";
    java.util.function.UnaryOperator<String> hostile =
        t -> t.replace("PRAGMA user_version", forever + "PRAGMA user_version");

    MlosException e =
        assertThrows(
            MlosException.class,
            () ->
                TextMerge.merge(
                    hostile.apply(text(base)),
                    hostile.apply(text(ours)),
                    hostile.apply(text(theirs)),
                    1_000));

    assertTrue(
        e.getMessage().contains("could not be re-checked")
            && e.getMessage().contains("more than 10000000 steps"),
        e.getMessage());
    assertTrue(e.fix().contains("merge mlos.db.sql by hand"), e.fix());
    // The same texts without the trigger merge as usual.
    assertTrue(TextMerge.merge(text(base), text(ours), text(theirs)).clean());
  }

  @Test
  void aBaseWithAnotherSchemaSkipsTheRuleCheckAndTheDriverSaysSo() throws Exception {
    Path base = base();
    Path ours = branch(base, "ours", edge("need", 1, "need", 2));
    Path theirs = branch(base, "theirs", edge("need", 2, "need", 1));
    // The base as an older mlos wrote it: one index fewer than both sides have.
    sql(ours, "CREATE INDEX later ON needs (title)");
    sql(theirs, "CREATE INDEX later ON needs (title)");

    TextMerge.Result r = TextMerge.merge(text(base), text(ours), text(theirs));

    assertTrue(r.clean(), r.conflicts().toString());
    assertEquals(List.of(TextMerge.RULES_NOT_CHECKED), r.notes());
    assertTrue(
        MergeDriver.summary("mlos.db.sql", r, dev.mlos.core.RemedyWording.OPERATIONS)
            .contains("mlos.db.sql: " + TextMerge.RULES_NOT_CHECKED),
        "the driver says the rules were not re-checked");
  }
}
