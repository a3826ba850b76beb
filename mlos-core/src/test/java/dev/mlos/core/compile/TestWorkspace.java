package dev.mlos.core.compile;

import dev.mlos.core.Reporter;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.testing.WorkspaceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A workspace directory and an ML OS database in a temp dir, for compiler tests. */
final class TestWorkspace {
  final Path root;
  final Path db;
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

  TestWorkspace(Path root, Path db) {
    this.root = root;
    this.db = db;
  }

  /** A fresh ML OS database at {@code dir/mlos.db} and workspace {@code dir/ws}. */
  static TestWorkspace create(Path dir) {
    TestWorkspace w = new TestWorkspace(dir.resolve("ws"), dir.resolve("mlos.db"));
    try {
      Files.createDirectories(w.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Connection c = Database.at(w.db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      Migrator.forSet("mlos-compiler").migrate(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return w;
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

  /**
   * Runs {@code statements} as a client could before schema mlos V11, which refuses a line break, a
   * bidirectional control or U+FEFF in a title, a scope or a task's description: rows from before
   * it keep them, and pages must still show them safely.
   */
  void oldRows(String... statements) {
    dev.mlos.core.db.OldRows.write(db, statements);
  }

  /** A small realistic ML OS dataset. */
  void seed() {
    sql(
        "INSERT INTO needs (id, title, description, status, priority, scope, created_at, updated_at) VALUES"
            + " (1, 'Kernel boots reproducibly', 'Same database, same boot.', 'actionable', 1, 'kernel', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),"
            + " (2, 'Context packs fit the window', 'Budgeted by tokens.', 'active', 2, 'compiler', '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'),"
            + " (3, 'Old idea', NULL, 'deferred', 4, 'kernel', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
            + " (4, 'Phone view', 'Portable needs only.', 'identified', 3, 'mobile', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00Z')",
        "INSERT INTO artifacts (id, title, description, file_path, artifact_type, created_at, updated_at) VALUES"
            + " (1, 'Boot design', 'How boot works', 'docs/boot.md', 'document', '2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z'),"
            + " (2, 'Picker', 'Round table', 'src/pick.py', 'code', '2026-01-01T00:00:00Z', '2026-01-06T00:00:00Z')",
        "INSERT INTO agents (id, agent_type, status, monitored_needs, started_at) VALUES (1, 'architect', 'active', '[1]', '2026-01-01T00:00:00Z')",
        "INSERT INTO tasks (id, need_id, description, status, priority, created_at, updated_at) VALUES"
            + " (1, 1, 'Write the boot test', 'open', 1, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')",
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES"
            + " ('need', 1, 'artifact', 1, 'references', '2026-01-01T00:00:00Z'),"
            + " ('artifact', 1, 'artifact', 2, 'references', '2026-01-01T00:00:00Z')");
    write("docs/boot.md", "# Boot\n\nThree layers.\n");
    write("src/pick.py", "def pick():\n    return None\n");
  }

  void write(String relative, String text) {
    new WorkspaceFiles(root).write(relative, text);
  }

  String read(String relative) {
    return new WorkspaceFiles(root).read(relative);
  }

  boolean exists(String relative) {
    return Files.exists(root.resolve(relative));
  }

  WorkspaceConfig config() {
    return new ConfigLoader().load(root, new ConfigOverrides(null, db, null, null, Map.of()));
  }

  CompileResult compile() {
    return compile("2026-02-01T00:00:00Z");
  }

  CompileResult compile(String outputTimestamp) {
    return new Compiler().compile(new CompileRequest(config(), outputTimestamp), reporter);
  }

  /**
   * A compile with {@code params} overriding the pack's and mlos.yaml's, as -Dmlos.params would.
   */
  CompileResult compileWith(Map<String, Object> params) {
    WorkspaceConfig config =
        new ConfigLoader().load(root, new ConfigOverrides(null, db, null, null, params));
    return new Compiler().compile(new CompileRequest(config, "2026-02-01T00:00:00Z"), reporter);
  }

  /** Every file under the workspace with its bytes and mtime, for before/after comparisons. */
  /**
   * Every column of this workspace's compile record, a line per page, in path order: what a team's
   * text form of the database holds of it.
   */
  List<String> recordLines() {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT path, view, source_keys, content_hash, file_hash,"
                        + " compiled_at, input_hash FROM mlos_outputs WHERE workspace = '"
                        + root.getFileName()
                        + "' ORDER BY path")) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
          row.append(rs.getString(i)).append(' ');
        }
        rows.add(row.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  Map<String, String> snapshot() {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        out.put(
            root.relativize(p).toString().replace('\\', '/'),
            Files.getLastModifiedTime(p).toMillis() + ":" + Sha256.ofFile(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * A copy of this workspace's database without any compile record, with the files of {@code files}
   * this workspace has (sources, templates, its mlos.yaml), compiled at {@code at} into an empty
   * workspace at {@code ref}/ws: what a full compile from scratch writes, to compare an incremental
   * one with.
   */
  TestWorkspace fullCompileFromScratch(Path ref, String at, List<String> files) throws IOException {
    Files.createDirectories(ref.resolve("ws"));
    TestWorkspace copy = new TestWorkspace(ref.resolve("ws"), ref.resolve("mlos.db"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("VACUUM INTO '" + copy.db.toString().replace("'", "''") + "'");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    copy.sql("DELETE FROM mlos_outputs", "DELETE FROM mlos_compile_reads");
    for (String f : files) {
      if (exists(f)) {
        copy.write(f, read(f));
      }
    }
    new Compiler().compile(new CompileRequest(copy.config(), at, false, true, 1), Reporter.SILENT);
    return copy;
  }

  /** The compiled pages (not the compile's own state under target/, nor the files under docs/). */
  Map<String, String> compiledPages() {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (rel.endsWith(".md") && !rel.startsWith("target/") && !rel.startsWith("docs/")) {
          files.put(rel, Files.readString(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
