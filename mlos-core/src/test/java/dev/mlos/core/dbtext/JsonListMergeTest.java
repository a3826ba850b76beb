package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.RemedyWording;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell both clones changed whose value is a JSON list (a need's tags): one teammate tagged a need
 * "ui", another "perf", and the merge driver and the pull met a conflict on the row, though the two
 * changes do not clash. The list is merged as a list now; anything else in one column both changed
 * stays a conflict.
 */
class JsonListMergeTest {
  @TempDir Path dir;

  /** An mlos database with need 1 tagged {@code tags} and a lens for architects. */
  private Path base(String tags) {
    Path db = dir.resolve("base.db");
    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
    sql(
        db,
        "INSERT INTO needs (id, title, status, priority, tags, created_at, updated_at) VALUES"
            + " (1, 'Kernel boots', 'active', 1, '"
            + tags
            + "', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        "INSERT INTO lenses (agent_type, weights, created_at, updated_at) VALUES"
            + " ('architect', '{\"tag:api\":1}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    return db;
  }

  private Path branch(Path base, String name, String... statements) throws Exception {
    Path db = dir.resolve(name + ".db");
    Files.copy(base, db);
    sql(db, statements);
    return db;
  }

  private static String tags(String json, String stamp) {
    return "UPDATE needs SET tags = '" + json + "', updated_at = '" + stamp + "' WHERE id = 1";
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

  /** Rebuilds the merged text as a clone's init does; it must write the same text again. */
  private Path rebuild(String text) throws Exception {
    Path db = dir.resolve("merged/mlos.db");
    Files.createDirectories(db.getParent());
    Files.deleteIfExists(db);
    Files.writeString(DatabaseText.fileOf(db), text, StandardCharsets.UTF_8);
    DatabaseText.restore(DatabaseText.fileOf(db), db);
    assertEquals(text, text(db), "the rebuilt database writes the merged text again");
    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
    return db;
  }

  private static String q(Path db, String sql) {
    SqliteShell.Result r = SqliteShell.run(db, sql);
    assertTrue(r.ok(), r.err());
    return r.out();
  }

  private TextMerge.Result merge(Path base, Path ours, Path theirs) throws Exception {
    return TextMerge.merge(text(base), text(ours), text(theirs));
  }

  @Test
  void bothSidesAddingDifferentTagsKeepBothAndTheDriverSaysTheListWasMerged() throws Exception {
    Path base = base("[\"api\"]");
    Path ours = branch(base, "ours", tags("[\"api\",\"ui\"]", "2026-02-01T00:00:00Z"));
    Path theirs = branch(base, "theirs", tags("[\"api\",\"perf\"]", "2026-02-02T00:00:00Z"));

    TextMerge.Result r = merge(base, ours, theirs);

    assertTrue(r.clean(), r.conflicts().toString());
    Path db = rebuild(r.text());
    assertEquals(
        "[\"api\",\"perf\",\"ui\"]|2026-02-02T00:00:00Z\n",
        q(db, "SELECT tags, updated_at FROM needs WHERE id = 1;"),
        "sorted, as the engine writes tags");
    assertEquals(
        "api\nperf\nui\n",
        q(db, "SELECT tag FROM need_tags WHERE need_id = 1 ORDER BY tag;"),
        "the tag index holds every merged tag");
    String note =
        TextMerge.MERGED_BY_COLUMN
            + "needs 1 (tags merged as a list: the elements either side added, without those"
            + " either side removed)";
    assertEquals(List.of(note), r.notes());
    assertTrue(
        MergeDriver.summary("mlos.db.sql", r, RemedyWording.OPERATIONS)
            .contains("  mlos.db.sql: " + note),
        "the driver lists the row whose list it merged");
    // The other way round (the other clone merging): the same list.
    assertEquals(
        "[\"api\",\"perf\",\"ui\"]\n",
        q(rebuild(merge(base, theirs, ours).text()), "SELECT tags FROM needs WHERE id = 1;"),
        "whichever side is ours");
    assertEquals(r.text(), merge(base, ours, theirs).text(), "the same inputs, the same bytes");
  }

  @Test
  void oneSideAddsATagWhileTheOtherRemovesAnother() throws Exception {
    Path base = base("[\"api\",\"db\"]");
    Path ours =
        branch(
            base,
            "ours",
            tags("[\"api\",\"db\",\"ui\"]", "2026-02-01T00:00:00Z"),
            "UPDATE needs SET title = 'Kernel boots fast' WHERE id = 1");
    Path theirs = branch(base, "theirs", tags("[\"api\"]", "2026-02-02T00:00:00Z"));

    TextMerge.Result r = merge(base, ours, theirs);

    assertTrue(r.clean(), r.conflicts().toString());
    Path db = rebuild(r.text());
    assertEquals(
        "Kernel boots fast|[\"api\",\"ui\"]\n",
        q(db, "SELECT title, tags FROM needs WHERE id = 1;"));
    assertEquals("api\nui\n", q(db, "SELECT tag FROM need_tags WHERE need_id = 1 ORDER BY tag;"));
    assertEquals(
        List.of(
            TextMerge.MERGED_BY_COLUMN
                + "needs 1 (title as ours changed it; tags merged as a list: the elements either"
                + " side added, without those either side removed)"),
        r.notes());
  }

  @Test
  void aTagBothSidesAddedIsInTheListOnce() throws Exception {
    Path base = base("[]");
    Path ours = branch(base, "ours", tags("[\"perf\",\"ui\"]", "2026-02-01T00:00:00Z"));
    Path theirs = branch(base, "theirs", tags("[\"docs\",\"ui\"]", "2026-02-02T00:00:00Z"));

    TextMerge.Result r = merge(base, ours, theirs);

    assertTrue(r.clean(), r.conflicts().toString());
    assertEquals(
        "[\"docs\",\"perf\",\"ui\"]\n",
        q(rebuild(r.text()), "SELECT tags FROM needs WHERE id = 1;"));
  }

  @Test
  void aTagOneSideRemovedIsGoneThoughTheOtherKeptIt() throws Exception {
    Path base = base("[\"api\",\"db\",\"ui\"]");
    Path ours = branch(base, "ours", tags("[\"api\",\"ui\"]", "2026-02-01T00:00:00Z"));
    Path theirs = branch(base, "theirs", tags("[\"db\",\"ui\"]", "2026-02-02T00:00:00Z"));

    TextMerge.Result r = merge(base, ours, theirs);

    assertTrue(r.clean(), r.conflicts().toString());
    Path db = rebuild(r.text());
    assertEquals("[\"ui\"]\n", q(db, "SELECT tags FROM needs WHERE id = 1;"));
    assertEquals("ui\n", q(db, "SELECT tag FROM need_tags WHERE need_id = 1;"));
  }

  /**
   * A cell whose values are not all JSON lists of distinct scalars is no list to merge: invalid
   * JSON, a text that is no array, a list inside the list, an element twice, two values.
   */
  @Test
  void aCellThatIsNotAListOfScalarsOnEverySideIsNoListToMerge() {
    String[][] cases = {
      {"[\"api\"]", "[\"api\",\"ui\"]", "[\"api\",\"perf\""}, // theirs: invalid JSON
      {"api", "api ui", "api perf"}, // plain texts
      {"\"api\"", "[\"api\",\"ui\"]", "[\"api\",\"perf\"]"}, // the base: a JSON string
      {"[\"api\"]", "[\"api\",[\"ui\"]]", "[\"api\",\"perf\"]"}, // a list inside ours
      {"[\"api\"]", "[\"api\",\"ui\",\"ui\"]", "[\"api\",\"perf\"]"}, // an element twice
      {"[\"api\"] [\"db\"]", "[\"api\",\"ui\"]", "[\"api\",\"perf\"]"}, // two values
    };
    for (String[] c : cases) {
      assertEquals(null, JsonListCell.merge(c[0], c[1], c[2]), String.join(" / ", c));
    }
  }

  /**
   * Only a column the schema declares a list (by its default '[]') is merged as one: a description
   * (or a title) that holds a JSON list on every side, changed on both, stays a conflict.
   */
  @Test
  void aTextColumnNotDeclaredAListStaysAConflictThoughItHoldsLists() throws Exception {
    Path base = base("[]");
    sql(base, "UPDATE needs SET description = '[\"api\"]' WHERE id = 1");
    Path ours =
        branch(base, "ours", "UPDATE needs SET description = '[\"api\",\"ui\"]' WHERE id = 1");
    Path theirs =
        branch(base, "theirs", "UPDATE needs SET description = '[\"api\",\"perf\"]' WHERE id = 1");

    TextMerge.Result r = merge(base, ours, theirs);

    assertEquals(
        List.of(new TextMerge.Conflict("needs", "1", "changed on both sides")), r.conflicts());
    assertTrue(r.text().contains("<<<<<<< ours"), r.text());
  }

  /** The merge of lists of numbers (an agent's watched needs, ids): as written, in order. */
  @Test
  void aListOfIdsMergesAsAList() throws Exception {
    Path base = base("[]");
    sql(
        base,
        "INSERT INTO needs (id, title, created_at, updated_at) VALUES"
            + " (3, 'Packs fit', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
            + " (7, 'Phone view', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        "INSERT INTO agents (id, agent_type, status, monitored_needs, started_at)"
            + " VALUES (1, 'architect', 'active', '[1]', '2026-01-01T00:00:00Z')");
    Path ours = branch(base, "ours", "UPDATE agents SET monitored_needs = '[1,7]' WHERE id = 1");
    Path theirs =
        branch(base, "theirs", "UPDATE agents SET monitored_needs = '[3,1]' WHERE id = 1");

    TextMerge.Result r = merge(base, ours, theirs);

    assertTrue(r.clean(), r.conflicts().toString());
    assertEquals(
        "[1,7,3]\n", q(rebuild(r.text()), "SELECT monitored_needs FROM agents WHERE id = 1;"));
  }

  /**
   * Strings compare by value however JSON escapes them, numbers as written; a string with half a
   * surrogate pair has no UTF-8 to be written back in, so its list is not merged.
   */
  @Test
  void elementsCompareAsValuesForStringsAndAsWrittenForNumbers() {
    assertEquals(
        "[\"a\",\"ui\",\"x\"]",
        JsonListCell.merge("[\"a\"]", "[\"a\", \"\\u0075i\"]", "[\"a\",\"ui\",\"x\"]"));
    assertEquals("[1,1.0,2]", JsonListCell.merge("[1]", "[1,1.0]", "[1,2]"));
    assertEquals("[true,null]", JsonListCell.merge("[]", "[true]", "[null]"));
    assertEquals(null, JsonListCell.merge("[]", "[\"\\ud800\"]", "[\"b\"]"));
    assertEquals(null, JsonListCell.merge("[]", "[{\"a\":1}]", "[\"b\"]"));
    assertEquals(null, JsonListCell.merge(null, "[\"a\"]", "[\"b\"]"), "a NULL base cell");
    assertEquals(null, JsonListCell.merge("[]", 7L, "[\"b\"]"), "a number, not a text");
  }

  /** A JSON object (a lens's weights) is no list: two sides' changes to it stay a conflict. */
  @Test
  void anObjectValuedJsonColumnStaysAConflict() throws Exception {
    Path base = base("[]");
    Path ours =
        branch(
            base,
            "ours",
            "UPDATE lenses SET weights = '{\"tag:api\":1,\"tag:ui\":2}',"
                + " updated_at = '2026-02-01T00:00:00Z'");
    Path theirs =
        branch(
            base,
            "theirs",
            "UPDATE lenses SET weights = '{\"tag:api\":1,\"tag:perf\":3}',"
                + " updated_at = '2026-02-02T00:00:00Z'");

    TextMerge.Result r = merge(base, ours, theirs);

    assertEquals(
        List.of(new TextMerge.Conflict("lenses", "1", "changed on both sides")), r.conflicts());
    assertTrue(r.notes().isEmpty(), r.notes().toString());
  }

  /**
   * The merged list is judged by the rules as any merged row: 99 tags, one added on each side, is
   * 101, over the schema's limit of 100, though each side's 100 were allowed. The row is a conflict
   * naming the rule.
   */
  @Test
  void aMergedListThatBreaksARuleIsAConflictNamingIt() throws Exception {
    String ninetyNine =
        IntStream.rangeClosed(1, 99)
            .mapToObj(i -> "\"t" + i + "\"")
            .collect(Collectors.joining(","));
    Path base = base("[" + ninetyNine + "]");
    Path ours = branch(base, "ours", tags("[" + ninetyNine + ",\"ui\"]", "2026-02-01T00:00:00Z"));
    Path theirs =
        branch(base, "theirs", tags("[" + ninetyNine + ",\"perf\"]", "2026-02-02T00:00:00Z"));

    TextMerge.Result r = merge(base, ours, theirs);

    assertFalse(r.clean(), r.text());
    assertEquals(1, r.conflicts().size(), r.conflicts().toString());
    assertEquals("need: at most 100 tags (need.tags): remove some", r.conflicts().get(0).rule());
    List<String> lines = r.text().lines().toList();
    int at =
        lines.indexOf(
            lines.stream().filter(l -> l.startsWith("<<<<<<< ours")).findFirst().orElseThrow());
    assertTrue(lines.get(at).contains("at most 100 tags"), lines.get(at));
    assertTrue(lines.get(at + 1).contains(",\"ui\"]'"), "ours' line: " + lines.get(at + 1));
    assertTrue(lines.get(at + 3).contains(",\"perf\"]'"), "theirs' line: " + lines.get(at + 3));
  }
}
