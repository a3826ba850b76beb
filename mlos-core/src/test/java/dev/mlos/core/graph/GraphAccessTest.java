package dev.mlos.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.PageCursor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphAccessTest {
  @TempDir Path dir;

  private static GraphAccess graph(GraphWorkspace w) {
    return new GraphAccess(w.db, w.root.resolve("shapes"));
  }

  private static Map<String, Object> meditations() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("_shape", "book");
    r.put("isbn13", "9780140449334");
    r.put("title", "Meditations");
    r.put("pages", "254");
    r.put("price", "12.5");
    r.put("in_stock", "true");
    r.put("published", "2006-04-25");
    r.put("homepage", "https://example.org/meditations");
    r.put("summary", "Private notes on Stoic philosophy, written on campaign.\n");
    r.put("author", "marcus@rome.example");
    r.put("tags", List.of("philosophy", "stoicism"));
    return r;
  }

  private static Map<String, Object> marcus() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("_shape", "person");
    r.put("name", "Marcus Aurelius");
    r.put("email", "marcus@rome.example");
    return r;
  }

  @Test
  void upsertGivesTheNodeIdsValuesAndEdgesAnImportGives() {
    GraphWorkspace imported = GraphWorkspace.create(dir.resolve("a")).shapes();
    imported.write(
        "data/one.yaml",
        """
        - _shape: person
          name: Marcus Aurelius
          email: marcus@rome.example
        - _shape: book
          isbn13: "9780140449334"
          title: Meditations
          pages: "254"
          price: "12.5"
          in_stock: "true"
          published: 2006-04-25
          homepage: https://example.org/meditations
          summary: |
            Private notes on Stoic philosophy, written on campaign.
          author: marcus@rome.example
          tags: [philosophy, stoicism]
        """);
    imported.importAll(GraphWorkspace.T1);
    GraphWorkspace upserted = GraphWorkspace.create(dir.resolve("b")).shapes();

    GraphUpsert person = graph(upserted).upsert(marcus(), GraphWorkspace.T1);
    GraphUpsert book = graph(upserted).upsert(meditations(), GraphWorkspace.T1);

    assertEquals(GraphUpsert.Outcome.CREATED, book.outcome());
    assertEquals(GraphUpsert.Outcome.CREATED, person.outcome());
    String everything =
        "SELECT 'n', id, created_at, updated_at, NULL FROM nodes UNION ALL SELECT 'v', node_id, key, value, type FROM node_vals"
            + " UNION ALL SELECT 'e', id, from_id, label, to_id FROM edges UNION ALL SELECT 'c', id, node_id, kind, body FROM content"
            + " UNION ALL SELECT 's', key, value, NULL, NULL FROM settings ORDER BY 1, 2, 3, 4, 5";
    assertEquals(
        imported.rows(everything),
        upserted.rows(everything),
        "same rows as the import of the same records");
    assertEquals(upserted.one("SELECT node_id FROM node_vals WHERE key = 'isbn13'"), book.nodeId());
    assertEquals(3, book.records(), "the book and its two tags, created from their names");
    assertEquals(3, book.edgesAdded());
  }

  @Test
  void theSameIdentityUpdatesTheSameNodeAndARepeatChangesNothing() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    graph(w).upsert(marcus(), GraphWorkspace.T1);
    GraphUpsert first = graph(w).upsert(meditations(), GraphWorkspace.T1);

    Map<String, Object> change = new LinkedHashMap<>();
    change.put("_shape", "book");
    change.put("isbn13", "9780140449334");
    change.put("pages", 255);
    change.put("homepage", null);
    GraphUpsert second = graph(w).upsert(change, GraphWorkspace.T2);
    GraphUpsert third = graph(w).upsert(change, Instant3.T3);

    assertEquals(GraphUpsert.Outcome.UPDATED, second.outcome());
    assertEquals(first.nodeId(), second.nodeId());
    assertEquals(GraphUpsert.Outcome.UNCHANGED, third.outcome());
    assertEquals(first.nodeId(), third.nodeId());
    assertEquals("1", w.one("SELECT count(*) FROM graph_records WHERE shape = 'book'"));
    assertEquals(
        "255|integer",
        w.one(
            "SELECT value, type FROM node_vals WHERE node_id = '"
                + first.nodeId()
                + "' AND key = 'pages'"));
    assertEquals(
        "0",
        w.one(
            "SELECT count(*) FROM node_vals WHERE node_id = '"
                + first.nodeId()
                + "' AND key = 'homepage'"),
        "null clears");
    assertEquals(
        "Meditations",
        w.one(
            "SELECT value FROM node_vals WHERE node_id = '"
                + first.nodeId()
                + "' AND key = 'title'"),
        "keys the record does not mention keep their values");
    assertEquals(
        "2026-03-02T10:00:00.000Z",
        w.one("SELECT updated_at FROM nodes WHERE id = '" + first.nodeId() + "'"),
        "the unchanged upsert touched no timestamp");
  }

  @Test
  void aWriterWhoseClockReadingIsOlderThanTheNodeUpdatesItWithoutMovingItsTimeBack() {
    // Two servers upserting one identity: each reads its clock before it gets the write lock, so
    // the second to commit can carry the older time. That update used to break the nodes table's
    // CHECK (updated_at before created_at) and come back as a database error, the write lost.
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    GraphUpsert created = graph(w).upsert(marcus(), GraphWorkspace.T2);
    Map<String, Object> change = new LinkedHashMap<>(marcus());
    change.put("name", "Marcus Aurelius Antoninus");

    GraphUpsert late = graph(w).upsert(change, GraphWorkspace.T1);

    assertEquals(GraphUpsert.Outcome.UPDATED, late.outcome());
    String id = created.nodeId();
    assertEquals(
        "Marcus Aurelius Antoninus",
        w.one("SELECT value FROM node_vals WHERE node_id = '" + id + "' AND key = 'name'"));
    assertEquals(
        "2026-03-02T10:00:00.000Z|2026-03-02T10:00:00.000Z",
        w.one("SELECT created_at, updated_at FROM nodes WHERE id = '" + id + "'"),
        "the node's time never goes back");
  }

  /** A later instant, for the repeat. */
  private static final class Instant3 {
    static final java.time.Instant T3 = java.time.Instant.parse("2026-03-03T10:00:00Z");
  }

  @Test
  void anImportedIdThatIsNotTheNodeOfItsIdentityValuesStopsTheImportAtItsLine() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    w.write(
        "data/tags.yaml",
        """
        - _shape: tag
          name: stoicism
        - _shape: tag
          _id: other-tag
          name: stoicism
        """);

    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> w.importAll(GraphWorkspace.T1));

    assertEquals(InvalidRecordException.Problem.IDENTITY, e.problem());
    assertEquals(3, e.line());
    assertEquals("0", w.one("SELECT count(*) FROM nodes"), "nothing of the import is written");
  }

  @Test
  void aValueThatCannotBeCoercedIsRefusedNamingTheFieldAndWritesNothing() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    Map<String, Object> bad = meditations();
    bad.put("pages", "many");
    String before =
        w.one("SELECT (SELECT count(*) FROM nodes) || '/' || (SELECT count(*) FROM settings)");

    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> graph(w).upsert(bad, GraphWorkspace.T1));

    assertEquals(InvalidRecordException.Problem.VALUE, e.problem());
    assertEquals("pages", e.field());
    assertEquals(
        "record 1 (book), field 'pages': 'many' is not a whole number, and the field is integer",
        e.statement());
    assertTrue(e.fix().contains("change the field's type in shape 'book'"), e.fix());
    assertEquals(
        before,
        w.one("SELECT (SELECT count(*) FROM nodes) || '/' || (SELECT count(*) FROM settings)"),
        "rolled back");
  }

  @Test
  void aWholeNumberBeyondSixtyFourBitsIsQuotedAsSentAndSaidToBeOutOfRange() {
    // A user trial sent "pages":99999999999999999999 and read "'1.0E20' is not a whole number".
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    for (Object pages :
        List.of(new java.math.BigInteger("99999999999999999999"), "-99999999999999999999")) {
      Map<String, Object> bad = meditations();
      bad.put("pages", pages);

      InvalidRecordException e =
          assertThrows(InvalidRecordException.class, () -> graph(w).upsert(bad, GraphWorkspace.T1));

      assertEquals(
          "record 1 (book), field 'pages': '"
              + pages
              + "' is outside the 64-bit range of a whole number (-9223372036854775808 to"
              + " 9223372036854775807), and the field is integer",
          e.statement());
    }
  }

  @Test
  void aKeyTheDatabaseCouldNotStoreIsRefusedAsTheRecordsMistake() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();

    for (String key : List.of("", " ", " title")) {
      InvalidRecordException e =
          assertThrows(
              InvalidRecordException.class,
              () ->
                  graph(w)
                      .upsert(Map.of("_shape", "tag", "name", "x", key, "v"), GraphWorkspace.T1),
              "'" + key + "'");
      assertEquals(InvalidRecordException.Problem.FIELD, e.problem());
      assertEquals(key, e.field());
    }
    assertEquals("0", w.one("SELECT count(*) FROM nodes"));
  }

  @Test
  void anUnknownShapeIsRefusedListingTheShapes() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();

    InvalidRecordException e =
        assertThrows(
            InvalidRecordException.class,
            () -> graph(w).upsert(Map.of("_shape", "novel", "title", "x"), GraphWorkspace.T1));

    assertEquals(InvalidRecordException.Problem.SHAPE, e.problem());
    assertEquals("use one of: book, person, product, tag", e.fix());
    assertEquals("0", w.one("SELECT count(*) FROM nodes"));
  }

  @Test
  void anIdThatIsNotTheNodeOfTheIdentityValuesIsRefused() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    String owner =
        graph(w).upsert(Map.of("_shape", "tag", "name", "stoicism"), GraphWorkspace.T1).nodeId();
    graph(w)
        .upsert(Map.of("_shape", "tag", "_id", "other-tag", "name", "virtue"), GraphWorkspace.T1);

    InvalidRecordException e =
        assertThrows(
            InvalidRecordException.class,
            () ->
                graph(w)
                    .upsert(
                        Map.of("_shape", "tag", "_id", "other-tag", "name", "stoicism"),
                        GraphWorkspace.T1));

    assertEquals(InvalidRecordException.Problem.IDENTITY, e.problem());
    assertEquals("_id", e.field());
    assertTrue(e.fix().contains("use _id: " + owner), e.fix());
    assertEquals(
        "virtue",
        w.one("SELECT value FROM node_vals WHERE node_id = 'other-tag' AND key = 'name'"));
  }

  @Test
  void upsertsFromManyConnectionsAtOnceAllLandAndEachIdentityOnce() throws Exception {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<GraphUpsert>> done = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String name = "tag-" + (i % 8);
        done.add(
            pool.submit(
                () -> graph(w).upsert(Map.of("_shape", "tag", "name", name), GraphWorkspace.T1)));
      }
      for (java.util.concurrent.Future<GraphUpsert> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertEquals(
        "8|8",
        w.one("SELECT count(*), count(DISTINCT title) FROM graph_records WHERE shape = 'tag'"));
  }

  @Test
  void searchFindsNodesByTheirTextPagedWithACursor() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.importAll(GraphWorkspace.T1);
    Map<String, Object> other = new LinkedHashMap<>();
    other.put("_shape", "book");
    other.put("isbn13", "9780000000001");
    other.put("title", "Letters");
    other.put("summary", "Stoic letters to Lucilius.");
    graph(w).upsert(other, GraphWorkspace.T1);

    GraphHits all = graph(w).search("stoic", 50, null);
    GraphHits first = graph(w).search("STOIC", 1, null);
    GraphHits second = graph(w).search("stoic", 1, first.nextCursor());

    assertEquals(2, all.total());
    assertEquals(
        List.of("Letters", "Meditations"),
        all.hits().stream().map(GraphHits.Hit::title).sorted().toList());
    assertEquals("summary", all.hits().get(0).field());
    assertEquals("book", all.hits().get(0).shape());
    assertEquals(
        first.nextCursor(),
        graph(w).search("stoic", 1, null).nextCursor(),
        "bound to the words as searched, in any case");
    assertThrows(
        PageCursor.InvalidCursorException.class,
        () -> graph(w).search("letters", 1, first.nextCursor()),
        "a cursor of another search skipped that many hits of this one");
    assertEquals(2, second.total());
    assertNull(second.nextCursor());
    assertEquals(
        List.of(all.hits().get(0), all.hits().get(1)),
        List.of(first.hits().get(0), second.hits().get(0)));
    assertEquals(
        List.of("Letters"),
        graph(w).search("stoic lucil*", 50, null).hits().stream()
            .map(GraphHits.Hit::title)
            .toList(),
        "every word must match; a trailing * is a prefix");
  }

  @Test
  void fts5SyntaxInTheQueryIsSearchedForAsTextNeverAnError() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.importAll(GraphWorkspace.T1);

    for (String hostile :
        List.of(
            "\"",
            "NEAR(",
            "stoic OR",
            "stoic\" OR \"x",
            "*",
            ")",
            "-stoic",
            "body:stoic",
            "^stoic",
            "'; DROP TABLE nodes; --")) {
      graph(w).search(hostile, 10, null);
    }

    assertEquals(
        1,
        graph(w).search("\"stoic\"", 10, null).total(),
        "quotes are part of the word, and the tokenizer drops them");
    assertEquals(
        0, graph(w).search("stoic OR", 10, null).total(), "OR is a word to find, not an operator");
    assertEquals(
        "\"stoic\"\"\" \"OR\"\"\" \"NEAR(\" \"lucil\"*",
        GraphAccess.ftsQuery("stoic\" OR\" NEAR( lucil*"));
  }

  @Test
  void aBlankQueryOrAForeignCursorIsRefusedWithTheFix() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();

    MlosException blank =
        assertThrows(MlosException.class, () -> graph(w).search("  \t", 10, null));
    PageCursor.InvalidCursorException cursor =
        assertThrows(
            PageCursor.InvalidCursorException.class, () -> graph(w).search("stoic", 10, "abc"));
    MlosException limit =
        assertThrows(MlosException.class, () -> graph(w).search("stoic", 51, null));

    assertEquals("give at least one word to look for", blank.fix());
    assertTrue(cursor.getMessage().contains("'abc'"), cursor.getMessage());
    assertEquals("input.cursor", cursor.rule());
    assertEquals("use 1 to 50", limit.fix());
  }

  @Test
  void getReturnsValuesTypedTextAndLiveEdgesBothWays() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.importAll(GraphWorkspace.T1);
    String book =
        w.one("SELECT node_id FROM node_vals WHERE key = 'isbn13' AND value = '9780140449334'");
    String marcus =
        w.one(
            "SELECT node_id FROM node_vals WHERE key = 'email' AND value = 'marcus@rome.example'");

    GraphNode n = graph(w).get(book).orElseThrow();
    GraphNode m = graph(w).get(marcus).orElseThrow();

    assertEquals("book", n.shape());
    assertEquals(List.of("book", "product"), n.shapes());
    assertEquals("Meditations", n.title());
    assertEquals(254L, n.values().get("pages"));
    assertEquals(12.5, n.values().get("price"));
    assertEquals(Boolean.TRUE, n.values().get("in_stock"));
    assertEquals("2006-04-25", n.values().get("published"));
    assertTrue(n.text().get("summary").startsWith("Private notes on Stoic"));
    assertEquals(
        List.of("author:Marcus Aurelius", "tags:philosophy", "tags:stoicism"),
        n.out().stream().map(l -> l.label() + ":" + l.title()).toList());
    assertEquals(3, n.outTotal());
    assertEquals(
        List.of(new GraphNode.Link(n.out().get(0).edgeId(), "author", book, "book", "Meditations")),
        m.in());
    assertTrue(graph(w).get("nope").isEmpty());
    assertTrue(graph(w).get("../etc/passwd").isEmpty());
  }

  @Test
  void aListOrMappingUnderAnUndeclaredKeyComesBackAsThatValueNotAsText() {
    // The upsert keeps {"a": [1, 2]} under a key no shape declares as a json value; graph_get gave
    // it back as the string "{\"a\":[1,2]}", which a client could not tell from a string value and
    // which, written back as it came (read, change, upsert), became a string.
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    Map<String, Object> tag = new LinkedHashMap<>();
    tag.put("_shape", "tag");
    tag.put("name", "stoicism");
    tag.put("meta", Map.of("a", List.of(1, 2)));
    tag.put("looks_like_json", "{\"a\":[1,2]}");
    String id = graph(w).upsert(tag, GraphWorkspace.T1).nodeId();

    GraphNode n = graph(w).get(id).orElseThrow();

    assertEquals(Map.of("a", List.of(1L, 2L)), n.values().get("meta"));
    assertEquals("{\"a\":[1,2]}", n.values().get("looks_like_json"), "a string stays a string");
    Map<String, Object> back = new LinkedHashMap<>(n.values());
    back.put("_shape", "tag");
    assertEquals(GraphUpsert.Outcome.UNCHANGED, graph(w).upsert(back, GraphWorkspace.T2).outcome());
    assertEquals("json", w.one("SELECT type FROM node_vals WHERE key = 'meta'"));
  }

  @Test
  void aNumberBeyondADoubleIsRefusedNamingTheFieldNotTakenAsNull() {
    // A tool call's JSON reader turns 1e400 into Infinity; the upsert wrote that as null, which
    // cleared the field (or dropped an undeclared key with "ignored") instead of refusing it.
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    graph(w).upsert(marcus(), GraphWorkspace.T1);
    graph(w).upsert(meditations(), GraphWorkspace.T1);
    Map<String, Object> bad = meditations();
    bad.put("price", Double.POSITIVE_INFINITY);

    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> graph(w).upsert(bad, GraphWorkspace.T2));

    assertEquals(InvalidRecordException.Problem.VALUE, e.problem());
    assertEquals("price", e.field());
    assertTrue(
        e.statement().startsWith("record 1 (book), field 'price': a number beyond"), e.statement());
    assertEquals("12.5", w.one("SELECT value FROM node_vals WHERE key = 'price'"), "kept");
    Map<String, Object> nested = meditations();
    nested.put("notes", Map.of("scores", List.of(1.0, Double.NaN)));
    assertEquals(
        "notes",
        assertThrows(InvalidRecordException.class, () -> graph(w).upsert(nested, GraphWorkspace.T2))
            .field());
  }

  /**
   * The upsert looked for numbers beyond a double through the whole record, one level of recursion
   * per level of nesting, before its reader (which refuses more than 50 levels) saw it: a record
   * nested a few thousand levels deep (an MCP client's graph_upsert may send up to 1,000) ran the
   * thread's stack out, and the server never answered that call or any after it. The look now stops
   * where the reader's limit is, and the reader refuses the record as for a record file.
   */
  @Test
  void aRecordNestedDeeperThanTheReaderTakesIsRefusedNotAStackOverflow() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    graph(w).upsert(marcus(), GraphWorkspace.T1);
    Map<String, Object> deep = new LinkedHashMap<>();
    Map<String, Object> at = deep;
    for (int i = 0; i < 5_000; i++) {
      Map<String, Object> next = new LinkedHashMap<>();
      at.put("a", List.of(next));
      at = next;
    }
    Map<String, Object> record = meditations();
    record.put("notes", deep);

    dev.mlos.core.MlosException e =
        assertThrows(
            dev.mlos.core.MlosException.class, () -> graph(w).upsert(record, GraphWorkspace.T2));

    assertTrue(e.getMessage().contains("nest deeper than 50 levels"), e.getMessage());
    assertEquals("0", w.one("SELECT count(*) FROM node_vals WHERE key = 'isbn13'"), "nothing");
  }
}
