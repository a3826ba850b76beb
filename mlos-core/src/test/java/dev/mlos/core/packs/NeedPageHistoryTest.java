package dev.mlos.core.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.testing.WorkspaceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A need page's "Recent history" lists what happened newest first by the time it happened: after a
 * plain {@code git pull} the upstream's older rows carry higher ids than one's own.
 */
class NeedPageHistoryTest {
  @TempDir Path dir;

  @Test
  void recentHistoryIsInTheOrderThingsHappenedEvenWhenIdsAreNot() throws Exception {
    List<String> history =
        historyLines(
                // A teammate's change from before ours, renumbered after ours by a merge.
                "INSERT INTO history (entity, entity_id, operation, old_values, new_values, changed_at)"
                    + " VALUES ('need', 1, 'update', '{\"status\":\"identified\"}',"
                    + " '{\"status\":\"deferred\"}', '2020-01-01T00:00:00.000Z')")
            .stream()
            .filter(l -> l.startsWith("- "))
            .toList();
    assertEquals(3, history.size(), history.toString());
    assertTrue(history.get(0).endsWith("`identified` -> `active`"), history.toString());
    assertTrue(history.get(1).contains("created as `identified`"), history.toString());
    assertEquals("- 2020-01-01T00:00:00.000Z: `identified` -> `deferred`", history.get(2));
  }

  /**
   * History is append-only, not closed: any client may add a row (the sqlite3 shell, a merge). The
   * statuses of a row's old and new values went into a code span as they were, so a status holding
   * a line break ended the span and its list item, and put a heading of its own, raw HTML and an
   * ESC on the need's page. They are code spans of one line now, their controls made visible.
   */
  @Test
  void aStatusInAHistoryRowCannotBreakOutOfItsLine() throws Exception {
    List<String> page =
        historyLines(
            "INSERT INTO history (entity, entity_id, operation, old_values, new_values, changed_at)"
                + " VALUES ('need', 1, 'update', json_object('status', 'identified'),"
                + " json_object('status', 'x' || char(10) || '# Forged <script>' || char(27)),"
                + " '2020-01-01T00:00:00.000Z')",
            "INSERT INTO history (entity, entity_id, operation, new_values, changed_at)"
                + " VALUES ('need', 1, 'insert', json_object('status', 'y`' || char(10) || '# Forged'),"
                + " '2019-01-01T00:00:00.000Z')");
    List<String> history = page.stream().filter(l -> l.startsWith("- ")).toList();
    assertTrue(page.stream().noneMatch(l -> l.startsWith("# Forged")), page.toString());
    assertEquals(
        "- 2020-01-01T00:00:00.000Z: `identified` -> `x # Forged <script>\u241b`", history.get(2));
    assertEquals("- 2019-01-01T00:00:00.000Z: created as ``y` # Forged``", history.get(3));
  }

  /** The lines of need 1's page from its "Recent history" heading on, after {@code sql} ran. */
  private List<String> historyLines(String... sql) throws Exception {
    Path root = dir.resolve("w");
    new WorkspaceFiles(root).write("mlos.yaml", "workspace: w\npack: mlos\n");
    Path db = root.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      Migrator.forSet("mlos-compiler").migrate(c);
    }
    List<String> statements = new ArrayList<>();
    statements.add("INSERT INTO needs (id, title, status) VALUES (1, 'Boots', 'identified')");
    statements.add("UPDATE needs SET status = 'active' WHERE id = 1");
    statements.addAll(List.of(sql));
    for (String statement : statements) {
      SqliteShell.Result r = SqliteShell.run(db, statement);
      assertTrue(r.ok(), statement + " -> " + r.err());
    }
    new Compiler()
        .compile(
            new CompileRequest(
                new ConfigLoader()
                    .load(root, new ConfigOverrides(null, null, null, null, Map.of())),
                "2026-02-01T00:00:00Z"),
            Reporter.SILENT);
    Path page;
    try (Stream<Path> pages = Files.list(root.resolve("needs"))) {
      page = pages.filter(p -> p.getFileName().toString().startsWith("1-")).findFirst().get();
    }
    return Files.readAllLines(page).stream()
        .dropWhile(l -> !l.equals("## Recent history"))
        .toList();
  }
}
