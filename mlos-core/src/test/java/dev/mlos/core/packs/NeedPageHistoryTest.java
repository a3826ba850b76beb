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
    Path root = dir.resolve("w");
    new WorkspaceFiles(root).write("mlos.yaml", "workspace: w\npack: mlos\n");
    Path db = root.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      Migrator.forSet("mlos-compiler").migrate(c);
    }
    for (String sql :
        List.of(
            "INSERT INTO needs (id, title, status) VALUES (1, 'Boots', 'identified')",
            "UPDATE needs SET status = 'active' WHERE id = 1",
            // A teammate's change from before ours, renumbered after ours by a merge.
            "INSERT INTO history (entity, entity_id, operation, old_values, new_values, changed_at)"
                + " VALUES ('need', 1, 'update', '{\"status\":\"identified\"}',"
                + " '{\"status\":\"deferred\"}', '2020-01-01T00:00:00.000Z')")) {
      SqliteShell.Result r = SqliteShell.run(db, sql);
      assertTrue(r.ok(), sql + " -> " + r.err());
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
    List<String> history =
        Files.readAllLines(page).stream()
            .dropWhile(l -> !l.equals("## Recent history"))
            .filter(l -> l.startsWith("- "))
            .toList();
    assertEquals(3, history.size(), history.toString());
    assertTrue(history.get(0).endsWith("`identified` -> `active`"), history.toString());
    assertTrue(history.get(1).contains("created as `identified`"), history.toString());
    assertEquals("- 2020-01-01T00:00:00.000Z: `identified` -> `deferred`", history.get(2));
  }
}
