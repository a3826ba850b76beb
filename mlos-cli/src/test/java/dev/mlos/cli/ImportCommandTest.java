package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlos import}: a workspace kept with the {@code mlos} command alone (README's quick start,
 * no POM) could register files one by one only, without the titles of their front matter, and an
 * agentos-graph workspace could not import its records at all: {@code mlos import} answered "did
 * you mean `mlos compile`?". It runs the core's import, as {@code mvn mlos:import} does.
 */
class ImportCommandTest {
  @TempDir Path dir;

  @Test
  void filesInNestedFoldersAreRegisteredWithTheTitlesTheirFilesGive() throws Exception {
    InProcess.ok(dir, "init");
    Path cards = Files.createDirectories(dir.resolve("docs/data/cards"));
    Files.writeString(
        cards.resolve("reviews.md"),
        "---\ntitle: Review corpus data card\ndescription: Where the reviews come from.\n---\n"
            + "# Data card\n");
    Path runs = Files.createDirectories(dir.resolve("notes/2026/12"));
    Files.writeString(runs.resolve("sync.md"), "# Weekly sync\n");
    Files.writeString(runs.resolve("run.py"), "x = 1\n");

    InProcess.Run first = InProcess.ok(dir, "import", "docs", "notes/**/*.md");

    assertEquals(
        "Registered docs/data/cards/reviews.md as artifact 1 (document)\n"
            + "Registered notes/2026/12/sync.md as artifact 2 (document)\n"
            + "Imported: 2 added, 0 updated, 0 unchanged, 0 skipped\n"
            + "Views that show artifacts are now stale: run `mlos compile`.\n",
        first.out());
    assertTrue(
        InProcess.ok(dir, "artifact", "show", "1")
            .out()
            .contains("'Review corpus data card' [document]"),
        "titled from its front matter");

    InProcess.Run again = InProcess.ok(dir, "import", "notes", "--type", "code", "--json");
    assertTrue(again.out().contains("\"file_path\" : \"notes/2026/12/run.py\""), again.out());
    assertTrue(again.out().contains("\"artifact_type\" : \"code\""), again.out());
  }

  @Test
  void anAgentosGraphWorkspaceImportsItsRecords() throws Exception {
    InProcess.ok(dir, "init", "--pack", "agentos-graph");
    Files.createDirectories(dir.resolve("shapes"));
    Files.writeString(
        dir.resolve("shapes/person.yaml"),
        "name: person\nfields: { name: string }\nidentity: [name]\n");
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/people.yaml"), "- _shape: person\n  name: Ada Lovelace\n");

    InProcess.Run imported = InProcess.ok(dir, "import", "data");

    assertTrue(imported.out().startsWith("Imported "), imported.out());
    InProcess.ok(dir, "compile");
    assertTrue(
        Files.readString(dir.resolve("records/person.md")).contains("Ada Lovelace"),
        "the record is in the graph");

    InProcess.Run typed = InProcess.run(dir, Main.BROKEN, "import", "data", "--type", "code");
    assertTrue(typed.err().contains("leave the artifact type out"), typed.err());

    // A record file edited and not imported: mlos guard refuses, the import on the fix line.
    InProcess.ok(dir, "guard");
    Files.writeString(dir.resolve("data/people.yaml"), "- _shape: person\n  name: Ada King\n");
    InProcess.Run drift = InProcess.run(dir, Main.REFUSED, "guard");
    assertTrue(
        drift
            .err()
            .contains(
                "RECORD_DRIFT data/people.yaml - record file 'data/people.yaml' changed since it"
                    + " was imported"),
        drift.err());
    assertTrue(
        drift
            .err()
            .contains(
                System.lineSeparator()
                    + "  fix: import it: run `mlos import data`, then `mlos compile`"
                    + System.lineSeparator()),
        drift.err());
    // Plain init keeps no text form (mlos.db.sql): no file to commit is named.
    assertFalse(drift.err().contains("text form"), drift.err());
    assertTrue(
        drift
            .err()
            .contains(
                "  fix: import the record files that differ from the graph again with"
                    + " `mlos import data`; run `mlos compile`"),
        drift.err());
    InProcess.ok(dir, "import", "data");
    InProcess.ok(dir, "compile");
    InProcess.ok(dir, "guard");
  }

  /**
   * A record file whose path starts with '@', imported on its own: the guard's fix said `mlos
   * import @team/people.yaml`, which picocli reads as a file of arguments (team/people.yaml, whose
   * lines became the import's paths). The fix writes it '@@team/people.yaml', which picocli hands
   * over as '@team/people.yaml'; followed as written, the guard is green.
   */
  @Test
  void theGuardsFixForAPathThatStartsWithAnAtSignWorksAsWritten() throws Exception {
    InProcess.ok(dir, "init", "--pack", "agentos-graph");
    Files.createDirectories(dir.resolve("shapes"));
    Files.writeString(
        dir.resolve("shapes/person.yaml"),
        "name: person\nfields: { name: string }\nidentity: [name]\n");
    Files.createDirectories(dir.resolve("@team"));
    Files.createDirectories(dir.resolve("team"));
    Files.writeString(dir.resolve("@team/people.yaml"), "- _shape: person\n  name: Ada\n");
    Files.writeString(dir.resolve("team/people.yaml"), "- _shape: person\n  name: Grace\n");
    InProcess.ok(dir, "import", "@@team/people.yaml");
    InProcess.ok(dir, "compile");
    Files.writeString(dir.resolve("@team/people.yaml"), "- _shape: person\n  name: Ada King\n");

    InProcess.Run drift = InProcess.run(dir, Main.REFUSED, "guard");

    assertTrue(
        drift.err().contains("  fix: import it: run `mlos import @@team/people.yaml`, then"),
        drift.err());
    InProcess.ok(dir, "import", "@@team/people.yaml");
    InProcess.ok(dir, "compile");
    InProcess.ok(dir, "guard");
  }

  /**
   * A file the artifact rules refuse (here two spellings of one file on macOS and Windows) refused
   * the import as "error: The database refused the import: ...", exit 2: a broken setup, where a
   * rule was violated. It is the rule's refusal, exit 1, with its fix on the fix line.
   */
  @Test
  void aFileARuleRefusesIsARefusalOfThatRuleNotABrokenSetup() throws Exception {
    InProcess.ok(dir, "init");
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/Spec.md"), "# Spec\n");
    Files.writeString(dir.resolve("docs/spec.md"), "# spec\n");

    InProcess.Run refused = InProcess.run(dir, Main.REFUSED, "import", "docs");

    assertEquals(
        "refused (artifact.path): 'docs/Spec.md' and 'docs/spec.md' differ only in case: where"
            + " names ignore case or Unicode form (macOS, Windows) they are one file, so two"
            + " artifacts there would be one file, and one of them would drift at every guard\n"
            + "  fix: rename one of the two files, or leave one out\n",
        refused.err());
    // Nothing of the import was recorded.
    InProcess.run(dir, Main.REFUSED, "artifact", "show", "1");
  }

  /**
   * {@code mlos import ../} exited 2 with "error: '../' is outside the workspace", a broken setup,
   * where {@code mlos artifact register ../x} is refused by the rule for artifacts' paths, exit 1:
   * the import refuses the same way now, the rule named and the fix on its own line.
   */
  @Test
  void aPathOutsideTheWorkspaceIsARefusalOfThePathRuleAsForRegister() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("notes.md"), "# Notes\n");

    for (String path : java.util.List.of("../", "../x.md", dir.getParent().toString())) {
      InProcess.Run refused = InProcess.run(dir, Main.REFUSED, "import", "notes.md", path);
      assertTrue(
          refused.err().startsWith("refused (artifact.path): '" + path + "' is outside the"),
          refused.err());
      assertTrue(
          refused
              .err()
              .endsWith(
                  "\n  fix: name the files by their paths relative to the workspace root, inside"
                      + " it (docs, or docs/spec.md); a file outside the workspace cannot be an"
                      + " artifact (copy it in first)\n"),
          refused.err());
    }
    // Nothing of the import was recorded, the file inside the workspace neither.
    InProcess.run(dir, Main.REFUSED, "artifact", "show", "1");
  }

  /**
   * In an agentos-graph workspace {@code mlos import ../} still exited 2, "Invalid workspace path
   * ... is outside the workspace" with a fix about 'docs/tasks/task-1.md', a broken setup, where
   * the artifact import refuses it by its path rule, exit 1: the graph import refuses it by its own
   * path rule now ({@code graph.path}), the fix on its own line, nothing imported.
   */
  @Test
  void aRecordPathOutsideTheWorkspaceIsARefusalOfTheGraphPathRule() throws Exception {
    InProcess.ok(dir, "init", "--pack", "agentos-graph");
    Files.createDirectories(dir.resolve("shapes"));
    Files.writeString(
        dir.resolve("shapes/person.yaml"),
        "name: person\nfields: { name: string }\nidentity: [name]\n");
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/people.yaml"), "- _shape: person\n  name: Ada\n");
    Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-elsewhere"));
    Files.createSymbolicLink(dir.resolve("out"), outside);
    String root = dir.toAbsolutePath().normalize().toString();

    for (String path : List.of("../", "../x.yaml", outside.toString(), "out")) {
      InProcess.Run refused = InProcess.run(dir, Main.REFUSED, "import", "data", path);
      assertTrue(
          refused
              .err()
              .startsWith(
                  "refused (graph.path): '"
                      + path
                      + (path.equals("out")
                          ? "' is not a path inside the workspace " + root + ": "
                          : "' is outside the workspace " + root + "\n")),
          refused.err());
      assertTrue(
          refused
              .err()
              .endsWith(
                  "\n  fix: name the record files or directories by their paths relative to the"
                      + " workspace root, inside it (data, or data/people.yaml); a file outside"
                      + " the workspace is not imported (copy it in first)\n"),
          refused.err());
    }
    // Nothing of the refused imports was recorded, the file inside the workspace neither.
    InProcess.ok(dir, "compile");
    Path page = dir.resolve("records/person.md");
    assertTrue(!Files.exists(page) || !Files.readString(page).contains("Ada"), "not imported");
    InProcess.ok(dir, "import", "data");
    InProcess.ok(dir, "compile");
    assertTrue(Files.readString(page).contains("Ada"), "imported once the path is inside");
  }

  /**
   * The paths a refusal in a subdirectory names: from there, or as typed when only the root has
   * them; each one word picocli reads back as it is (a directory starting with '@' or '-').
   */
  @Test
  void theRefusalInASubdirectoryNamesEachPathSoThatItWorks() throws Exception {
    Path root = dir.toRealPath();
    Files.createDirectories(root.resolve("data"));
    Files.writeString(root.resolve("data/a b.yaml"), "x");
    Files.createDirectories(root.resolve("@team"));
    Files.createDirectories(root.resolve("-n"));
    Path data = root.resolve("data");
    assertEquals(
        List.of("'data/a b.yaml'", "'data/a b.yaml'", "data"),
        ImportCommand.meant(root, data, List.of("data/a b.yaml", "a b.yaml", ".")));
    assertEquals(
        List.of("@@team/p.yaml"),
        ImportCommand.meant(root, root.resolve("@team"), List.of("p.yaml")));
    assertEquals(
        List.of("-n/y.yaml"), ImportCommand.meant(root, root.resolve("-n"), List.of("y.yaml")));
  }
}
