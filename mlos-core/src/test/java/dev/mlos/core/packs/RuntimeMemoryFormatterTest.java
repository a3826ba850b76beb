package dev.mlos.core.packs;

import dev.mlos.core.testing.MarkdownTools;
import dev.mlos.core.testing.NastyStrings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime-memory pack's pages pass prettier and markdownlint (see docs/configuration.md,
 * "Formatters and linters"), with the seed's rows and with hostile free text in every column a page
 * shows.
 */
class RuntimeMemoryFormatterTest {
  @TempDir Path dir;

  @Test
  void pagesOfSeedAndHostileRowsPassPrettierAndMarkdownlint() throws Exception {
    MarkdownTools tools = MarkdownTools.installedOrSkip();
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    w.compile("2026-04-01T00:00:00Z");
    tools.assertClean("runtime-memory pack, seed", w.root, MarkdownTools.markdownFiles(w.root));

    SplittableRandom random = new SplittableRandom(29);
    List<String> statements = new ArrayList<>();
    String[][] columns = {
      {"sessions", "actor"},
      {"sessions", "channel"},
      {"workflow_runs", "workflow_name"},
      {"workflow_runs", "initiated_by"},
      {"task_events", "message"},
      {"skills_learned", "description"},
      {"behavior_profiles", "created_by"},
      {"workflow_steps", "step_name"},
    };
    for (String[] column : columns) {
      statements.add(
          "UPDATE "
              + column[0]
              + " SET "
              + column[1]
              + " = "
              + sql(NastyStrings.next(random, 12))
              + " || '.' || rowid");
    }
    // Fenced content: a turn's text (tabs, backtick runs, trailing spaces, blank lines), and
    // rationales and sources of profile versions.
    statements.add(
        "UPDATE conversation_turns SET content = "
            + sql("line\twith tab  \n```\n````inner\n\n\n  ")
            + " || "
            + sql(NastyStrings.next(random, 12))
            + " WHERE rowid IN (SELECT min(rowid) FROM conversation_turns)");
    statements.add(
        "UPDATE behavior_profiles SET rationale = "
            + sql(NastyStrings.next(random, 12))
            + ", source_ref = "
            + sql(NastyStrings.next(random, 12)));
    // Approvals and deploy outcomes are append-only: hostile rows are added, not updated.
    statements.add(
        "INSERT INTO approvals (id, proposal_id, approver, approval_type, decision, notes, decided_at) VALUES"
            + " ('appr-03', 'prop-0002', "
            + sql(NastyStrings.next(random, 12))
            + ", 'human', 'rejected', "
            + sql(NastyStrings.next(random, 12))
            + ", '2026-03-03T00:00:00Z')");
    statements.add(
        "INSERT INTO deploy_outcomes (id, proposal_id, deployment_target, deployment_id, status, summary,"
            + " metrics_json, deployed_at) VALUES ('dep-02', 'prop-0002', "
            + sql(NastyStrings.next(random, 12))
            + ", 'd-2',"
            + " 'failed', "
            + sql(NastyStrings.next(random, 12))
            + ", '{}', '2026-03-03T01:00:00Z')");
    // A second profile name: PROFILES.md repeats its sections (MD024 with siblings_only).
    statements.add(
        "INSERT INTO behavior_profiles (id, profile_name, version, behavior_json, rationale, source_ref,"
            + " effective_from, effective_to, created_at, created_by) VALUES ('bp-x-1', "
            + sql(NastyStrings.next(random, 8))
            + " || '.x', 1, '{}', 'r', NULL, '2026-01-01T00:00:00Z', NULL, '2026-01-01T00:00:00Z', 'system')");
    // Names that escape to the same heading (a whitespace run is one space): numbered, not repeated
    // (MD024).
    for (String name : new String[] {"p  q", "p q", "p q (2)"}) {
      statements.add(
          "INSERT INTO behavior_profiles (id, profile_name, version, behavior_json, rationale, source_ref,"
              + " effective_from, effective_to, created_at, created_by) VALUES ('bp-"
              + name.replace(' ', '_')
              + "', '"
              + name
              + "', 1, '{}', 'r', NULL, '2026-01-01T00:00:00Z', NULL, '2026-01-01T00:00:00Z', 'system')");
    }
    w.sql(statements.toArray(String[]::new));
    w.compile("2026-04-02T00:00:00Z");

    tools.assertClean(
        "runtime-memory pack, hostile rows", w.root, MarkdownTools.markdownFiles(w.root));
  }

  /**
   * {@code s} as an SQL expression: quotes doubled, NUL (which a statement cannot hold) as char(0).
   */
  private static String sql(String s) {
    return "('" + s.replace("'", "''").replace("\u0000", "' || char(0) || '") + "')";
  }
}
