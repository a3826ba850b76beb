package dev.mlos.core.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.schema.ChangedMigrationException;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.schema.SchemaCheck;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workspaces made with builds of mlos from while V7 and V8 were being written (commits 32c20c7 and
 * 78c152f) recorded those migrations' first texts. Every later mlos refused them as a changed
 * migration, and its fix (restore the checksum) would have left the first texts' triggers in place
 * for the schema check to refuse next. Init now creates those triggers again as shipped, after a
 * backup, and goes on; no row changes.
 */
class EarlierMigrationTextsTest {
  @TempDir Path dir;

  /** A database migrated up to {@code version}, whose last migration is its first text. */
  private Path migratedWithEarlierText(int version, String earlier) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("cp/" + Migrator.ROOT + "mlos"));
    List<String> names = new ArrayList<>();
    for (var m : Migrator.forSet("mlos").migrations()) {
      if (m.version() < version) {
        String name = m.resource().substring(m.resource().lastIndexOf('/') + 1);
        Files.writeString(folder.resolve(name), m.sql());
        names.add(name);
      }
    }
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("earlier-migrations/" + earlier)) {
      Files.write(folder.resolve(earlier), in.readAllBytes());
    }
    names.add(earlier);
    Files.writeString(folder.resolve("index.txt"), String.join("\n", names) + "\n");
    Path db = dir.resolve("mlos.db");
    try (URLClassLoader old =
            new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, null);
        Connection c = Database.at(db).open(true);
        Statement s = c.createStatement()) {
      Migrator.forSet("mlos", old).migrate(c);
      Migrator.forSet("mlos-compiler").migrate(c);
      s.execute("INSERT INTO needs (title, status, scope) VALUES ('Kernel', 'actionable', 'k')");
      s.execute("INSERT INTO tasks (need_id, description) VALUES (1, 'boot')");
      s.execute("INSERT INTO needs (title) VALUES ('Later')");
      s.execute(
          "INSERT INTO relationships (source_type, source_id, relationship_type,"
              + " target_type, target_id) VALUES ('need', 2, 'blocks', 'need', 1)");
    }
    return db;
  }

  private static List<String> rows(Path db) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (String table : List.of("needs", "tasks", "relationships", "history", "ready_items")) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(table);
            for (int i = 1; i <= n; i++) {
              row.append('|').append(rs.getString(i));
            }
            out.add(row.toString());
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"V7__rule_fixes.sql", "V8__change_log_pruning.sql"})
  void initCreatesTheTriggersAgainAsShippedAndGoesOn(String earlier) throws Exception {
    int version = Integer.parseInt(earlier.substring(1, 2));
    Path db = migratedWithEarlierText(version, earlier);
    List<String> before = rows(db);

    try (Connection c = Database.at(db).open(false)) {
      ChangedMigrationException refused =
          assertThrows(
              ChangedMigrationException.class, () -> SchemaCheck.requireReady(c, "compile", false));
      assertTrue(
          refused.getMessage().contains("the text a build of mlos applied before V" + version),
          refused.getMessage());
      assertTrue(
          refused.fix().contains("it backs the database up and creates that migration"),
          refused.fix());
    }

    InitResult r =
        new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), dir.resolve("b")));

    assertTrue(r.backup() != null && Files.exists(r.backup()), "a backup first");
    assertTrue(
        r.actions().get(0).startsWith("Created the triggers of migration mlos V" + version),
        r.actions().toString());
    assertTrue(
        r.appliedMigrations().contains("mlos V9 agent lifecycle"),
        r.appliedMigrations().toString());
    assertEquals(before, rows(db), "no row changed");
    try (Connection c = Database.at(db).open(false)) {
      SchemaCheck.requireReady(c, "compile", false); // the schema is what the migrations create
    }
    InitResult again =
        new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), dir.resolve("b")));
    assertEquals(List.of(), again.appliedMigrations());
    assertEquals(null, again.backup(), "up to date: nothing written");
  }
}
