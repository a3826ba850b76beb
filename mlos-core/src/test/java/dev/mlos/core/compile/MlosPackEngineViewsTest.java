package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.schema.SchemaException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mlos pack's views of schema V2: tags on pages, the tags filter, READY.md, and lenses in
 * context packs.
 */
class MlosPackEngineViewsTest {
  @TempDir Path dir;

  /** The TestWorkspace seed plus tags, a second actionable need, a blocker and a lens. */
  TestWorkspace workspace() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.sql(
        "UPDATE needs SET tags = '[\"boot\", \"kernel\"]', updated_at = '2026-01-02T06:00:00Z' WHERE id = 1",
        "UPDATE needs SET tags = '[\"mobile\"]', updated_at = '2026-01-04T06:00:00Z' WHERE id = 4",
        "INSERT INTO needs (id, title, status, priority, scope, tags, created_at, updated_at) VALUES"
            + " (5, 'Boot log is readable', 'actionable', 2, 'kernel', '[\"kernel\"]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
            + " (6, 'Unblocked later', 'actionable', 1, 'kernel', '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        "INSERT INTO tasks (id, need_id, description, status, priority, created_at, updated_at) VALUES"
            + " (2, 1, 'Second boot check', 'open', NULL, '2026-01-01T12:00:00Z', '2026-01-01T12:00:00Z')",
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES"
            + " ('need', 2, 'need', 6, 'blocks', '2026-01-01T00:00:00Z'),"
            + " ('need', 5, 'artifact', 2, 'references', '2026-01-01T00:00:00Z')",
        "INSERT INTO lenses (agent_id, tags, token_budget, created_at, updated_at) VALUES"
            + " (1, '[\"kernel\"]', 1234, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    return w;
  }

  @Test
  void pagesAndProblemShowANeedsTags() {
    TestWorkspace w = workspace();
    w.compile();
    String page = w.read("needs/1-kernel-boots-reproducibly.md");
    assertTrue(page.contains("- Tags: `boot`, `kernel`\n"), page);
    assertTrue(page.contains("updated: \"2026-01-02T06:00:00Z\"\n"), page);
    assertTrue(
        page.contains("tags:\n  - kernel\n  - boot\n  - actionable\n"),
        "the scope once, then the tags: " + page);
    assertTrue(w.read("needs/2-context-packs-fit-the-window.md").contains("- Tags: -\n"));
    String problem = w.read("PROBLEM.md");
    assertTrue(
        problem.contains(
            "## P1 · need 1: [Kernel boots reproducibly](needs/1-kernel-boots-reproducibly.md)\n\n"
                + "`actionable` · scope `kernel` · tags `boot`, `kernel` · updated"),
        problem);
    assertTrue(
        problem.contains(
            "need 2: [Context packs fit the window](needs/2-context-packs-fit-the-window.md)\n\n"
                + "`active` · scope `compiler` · updated"),
        problem);
  }

  /**
   * READY.md linked a blocking need outside the workspace's scopes to its page, which the
   * projection does not write (a trial of a team workspace with scopes: three links of READY.md led
   * nowhere), where every other page shows such a need's title without a link.
   */
  @Test
  void aBlockerOutsideTheScopesIsNamedOnReadyWithoutALinkToAPageNotWritten() {
    TestWorkspace w = workspace();
    w.compileWith(Map.of("scopes", List.of("kernel")));
    String ready = w.read("READY.md");
    assertFalse(w.exists("needs/2-context-packs-fit-the-window.md"));
    assertTrue(
        ready.contains(
            "- need 6: [Unblocked later](needs/6-unblocked-later.md): P1 actionable need without"
                + " live tasks (scope kernel), since 2026-01-01\n  - blocked by need 2 Context packs"
                + " fit the window (`active`)\n"),
        ready);
    assertFalse(ready.contains("(needs/2-"), ready);

    // In the scope of the workspace again, the blocker is linked to its page.
    w.compileWith(Map.of("scopes", List.of("kernel", "compiler")));
    assertTrue(w.exists("needs/2-context-packs-fit-the-window.md"));
    assertTrue(
        w.read("READY.md")
            .contains(
                "  - blocked by need 2 [Context packs fit the window]"
                    + "(needs/2-context-packs-fit-the-window.md) (`active`)\n"),
        w.read("READY.md"));
  }

  @Test
  void theTagsParameterFiltersViewsLikeScopes() {
    TestWorkspace w = workspace();
    w.compileWith(Map.of("tags", List.of("kernel")));
    String problem = w.read("PROBLEM.md");
    assertTrue(problem.contains("2 open needs in all scopes tagged `kernel`"), problem);
    assertTrue(
        problem.contains("Kernel boots reproducibly") && problem.contains("Boot log is readable"),
        problem);
    assertFalse(problem.contains("Phone view"), problem);
    assertTrue(w.exists("needs/1-kernel-boots-reproducibly.md"));
    assertTrue(w.exists("needs/5-boot-log-is-readable.md"));
    assertFalse(w.exists("needs/4-phone-view.md"));
    assertFalse(w.exists("needs/2-context-packs-fit-the-window.md"));
    assertFalse(w.read("READY.md").contains("Unblocked later"), "need 6 has no kernel tag");
  }

  @Test
  void readyRanksOpenTasksAndActionableNeedsAndListsBlockedItemsApart() {
    TestWorkspace w = workspace();
    w.compile();
    String ready = w.read("READY.md");
    // P1 task 1 (need 1) before the P1 task 2 inheriting need 1's priority (created earlier, so
    // first),
    // then the P2 need without tasks; need 6 (P1) is blocked by need 2, which is not resolved.
    String[] order = {
      "1. task 2: Second boot check",
      "   P1 task of need 1 'Kernel boots reproducibly' (scope kernel; tags boot, kernel), open since 2026-01-01",
      "2. task 1: Write the boot test",
      "   P1 task of need 1 'Kernel boots reproducibly' (scope kernel; tags boot, kernel), open since 2026-01-02",
      "3. need 5: [Boot log is readable](needs/5-boot-log-is-readable.md)",
      "   P2 actionable need without live tasks (scope kernel; tags kernel), since 2026-01-01"
    };
    int at = 0;
    for (String line : order) {
      int next = ready.indexOf(line, at);
      assertTrue(next >= at, "expected next: " + line + "\n" + ready);
      at = next;
    }
    int blocked = ready.indexOf("## Blocked");
    assertTrue(blocked > at, ready);
    assertTrue(
        ready.indexOf(
                "- need 6: [Unblocked later](needs/6-unblocked-later.md): P1 actionable need without live tasks "
                    + "(scope kernel), since 2026-01-01\n  - blocked by need 2 [Context packs fit the window]"
                    + "(needs/2-context-packs-fit-the-window.md) (`active`)")
            > blocked,
        ready);

    // Resolving the blocker makes need 6 ready, and first (P1, oldest).
    w.sql(
        "UPDATE needs SET status = 'actionable' WHERE id = 2",
        "UPDATE needs SET status = 'in_progress' WHERE id = 2",
        "UPDATE needs SET status = 'resolved' WHERE id = 2");
    w.compile();
    ready = w.read("READY.md");
    assertTrue(ready.contains("1. need 6: [Unblocked later]"), ready);
    assertTrue(ready.contains("Nothing is blocked."), ready);
  }

  @Test
  void aContextPackUsesTheAgentsLensAndItsTokenBudget() {
    TestWorkspace w = workspace();
    w.compile();
    String pack = w.read("context/1-architect.md");
    assertTrue(pack.contains("of 1234 tokens used"), pack);
    assertTrue(
        pack.contains(
            "Lens (this agent's own): tags `kernel`, whose open needs join this agent's own (at most 50); budget 1234 tokens."),
        pack);
    assertTrue(pack.contains("(need 5, `actionable`, P2, lens)"), pack);
    assertTrue(pack.contains("(need 1, `actionable`, P1, lens, monitored)"), pack);
    assertTrue(pack.contains("src/pick.py"), "need 5 references the picker: " + pack);

    // A lens for the agent type applies when the agent has none; without any, the param budget.
    w.sql(
        "DELETE FROM lenses",
        "INSERT INTO lenses (agent_type, scopes, created_at, updated_at) VALUES ('architect', '[\"compiler\"]', "
            + "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    w.compile();
    pack = w.read("context/1-architect.md");
    assertTrue(pack.contains("Lens (every architect's): scopes `compiler`"), pack);
    assertTrue(pack.contains("(need 2, `active`, P2, lens)"), pack);
    assertTrue(pack.contains("of 8000 tokens used"), pack);
    w.sql("DELETE FROM lenses");
    w.compile();
    pack = w.read("context/1-architect.md");
    assertFalse(pack.contains("Lens"), pack);
    assertEquals(1, pack.split("\\(need ", -1).length - 1, pack);
  }

  /**
   * A context pack named its lens's scopes in hand-made code spans that made each backtick an
   * apostrophe, so the scope {@code a`b} (one line, as the schema takes it) read {@code a'b}, a
   * scope no need has. Each scope is now a code span of mlos.code, as a need's page shows it.
   */
  @Test
  void aContextPackNamesALensScopeAsWritten() {
    TestWorkspace w = workspace();
    w.sql("UPDATE lenses SET scopes = '[\"a`b\", \"``x\"]', tags = '[]' WHERE agent_id = 1");
    w.compile();
    String pack = w.read("context/1-architect.md");
    assertTrue(pack.contains("Lens (this agent's own): scopes ``a`b``, ``` ``x ```, whose"), pack);
  }

  /**
   * The front matter's desc of PROBLEM.md, READY.md and GRAPH.md dropped every backtick of a scope
   * (the page's text with its code spans stripped): params.scopes ["a`b", "x"] read "scopes ab, x",
   * a scope no need has. Each scope is now as written.
   */
  @Test
  void theDescOfAScopedPageNamesEachScopeAsWritten() {
    TestWorkspace w = workspace();
    w.sql("UPDATE needs SET scope = 'a`b' WHERE id = 1");
    w.write("mlos.yaml", "params:\n  scopes: [\"a`b\", x]\n");
    w.compile();
    assertTrue(
        w.read("PROBLEM.md").contains("desc: 1 open need in scopes a`b, x\n"),
        w.read("PROBLEM.md"));
    for (String page : List.of("READY.md", "GRAPH.md")) {
      String text = w.read(page);
      assertTrue(text.contains(" in scopes a`b, x\ntags:"), text);
    }
  }

  @Test
  void readyRendersOddRowsTheSchemaCanHold() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.sql(
        "INSERT INTO needs (id, title, status, created_at, updated_at) VALUES (7, 'No scope | no priority', 'actionable', 'soon', 'soon')",
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES (8, 'Blocker', 'active', 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        "INSERT INTO tasks (id, need_id, description, created_at, updated_at) VALUES (1, 7, 'Do `it`', 'x', 'x')",
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES"
            + " ('need', 8, 'task', 1, 'blocks', '2026-01-01T00:00:00Z')");
    w.compile();
    String ready = w.read("READY.md");
    assertTrue(ready.contains("Nothing is ready"), ready);
    // No priority on the task or its need: ranked as 3, shown as none (it read P3).
    assertTrue(ready.contains("P- task of need 7 '"), ready);
    assertTrue(
        ready.contains(
            "', open since x\n" + "  - blocked by need 8 [Blocker](needs/8-blocker.md) (`active`)"),
        ready);
    // A need without a scope has none: not a scope called "none".
    String problem = w.read("PROBLEM.md");
    assertTrue(problem.contains("`actionable` · no scope · updated soon"), problem);
  }

  /**
   * READY.md reads ready_items, which the change log does not cover (the triggers keep it from
   * needs, tasks, relationships and need_tags): an incremental compile after a change to any of
   * those must render it again, and write what a full compile writes.
   */
  @Test
  void anIncrementalCompileRendersReadyAgainAfterEveryChangeThatMovesAnItem() {
    TestWorkspace w = workspace();
    w.write("mlos.yaml", "params:\n  tags: [kernel, boot]\n");
    List<String> infos = new java.util.ArrayList<>();
    dev.mlos.core.Reporter reporter =
        new dev.mlos.core.Reporter() {
          @Override
          public void info(String message) {
            infos.add(message);
          }

          @Override
          public void warn(String message) {}
        };
    Compiler compiler = new Compiler();
    compiler.compile(new CompileRequest(w.config(), "2026-02-01T00:00:00Z"), reporter);
    String[][] changes = {
      // A blocks edge into a task: task 1 moves to the blocked list.
      {
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at)"
            + " VALUES ('need', 2, 'task', 1, 'blocks', '2026-01-03T00:00:00Z')",
        "- task 1: Write the boot test (need [Kernel boots reproducibly]"
      },
      // A task completed: it leaves the ready list.
      {
        "UPDATE tasks SET status = 'in_progress' WHERE id = 2; UPDATE tasks SET status = 'completed' WHERE id = 2",
        null
      },
      // A tag added (need_tags): need 6 comes into the tagged workspace's view, blocked by need 2.
      {"UPDATE needs SET tags = '[\"boot\"]' WHERE id = 6", "- need 6: [Unblocked later]"},
      // The blocker resolved (needs): need 6 is ready.
      {
        "UPDATE needs SET status = 'actionable' WHERE id = 2; UPDATE needs SET status = 'in_progress' WHERE id = 2;"
            + " UPDATE needs SET status = 'resolved' WHERE id = 2",
        "1. need 6: [Unblocked later]"
      }
    };
    String before = w.read("READY.md");
    for (String[] change : changes) {
      for (String sql : change[0].split("; ")) {
        w.sql(sql);
      }
      infos.clear();
      compiler.compile(new CompileRequest(w.config(), "2026-02-01T00:00:00Z"), reporter);
      assertTrue(
          infos.stream().anyMatch(m -> m.startsWith("view 'problem': ")),
          "an incremental compile: " + infos);
      assertTrue(
          infos.contains(
              "view 'ready': it reads ready_items, which the change log does not cover: every page's queries run"),
          infos.toString());
      String incremental = w.read("READY.md");
      assertFalse(incremental.equals(before), "READY.md after " + change[0] + ":\n" + incremental);
      if (change[1] != null) {
        assertTrue(incremental.contains(change[1]), change[0] + ":\n" + incremental);
      } else {
        assertFalse(incremental.contains("Second boot check"), incremental);
      }
      compiler.compile(
          new CompileRequest(w.config(), "2026-02-01T00:00:00Z", false, true), reporter);
      assertEquals(w.read("READY.md"), incremental, "a full compile after " + change[0]);
      before = incremental;
    }
  }

  /**
   * READY.md reads ready_items (schema mlos V4): a database whose mlos schema is older is refused
   * by the compile before any view runs, with the fix (init), never a SQL error from the view; init
   * upgrades it and the compile then writes READY.md from the ranking V4 built.
   */
  @Test
  void aDatabaseOlderThanReadyItemsIsRefusedUntilInitUpgradesIt() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path folder = dir.resolve("cp/" + Migrator.ROOT + "mlos");
    Files.createDirectories(folder);
    List<String> names = List.of("V1__core_tables.sql", "V2__engine.sql", "V3__ready_indexes.sql");
    for (String name : names) {
      try (InputStream in =
          Migrator.class.getClassLoader().getResourceAsStream(Migrator.ROOT + "mlos/" + name)) {
        Files.write(folder.resolve(name), in.readAllBytes());
      }
    }
    Files.writeString(folder.resolve("index.txt"), String.join("\n", names) + "\n");
    try (URLClassLoader v3 =
            new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, null);
        Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos", v3).migrate(c);
      Migrator.forSet("mlos-compiler").migrate(c);
    }
    TestWorkspace w = new TestWorkspace(Files.createDirectories(dir.resolve("ws")), db);
    w.seed();
    SchemaException e = assertThrows(SchemaException.class, w::compile);
    assertTrue(
        e.getMessage()
            .contains("older than this mlos: schema mlos (18 migrations to apply, up to V21)"),
        e.getMessage());
    assertFalse(w.exists("READY.md"));
    // The guard reads and writes nothing, but it runs the same views: refused the same way, not
    // with the ready view's "no such table: ready_items".
    SchemaException g =
        assertThrows(SchemaException.class, () -> new Guard().check(new GuardRequest(w.config())));
    assertTrue(
        g.getMessage()
            .contains(
                "older than this mlos: schema mlos (18 migrations to apply, up to V21); the guard"),
        g.getMessage());

    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), dir.resolve("backups")));
    w.compile();
    assertTrue(w.read("READY.md").contains("1. task 1: Write the boot test"), w.read("READY.md"));
  }

  /**
   * A need without a scope is outside every `scopes:` projection: its link is plain text wherever a
   * page of the projection names it (as a parent, a child or a need of an agent's context pack).
   * SQL's `NULL IN (...)` made its `visible` column NULL, and the templates failed on it: any
   * workspace with `scopes:` whose needs were not all scoped could not compile at all.
   */
  @Test
  void aNeedWithoutAScopeIsOutsideAScopesProjectionAndPagesStillCompile() {
    TestWorkspace w = workspace();
    w.sql(
        "INSERT INTO needs (id, title, status, priority, scope, parent_need_id, created_at, updated_at) VALUES"
            + " (7, 'Unscoped child', 'active', 3, NULL, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
            + " (8, 'Kernel child of an unscoped need', 'active', 3, 'kernel', 7, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        "UPDATE agents SET monitored_needs = '[1, 7]' WHERE id = 1");
    w.compileWith(Map.of("scopes", List.of("kernel")));
    String parent = w.read("needs/1-kernel-boots-reproducibly.md");
    assertTrue(parent.contains("- Unscoped child (need 7, `active`, P3)\n"), parent);
    String child = w.read("needs/8-kernel-child-of-an-unscoped-need.md");
    assertTrue(child.contains("Parent: Unscoped child (need 7)\n"), child);
    assertFalse(w.exists("needs/7-unscoped-child.md"));
    String context = w.read("context/1-architect.md");
    assertTrue(context.contains("- Unscoped child (need 7, `active`, P3, monitored)\n"), context);
  }
}
