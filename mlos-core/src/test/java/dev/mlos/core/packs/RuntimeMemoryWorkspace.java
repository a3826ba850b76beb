package dev.mlos.core.packs;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.CompileResult;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.testing.WorkspaceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A workspace that chooses the runtime-memory pack in its mlos.yaml, with the database at the
 * seed's suggested path, created the way {@code mlos:init} does: every schema set the pack names.
 */
final class RuntimeMemoryWorkspace {
  static final String DATABASE = "memory/tom_runtime.sqlite";

  final Path root;
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

  private RuntimeMemoryWorkspace(Path root) {
    this.root = root;
  }

  /** {@code root/mlos.yaml} choosing the pack (plus {@code extraYaml}), and a migrated database. */
  static RuntimeMemoryWorkspace create(Path root, String extraYaml) {
    RuntimeMemoryWorkspace w = new RuntimeMemoryWorkspace(root);
    w.write(
        "mlos.yaml",
        "workspace: tom\npack: runtime-memory\ndatabase: " + DATABASE + "\n" + extraYaml);
    WorkspaceConfig config = w.config();
    try {
      Files.createDirectories(config.database().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Connection c = Database.at(config.database()).open(true)) {
      for (String set : config.schemas()) {
        Migrator.forSet(set).migrate(c);
      }
      Migrator.forSet("mlos-compiler").migrate(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return w;
  }

  WorkspaceConfig config() {
    return new ConfigLoader().load(root, new ConfigOverrides(null, null, null, null, Map.of()));
  }

  Path db() {
    return root.resolve(DATABASE);
  }

  CompileResult compile(String outputTimestamp) {
    return new Compiler().compile(new CompileRequest(config(), outputTimestamp), reporter);
  }

  void sql(String... statements) {
    try (Connection c = Database.at(db()).open(false);
        Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A small, realistic runtime memory: a finished CLI session whose assistant turn taught a skill,
   * an API session, a failed nightly workflow run, the skill's promoted proposal with its whole
   * audit trail plus a second draft, and two versions each of tom's behaviour and personality. Rows
   * are inserted out of order on purpose, so the pages must order them themselves.
   */
  void seed() {
    sql(
        "INSERT INTO sessions (id, actor, channel, started_at, ended_at, status, metadata_json) VALUES"
            + " ('sess-0002', 'oxide', 'api', '2026-03-02T10:00:00Z', NULL, 'active', '{}'),"
            + " ('sess-0001', 'tom', 'cli', '2026-03-01T09:00:00Z', '2026-03-01T09:05:00Z', 'closed', '{\"locale\":\"en-GB\",\"client\":\"tom-cli 0.4\"}')",
        "INSERT INTO conversation_turns (id, session_id, turn_index, role, content, token_count, created_at, metadata_json) VALUES"
            + " ('turn-0001-3', 'sess-0001', 3, 'tool', 'HTTP 503 after 3 retries', NULL, '2026-03-01T09:03:00Z', '{\"tool\":\"http\"}'),"
            + " ('turn-0001-1', 'sess-0001', 1, 'user', 'Why does the sync keep failing?', 9, '2026-03-01T09:01:00Z', '{}'),"
            + " ('turn-0001-0', 'sess-0001', 0, 'system', 'You are Tom. Be brief.', 7, '2026-03-01T09:00:00Z', '{}'),"
            + " ('turn-0001-2', 'sess-0001', 2, 'assistant', 'Retry with backoff:\n```python\nsleep(2 ** attempt)\n```\nthen give up.', 21, '2026-03-01T09:02:00Z', '{}'),"
            + " ('turn-0002-0', 'sess-0002', 0, 'agent', 'Nightly promotion check started.', 5, '2026-03-02T10:00:01Z', '{}')",
        "INSERT INTO workflow_runs (id, workflow_name, trigger_source, initiated_by, status, started_at, finished_at, context_json) VALUES"
            + " ('run-0001', 'nightly-promotion', 'cron', 'scheduler', 'failed', '2026-03-02T02:00:00Z', '2026-03-02T02:09:00Z', '{\"proposal\":\"prop-0001\"}')",
        "INSERT INTO workflow_steps (id, workflow_run_id, step_index, step_name, status, started_at, finished_at, details_json) VALUES"
            + " ('step-3', 'run-0001', 2, 'deploy canary', 'failed', '2026-03-02T02:05:00Z', '2026-03-02T02:09:00Z', '{\"target\":\"canary\"}'),"
            + " ('step-1', 'run-0001', 0, 'collect proposals', 'succeeded', '2026-03-02T02:00:00Z', '2026-03-02T02:01:00Z', '{}'),"
            + " ('step-2', 'run-0001', 1, 'validate', 'succeeded', '2026-03-02T02:01:00Z', '2026-03-02T02:05:00Z', '{}')",
        "INSERT INTO task_events (id, workflow_run_id, step_id, event_type, event_level, message, payload_json, created_at) VALUES"
            + " ('ev-09', 'run-0001', NULL, 'error', 'critical', 'Run failed: canary unhealthy', '{}', '2026-03-02T02:09:00Z'),"
            + " ('ev-05', 'run-0001', 'step-3', 'error', 'high', 'Canary error rate 4%', '{\"error_rate\":0.04}', '2026-03-02T02:08:00Z'),"
            + " ('ev-04', 'run-0001', 'step-3', 'approval', 'medium', 'Ops approved canary', '{}', '2026-03-02T02:05:00Z'),"
            + " ('ev-03', 'run-0001', 'step-3', 'info', 'low', 'Deploying to canary', '{}', '2026-03-02T02:05:00Z'),"
            + " ('ev-02', 'run-0001', 'step-2', 'policy', 'medium', 'Policy check passed', '{}', '2026-03-02T02:04:00Z'),"
            + " ('ev-01', 'run-0001', 'step-1', 'info', 'low', 'Found 1 proposal', '{}', '2026-03-02T02:00:30Z'),"
            + " ('ev-00', 'run-0001', NULL, 'info', 'low', 'Run started by cron', '{}', '2026-03-02T02:00:00Z')",
        "INSERT INTO skills_learned (id, skill_key, description, source_type, source_ref, confidence, learned_at, state, metadata_json) VALUES"
            + " ('skill-01', 'http.retry_backoff', 'Retry transient HTTP failures with exponential backoff', 'conversation', 'turn-0001-2', 0.82, '2026-03-01T09:06:00Z', 'active', '{}'),"
            + " ('skill-02', 'docs.changelog_style', 'Write changelog entries in the imperative', 'doc', 'docs/CONTRIBUTING.md', 0.6, '2026-02-20T12:00:00Z', 'active', '{}')",
        "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, determinism_score, risk_level, status, created_at, updated_at) VALUES"
            + " ('prop-0001', 'skill-01', 'oxide', 'code_patch', '{\"file\":\"sync/http.py\",\"patch\":\"+ backoff\"}', 0.91, 'medium', 'promoted', '2026-03-01T10:00:00Z', '2026-03-02T01:30:00Z'),"
            + " ('prop-0002', 'skill-01', 'human', 'config_change', '{\"max_retries\":5}', NULL, 'low', 'drafted', '2026-03-02T11:00:00Z', '2026-03-02T11:00:00Z')",
        "INSERT INTO validation_results (id, proposal_id, validator, build_pass, lint_pass, test_pass, policy_pass, details_json, validated_at) VALUES"
            + " ('val-02', 'prop-0001', 'ci', 1, 1, 1, 1, '{}', '2026-03-01T12:00:00Z'),"
            + " ('val-01', 'prop-0001', 'ci', 1, 0, 1, 1, '{\"lint\":\"E501 line too long\"}', '2026-03-01T11:00:00Z')",
        "INSERT INTO approvals (id, proposal_id, approver, approval_type, decision, notes, decided_at) VALUES"
            + " ('appr-02', 'prop-0001', 'alice', 'human', 'approved', 'Looks right | ship it', '2026-03-01T15:00:00Z'),"
            + " ('appr-01', 'prop-0001', 'policy-engine', 'policy', 'approved', NULL, '2026-03-01T12:30:00Z')",
        "INSERT INTO deploy_outcomes (id, proposal_id, deployment_target, deployment_id, status, summary, metrics_json, deployed_at) VALUES"
            + " ('dep-01', 'prop-0001', 'prod', 'deploy-7781', 'succeeded', 'Rolled out to all regions', '{\"error_rate\":0.001}', '2026-03-02T01:30:00Z')",
        "INSERT INTO behavior_profiles (id, profile_name, version, behavior_json, rationale, source_ref, effective_from, effective_to, created_at, created_by) VALUES"
            + " ('bp-tom-2', 'tom', 2, '{\"escalate_above\":\"high\",\"style\":\"concise\"}', 'Escalate less often', 'sess-0001', '2026-02-15T00:00:00Z', NULL, '2026-02-10T08:00:00Z', 'oxide'),"
            + " ('bp-tom-1', 'tom', 1, '{\"escalate_above\":\"medium\",\"style\":\"verbose\"}', 'Initial profile', NULL, '2026-01-01T00:00:00Z', '2026-02-15T00:00:00Z', '2026-01-01T00:00:00Z', 'system')",
        "INSERT INTO personality_profiles (id, profile_name, version, personality_json, rationale, source_ref, effective_from, effective_to, created_at, created_by) VALUES"
            + " ('pp-tom-1', 'tom', 1, '{\"tone\":\"warm\",\"traits\":[\"curious\",\"patient\"]}', 'Initial personality', NULL, '2026-01-01T00:00:00Z', NULL, '2026-01-01T00:00:00Z', 'system'),"
            + " ('pp-tom-2', 'tom', 2, '{\"tone\":\"dry\",\"traits\":[\"curious\"]}', 'Planned for Q2', NULL, '2026-04-01T00:00:00Z', NULL, '2026-03-01T08:00:00Z', 'oxide')");
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

  /** The markdown files under the workspace with their text, by path. */
  Map<String, String> outputs() {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".md"))::iterator) {
        out.put(
            root.relativize(p).toString().replace('\\', '/'),
            Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
