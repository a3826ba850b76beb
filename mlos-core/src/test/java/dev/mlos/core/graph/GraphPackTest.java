package dev.mlos.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.CompileResult;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.path.InvalidPathException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agentos-graph pack, chosen in mlos.yaml, compiled from a small realistic graph. */
class GraphPackTest {
  @TempDir Path dir;
  final List<String> warnings = new ArrayList<>();
  final Reporter reporter =
      new Reporter() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {
          warnings.add(message);
        }
      };

  private GraphWorkspace seeded() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.write("mlos.yaml", "workspace: library\npack: agentos-graph\ndatabase: graph.db\n");
    WorkspaceConfig config = config(w);
    GraphImportResult r =
        new GraphImporter()
            .importRecords(
                GraphImportRequest.forWorkspace(
                    config, List.of(Path.of("data")), GraphWorkspace.T1));
    assertEquals(List.of(), r.warnings());
    String meditations =
        w.one("SELECT node_id FROM node_vals WHERE key = 'isbn13' AND value = '9780140449334'");
    String marcus =
        w.one(
            "SELECT node_id FROM node_vals WHERE key = 'email' AND value = 'marcus@rome.example'");
    // what other writers do: a value on an edge, a removed edge, a bare node without a shape
    w.sql(
        "INSERT INTO edge_vals (edge_id, key, value, type) SELECT id, 'added_by', 'joe', 'string' FROM edges"
            + " WHERE from_id = '"
            + meditations
            + "' AND label = 'author'",
        "INSERT INTO nodes (id, created_at, updated_at) VALUES ('bare-1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
        "INSERT INTO edges (id, from_id, label, to_id) VALUES ('x1', '"
            + meditations
            + "', 'mentions', 'bare-1')",
        "INSERT INTO edges (id, from_id, label, to_id, deleted_at) VALUES ('x2', '"
            + marcus
            + "', 'wrote_to', '"
            + meditations
            + "', '2026-01-01T00:00:00.000Z')");
    return w;
  }

  private WorkspaceConfig config(GraphWorkspace w) {
    return new ConfigLoader().load(w.root, ConfigOverrides.none());
  }

  private CompileResult compile(GraphWorkspace w) {
    return new Compiler().compile(new CompileRequest(config(w), "2026-04-01T00:00:00Z"), reporter);
  }

  private static String fileNamed(GraphWorkspace w, String folder, String suffix) {
    try (Stream<Path> s = Files.list(w.root.resolve(folder))) {
      return s.map(p -> folder + "/" + p.getFileName())
          .filter(n -> n.endsWith(suffix))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + folder + "/*" + suffix));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theWorkspaceChoosesThePackInMlosYaml() {
    GraphWorkspace w = GraphWorkspace.create(dir);
    w.write("mlos.yaml", "pack: agentos-graph\n");
    WorkspaceConfig c = config(w);
    assertEquals(List.of("agentos-graph"), c.schemas());
    assertEquals(
        List.of("records", "shapes", "shape_index"),
        c.views().stream().map(v -> v.name()).toList());
    assertEquals("shapes", c.params().get("shapes_dir"));
    assertTrue(new ConfigLoader().availablePacks().contains("agentos-graph"));
  }

  /**
   * A shapes directory outside the workspace was refused as any path is, "Invalid workspace path
   * '/w/../elsewhere': is outside the workspace" with the fix "Use a relative path inside the
   * workspace with '/' separators, for example 'docs/tasks/task-1.md'": nothing named the setting
   * that gave it, nor said a directory of shapes was meant. The refusal now names
   * params.shapes_dir, in mlos.yaml, as written, and the fix is that setting's.
   */
  @Test
  void aShapesDirectoryOutsideTheWorkspaceNamesItsSetting() {
    GraphWorkspace w = GraphWorkspace.create(dir);
    w.write("mlos.yaml", "pack: agentos-graph\nparams:\n  shapes_dir: ../elsewhere\n");
    WorkspaceConfig c = config(w);

    InvalidPathException e =
        assertThrows(
            InvalidPathException.class,
            () -> GraphImportRequest.forWorkspace(c, List.of(Path.of("data")), Instant.EPOCH));

    assertTrue(
        e.getMessage().startsWith("Invalid workspace path '../elsewhere': "), e.getMessage());
    assertTrue(e.getMessage().contains("is outside the workspace"), e.getMessage());
    assertTrue(e.getMessage().contains("params.shapes_dir in "), e.getMessage());
    assertTrue(e.fix().startsWith("point params.shapes_dir in mlos.yaml at"), e.fix());
  }

  /**
   * The pack wrote a number value with ?c, FreeMarker's format for computers: 1e-6 read 0.0000010
   * where ${n} and mlos.table write 0.000001 (docs/configuration.md, Templates). A record's value
   * and a link's value are plain digits.
   */
  @Test
  void aSmallNumberValueIsWrittenAsPlainDigits() {
    GraphWorkspace w = seeded();
    w.sql(
        "UPDATE node_vals SET value = 0.000001 WHERE key = 'price' AND value = 12.5",
        "INSERT INTO edge_vals (edge_id, key, value, type) SELECT edge_id, 'weight', 0.000002,"
            + " 'number' FROM edge_vals WHERE key = 'added_by'");

    compile(w);

    String meditations = w.read(fileNamed(w, "records/book", "-meditations.md"));
    assertTrue(meditations.contains("- price (number, shape product): 0.000001\n"), meditations);
    assertTrue(meditations.contains("weight = 0.000002"), meditations);
  }

  /**
   * A url value became an autolink whatever it held: {@code <javascript:alert(1)>} (the importer
   * takes any scheme as an absolute URL) was a live link on the record's page for a reader whose
   * renderer does not strip such links, and a value written by other means (the sqlite3 shell; the
   * schema refuses only a space) broke out of its list item: a line break started a heading, a
   * markdown link and a rule of its own, and an ESC reached the page raw. Only an http, https or
   * mailto URL of plain URL characters is a link now; any other value is escaped text.
   */
  @Test
  void aUrlValueIsALinkOnlyWhenItIsAWebOrMailAddress() {
    GraphWorkspace w = seeded();
    String meditations =
        w.one("SELECT node_id FROM node_vals WHERE key = 'isbn13' AND value = '9780140449334'");
    w.sql(
        "UPDATE node_vals SET value = 'javascript:alert(1)' WHERE key = 'homepage' AND node_id = '"
            + meditations
            + "'",
        "INSERT INTO node_vals (node_id, key, value, type) VALUES ('"
            + meditations
            + "', 'mirror', 'https://x.example/a' || char(10) || char(10) || '#' || char(9)"
            + " || 'Forged' || char(10) || '[click](javascript:alert(1))' || char(10) || '---'"
            + " || char(27) || '[31m', 'url')",
        "INSERT INTO node_vals (node_id, key, value, type) VALUES ('"
            + meditations
            + "', 'shop', 'https://x.example/' || char(8238) || 'gpj.exe', 'url')",
        "INSERT INTO node_vals (node_id, key, value, type) VALUES ('"
            + meditations
            + "', 'contact', 'mailto:marcus@rome.example', 'url')");

    compile(w);

    String page = w.read(fileNamed(w, "records/book", "-meditations.md"));
    assertTrue(page.contains("- homepage (url, shape product): javascript:alert(1)\n"), page);
    assertFalse(page.contains("<javascript:"), page);
    assertTrue(
        page.contains(
            "- mirror (url): https\\://x.example/a \\# Forged \\[click\\](javascript:alert(1))"
                + " ---\u241b\\[31m\n"),
        page);
    assertFalse(page.lines().anyMatch(l -> l.startsWith("#\t") || l.startsWith("[click]")), page);
    assertFalse(page.contains("\u001b"), page);
    assertFalse(page.contains("\u202e"), page);
    assertTrue(page.contains("- contact (url): <mailto:marcus@rome.example>\n"), page);
  }

  /**
   * The shape registry in {@code settings} is a row like any other, which the sqlite3 shell can
   * write: the names and types of its fields and relations, and its identity, went onto the record
   * and shape pages as they were, so a line break in one started a heading of its own and HTML in
   * it reached the page raw. A name of the form a shape file allows is shown as it is; any other is
   * escaped on one line.
   */
  @Test
  void namesFromTheShapeRegistryCannotBreakOutOfTheirLine() {
    GraphWorkspace w = seeded();
    String evil = "'x' || char(10) || '# Forged <script>alert(1)</script>'";
    w.sql(
        "UPDATE settings SET value = json_set(value, '$.fields[0].name', "
            + evil
            + ", '$.fields[1].type', "
            + evil
            + ", '$.fields[2].shape', "
            + evil
            + ", '$.relations[0].name', "
            + evil
            + ", '$.identity[0]', "
            + evil
            + ") WHERE key = 'shape:book'",
        // the schema's check of a time stamp looks at its first 19 characters and its last one
        "UPDATE nodes SET updated_at = '2026-03-01T10:00:00' || char(10) || '# Forged <script>Z'"
            + " WHERE id IN (SELECT node_id FROM node_vals WHERE key = 'isbn13')");

    compile(w);

    for (String page :
        List.of(
            w.read(fileNamed(w, "records/book", "-meditations.md")), w.read("records/book.md"))) {
      assertFalse(page.lines().anyMatch(l -> l.startsWith("# Forged")), page);
      String body = page.substring(page.indexOf("\n---\n", 4)); // YAML quotes the front matter
      assertFalse(body.contains("<script>"), page);
      assertTrue(page.contains("x \\# Forged \\<script\\>alert(1)\\</script\\>"), page);
      assertTrue(page.contains("2026-03-01T10:00:00 \\# Forged \\<script\\>Z"), page);
    }
    // names of the form a shape file allows are shown as they are
    assertTrue(w.read("records/product.md").contains("- in_stock: boolean (shape product)\n"));
  }

  /**
   * The shapes view read a relation's {@code many} as a boolean only: a registry row written with
   * the sqlite3 shell, where json_object writes a comparison as 1 or 0, stopped the whole compile
   * with "this is a bug in mlos's built-in pack, not in your data". 1 and 0 read as true and false.
   */
  @Test
  void aRelationsManyWrittenAsANumberStillRenders() {
    GraphWorkspace w = seeded();
    w.sql(
        "UPDATE settings SET value = json_set(value, '$.relations[0].many', 0,"
            + " '$.relations[1].many', 1 = 1) WHERE key = 'shape:book'");

    compile(w);

    String book = w.read("records/book.md");
    assertTrue(book.contains("- tags: [tag](tag.md), many (shape book)\n"), book);
    assertTrue(book.contains("- author: [person](person.md) (shape book)\n"), book);
  }

  /**
   * A shape registry row written with the sqlite3 shell in a form the importer never writes (fields
   * an object, a field without a name, relations an object) failed the shapes view with "this is a
   * bug in mlos's built-in pack, not in your data", for the user's own row. The pages render what
   * is of the importer's form, and the shape's page names the row, each JSON path left out, the
   * form expected there, and the fix.
   */
  @Test
  void aRegistryRowOfAnotherFormIsLeftOutAndNamedOnTheShapesPage() {
    GraphWorkspace w = seeded();
    SqliteShell.Result shell =
        SqliteShell.run(
            w.db,
            "UPDATE settings SET value = json_set(value,"
                + " '$.fields[1]', json_object('type', 'string'),"
                + " '$.relations', json_object('author', 'person'),"
                + " '$.identity', 'isbn13') WHERE key = 'shape:book';"
                + " UPDATE settings SET value = json_set(value, '$.fields',"
                + " json_object('sku', 'string'), '$.description', 3) WHERE key = 'shape:product';");
    assertTrue(shell.ok(), shell.err());

    compile(w);

    String book = w.read("records/book.md");
    assertTrue(
        book.contains(
            "Part of this shape's row in the shape registry (table settings, key `shape:book`) is"
                + " not of the form the import writes, so it is left out of this page and of its"
                + " records' pages:\n\n"
                + "- `$.identity`: not a list of field names\n"
                + "- `$.fields[1]`: not an object with a name and a type (strings)\n"
                + "- `$.relations`: not a list of relations, each an object with a name and a"
                + " target\n\n"
                + "To fix it, import the records again (the import writes every shape's row from"
                + " the shape files), or correct these paths of the row with SQL (json_set,"
                + " json_remove).\n"),
        book);
    assertTrue(book.contains("- isbn13: string (shape book)\n"), book); // the fields of good form
    assertTrue(book.contains("## Relations\n\nNone.\n"), book);
    assertTrue(book.contains("[Meditations]("), book); // its records are still listed
    String product = w.read("records/product.md");
    assertTrue(product.contains("- `$.description`: not a string\n"), product);
    assertTrue(
        product.contains(
            "- `$.fields`: not a list of fields, each an object with a name and a type\n"),
        product);
    assertTrue(product.contains("## Fields\n\nNone.\n"), product);
    // a record page shows what it can: the book's fields of good form, no relation it cannot read
    String meditations = w.read(fileNamed(w, "records/book", "-meditations.md"));
    assertTrue(meditations.contains("- isbn13 (string, shape book): 9780140449334\n"), meditations);
    // and says that part of its shapes' rows is left out, and where to read which
    assertTrue(
        meditations.contains(
            "Part of what this page is made from is missing or not of the form the import writes,"
                + " so it is left out:\n\n"
                + "- shape [book](../book.md): part of its row in the shape registry (table settings,"
                + " key `shape:book`) is not of the form the import writes, so some of the fields or"
                + " relations it declares are not shown (the shape's page says which)\n"
                + "- shape [product](../product.md): part of its row in the shape registry (table"
                + " settings, key `shape:product`) is not of the form the import writes, so some of"
                + " the fields or relations it declares are not shown (the shape's page says"
                + " which)\n"),
        meditations);
    assertTrue(
        meditations.contains("No declared relation is shown: see what is left out above."),
        meditations);
  }

  /**
   * A registry row that is JSON but no object (a list, a string): its page says so, and the other
   * pages render.
   */
  @Test
  void aRegistryRowThatIsNoJsonObjectIsNamedOnItsPage() {
    GraphWorkspace w = seeded();
    SqliteShell.Result shell =
        SqliteShell.run(
            w.db,
            "UPDATE settings SET value = '\"book, also product\"' WHERE key = 'shape:book';"
                + " UPDATE settings SET value = '[1, 2]' WHERE key = 'shape:tag';");
    assertTrue(shell.ok(), shell.err());

    compile(w);

    for (String shape : List.of("book", "tag")) {
      String page = w.read("records/" + shape + ".md");
      assertTrue(
          page.contains(
              "(table settings, key `shape:"
                  + shape
                  + "`) is not of the form the import writes, so it is left out of this page and of"
                  + " its records' pages:\n\n- `$`: not a JSON object; the whole definition is left"
                  + " out\n"),
          page);
    }
    // with no title field to read, the book's page is titled by its node id
    String id =
        w.one("SELECT node_id FROM node_vals WHERE key = 'isbn13' AND value = '9780140449334'");
    String meditations = w.read(fileNamed(w, "records/book", "-" + id + ".md"));
    assertTrue(meditations.contains("- price (number, shape product): 12.5\n"), meditations);
    assertTrue(w.read("SHAPES.md").contains("[book](records/book.md): 2 records, 2 own"));
  }

  /**
   * A registry row that is no JSON at all stopped the records view in the schema's graph_records
   * (V1 read its title field with json_extract: "malformed JSON"), for every record. Since V2 the
   * row has no title field, and its shape's page says the row was left out.
   */
  @Test
  void aRegistryRowThatIsNoJsonIsNamedOnItsPage() {
    GraphWorkspace w = seeded();
    SqliteShell.Result shell =
        SqliteShell.run(
            w.db, "UPDATE settings SET value = 'book, also product' WHERE key = 'shape:book';");
    assertTrue(shell.ok(), shell.err());

    compile(w);

    assertTrue(
        w.read("records/book.md")
            .contains("- `$`: not a JSON object; the whole definition is left out\n"));
    String id =
        w.one("SELECT node_id FROM node_vals WHERE key = 'isbn13' AND value = '9780140449334'");
    assertTrue(w.read(fileNamed(w, "records/book", "-" + id + ".md")).contains("# " + id + "\n"));
  }

  /**
   * A registry row whose JSON has a key twice in one object (written with the sqlite3 shell before
   * schema V3, which now refuses it: SQLite's JSON functions read the first) stopped the whole
   * compile and the guard (exit 2) with "this is a bug in mlos's built-in pack, not in your data",
   * for the user's own row: the shape's page read it with mlos.json, which refuses a repeated key.
   * Now the row is read as none by the shape and record views (which value was meant cannot be
   * told), and its shape's page names the key's path and the fix.
   */
  @Test
  void aRegistryRowWithAKeyTwiceIsNamedOnItsPageAsTheRowsFault() {
    GraphWorkspace w = seeded();
    // A row from before V3, which refuses it now: written with the trigger out of the way.
    String trigger =
        w.one("SELECT sql FROM sqlite_schema WHERE name = 'settings_shape_no_repeated_key_update'");
    SqliteShell.Result shell =
        SqliteShell.run(
            w.db,
            "DROP TRIGGER settings_shape_no_repeated_key_update;"
                + " UPDATE settings SET value = replace(value, '{\"name\":\"isbn13\",\"type\":\"string\"',"
                + " '{\"name\":\"isbn13\",\"type\":\"string\",\"type\":\"integer\"')"
                + " WHERE key = 'shape:book';"
                + trigger
                + ";"
                + " SELECT json_extract(value, '$.fields[0].type') FROM settings WHERE key = 'shape:book';");
    assertTrue(shell.ok(), shell.err());
    assertEquals("string\n", shell.out(), "SQLite took the row and reads the first 'type'");

    compile(w);

    String book = w.read("records/book.md");
    assertTrue(
        book.contains(
            "(table settings, key `shape:book`) is not of the form the import writes, so it is left"
                + " out of this page and of its records' pages:\n\n"
                + "- `$.fields[0].type`: key `type` appears twice in one object, so which value is"
                + " meant cannot be told; the whole definition is left out (keep one of them)\n\n"
                + "To fix it, import the records again"),
        book);
    assertTrue(book.contains("## Fields\n\nNone.\n"), book);
    assertTrue(book.contains("[Meditations]("), book); // its records are still listed
    // no view reads the row: not the first 'type' (SQLite's pick), not the last (a JSON reader's)
    String meditations = w.read(fileNamed(w, "records/book", "-meditations.md"));
    assertFalse(meditations.contains("isbn13 (string, shape book)"), meditations);
    assertFalse(meditations.contains("isbn13 (integer, shape book)"), meditations);
    assertTrue(
        meditations.contains("Values no shape declares:\n\n- isbn13 (string): 9780140449334\n"),
        "the value is shown, as one the readable rows do not declare: " + meditations);
    assertTrue(meditations.contains("- price (number, shape product): 12.5\n"), meditations);
    assertFalse(w.read("SHAPES.md").contains("A printed book"), w.read("SHAPES.md"));

    // The fix the page names: the import writes the row again, of its own form.
    new GraphImporter()
        .importRecords(
            GraphImportRequest.forWorkspace(
                config(w), List.of(Path.of("data")), GraphWorkspace.T1));
    compile(w);
    assertFalse(w.read("records/book.md").contains("appears twice"), w.read("records/book.md"));
    assertTrue(
        w.read(fileNamed(w, "records/book", "-meditations.md"))
            .contains("- isbn13 (string, shape book): 9780140449334\n"));
  }

  /**
   * A record's _shapes value (the shapes it is) written with the sqlite3 shell in a form the import
   * never writes stopped the whole compile: no JSON failed the records view's query with SQLite's
   * bare "malformed JSON"; a JSON string, a list holding a number, or one nested past mlos's reader
   * limit failed its template with "this is a bug in mlos's built-in pack, not in your data"; an
   * object failed its front matter. A missing one left the page saying "The shape declares no
   * fields" over the values its shape declares. Each page now reads the names it can, or the
   * record's _shape alone, and says what it left out and why; the other pages are as before.
   */
  @Test
  void aRecordWhoseShapesValueIsOfAnotherFormSaysWhatItLeftOut() {
    GraphWorkspace w = seeded();
    String republic =
        w.one("SELECT node_id FROM node_vals WHERE key = 'isbn13' AND value = '9780199540136'");
    String marcus =
        w.one(
            "SELECT node_id FROM node_vals WHERE key = 'email' AND value = 'marcus@rome.example'");
    String mug = w.one("SELECT node_id FROM node_vals WHERE key = 'sku' AND value = 'MUG-1'");
    String deep = "[".repeat(300) + "]".repeat(300);
    SqliteShell.Result shell =
        SqliteShell.run(
            w.db,
            "UPDATE node_vals SET value = 'book, also product', type = 'string'"
                + " WHERE key = '_shapes' AND node_id IN (SELECT node_id FROM node_vals"
                + " WHERE key = 'isbn13' AND value = '9780140449334');"
                + " UPDATE node_vals SET value = '[1, \"book\", \"product\", "
                + deep
                + "]' WHERE key = '_shapes' AND node_id = '"
                + republic
                + "'; DELETE FROM node_vals WHERE key = '_shapes' AND node_id = '"
                + marcus
                + "'; UPDATE node_vals SET value = '{\"product\": 1}' WHERE key = '_shapes' AND node_id = '"
                + mug
                + "'; INSERT INTO node_vals VALUES ('"
                + mug
                + "', '_note', 'written by hand', 'string');");
    assertTrue(shell.ok(), shell.err());

    compile(w);

    String meditations = w.read(fileNamed(w, "records/book", "-meditations.md"));
    assertTrue(
        meditations.contains(
            "A [book](../book.md) record. Node `c5f9607d8986fae5`, created"
                + " 2026-03-01T10:00:00.000Z, updated 2026-03-01T10:00:00.000Z.\n\n"
                + "Part of what this page is made from is missing or not of the form the import"
                + " writes, so it is left out:\n\n"
                + "- node value `_shapes` (the shapes the record is) is no JSON, so the record is"
                + " read as a book only (its `_shape`), and a field or relation only another of its"
                + " shapes declares is not shown\n\n"
                + "To fix it, import the record again (the import writes its `_shape` and `_shapes`"
                + " values, and the row of every shape in the shape files: put a missing shape's file"
                + " back first), or correct these values with SQL.\n\n## Fields\n"),
        meditations);
    // book's row declares the fields it inherits: they are shown, as declared
    assertTrue(meditations.contains("- price (number, shape product): 12.5\n"), meditations);
    String republicPage = w.read(fileNamed(w, "records/book", "-the-republic.md"));
    assertTrue(
        republicPage.contains(
            "- node value `_shapes`, `$[0]`: not a shape name (a string), left out\n"
                + "- node value `_shapes`, `$[3]`: not a shape name (a string), left out\n"),
        republicPage);
    assertTrue(republicPage.contains("that is also [product](../product.md)."), republicPage);
    String marcusPage = w.read(fileNamed(w, "records/person", "-marcus-aurelius.md"));
    assertTrue(
        marcusPage.contains(
            "- node value `_shapes` (the shapes the record is) is missing, so the record is read as"
                + " a person only"),
        marcusPage);
    assertTrue(
        marcusPage.contains("- email (string, shape person): marcus\\@rome.example\n"), marcusPage);
    String mugPage = w.read(fileNamed(w, "records/product", "-stoic-mug.md"));
    assertTrue(mugPage.contains("is not a list, so the record is read as a product only"), mugPage);
    assertTrue(mugPage.contains("tags:\n  - product\n"), mugPage);
    // a value under a key the import reserves, written by hand, is shown, not hidden
    assertTrue(mugPage.contains("- \\_note (string): written by hand\n"), mugPage);
    // the shape pages list each record under the shapes read for it
    assertTrue(w.read("records/product.md").contains("[The Republic]("));
    assertFalse(w.read("records/product.md").contains("[Meditations]("));
    // a page whose data is of the import's form says nothing of the kind
    String plato = w.read(fileNamed(w, "records/person", "-plato.md"));
    assertFalse(plato.contains("left out"), plato);

    // The fix the pages name: the import writes the values again, for the same records.
    String nodes = w.one("SELECT count(*) FROM nodes");
    GraphImportResult again =
        new GraphImporter()
            .importRecords(
                GraphImportRequest.forWorkspace(
                    config(w), List.of(Path.of("data")), GraphWorkspace.T1));
    assertEquals(nodes, w.one("SELECT count(*) FROM nodes"), again.summary());
    compile(w);
    for (String page :
        List.of(
            fileNamed(w, "records/book", "-meditations.md"),
            fileNamed(w, "records/book", "-the-republic.md"),
            fileNamed(w, "records/person", "-marcus-aurelius.md"),
            fileNamed(w, "records/product", "-stoic-mug.md"))) {
      assertFalse(w.read(page).contains("is left out"), page + ": " + w.read(page));
    }
  }

  @Test
  void everyViewRenders() {
    GraphWorkspace w = seeded();

    CompileResult r = compile(w);

    assertEquals(List.of(), warnings, "no unordered queries, no other warnings");
    // 2 books + 1 product + 2 people + 2 tags; 4 shape indexes; SHAPES.md
    assertEquals(7 + 4 + 1, r.pages(), r.summary());

    String meditations = w.read(fileNamed(w, "records/book", "-meditations.md"));
    ParsedFile p = (ParsedFile) CompiledFile.parse(meditations);
    assertEquals("records", p.view());
    assertEquals("Meditations", p.frontMatter().get("title"));
    assertEquals(List.of("book", "product"), p.frontMatter().get("tags"));
    assertTrue(
        meditations.contains("A [book](../book.md) record that is also [product](../product.md)."),
        meditations);
    // book's own fields, then those it inherits from product, with coerced values
    assertTrue(meditations.contains("- isbn13 (string, shape book): 9780140449334\n"), meditations);
    assertTrue(meditations.contains("- pages (integer, shape book): 254\n"), meditations);
    assertTrue(meditations.contains("- isbn10 (string, shape book): -\n"), meditations);
    assertTrue(meditations.contains("- price (number, shape product): 12.5\n"), meditations);
    assertTrue(meditations.contains("- in_stock (boolean, shape product): true\n"), meditations);
    assertTrue(
        meditations.contains(
            "- homepage (url, shape product): <https://example.org/meditations>\n"),
        meditations);
    assertTrue(
        meditations.contains(
            "## summary\n\nPrivate notes on Stoic philosophy, written on campaign.\n"),
        meditations);
    // relations link to the related records' pages; a bare node shows its id; deleted edges are
    // ignored
    assertTrue(
        meditations.contains("- **author** ([person](../person.md)): [Marcus Aurelius](../person/"),
        meditations);
    assertTrue(
        meditations.contains("- **tags** ([tag](../tag.md), many): [philosophy](../tag/"),
        meditations);
    assertTrue(meditations.contains("- **mentions**: `bare-1`"), meditations);
    assertTrue(
        meditations.contains("- **author** [Marcus Aurelius](../person/")
            && meditations.contains("): added\\_by = joe"),
        meditations);
    assertTrue(meditations.contains("## Referenced by\n\nNothing links here."), meditations);

    String marcus = w.read(fileNamed(w, "records/person", "-marcus-aurelius.md"));
    assertTrue(marcus.contains("- [Meditations](../book/"), marcus);
    assertTrue(marcus.contains(") via **author**"), marcus);
    assertTrue(
        marcus.contains("- last_seen (datetime, shape person): 2026-02-01T11:00:00.000Z"), marcus);

    String product = w.read("records/product.md");
    assertTrue(
        product.contains(
            "Every [book](book.md) is also a product, so those records are listed here too."),
        product);
    assertTrue(product.contains("- [Meditations](book/"), product);
    assertTrue(product.contains("- [Stoic mug](product/"), product);
    assertTrue(product.contains("- all of: sku\n"), product);
    String book = w.read("records/book.md");
    assertTrue(book.contains("A book is also [product](product.md)."), book);
    assertTrue(book.contains("- price: number (shape product)\n"), book);
    assertTrue(book.contains("- tags: [tag](tag.md), many (shape book)\n"), book);

    String index = w.read("SHAPES.md");
    assertTrue(
        index.contains(
            "- [book](records/book.md) (also [product](records/product.md)): 2 records, 2 own. A printed book\n"),
        index);
    assertTrue(
        index.contains("- [product](records/product.md): 3 records, 1 own. Something we sell\n"),
        index);
    assertFalse(index.contains("Records of undefined shapes"), index);
  }

  @Test
  void outputIsByteIdenticalAcrossCompilesAndFreshDatabases(@TempDir Path other) {
    GraphWorkspace w = seeded();
    compile(w);
    Map<String, String> first = contents(w);

    CompileResult again = compile(w);
    assertEquals(0, again.written());
    assertEquals(first, contents(w));

    // the same records imported elsewhere, at another time, give the same pages (ids derive from
    // identity)
    GraphWorkspace o = GraphWorkspace.create(other).shapes().records();
    o.write("mlos.yaml", "workspace: library\npack: agentos-graph\ndatabase: graph.db\n");
    new GraphImporter()
        .importRecords(
            GraphImportRequest.forWorkspace(
                config(o), List.of(Path.of("data")), GraphWorkspace.T1));
    new Compiler().compile(new CompileRequest(config(o), "2026-04-01T00:00:00Z"), reporter);
    Map<String, String> theirs = contents(o);
    assertEquals(first.keySet(), theirs.keySet());
    assertEquals(first.get("records/product.md"), theirs.get("records/product.md"));
    assertEquals(first.get("SHAPES.md"), theirs.get("SHAPES.md"));
  }

  @Test
  void aRecordWhoseShapeVanishedStillGetsAPage() {
    GraphWorkspace w = seeded();
    w.sql("DELETE FROM settings WHERE key = 'shape:tag'");

    compile(w);

    assertTrue(
        w.read("SHAPES.md").contains("## Records of undefined shapes\n"), w.read("SHAPES.md"));
    assertTrue(w.read("SHAPES.md").contains("- tag: 2 records"));
    // without its shape the title field is unknown, so the page is titled by the node id
    String tag = w.read(fileNamed(w, "records/tag", ".md"));
    assertTrue(
        tag.contains(
            "- shape tag: its row in the shape registry (table settings, key `shape:tag`) is"
                + " missing, so the fields and relations it declares are not shown\n"),
        tag);
    assertTrue(tag.contains("No field is shown: see what is left out above."), tag);
  }

  private static Map<String, String> contents(GraphWorkspace w) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(w.root)) {
      for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".md"))::iterator) {
        out.put(w.root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void anImportReadsNoRecordOrShapeFromOutsideTheWorkspace() throws Exception {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.write("mlos.yaml", "workspace: library\npack: agentos-graph\ndatabase: graph.db\n");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path outsideRecord =
        Files.writeString(elsewhere.resolve("evil.yaml"), "- _shape: book\n  isbn13: \"1\"\n");
    Files.createSymbolicLink(w.root.resolve("data/evil.yaml"), outsideRecord);
    WorkspaceConfig config = config(w);

    InvalidPathException linked =
        assertThrows(
            InvalidPathException.class,
            () ->
                new GraphImporter()
                    .importRecords(
                        GraphImportRequest.forWorkspace(
                            config, List.of(Path.of("data")), GraphWorkspace.T1)));
    assertTrue(
        linked.getMessage().contains("'evil.yaml' -> '" + outsideRecord + "'"),
        linked.getMessage());

    Files.delete(w.root.resolve("data/evil.yaml"));
    InvalidPathException absolute =
        assertThrows(
            InvalidPathException.class,
            () -> GraphImportRequest.forWorkspace(config, List.of(elsewhere), GraphWorkspace.T1));
    assertTrue(absolute.getMessage().contains("is outside the workspace"), absolute.getMessage());
    assertEquals(0L, Long.parseLong(w.one("SELECT count(*) FROM nodes")), "nothing was imported");
  }
}
