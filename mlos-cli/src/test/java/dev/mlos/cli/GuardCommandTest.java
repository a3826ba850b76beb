package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlos guard} in this JVM. */
class GuardCommandTest {
  @TempDir Path dir;

  /**
   * A workspace with another inside it (team/, its own mlos.yaml): the outer guard reported the
   * inner one's compiled pages as UNKNOWN, "compiled by another workspace", with the fix to set the
   * outer workspace's name to the inner one's. Each guards its own files.
   */
  @Test
  void aWorkspaceInsideAnotherIsNotPartOfIt() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "compile");
    Path team = dir.resolve("team");
    InProcess.ok(team, "init");
    InProcess.ok(team, "need", "create", "Team need");
    InProcess.ok(team, "compile");

    String outer = InProcess.ok(dir, "guard").out();
    assertTrue(outer.strip().endsWith(" files checked, no violations"), outer);
    String inner = InProcess.ok(team, "guard").out();
    assertTrue(inner.strip().endsWith(" files checked, no violations"), inner);
  }

  /**
   * The fields of {@code mlos guard --json} as docs/cli.md lists them (snake_case, as every {@code
   * --json} of the CLI; the Maven report file mlos-guard.json names its own in camelCase, see
   * docs/guard.md): a renamed field fails here before a script meets it.
   */
  @Test
  void itsJsonHasTheFieldsTheDocsList() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "compile");
    Files.writeString(
        dir.resolve("PROBLEM.md"), Files.readString(dir.resolve("PROBLEM.md")) + "edit\n");

    String out = InProcess.run(dir, Main.REFUSED, "guard", "--json").out();

    JsonNode json = new ObjectMapper().readTree(out);
    assertEquals(List.of("workspace", "checked_files", "violations"), names(json));
    assertEquals(
        List.of("class", "path", "line", "message", "fix", "count", "diff"),
        names(json.get("violations").get(0)));
    assertEquals("HAND_EDITED", json.get("violations").get(0).get("class").asText());
  }

  /**
   * With --json, stdout holds the result: stderr printed every violation again (its headline, its
   * diff, its fix), so a script that kept stderr for errors got the whole report twice. Stderr now
   * says the refusal and the fix only, and the JSON holds each hand edit's diff.
   */
  @Test
  void withJsonStderrSaysTheRefusalWithoutRepeatingEachViolation() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "compile");
    Files.writeString(
        dir.resolve("PROBLEM.md"), Files.readString(dir.resolve("PROBLEM.md")) + "my edit\n");

    InProcess.Run r = InProcess.run(dir, Main.REFUSED, "guard", "--json");

    List<String> err = r.err().lines().toList();
    assertEquals(2, err.size(), r.err());
    assertTrue(
        err.get(0).matches("refused \\(guard\\): 1 violation: HAND_EDITED 1 in \\d+ checked files"),
        r.err());
    assertTrue(err.get(1).startsWith("  fix: "), r.err());
    assertFalse(r.err().contains("PROBLEM.md"), r.err());
    JsonNode v = new ObjectMapper().readTree(r.out()).get("violations").get(0);
    assertEquals("PROBLEM.md", v.get("path").asText());
    assertTrue(v.get("diff").asText().contains("+my edit"), v.toString());
  }

  /**
   * The fix a failed guard ends with is on its own line, as every refusal's is (docs/cli.md): it
   * was folded into the count line, "refused (guard): 1 violation: HAND_EDITED 1 in 8 checked
   * files. Fix: move hand edits ...".
   */
  @Test
  void theFinalFixIsALineOfItsOwn() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "compile");
    Files.writeString(
        dir.resolve("PROBLEM.md"), Files.readString(dir.resolve("PROBLEM.md")) + "edit\n");

    List<String> lines = InProcess.run(dir, Main.REFUSED, "guard").err().lines().toList();

    int count = lines.size() - 2;
    assertTrue(
        lines
            .get(count)
            .matches("refused \\(guard\\): 1 violation: HAND_EDITED 1 in \\d+ checked files"),
        lines.toString());
    assertEquals(
        "  fix: move hand edits into the database, then run `mlos compile` and commit the compiled"
            + " files",
        lines.get(count + 1));
  }

  /**
   * Past the 1000 new record files it names, the guard counts the rest on one line: mlos guard said
   * "refused (guard): 1001 violations: RECORD_DRIFT 1001" of 1003 files. The summary counts every
   * file, says how many are listed by path, and --json gives each entry's count.
   */
  @Test
  void theSummaryCountsEveryNewRecordFileNotTheLinesListed() throws Exception {
    InProcess.ok(dir, "init", "--pack", "agentos-graph");
    Files.createDirectories(dir.resolve("shapes"));
    Files.writeString(
        dir.resolve("shapes/tag.yaml"), "name: tag\nfields: { name: string }\nidentity: [name]\n");
    Files.createDirectories(dir.resolve("data/new"));
    Files.writeString(dir.resolve("data/tags.yaml"), "- _shape: tag\n  name: stoicism\n");
    InProcess.ok(dir, "import", "data");
    InProcess.ok(dir, "compile");
    for (int i = 0; i < 1003; i++) {
      Files.writeString(
          dir.resolve(String.format(java.util.Locale.ROOT, "data/new/%04d.yaml", i)),
          "- _shape: tag\n  name: t" + i + "\n");
    }

    InProcess.Run guard = InProcess.run(dir, Main.REFUSED, "guard");

    assertTrue(
        guard
            .err()
            .contains(
                "refused (guard): 1003 violations: RECORD_DRIFT 1003 (1000 listed by path, 3"
                    + " counted) in "),
        guard.err());
    assertTrue(
        guard
            .err()
            .contains(
                "... and 951 more (951 violations: RECORD_DRIFT 951): `mlos guard --json` lists"
                    + " them"),
        guard.err());
    JsonNode json =
        new ObjectMapper().readTree(InProcess.run(dir, Main.REFUSED, "guard", "--json").out());
    int total = 0;
    for (JsonNode v : json.get("violations")) {
      total += v.get("count").asInt();
    }
    assertEquals(1001, json.get("violations").size());
    assertEquals(1003, total);
  }

  @Test
  void aHandEditedLineIsShownEscapedNeverDrivingTheTerminal() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "compile");
    Files.writeString(
        dir.resolve("PROBLEM.md"),
        Files.readString(dir.resolve("PROBLEM.md")) + "\u001b[2J\u001b[31mred \u202eevil\n");

    String err = InProcess.run(dir, Main.REFUSED, "guard").err();

    assertFalse(err.contains("\u001b"), err);
    assertFalse(err.contains("\u202e"), err);
    assertTrue(err.contains("+\\u001B[2J\\u001B[31mred \\u202Eevil"), err);
  }

  /**
   * An unchanged line of the diff is printed after one space: a description's line {@code
   * ::add-mask::main} came out as {@code " ::add-mask::main"}, which GitHub Actions' runner trims
   * and takes for a command (the value masked in the rest of the job's log), and a CI job runs the
   * guard on a pull request's descriptions.
   */
  @Test
  void aDiffLineStartsNoCiRunnerCommand() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(
        dir,
        "need",
        "create",
        "Boots",
        "--description",
        "intro\n::add-mask::main\nend",
        "--as",
        "alice");
    InProcess.ok(dir, "compile");
    Path page = dir.resolve("needs/1-boots.md");
    Files.writeString(page, Files.readString(page).replace("\nend\n", "\nend (edited)\n"));

    String err = InProcess.run(dir, Main.REFUSED, "guard").err();

    assertTrue(err.contains("\n :\\u003Aadd-mask::main\n-end\n+end (edited)"), err);
    assertTrue(err.lines().noneMatch(l -> l.strip().startsWith("::")), err);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
