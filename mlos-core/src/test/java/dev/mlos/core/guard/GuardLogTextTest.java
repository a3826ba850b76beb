package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.LogText;
import dev.mlos.core.RemedyWording;
import dev.mlos.core.guard.report.GitHubAnnotations;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the guard logs cannot be steered by a row or a file: no value starts a log line of its own
 * (where {@code ::error} is a GitHub Actions command) or carries a terminal escape.
 */
class GuardLogTextTest {
  @TempDir Path dir;

  private static final String INJECTED = "::error file=README.md,line=1::forged by a row";

  /** A log as Maven prints it: each logged text split into the lines a CI runner reads. */
  private static List<String> logLines(String logged) {
    return List.of(logged.split("\r\n|\r|\n|\u0085|\u2028|\u2029", -1));
  }

  @Test
  void aHostileFilePathOrFileLineCannotForgeAWorkflowCommand() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    // A registered artifact whose file_path holds a line break (the schema may refuse it; a row
    // written without the schema's checks, here dropped, still can), and a hand edit that adds a CR
    // line.
    // The trigger is put back after the write: a database without it is refused as tampered.
    String trigger = dev.mlos.core.db.SchemaObjects.createdAs(w.db, "artifacts_check_insert");
    w.sql(
        "PRAGMA ignore_check_constraints = ON",
        "DROP TRIGGER artifacts_check_insert",
        "INSERT INTO artifacts (title, file_path, content_hash) VALUES ('evil', 'docs/gone.md' || char(10) || '"
            + INJECTED
            + "' || char(27) || '[2J', '"
            + "0".repeat(64)
            + "')",
        trigger);
    String need = "needs/1-kernel-boots-reproducibly.md";
    w.write(
        need,
        w.read(need).replace("Same database, same boot.", "edited\r" + INJECTED + "\n\u001b[31m"));

    GuardReport report = w.guard();

    assertTrue(
        report.violations().stream()
            .anyMatch(v -> v.violationClass() == ViolationClass.ARTIFACT_MISSING),
        report.violations().toString());
    assertTrue(
        report.violations().stream()
            .anyMatch(v -> v.violationClass() == ViolationClass.HAND_EDITED),
        report.violations().toString());
    for (Violation v : report.violations()) {
      for (String line : logLines(v.logText("\n", RemedyWording.OPERATIONS))) {
        assertFalse(line.startsWith("::"), () -> "a log line starts a workflow command: " + line);
        assertTrue(
            line.chars().noneMatch(Character::isISOControl),
            () -> "raw control character in: " + line);
      }
    }
    Violation missing =
        report.violations().stream()
            .filter(v -> v.violationClass() == ViolationClass.ARTIFACT_MISSING)
            .findFirst()
            .orElseThrow();
    assertTrue(
        missing.headline().contains("docs/gone.md\\u000A::error file=README.md"),
        missing.headline());
    for (String annotation : GitHubAnnotations.lines(report, EnumSet.allOf(ViolationClass.class))) {
      assertEquals(1, logLines(annotation).size(), annotation);
      assertTrue(annotation.chars().noneMatch(Character::isISOControl), annotation);
    }
  }

  @Test
  void logTextEscapesEveryLineBreakAndControlAndLeavesTheRestAlone() {
    assertEquals("plain text é 🚀", LogText.line("plain text é 🚀"));
    // Bidirectional controls would show the rest of the line reordered (Trojan Source).
    assertEquals("a\\u202Eb\\u2066c\\u200Fd ש", LogText.line("a\u202eb\u2066c\u200fd ש"));
    assertEquals(
        "a\\u000D\\u000Ab\\u001B[0m\\u0007\\u0000\\u0085\\u2028\\u2029c",
        LogText.line("a\r\nb\u001b[0m\u0007\u0000\u0085\u2028\u2029c"));
    assertEquals("  -old\n  +new\\u000D::x", LogText.lines("-old\n+new\r::x\n", "  ", "\n"));
  }
}
