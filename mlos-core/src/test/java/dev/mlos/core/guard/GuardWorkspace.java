package dev.mlos.core.guard;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A workspace and an ML OS database in a temp dir, for guard, import and accept tests. */
public final class GuardWorkspace {
  public final Path root;
  public final Path db;

  private GuardWorkspace(Path root, Path db) {
    this.root = root;
    this.db = db;
  }

  /** A fresh ML OS database at {@code dir/mlos.db} and an empty workspace {@code dir/ws}. */
  public static GuardWorkspace create(Path dir) {
    return create(dir.resolve("ws"), dir.resolve("mlos.db"));
  }

  /**
   * A fresh ML OS database inside the workspace {@code dir/ws}, at {@code dir/ws/mlos.db}, as a
   * repository that commits its text form {@code mlos.db.sql} has it.
   */
  public static GuardWorkspace createWithDatabaseInside(Path dir) {
    return create(dir.resolve("ws"), dir.resolve("ws/mlos.db"));
  }

  /**
   * The workspace at {@code root} with its database at {@code db}, as it is (a clone whose database
   * was rebuilt from its text form).
   */
  public static GuardWorkspace existing(Path root, Path db) {
    return new GuardWorkspace(root, db);
  }

  private static GuardWorkspace create(Path root, Path db) {
    GuardWorkspace w = new GuardWorkspace(root, db);
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

  public void sql(String... statements) {
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Needs, an agent, a task, edges and two artifact files (artifact 1 with its content hash). */
  public void seed() {
    write("docs/boot.md", "# Boot\n\nThree layers.\n");
    write("src/pick.py", "def pick():\n    return None\n");
    sql(
        "INSERT INTO needs (id, title, description, status, priority, scope, created_at, updated_at) VALUES"
            + " (1, 'Kernel boots reproducibly', 'Same database, same boot.', 'actionable', 1, 'kernel', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),"
            + " (2, 'Context packs fit the window', 'Budgeted by tokens.', 'active', 2, 'compiler', '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'),"
            + " (4, 'Phone view', 'Portable needs only.', 'identified', 3, 'mobile', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00Z')",
        "INSERT INTO artifacts (id, title, description, file_path, artifact_type, content_hash, created_at, updated_at) VALUES"
            + " (1, 'Boot design', 'How boot works', 'docs/boot.md', 'document', '"
            + hashOf("docs/boot.md")
            + "', '2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z'),"
            + " (2, 'Picker', 'Round table', 'src/pick.py', 'code', NULL, '2026-01-01T00:00:00Z', '2026-01-06T00:00:00Z')",
        "INSERT INTO agents (id, agent_type, status, monitored_needs, started_at) VALUES (1, 'architect', 'active', '[1]', '2026-01-01T00:00:00Z')",
        "INSERT INTO tasks (id, need_id, description, status, priority, created_at, updated_at) VALUES"
            + " (1, 1, 'Write the boot test', 'open', 1, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')",
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES"
            + " ('need', 1, 'artifact', 1, 'references', '2026-01-01T00:00:00Z')");
  }

  public String hashOf(String relative) {
    try {
      return Sha256.ofFile(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void write(String relative, String text) {
    new WorkspaceFiles(root).write(relative, text);
  }

  public String read(String relative) {
    return new WorkspaceFiles(root).read(relative);
  }

  public void delete(String relative) {
    try {
      Files.delete(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WorkspaceConfig config() {
    return new ConfigLoader().load(root, new ConfigOverrides(null, db, null, null, Map.of()));
  }

  public void compile() {
    new Compiler().compile(new CompileRequest(config(), "2026-02-01T00:00:00Z"), Reporter.SILENT);
  }

  public GuardReport guard() {
    return new Guard().check(new GuardRequest(config()));
  }

  public GuardReport guard(boolean checkStale, int threads) {
    return new Guard().check(new GuardRequest(config(), checkStale, threads));
  }

  /**
   * A full guard as on a fresh clone: without this workspace's {@code target/mlos/compile-state}
   * (moved aside for the check, then put back).
   */
  public GuardReport guardAsFreshClone() {
    Path state = root.resolve("target/mlos/compile-state");
    Path aside = root.resolve("target/mlos/compile-state.aside");
    try {
      boolean had = Files.exists(state);
      if (had) {
        Files.move(state, aside);
      }
      try {
        return guard();
      } finally {
        if (had) {
          Files.move(aside, state);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A full guard that renders every view even when nothing changed since the last compile. */
  public GuardReport guardRenderingAlways() {
    return new Guard().check(new GuardRequest(config(), true, 0, true));
  }

  /** Every file under the workspace with its mtime and hash, plus the database's bytes. */
  public Map<String, String> snapshot() {
    Map<String, String> out = new TreeMap<>();
    try {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          out.put(
              root.relativize(p).toString().replace('\\', '/'),
              Files.getLastModifiedTime(p).toMillis() + ":" + Sha256.ofFile(p));
        }
      }
      try (Stream<Path> list = Files.list(db.getParent())) {
        for (Path p : (Iterable<Path>) list.filter(Files::isRegularFile)::iterator) {
          out.put(
              "<db>/" + p.getFileName(),
              Files.getLastModifiedTime(p).toMillis() + ":" + Sha256.ofFile(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
