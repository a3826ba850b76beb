package dev.mlos.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.graph.shape.FieldType;
import dev.mlos.core.graph.shape.InvalidShapeException;
import dev.mlos.core.graph.shape.ShapeLoader;
import dev.mlos.core.graph.shape.ShapeRegistry;
import dev.mlos.core.yaml.InvalidYamlException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapeLoaderTest {
  @TempDir Path dir;

  private GraphWorkspace workspace() {
    return GraphWorkspace.create(dir);
  }

  private ShapeRegistry load(GraphWorkspace w) {
    return new ShapeLoader().load(w.root.resolve("shapes"));
  }

  private InvalidYamlException failure(GraphWorkspace w) {
    return assertThrows(InvalidYamlException.class, () -> load(w));
  }

  @Test
  void alsoChainsResolveFieldsRelationsAndTitle() {
    GraphWorkspace w = workspace().shapes();
    w.write("shapes/audiobook.yml", "name: audiobook\nalso: [book]\nfields:\n  minutes: integer\n");

    ShapeRegistry r = load(w);

    assertEquals(List.of("audiobook", "book", "product"), r.closure("audiobook"));
    assertEquals(
        List.of(
            "minutes",
            "isbn13",
            "isbn10",
            "pages",
            "published",
            "summary",
            "sku",
            "title",
            "price",
            "in_stock",
            "homepage"),
        List.copyOf(r.fields("audiobook").keySet()));
    assertEquals(FieldType.NUMBER, r.fields("audiobook").get("price").type());
    assertEquals("product", r.fields("audiobook").get("price").shape());
    assertEquals(List.of("author", "tags"), List.copyOf(r.relations("audiobook").keySet()));
    assertTrue(r.relations("book").get("tags").many());
    assertEquals("title", r.titleField("book").orElseThrow());
    assertEquals("name", r.titleField("person").orElseThrow());
    assertTrue(r.implies("book", "product"));
    assertTrue(
        r.toJson("book")
            .startsWith(
                "{\"name\":\"book\",\"description\":\"A printed book\",\"also\":[\"product\"],"
                    + "\"closure\":[\"book\",\"product\"],\"identity\":[\"isbn13\"],\"identity_any\":[\"isbn10\"],\"title_field\":\"title\","),
        r.toJson("book"));
  }

  @Test
  void anUnknownTypeNamesFileLineAndColumn() {
    GraphWorkspace w = workspace();
    w.write("shapes/task.yaml", "name: task\nfields:\n  done: boolean\n  priority: int\n");
    InvalidYamlException e = failure(w);
    assertTrue(e instanceof InvalidShapeException);
    assertTrue(
        e.getMessage()
            .endsWith("task.yaml:4:13: shape 'task': field 'priority' has unknown type 'int'"),
        e.getMessage());
    assertEquals(4, e.line());
    assertTrue(
        e.fix().contains("string, integer, number, boolean, date, datetime, url, text"), e.fix());
  }

  @Test
  void anUnknownAlsoShapeOrRelationTargetIsAnError() {
    GraphWorkspace w = workspace();
    w.write("shapes/book.yaml", "name: book\nfields: {title: string}\nalso:\n  - product\n");
    InvalidYamlException e = failure(w);
    assertTrue(
        e.getMessage()
            .endsWith("book.yaml:4:5: shape 'book': also names 'product', which is not a shape"),
        e.getMessage());

    w.write("shapes/book.yaml", "name: book\nrelations:\n  author: person\n");
    e = failure(w);
    assertTrue(
        e.getMessage()
            .endsWith(
                "book.yaml:3:11: shape 'book': relation 'author' points at 'person', which is not a shape"),
        e.getMessage());
  }

  @Test
  void alsoCyclesAreRefusedWithTheirPath() {
    GraphWorkspace w = workspace();
    w.write("shapes/a.yaml", "name: a\nalso: [b]\n");
    w.write("shapes/b.yaml", "name: b\nalso: [c]\n");
    w.write("shapes/c.yaml", "name: c\nalso: [a]\n");
    InvalidYamlException e = failure(w);
    assertTrue(
        e.getMessage().endsWith("c.yaml:2:8: shape 'c': 'also' makes a cycle: a -> b -> c -> a"),
        e.getMessage());

    w.write("shapes/c.yaml", "name: c\nalso: c\n");
    e = failure(w);
    assertTrue(
        e.getMessage().contains("c.yaml:2:7: shape 'c': 'also' makes a cycle: c -> c"),
        e.getMessage());
  }

  @Test
  void yamlSyntaxErrorsNameTheLine() {
    GraphWorkspace w = workspace();
    w.write("shapes/bad.yaml", "name: bad\nfields:\n  a: string\n b: integer\n");
    InvalidYamlException e = failure(w);
    assertTrue(e.getMessage().contains("bad.yaml:4:2: not valid YAML"), e.getMessage());
    assertEquals(4, e.line());
  }

  @Test
  void aKeyTwiceInAShapeIsRefusedNamingTheLine() {
    GraphWorkspace w = workspace();
    w.write("shapes/x.yaml", "name: x\nfields:\n  a: string\n  a: integer\n");
    assertTrue(
        failure(w).getMessage().contains("x.yaml:4:3: key 'a' appears twice"),
        failure(w).getMessage());
  }

  @Test
  void otherMistakesAreCaught() {
    GraphWorkspace w = workspace();
    w.write("shapes/x.yaml", "name: x\nfields: {a: string}\nidentity: [b]\n");
    assertTrue(
        failure(w)
            .getMessage()
            .endsWith(
                "x.yaml:3:12: shape 'x': identity names 'b', which is not a field of the shape"));
    w.write("shapes/x.yaml", "name: x\nfeilds: {a: string}\n");
    assertTrue(failure(w).getMessage().contains("x.yaml:2:9: unknown key 'feilds'"));
    w.write("shapes/x.yaml", "name: x\nfields: {a: string}\n");
    w.write("shapes/y.yaml", "name: x\n");
    assertTrue(failure(w).getMessage().contains("y.yaml:1:7: shape 'x': is also defined in"));
    w.write("shapes/y.yaml", "name: y\nalso: [x]\nfields: {a: integer}\n");
    assertTrue(
        failure(w).getMessage().contains("field 'a' is string here but integer in shape 'y'"),
        failure(w).getMessage());
    w.write("shapes/y.yaml", "name: y\nfields: {_a: integer}\n");
    assertTrue(failure(w).getMessage().contains("'_a' is not a valid field or relation name"));
    w.write("shapes/y.yaml", "name: Y Shape\n");
    assertTrue(failure(w).getMessage().contains("'Y Shape' is not a valid shape name"));
    w.write("shapes/y.yaml", "name: y\nfields: {body: text}\nidentity_any: [body]\n");
    assertTrue(failure(w).getMessage().contains("identity_any names 'body', a text field"));
  }

  @Test
  void aMissingShapesDirectoryIsExplained() {
    InvalidShapeException e =
        assertThrows(
            InvalidShapeException.class, () -> new ShapeLoader().load(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("the shapes directory does not exist"), e.getMessage());
    assertTrue(e.fix().contains("params.shapes_dir"), e.fix());
  }
}
