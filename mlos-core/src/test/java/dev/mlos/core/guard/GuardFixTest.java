package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardFixTest {
  @TempDir Path dir;

  /** A wording of the test's own: shows which remedy stands where. */
  static final RemedyWording KINDS =
      r -> "<" + r.kind() + (r.value() == null ? "" : " " + r.value()) + ">";

  private static Violation of(ViolationClass c) {
    return new Violation(c, "a.md", 0, "m", "", "f");
  }

  /**
   * The fix for a text form git tracks but the working tree lacks (restore it, do not compile) is
   * chosen by the violation's kind: a missing page whose path holds the rule's words in parentheses
   * (a view's output may hold any) was taken for it, and the fix line said not to compile.
   */
  @Test
  void aMissingPageWhoseMessageQuotesTheTrackedTextFormsRuleIsStillCompiled() {
    Violation page =
        new Violation(
            ViolationClass.MISSING,
            "notes/x (rule dbtext.tracked_missing).md",
            0,
            "'notes/x (rule dbtext.tracked_missing).md' was written by the last compile but is gone",
            "",
            "run {0}",
            List.of(Remedy.compile()));
    String fix = GuardFix.of(List.of(page), KINDS);
    assertEquals("run <RUN_COMPILE> and commit the compiled files", fix);

    Violation textForm =
        new Violation(ViolationClass.MISSING, "mlos.db.sql", 0, "gone", "", "git checkout")
            .withKind(Violation.Kind.TEXT_FORM_TRACKED_MISSING);
    String restore = GuardFix.of(List.of(textForm), KINDS);
    assertTrue(restore.startsWith("restore the database's text form git tracks"), restore);
    assertFalse(restore.contains("RUN_COMPILE"), restore);
  }

  @Test
  void aHandEditAloneNeverMentionsAccept() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write(GuardTest.NEED_1, w.read(GuardTest.NEED_1) + "edit\n");

    List<Violation> failures = w.guard().violations();

    assertEquals(
        List.of(ViolationClass.HAND_EDITED),
        failures.stream().map(Violation::violationClass).distinct().toList());
    String fix = GuardFix.of(failures, KINDS);
    assertEquals(
        "move hand edits into the database, then run <RUN_COMPILE> and commit the compiled files",
        fix);
    assertFalse(fix.contains("ACCEPT"), fix);
    // The violation's own fix names the compile as a remedy, worded by whoever shows it.
    Violation v = failures.get(0);
    assertEquals(List.of(Remedy.compile()), v.remedies());
    assertEquals(
        "compiled files are overwritten by every compile: make the change in the database first,"
            + " then run <RUN_COMPILE> (to drop the edit instead, just run <RUN_COMPILE>)",
        v.fix(KINDS));
    assertTrue(v.fix().contains("run `compile`"), v.fix());
  }

  private static Violation recordDrift(String path, String source) {
    return new Violation(
        ViolationClass.RECORD_DRIFT,
        path,
        0,
        "m",
        "",
        "run {0}, then {1}",
        List.of(Remedy.importPaths(source), Remedy.compile()));
  }

  /**
   * A record file that differs from the graph: its import comes before the compile (which the
   * import makes necessary), each source once, at most three named.
   */
  @Test
  void recordDriftImportsEachSourceOnceBeforeTheCompile() {
    assertEquals(
        "import the record files that differ from the graph again with <RUN_IMPORT data>; run"
            + " <RUN_COMPILE> and commit the compiled files",
        GuardFix.of(
            List.of(recordDrift("data/a.yaml", "data"), recordDrift("data/b.yaml", "data")),
            KINDS));
    assertEquals(
        "import the record files that differ from the graph again with <RUN_IMPORT a>,"
            + " <RUN_IMPORT b>, <RUN_IMPORT c> and the others each RECORD_DRIFT's fix above names;"
            + " move hand edits into the database, then run <RUN_COMPILE> and commit the compiled"
            + " files",
        GuardFix.of(
            List.of(
                recordDrift("a/x.yaml", "a"),
                recordDrift("b/x.yaml", "b"),
                recordDrift("c/x.yaml", "c"),
                recordDrift("d/x.yaml", "d"),
                of(ViolationClass.HAND_EDITED)),
            KINDS));
  }

  /**
   * A trial followed the fix line of a drifted artifact as written (accept it) and the next guard
   * failed: the accept changed the artifact's row, so ARTIFACTS.md and the context packs were
   * stale. The line names the compile after the accept, and the two steps leave the guard clean.
   */
  @Test
  void theFixOfADriftedArtifactEndsWithTheCompileItsAcceptCalls() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write("docs/boot.md", "# Boot\n\nFour layers now.\n");

    // The seed's context pack embeds the file, so that page is stale too; without the stale
    // check the drift is all there is, and its fix line still ends with the compile.
    List<Violation> failures = w.guard(false, 0).violations();
    assertEquals(
        List.of(ViolationClass.ARTIFACT_DRIFT),
        failures.stream().map(Violation::violationClass).distinct().toList(),
        failures.toString());
    assertEquals(
        "review drifted artifacts and run <ACCEPT_ARTIFACT>; run <RUN_COMPILE> and commit the"
            + " compiled files",
        GuardFix.of(failures, KINDS));

    new dev.mlos.core.artifacts.ArtifactAcceptor()
        .accept(new dev.mlos.core.artifacts.AcceptRequest(w.config(), List.of(), true));
    List<Violation> afterAccept = w.guard().violations();
    assertEquals(
        List.of(ViolationClass.STALE),
        afterAccept.stream().map(Violation::violationClass).distinct().toList(),
        "the accept alone leaves the pages that list the artifact stale: " + afterAccept);
    assertTrue(
        afterAccept.stream().anyMatch(v -> v.path().equals("ARTIFACTS.md")),
        "ARTIFACTS.md shows the artifact's update time: " + afterAccept);
    w.compile();
    GuardReport done = w.guard();
    assertTrue(done.isClean(), done.violations().toString());
  }

  @Test
  void eachClassAddsItsOwnStepInReportOrder() {
    assertEquals(
        "review drifted artifacts and run <ACCEPT_ARTIFACT>; run <RUN_COMPILE> and commit the"
            + " compiled files",
        GuardFix.of(List.of(of(ViolationClass.ARTIFACT_DRIFT)), KINDS));
    assertEquals(
        "run <RUN_COMPILE> and commit the compiled files",
        GuardFix.of(List.of(of(ViolationClass.STALE), of(ViolationClass.MISSING)), KINDS));
    // Without an adapter's wording, the core's own.
    assertEquals(
        "run `compile` and commit the compiled files",
        GuardFix.of(List.of(of(ViolationClass.STALE))));
    String all =
        GuardFix.of(
            List.of(
                of(ViolationClass.ARTIFACT_MISSING),
                of(ViolationClass.UNKNOWN),
                of(ViolationClass.ARTIFACT_DRIFT),
                of(ViolationClass.HAND_EDITED)),
            KINDS);
    assertEquals(
        "review drifted artifacts and run <ACCEPT_ARTIFACT>;"
            + " restore missing artifact files, record the new path of one moved on purpose"
            + " (<MOVE_ARTIFACT <id>>), or unregister them (<REMOVE_ARTIFACT <id>>);"
            + " move hand edits into the database, then run <RUN_COMPILE> and commit the compiled"
            + " files;"
            + " for each UNKNOWN file, follow its fix above",
        all);
    assertEquals("", GuardFix.of(List.of()));
  }

  @Test
  void classHelpNamesItsFixesAsRemediesInNoToolsWords() {
    for (ViolationClass c : ViolationClass.values()) {
      String help = c.help(KINDS);
      // No tool's command in the core's text: `mlos artifact remove <id>` in ARTIFACT_MISSING's
      // was shown by the Maven plugin's SARIF report as the plugin's own.
      assertFalse(
          help.contains("mvn") || help.contains("-Dmlos") || help.contains("`mlos "),
          c + ": " + help);
      assertFalse(help.contains("{0}"), c + ": " + help);
      for (Remedy r : c.remedies()) {
        assertTrue(help.contains("<" + r.kind()), c + ": " + help);
      }
    }
    assertTrue(ViolationClass.STALE.help().contains("Run `compile` and commit the result."));
  }
}
