package dev.mlos.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.db.Database;
import dev.mlos.core.yaml.InvalidYamlException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphImporterTest {
  @TempDir Path dir;

  private String nodeOf(GraphWorkspace w, String key, String value) {
    return w.one(
        "SELECT node_id FROM node_vals WHERE key = '" + key + "' AND value = '" + value + "'");
  }

  @Test
  void valuesAreCoercedToTheShapesTypesAndKeepTheirType() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();

    GraphImportResult r = w.importAll(GraphWorkspace.T1);

    String book = nodeOf(w, "isbn13", "9780140449334");
    assertEquals(
        "254|integer|integer",
        w.one(
            "SELECT value, typeof(value), type FROM node_vals WHERE node_id = '"
                + book
                + "' AND key = 'pages'"));
    assertEquals(
        "12.5|real|number",
        w.one(
            "SELECT value, typeof(value), type FROM node_vals WHERE node_id = '"
                + book
                + "' AND key = 'price'"));
    assertEquals(
        "1|boolean",
        w.one(
            "SELECT value, type FROM node_vals WHERE node_id = '"
                + book
                + "' AND key = 'in_stock'"));
    assertEquals(
        "2006-04-25|date",
        w.one(
            "SELECT value, type FROM node_vals WHERE node_id = '"
                + book
                + "' AND key = 'published'"));
    String republic = nodeOf(w, "isbn13", "9780199540136");
    assertEquals(
        "0",
        w.one(
            "SELECT value FROM node_vals WHERE node_id = '" + republic + "' AND key = 'in_stock'"),
        "YAML 'no' is false");
    String marcus = nodeOf(w, "email", "marcus@rome.example");
    assertEquals(
        "2026-02-01T11:00:00.000Z|datetime",
        w.one(
            "SELECT value, type FROM node_vals WHERE node_id = '"
                + marcus
                + "' AND key = 'last_seen'"),
        "datetimes are normalised to UTC");
    // text fields go to content, with the full-text index kept in step
    assertEquals(
        book,
        w.one(
            "SELECT node_id FROM content_fts WHERE content_fts MATCH 'stoic' AND kind = 'summary'"));
    assertEquals(
        "[\"book\",\"product\"]",
        w.one("SELECT value FROM node_vals WHERE node_id = '" + book + "' AND key = '_shapes'"));
    assertEquals(
        "book",
        w.one("SELECT value FROM node_vals WHERE node_id = '" + book + "' AND key = '_shape'"));
    assertEquals(List.of(), r.warnings());
    // 3 top-level book/mug records + Plato nested + Marcus + 2 tags created from their names
    assertEquals(7, r.created(), r.summary());
    assertEquals(4, r.shapes());
  }

  @Test
  void relationsBecomeEdgesByIdentityValueNestedRecordOrNodeId() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.importAll(GraphWorkspace.T1);

    assertEquals(
        List.of(
            "Meditations|author|Marcus Aurelius",
            "Meditations|tags|philosophy",
            "Meditations|tags|stoicism",
            "The Republic|author|Plato",
            "The Republic|tags|philosophy"),
        w.rows(
            "SELECT f.title, e.label, t.title FROM edges e JOIN graph_records f ON f.id = e.from_id"
                + " JOIN graph_records t ON t.id = e.to_id WHERE e.deleted_at IS NULL ORDER BY 1, 2, 3"));
    assertEquals(
        "1",
        w.one("SELECT count(*) FROM graph_records WHERE shape = 'tag' AND title = 'philosophy'"),
        "one tag node, shared");

    String marcus = nodeOf(w, "email", "marcus@rome.example");
    w.write(
        "data/quote.yaml", "_shape: book\nisbn13: '1'\ntitle: Quotes\nauthor: " + marcus + "\n");
    w.importAll(GraphWorkspace.T2);
    assertEquals(
        marcus,
        w.one(
            "SELECT e.to_id FROM edges e JOIN node_vals v ON v.node_id = e.from_id AND v.key = 'isbn13' AND v.value = '1'"));
  }

  @Test
  void identityDeduplicatesAndASecondRecordUpdatesTheNode() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.importAll(GraphWorkspace.T1);
    String book = nodeOf(w, "isbn13", "9780140449334");

    // same isbn13 as an integer, new page count: the same node is updated
    w.write("data/zz-update.yaml", "_shape: book\nisbn13: '9780140449334'\npages: 256\n");
    GraphImportResult r = w.importAll(GraphWorkspace.T2);

    assertEquals(
        "1",
        w.one("SELECT count(*) FROM node_vals WHERE key = 'isbn13' AND value = '9780140449334'"));
    assertEquals(
        "256",
        w.one("SELECT value FROM node_vals WHERE node_id = '" + book + "' AND key = 'pages'"));
    assertEquals(
        "Meditations",
        w.one("SELECT value FROM node_vals WHERE node_id = '" + book + "' AND key = 'title'"),
        "values the record does not mention stay");
    assertEquals(
        "2026-03-01T10:00:00.000Z|2026-03-02T10:00:00.000Z",
        w.one("SELECT created_at, updated_at FROM nodes WHERE id = '" + book + "'"));
    assertEquals(0, r.created());
  }

  @Test
  void identityAnyMatchesOnAnyOneField() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.importAll(GraphWorkspace.T1);
    String marcus = nodeOf(w, "email", "marcus@rome.example");

    // a contact from another source: same email, adds a phone
    w.write(
        "data/zz-contacts.yaml",
        "- {_shape: person, email: marcus@rome.example, phone: '+39 555'}\n"
            + "- {_shape: person, phone: '+39 555', name: Marcus}\n");
    w.importAll(GraphWorkspace.T2);

    assertEquals(
        "1",
        w.one(
            "SELECT count(*) FROM graph_records WHERE shape = 'person' AND id = '" + marcus + "'"));
    assertEquals(
        "2",
        w.one("SELECT count(*) FROM graph_records WHERE shape = 'person'"),
        "Marcus and Plato only");
    assertEquals(
        "Marcus",
        w.one("SELECT value FROM node_vals WHERE node_id = '" + marcus + "' AND key = 'name'"));
    // the republic found by isbn10 alone (book's identity_any)
    w.write("data/isbn10.yaml", "{_shape: book, isbn10: '0199540136', pages: 417}\n");
    w.importAll(GraphWorkspace.T2);
    assertEquals(
        "417",
        w.one(
            "SELECT v.value FROM node_vals v JOIN node_vals i ON i.node_id = v.node_id AND i.key = 'isbn13'"
                + " AND i.value = '9780199540136' WHERE v.key = 'pages'"));
  }

  @Test
  void aMoreSpecificRecordWithTheSameIdentityMakesAProductABook() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.importAll(GraphWorkspace.T1);
    String mug = nodeOf(w, "sku", "MUG-1");

    w.write("data/zz-mugbook.yaml", "{_shape: book, sku: MUG-1, isbn13: '42', pages: 10}\n");
    w.importAll(GraphWorkspace.T2);

    assertEquals(
        "book|[\"book\",\"product\"]",
        w.one(
            "SELECT s.value, a.value FROM node_vals s JOIN node_vals a ON a.node_id = s.node_id"
                + " AND a.key = '_shapes' WHERE s.node_id = '"
                + mug
                + "' AND s.key = '_shape'"));
  }

  @Test
  void unknownKeysAreWarningsAndKeptTyped() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    w.write("data/t.yaml", "_shape: tag\nname: rare\ncolour: red\nweight: 3\n_private: x\n");

    GraphImportResult r = w.importAll(GraphWorkspace.T1);

    assertEquals(3, r.warnings().size(), r.warnings().toString());
    assertTrue(
        r.warnings()
            .get(0)
            .describe()
            .contains(
                "t.yaml:3:9: record 1 (tag): 'colour' is not a field or relation of shape 'tag'; kept as a string value"),
        r.warnings().get(0).describe());
    assertTrue(
        r.warnings().get(2).message().contains("'_private' is reserved"), r.warnings().toString());
    assertEquals("3|integer", w.one("SELECT value, type FROM node_vals WHERE key = 'weight'"));
    assertEquals("0", w.one("SELECT count(*) FROM node_vals WHERE key = '_private'"));
  }

  @Test
  void reImportingTheSameFilesChangesNothing() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.importAll(GraphWorkspace.T1);
    String all =
        "SELECT 'n', id, created_at, updated_at FROM nodes UNION ALL SELECT 'v', node_id || key, value, type FROM node_vals"
            + " UNION ALL SELECT 'e', id, coalesce(deleted_at, '-'), updated_at FROM edges UNION ALL SELECT 'c', id, body, kind FROM content"
            + " UNION ALL SELECT 's', key, value, '' FROM settings ORDER BY 1, 2, 3, 4";
    List<String> before = w.rows(all);

    GraphImportResult again = w.importAll(GraphWorkspace.T2);

    assertEquals(before, w.rows(all));
    assertEquals(0, again.created());
    assertEquals(0, again.updated());
    assertEquals(again.records(), again.unchanged());
    assertEquals(0, again.edgesAdded() + again.edgesRemoved());
  }

  @Test
  void nodeIdsAreStableAcrossFreshDatabases(@TempDir Path other) {
    GraphWorkspace a = GraphWorkspace.create(dir).shapes().records();
    GraphWorkspace b = GraphWorkspace.create(other).shapes().records();
    a.importAll(GraphWorkspace.T1);
    b.importAll(GraphWorkspace.T2);
    String q = "SELECT id, shape, title FROM graph_records ORDER BY id";
    assertEquals(a.rows(q), b.rows(q));
    assertEquals(
        a.rows("SELECT id FROM edges ORDER BY id"), b.rows("SELECT id FROM edges ORDER BY id"));
  }

  @Test
  void droppingATagFromARecordMarksItsEdgeDeleted() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.importAll(GraphWorkspace.T1);

    w.write("data/zz.yaml", "{_shape: book, isbn13: '9780140449334', tags: [stoicism]}\n");
    GraphImportResult r = w.importAll(GraphWorkspace.T2);

    assertEquals(1, r.edgesRemoved());
    assertEquals(
        List.of("philosophy|2026-03-02T10:00:00.000Z", "stoicism|-"),
        w.rows(
            "SELECT t.title, coalesce(e.deleted_at, '-') FROM edges e JOIN graph_records t ON t.id = e.to_id"
                + " JOIN node_vals b ON b.node_id = e.from_id AND b.key = 'isbn13' AND b.value = '9780140449334'"
                + " WHERE e.label = 'tags' ORDER BY 1"));
  }

  @Test
  void aDroppedEdgeComesBackAndAnEmptyValueClearsAField() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.importAll(GraphWorkspace.T1);
    w.write("data/zz.yaml", "{_shape: book, isbn13: '9780140449334', tags: [stoicism]}\n");
    w.importAll(GraphWorkspace.T2);

    w.write("data/zz.yaml", "{_shape: book, isbn13: '9780140449334', pages: , summary: }\n");
    GraphImportResult r = w.importAll(GraphWorkspace.T2);

    assertEquals(
        1, r.edgesAdded(), "books.yaml lists philosophy again: the deleted edge is revived");
    assertEquals("0", w.one("SELECT count(*) FROM edges WHERE deleted_at IS NOT NULL"));
    assertEquals("0", w.one("SELECT count(*) FROM node_vals WHERE key = 'pages' AND value = 254"));
    assertEquals("0", w.one("SELECT count(*) FROM content_fts WHERE content_fts MATCH 'stoic'"));
  }

  @Test
  void aValueThatCannotBeCoercedNamesFileLineRecordAndFieldAndWritesNothing() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    w.write(
        "data/a.yaml",
        "- {_shape: tag, name: fine}\n- _shape: book\n  isbn13: '1'\n  pages: many\n");

    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> w.importAll(GraphWorkspace.T1));

    assertTrue(
        e.getMessage()
            .endsWith(
                "a.yaml:4:10: record 2 (book), field 'pages': 'many' is not a whole number, and the field is integer"),
        e.getMessage());
    assertEquals("pages", e.field());
    assertEquals(4, e.line());
    assertEquals(
        "0",
        w.one("SELECT count(*) FROM nodes"),
        "one transaction: the good record is rolled back too");
  }

  @Test
  void recordErrorsAreClear() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    w.write("data/a.yaml", "title: no shape\n");
    assertTrue(
        assertThrows(InvalidRecordException.class, () -> w.importAll(GraphWorkspace.T1))
            .getMessage()
            .contains("a.yaml:1:1: record 1: has no _shape"));
    w.write("data/a.yaml", "_shape: magazine\n");
    InvalidRecordException unknown =
        assertThrows(InvalidRecordException.class, () -> w.importAll(GraphWorkspace.T1));
    assertTrue(unknown.getMessage().contains("'magazine' is not a shape"), unknown.getMessage());
    assertEquals("use one of: book, person, product, tag", unknown.fix());
    w.write("data/a.yaml", "{_shape: book, isbn13: '1', author: [a, b]}\n");
    assertTrue(
        assertThrows(InvalidRecordException.class, () -> w.importAll(GraphWorkspace.T1))
            .getMessage()
            .contains("field 'author': takes one person, found a list"));
    w.write("data/a.yaml", "{_shape: book, isbn13: '1', author: nobody}\n");
    assertTrue(
        assertThrows(InvalidRecordException.class, () -> w.importAll(GraphWorkspace.T1))
            .getMessage()
            .contains("no person record has the id or an identity value 'nobody'"));
    w.write("data/a.yaml", "{_shape: person, email: x@y.z, last_seen: '2026-01-01T10:00:00'}\n");
    assertTrue(
        assertThrows(InvalidRecordException.class, () -> w.importAll(GraphWorkspace.T1))
            .getMessage()
            .contains("is not a date-time with a zone"));
    w.write("data/a.yaml", "{_shape: book, isbn13: '1', tags: [\n");
    assertTrue(
        assertThrows(InvalidYamlException.class, () -> w.importAll(GraphWorkspace.T1))
            .getMessage()
            .contains("a.yaml:2:1: not valid YAML"));
  }

  @Test
  void jsonRecordsAreReadAsJsonWithEveryEscape() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    // "\/" is a valid JSON escape that YAML 1.1 refused.
    w.write("data/tags.json", "[{\"_shape\": \"tag\", \"name\": \"a\\/b\"}]\n");
    w.importAll(GraphWorkspace.T1);
    assertEquals(
        "1", w.one("SELECT count(*) FROM graph_records WHERE shape = 'tag' AND title = 'a/b'"));
  }

  @Test
  void aKeyTwiceInARecordIsRefusedNamingFileLineAndKey() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    w.write("data/tags.json", "[{\"_shape\": \"tag\", \"name\": \"a\",\n  \"name\": \"b\"}]\n");
    InvalidYamlException json =
        assertThrows(InvalidYamlException.class, () -> w.importAll(GraphWorkspace.T1));
    assertTrue(
        json.getMessage().contains("tags.json:2:3: key 'name' appears twice"), json.getMessage());
    w.write("data/tags.json", "[]\n");
    w.write("data/tags.yaml", "_shape: tag\nname: a\nname: b\n");
    InvalidYamlException yaml =
        assertThrows(InvalidYamlException.class, () -> w.importAll(GraphWorkspace.T1));
    assertTrue(
        yaml.getMessage().contains("tags.yaml:3:1: key 'name' appears twice"), yaml.getMessage());
    assertEquals(
        "0", w.one("SELECT count(*) FROM graph_records WHERE shape = 'tag'"), "nothing imported");
  }

  @Test
  void theDatabaseMustHaveTheGraphSchema() throws Exception {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    Path empty = dir.resolve("empty.db");
    try (var c = Database.at(empty).open(true)) {
      // an empty SQLite file
    }
    MlosException e =
        assertThrows(
            MlosException.class,
            () ->
                new GraphImporter()
                    .importRecords(
                        new GraphImportRequest(
                            w.root,
                            empty,
                            w.root.resolve("shapes"),
                            List.of(w.root.resolve("data")),
                            GraphWorkspace.T1)));
    assertTrue(e.getMessage().contains("does not have the agentos-graph schema"), e.getMessage());
    assertEquals("set 'pack: agentos-graph' in mlos.yaml and run `init`", e.fix());
    assertEquals(List.of(dev.mlos.core.Remedy.init()), e.remedies());
  }
}
