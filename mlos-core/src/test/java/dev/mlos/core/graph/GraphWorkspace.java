package dev.mlos.core.graph;

import dev.mlos.core.db.Database;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.testing.WorkspaceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A workspace with an agentos-graph database, shape files and record files, for graph tests. */
final class GraphWorkspace {
  static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");

  final Path root;
  final Path db;

  private GraphWorkspace(Path root) {
    this.root = root;
    this.db = root.resolve("graph.db");
  }

  /** An empty workspace at {@code dir/ws} with a migrated database {@code graph.db}. */
  static GraphWorkspace create(Path dir) {
    GraphWorkspace w = new GraphWorkspace(dir.resolve("ws"));
    try {
      Files.createDirectories(w.root.resolve("shapes"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Connection c = Database.at(w.db).open(true)) {
      Migrator.forSet("agentos-graph").migrate(c);
      Migrator.forSet("mlos-compiler").migrate(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return w;
  }

  /** The shapes of the realistic dataset: product, book (also product), person, tag. */
  GraphWorkspace shapes() {
    write(
        "shapes/product.yaml",
        """
        name: product
        description: Something we sell
        fields:
          sku: string
          title: string
          price: number
          in_stock: boolean
          homepage: url
        identity: [sku]
        """);
    write(
        "shapes/book.yaml",
        """
        name: book
        description: A printed book
        also: [product]
        fields:
          isbn13: string
          isbn10: string
          pages: integer
          published: date
          summary: text
        relations:
          author: person
          tags: tag[]
        identity: [isbn13]
        identity_any: [isbn10]
        """);
    write(
        "shapes/person.yaml",
        """
        name: person
        fields:
          name: string
          email: string
          phone: string
          born: date
          last_seen: datetime
        identity_any: [email, phone]
        """);
    write(
        "shapes/tag.yaml",
        """
        name: tag
        fields:
          name: string
        identity: [name]
        """);
    return this;
  }

  /** Books, people and tags as YAML and JSON, with string-typed numbers and booleans to coerce. */
  GraphWorkspace records() {
    write(
        "data/books.yaml",
        """
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
        - _shape: book
          isbn13: "9780199540136"
          isbn10: "0199540136"
          title: The Republic
          pages: 416
          in_stock: no
          author: {name: Plato, email: plato@athens.example}
          tags: [philosophy]
        """);
    write(
        "data/people.json",
        """
        [
        \t{"_shape": "person", "name": "Marcus Aurelius", "email": "marcus@rome.example", "born": "0121-04-26",
        \t "last_seen": "2026-02-01T12:00:00+01:00"}
        ]
        """);
    write(
        "data/mug.yaml",
        """
        _shape: product
        sku: MUG-1
        title: Stoic mug
        price: 9
        in_stock: true
        """);
    return this;
  }

  GraphImportResult importAll(Instant now) {
    return new GraphImporter()
        .importRecords(
            new GraphImportRequest(
                root, db, root.resolve("shapes"), List.of(root.resolve("data")), now));
  }

  void write(String relative, String text) {
    new WorkspaceFiles(root).write(relative, text);
  }

  /** Deletes a file, or an empty directory, of the workspace. */
  void delete(String relative) {
    try {
      Files.delete(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String relative) {
    return new WorkspaceFiles(root).read(relative);
  }

  void sql(String... statements) {
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows of a query, each as its columns joined by '|' (null as NULL). */
  List<String> rows(String query) {
    List<String> out = new ArrayList<>();
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          if (i > 1) {
            b.append('|');
          }
          Object o = rs.getObject(i);
          b.append(o == null ? "NULL" : o.toString());
        }
        out.add(b.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  String one(String query) {
    List<String> r = rows(query);
    if (r.size() != 1) {
      throw new AssertionError("expected one row from " + query + ", got " + r);
    }
    return r.get(0);
  }
}
