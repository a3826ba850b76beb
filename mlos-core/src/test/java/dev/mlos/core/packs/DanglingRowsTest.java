package dev.mlos.core.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.CompileResult;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.render.TemplateRenderException;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.testing.WorkspaceFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 item 12: the built-in packs render every row the schema can hold. Rows are written the
 * way a person or an agent with the {@code sqlite3} shell writes them (foreign keys off, its
 * default): parents deleted or never there, dangling agents and tasks, nulls wherever a column
 * allows them, empty text and JSON lists that name nothing. Each statement runs on its own; one the
 * schema refuses is a row it cannot hold, and is left out. Every pack must then compile, and the
 * pages must say what is missing instead of failing with a template error.
 *
 * <p>The mlos set's V2 refuses most dangling references even with foreign keys off, but a database
 * filled under V1 keeps them through the upgrade: the mlos case writes its rows under V1 and then
 * upgrades, as an existing workspace does.
 */
class DanglingRowsTest {
  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();
  private final Reporter reporter =
      new Reporter() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {
          warnings.add(message);
        }
      };

  private static final String T = "'2026-01-01T00:00:00Z'";

  /** Runs each statement through the sqlite3 shell; returns those the schema refused. */
  private static List<String> shell(Path db, String... statements) {
    List<String> refused = new ArrayList<>();
    for (String s : statements) {
      SqliteShell.Result r = SqliteShell.run(db, s);
      if (!r.ok()) {
        refused.add(s + " -> " + r.err().strip());
      }
    }
    return refused;
  }

  private Path workspace(String pack, String... schemaSets) throws Exception {
    Path root = dir.resolve(pack);
    new WorkspaceFiles(root).write("mlos.yaml", "workspace: w\npack: " + pack + "\n");
    try (Connection c = Database.at(root.resolve("mlos.db")).open(true)) {
      for (String set : schemaSets) {
        Migrator.forSet(set).migrate(c);
      }
      Migrator.forSet("mlos-compiler").migrate(c); // as init does: the compile creates no table
    }
    return root;
  }

  /** A class loader that sees only V1 of the mlos set, with the text mlos ships (same checksum). */
  private ClassLoader mlosV1Only() throws Exception {
    Path folder = dir.resolve("cp/" + Migrator.ROOT + "mlos");
    Files.createDirectories(folder);
    try (InputStream in =
        Migrator.class
            .getClassLoader()
            .getResourceAsStream(Migrator.ROOT + "mlos/V1__core_tables.sql")) {
      Files.write(folder.resolve("V1__core_tables.sql"), in.readAllBytes());
    }
    Files.writeString(folder.resolve("index.txt"), "V1__core_tables.sql\n");
    return new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, null);
  }

  private CompileResult compile(Path root) {
    return new Compiler()
        .compile(
            new CompileRequest(
                new ConfigLoader()
                    .load(root, new ConfigOverrides(null, null, null, null, Map.of())),
                "2026-02-01T00:00:00Z"),
            reporter);
  }

  @Test
  void theMlosPackRendersNeedsWhoseParentIsGoneAndEveryNullTheSchemaAllows() throws Exception {
    Path root = dir.resolve("mlos");
    new WorkspaceFiles(root).write("mlos.yaml", "workspace: w\npack: mlos\n");
    Path db = root.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos", mlosV1Only()).migrate(c);
    }
    List<String> refused =
        shell(
            db,
            // a parent that was never there, and one that is deleted below
            "INSERT INTO needs (id, title, status, parent_need_id, created_at, updated_at) VALUES (1, 'Orphan', 'active', 999, "
                + T
                + ", "
                + T
                + ")",
            "INSERT INTO needs (id, title, status, created_at, updated_at) VALUES (2, 'Parent to delete', 'actionable', "
                + T
                + ", "
                + T
                + ")",
            "INSERT INTO needs (id, title, status, parent_need_id, created_at, updated_at) VALUES (3, 'Child of a deleted need', 'actionable', 2, "
                + T
                + ", "
                + T
                + ")",
            // every nullable column null, an empty title
            "INSERT INTO needs (id, title, description, status, priority, scope, source_transcript, parent_need_id, created_at, updated_at)"
                + " VALUES (4, '', NULL, 'identified', NULL, NULL, NULL, NULL, "
                + T
                + ", "
                + T
                + ")",
            // tasks: of the need deleted below, assigned to an agent that is gone, all nullables
            // null
            "INSERT INTO agents (id, agent_type, status, monitored_needs, assigned_tasks, provisioned_artifacts, started_at)"
                + " VALUES (1, 'architect', 'active', '[1, 2, 998, \"x\"]', '[997, 5]', '[996]', "
                + T
                + ")",
            "INSERT INTO agents (id, agent_type, status, monitored_needs, assigned_tasks, provisioned_artifacts, kernel_version,"
                + " session_transcript, started_at, completed_at) VALUES (2, 'janitor', 'provisioning', NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
            "INSERT INTO agents (id, agent_type, status, started_at) VALUES (3, 'doomed', 'active', "
                + T
                + ")",
            "INSERT INTO tasks (id, need_id, description, status, priority, assigned_agent_id, created_at, updated_at)"
                + " VALUES (5, 3, '', 'assigned', NULL, 3, "
                + T
                + ", "
                + T
                + ")",
            "INSERT INTO tasks (id, need_id, description, status, created_at, updated_at) VALUES (6, 2, 'Task of a deleted need', 'open', "
                + T
                + ", "
                + T
                + ")",
            "INSERT INTO tasks (id, need_id, description, status, assigned_agent_id, created_at, updated_at)"
                + " VALUES (7, 3, 'Assigned to nobody that exists', 'assigned', 995, "
                + T
                + ", "
                + T
                + ")",
            // artifacts without a file, a type or a description, and one whose file does not exist
            "INSERT INTO artifacts (id, title, description, file_path, artifact_type, content_hash, created_at, updated_at)"
                + " VALUES (1, '', NULL, NULL, NULL, NULL, "
                + T
                + ", "
                + T
                + ")",
            "INSERT INTO artifacts (id, title, file_path, artifact_type, created_at, updated_at) VALUES (2, 'Gone file', 'docs/gone.md', 'document', "
                + T
                + ", "
                + T
                + ")",
            "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES"
                + " ('need', 1, 'artifact', 1, 'references', "
                + T
                + "), ('artifact', 2, 'need', 3, 'produced', "
                + T
                + "),"
                + " ('agent', 1, 'need', 3, 'monitors', "
                + T
                + "), ('need', 3, 'need', 1, 'blocks', "
                + T
                + "),"
                + " ('task', 5, 'artifact', 2, 'produced', "
                + T
                + ")",
            "INSERT INTO history (entity, entity_id, operation, old_values, new_values, changed_at) VALUES"
                + " ('need', 1, 'update', NULL, NULL, "
                + T
                + "), ('need', 1, 'delete', '{}', NULL, "
                + T
                + "),"
                + " ('need', 3, 'insert', NULL, '{\"status\": null}', "
                + T
                + ")",
            // now the deletions foreign keys (off, as in the shell) do not stop
            "DELETE FROM agents WHERE id = 3",
            "DELETE FROM needs WHERE id = 2");

    assertEquals(
        List.of(), refused, "schema V1 holds every one of these rows with foreign keys off");
    try (Connection c = Database.at(db).open(false)) {
      Migrator.forSet("mlos").migrate(c);
      Migrator.forSet("mlos-compiler").migrate(c); // as init does: the compile creates no table
    }
    compile(root);
    WorkspaceFiles ws = new WorkspaceFiles(root);

    String orphan = ws.read("needs/1-orphan.md");
    assertTrue(orphan.contains("Parent: need 999, which is not in the database."), orphan);
    String child = ws.read("needs/3-child-of-a-deleted-need.md");
    assertTrue(child.contains("Parent: need 2, which is not in the database."), child);
    assertTrue(
        child.contains(
            "- Task 7 · `assigned` · P- · assigned #995 (missing): Assigned to nobody that exists\n"),
        child);
    assertFalse(ws.exists("needs/2-parent-to-delete.md"));
    String untitled = ws.read(onlyFile(root.resolve("needs"), "4"));
    assertTrue(untitled.contains("- Priority: -\n"), untitled);
    ws.read("PROBLEM.md");
    ws.read("ARTIFACTS.md");
    ws.read("GRAPH.md");
    String pack = ws.read("context/1-architect.md");
    assertTrue(pack.contains("Gone file"), pack);
    ws.read("context/2-janitor.md");
  }

  @Test
  void whenABuiltInTemplateFailsTheFixDoesNotSendTheUserIntoTheTemplate() throws Exception {
    Path root = workspace("mlos", "mlos");
    // A workspace that replaces a pack query without the columns the pack's template reads.
    new WorkspaceFiles(root)
        .write(
            "mlos.yaml",
            "workspace: w\nviews:\n  problem:\n    queries:\n      span: SELECT 1 AS one\n");
    TemplateRenderException e =
        Assertions.assertThrows(TemplateRenderException.class, () -> compile(root));
    assertTrue(
        e.getMessage().startsWith("View 'problem', template (built-in) templates/packs/mlos/"),
        e.getMessage());
    assertTrue(
        e.fix()
            .startsWith(
                "if mlos.yaml replaces this view's queries, return the columns the pack's own queries return;"
                    + " otherwise this is a bug in mlos's built-in pack"),
        e.fix());
    assertFalse(e.fix().contains("fix the template"), e.fix());
  }

  /**
   * The one page whose name starts with {@code id} (how an empty title is slugged is not this
   * test's business).
   */
  private static String onlyFile(Path dir, String id) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.equals(id + ".md") || n.startsWith(id + "-"))
              .toList();
      assertEquals(1, names.size(), names.toString());
      return dir.getFileName() + "/" + names.get(0);
    }
  }

  @Test
  void theRuntimeMemoryPackRendersTurnsStepsEventsAndAuditRowsWhoseParentIsGone() throws Exception {
    Path root = workspace("runtime-memory", "runtime-memory");
    Path db = root.resolve("mlos.db");
    List<String> refused =
        shell(
            db,
            "INSERT INTO sessions (id, actor, started_at) VALUES ('s-live', 'tom', " + T + ")",
            "INSERT INTO conversation_turns (id, session_id, turn_index, role, content, created_at)"
                + " VALUES ('t-1', 's-gone', 0, 'user', '', "
                + T
                + ")",
            "INSERT INTO workflow_runs (id, workflow_name, trigger_source, initiated_by, status, started_at)"
                + " VALUES ('r-live', 'nightly', 'cron', 'tom', 'running', "
                + T
                + ")",
            "INSERT INTO workflow_steps (id, workflow_run_id, step_index, step_name, status, started_at)"
                + " VALUES ('st-1', 'r-gone', 0, 'build', 'done', "
                + T
                + ")",
            "INSERT INTO task_events (id, workflow_run_id, step_id, event_type, event_level, message, created_at)"
                + " VALUES ('e-1', 'r-gone', 'st-gone', 'error', 'high', '', "
                + T
                + ")",
            "INSERT INTO task_events (id, workflow_run_id, step_id, event_type, event_level, message, created_at)"
                + " VALUES ('e-2', 'r-gone', NULL, 'info', 'low', 'event of a missing run', "
                + T
                + ")",
            "INSERT INTO task_events (id, workflow_run_id, step_id, event_type, event_level, message, created_at)"
                + " VALUES ('e-3', NULL, NULL, 'warn', 'medium', 'no run', "
                + T
                + ")",
            "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at)"
                + " VALUES ('sk-1', 'k', '', 'doc', 0.5, "
                + T
                + ")",
            "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, risk_level, status, created_at, updated_at)"
                + " VALUES ('p-orphan', 'sk-gone', 'oxide', 'code_patch', '{}', 'low', 'drafted', "
                + T
                + ", "
                + T
                + "),"
                + " ('p-1', 'sk-1', 'human', 'config_change', '[]', 'high', 'approved', "
                + T
                + ", "
                + T
                + ")",
            "INSERT INTO validation_results (id, proposal_id, validator, validated_at) VALUES ('v-1', 'p-gone', 'ci', "
                + T
                + ")",
            "INSERT INTO approvals (id, proposal_id, approver, approval_type, decision, decided_at)"
                + " VALUES ('a-1', 'p-gone', 'tom', 'human', 'approved', "
                + T
                + ")",
            "INSERT INTO deploy_outcomes (id, proposal_id, deployment_target, status, deployed_at)"
                + " VALUES ('d-1', 'p-gone', 'prod', 'failed', "
                + T
                + ")",
            "INSERT INTO behavior_profiles (id, profile_name, version, behavior_json, effective_from, created_at, created_by)"
                + " VALUES ('b-1', 'tom', 1, 'null', "
                + T
                + ", "
                + T
                + ", 'tom')",
            "INSERT INTO personality_profiles (id, profile_name, version, personality_json, effective_from, created_at, created_by)"
                + " VALUES ('q-1', 'tom', 1, '[]', "
                + T
                + ", "
                + T
                + ", 'tom')",
            "DELETE FROM skills_learned WHERE id = 'sk-1'");
    // Rows an append-only trigger refuses (an audit row for a missing proposal) are rows the schema
    // cannot hold.
    // Rows a trigger refuses (an audit row for a missing proposal, an event naming a step of
    // another run) are rows the schema cannot hold; everything else must be in.
    refused.removeIf(r -> r.contains("does not exist") || r.contains("must be"));
    assertEquals(List.of(), refused);
    compile(root);
    WorkspaceFiles ws = new WorkspaceFiles(root);
    ws.read("RUNTIME.md");
    ws.read("PROFILES.md");
  }
}
