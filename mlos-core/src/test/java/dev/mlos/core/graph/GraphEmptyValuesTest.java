package dev.mlos.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An empty value (null, "" or only spaces) clears the key and is never an identity value: a user
 * trial saw two people with {@code email: ""} merged into one node (the second overwrote the
 * first).
 */
class GraphEmptyValuesTest {
  @TempDir Path dir;

  private static GraphAccess graph(GraphWorkspace w) {
    return new GraphAccess(w.db, w.root.resolve("shapes"));
  }

  private static Map<String, Object> record(Object... keysAndValues) {
    Map<String, Object> r = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      r.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return r;
  }

  @Test
  void aBlankIdentityValueMatchesNoOtherRecord() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    for (String blank : List.of("", "  ")) {
      GraphUpsert alice =
          graph(w)
              .upsert(
                  record("_shape", "person", "email", blank, "name", "Alice " + blank.length()),
                  GraphWorkspace.T1);
      GraphUpsert bob =
          graph(w)
              .upsert(
                  record("_shape", "person", "email", blank, "name", "Bob " + blank.length()),
                  GraphWorkspace.T1);

      assertEquals(GraphUpsert.Outcome.CREATED, bob.outcome(), "'" + blank + "'");
      assertNotEquals(alice.nodeId(), bob.nodeId(), "'" + blank + "'");
    }
    GraphUpsert first =
        graph(w).upsert(record("_shape", "book", "isbn13", "", "title", "A"), GraphWorkspace.T1);
    GraphUpsert second =
        graph(w).upsert(record("_shape", "book", "isbn13", "", "title", "B"), GraphWorkspace.T1);

    assertNotEquals(first.nodeId(), second.nodeId());
    assertEquals(
        "Alice 0|Alice 2|Bob 0|Bob 2",
        w.one(
            "SELECT group_concat(value, '|') FROM (SELECT value FROM node_vals WHERE key = 'name' ORDER BY 1)"),
        "nobody was overwritten");
    assertEquals(
        "0",
        w.one("SELECT count(*) FROM node_vals WHERE key IN ('email', 'isbn13')"),
        "a blank value is not stored");
  }

  @Test
  void aBlankIdentityValueInAnImportedFileMatchesNothingEither() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    w.write(
        "data/people.json",
        """
        [{"_shape": "person", "email": "", "name": "Alice"},
         {"_shape": "person", "email": "", "name": "Bob"}]
        """);

    w.importAll(GraphWorkspace.T1);

    assertEquals("2", w.one("SELECT count(*) FROM graph_records WHERE shape = 'person'"));
  }

  @Test
  void anEmptyValueClearsTheKeyWhateverItsType() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    graph(w)
        .upsert(
            record("_shape", "person", "name", "Marcus", "email", "m@rome.example"),
            GraphWorkspace.T1);
    Map<String, Object> book =
        record(
            "_shape",
            "book",
            "isbn13",
            "9780140449334",
            "title",
            "Meditations",
            "pages",
            254,
            "summary",
            "Notes.",
            "author",
            "m@rome.example",
            "mood",
            "calm");
    String id = graph(w).upsert(book, GraphWorkspace.T1).nodeId();

    GraphUpsert cleared =
        graph(w)
            .upsert(
                record(
                    "_shape",
                    "book",
                    "isbn13",
                    "9780140449334",
                    "title",
                    "",
                    "pages",
                    "",
                    "summary",
                    " ",
                    "author",
                    "",
                    "mood",
                    ""),
                GraphWorkspace.T2);

    assertEquals(GraphUpsert.Outcome.UPDATED, cleared.outcome());
    assertEquals(id, cleared.nodeId());
    assertEquals(
        "_shape|_shapes|isbn13",
        w.one(
            "SELECT group_concat(key, '|') FROM (SELECT key FROM node_vals WHERE node_id = '"
                + id
                + "' ORDER BY 1)"),
        "title (string), pages (integer), mood (undeclared) cleared");
    assertEquals("0", w.one("SELECT count(*) FROM content WHERE node_id = '" + id + "'"));
    assertEquals(
        "0",
        w.one("SELECT count(*) FROM edges WHERE from_id = '" + id + "' AND deleted_at IS NULL"),
        "an empty relation value clears the relation");
  }

  @Test
  void anEmptyItemInAListOfRelationsIsRefusedNamingTheRelation() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();

    InvalidRecordException e =
        assertThrows(
            InvalidRecordException.class,
            () ->
                graph(w)
                    .upsert(
                        record("_shape", "book", "isbn13", "1", "tags", Arrays.asList("x", " ")),
                        GraphWorkspace.T1));

    assertEquals("tags", e.field());
    assertTrue(e.statement().contains("an empty value names no tag"), e.statement());
    assertTrue(e.fix().contains("leave the empty item out"), e.fix());
    assertEquals("0", w.one("SELECT count(*) FROM nodes"), "nothing written");
  }
}
