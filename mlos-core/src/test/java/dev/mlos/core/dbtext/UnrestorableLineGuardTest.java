package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Remedy;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.guard.GuardFix;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardWorkspace;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A pulled mlos.db.sql holding a line no pull and no rebuild can take: the guard names that line
 * and why, in the pull's words, in one step (it said STALE with the fix to pull, and only the pull
 * then named the line).
 */
class UnrestorableLineGuardTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "a value that is an expression | VALUES(1, | VALUES(1+0,",
        "a quote lost in a hand edit | 'Kernel boots reproducibly' | 'Kernel boots reproducibly",
        "a value more than the table has columns | ,'[]'); | ,'[]',5);"
      })
  void theGuardNamesTheLineAPullRefusesAndWhy(String what, String from, String to)
      throws Exception {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    w.seed();
    Path text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    w.compile();
    WorkspaceConfig config = w.config();

    // A pull brings a text form one of whose need lines was edited by hand.
    List<String> lines = Files.readAllLines(text, StandardCharsets.UTF_8);
    int at = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("INSERT INTO \"needs\" VALUES(1,")) {
        at = i;
      }
    }
    assertTrue(lines.get(at).contains(from), lines.get(at));
    lines.set(at, lines.get(at).replace(from, to));
    Files.writeString(text, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    int lineNo = at + 1;

    UnrestorableLineException pullSays =
        assertThrows(
            UnrestorableLineException.class, () -> TextFormPull.pull(config, Reporter.SILENT));
    assertEquals(lineNo, pullSays.line(), pullSays.getMessage());

    GuardReport report = w.guard();
    Violation v =
        report.violations().stream()
            .filter(x -> x.path().equals("mlos.db.sql"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(report.violations().toString()));
    assertEquals(ViolationClass.STALE, v.violationClass());
    assertEquals(lineNo, v.line());
    assertEquals(Violation.Kind.TEXT_FORM_UNRESTORABLE, v.kind());
    assertTrue(
        v.message().contains("mlos.db.sql:" + lineNo + ": " + pullSays.reason()), v.message());
    assertTrue(v.fixTemplate().startsWith(pullSays.fixTemplate()), v.fixTemplate());
    assertEquals(Remedy.pullTextForm(), v.remedies().get(v.remedies().size() - 1));
    assertTrue(
        GuardFix.of(report.violations())
            .startsWith("fix the line of the text form named above (its fix says how), then merge"),
        GuardFix.of(report.violations()));

    // Fixed as told, the file is an ordinary pull again.
    lines.set(at, lines.get(at).replace(to, from));
    Files.writeString(text, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    Files.writeString(
        text,
        Files.readString(text)
            .replace("'Kernel boots reproducibly'", "'Kernel boots reproducibly, pulled'"));
    Violation pulled =
        w.guard().violations().stream()
            .filter(x -> x.path().equals("mlos.db.sql"))
            .findFirst()
            .orElseThrow();
    assertEquals(Violation.Kind.PLAIN, pulled.kind());
    assertEquals(DatabaseText.PULL_FIX, pulled.fixTemplate());
  }

  @org.junit.jupiter.api.Test
  void aValueThatIsNoLiteralIsNamedWithTheRuleOfLiterals() throws Exception {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    w.seed();
    Path text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    w.compile();
    Files.writeString(
        text, Files.readString(text).replace("VALUES(4,'Phone view'", "VALUES(4,hex(zeroblob(9))"));
    Violation v =
        w.guard().violations().stream()
            .filter(x -> x.path().equals("mlos.db.sql"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        v.message().endsWith(": cannot be restored: " + RowInserts.NOT_LITERAL), v.message());
  }
}
