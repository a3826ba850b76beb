package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code artifact register} of a path that differs from an artifact's only in case: two files on
 * Linux, one on a teammate's Mac, where one of the two artifacts drifted at every guard.
 */
class ArtifactRegisterCommandTest {
  @TempDir Path dir;

  /**
   * A trial: {@code artifact register notes.md --title 'Design notes'} of a registered, unchanged
   * file answered "(unchanged)" with the old title and nothing else; the title was not recorded (an
   * unchanged file keeps its title, by design) and the answer now says so, with the command that
   * changes it, and {@code not_recorded} in JSON.
   */
  @Test
  void aTitleNotRecordedForAnUnchangedFileIsSaidWithTheCommandThatChangesIt() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("notes.md"), "# Notes\n");
    InProcess.ok(dir, "artifact", "register", "notes.md");

    String out =
        InProcess.ok(dir, "artifact", "register", "notes.md", "--title", "Design notes").out();

    assertTrue(out.startsWith("artifact 1 notes.md 'notes.md' "), out);
    assertTrue(
        out.contains(
            "(unchanged)\n  not recorded: the title given (the file is unchanged, and registering"
                + " it again keeps what is recorded); change it with `mlos artifact update 1"
                + " --title <title>`"),
        out);
    String json =
        InProcess.ok(dir, "artifact", "register", "notes.md", "--description", "d", "--json").out();
    assertTrue(json.replace(" ", "").contains("\"not_recorded\":[\"description\"]"), json);
    // The title it has already, or none given: nothing to say.
    String same =
        InProcess.ok(dir, "artifact", "register", "notes.md", "--title", "notes.md").out();
    assertTrue(!same.contains("not recorded"), same);
  }

  /**
   * A trial rehashed a drifted artifact as the guard's fix said and the next guard failed STALE:
   * {@code mvn mlos:accept} and {@code mlos import} say the views that show artifacts are stale
   * then, {@code artifact rehash} and {@code artifact register} said nothing.
   */
  @Test
  void aRegisterOrRehashThatWritesSaysTheViewsAreStale() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("notes.md"), "# Notes\n");
    String stale = "\nViews that show artifacts are now stale: run `mlos compile`.\n";

    assertTrue(InProcess.ok(dir, "artifact", "register", "notes.md").out().endsWith(stale));
    String unchanged = InProcess.ok(dir, "artifact", "register", "notes.md").out();
    assertTrue(!unchanged.contains("stale"), unchanged);
    Files.writeString(dir.resolve("notes.md"), "# Notes\n\nmore\n");
    String rehashed = InProcess.ok(dir, "artifact", "rehash", "1").out();
    assertTrue(rehashed.contains("(updated)" + stale), rehashed);
    InProcess.ok(dir, "compile");
    assertTrue(InProcess.ok(dir, "guard").out().contains("no violations"));
  }

  /**
   * {@code artifact register data/raw/} was told, in the core's words, that "an import of the
   * directory registers every file under it", after a message of two parentheses in a row: the
   * refusal is one sentence now, and its fix names this command's import, which works as written.
   */
  @Test
  void aDirectoryIsRefusedInOneSentenceWithTheImportThatRegistersItsFiles() throws Exception {
    InProcess.ok(dir, "init");
    Files.createDirectories(dir.resolve("data/raw"));
    Files.writeString(dir.resolve("data/raw/a.csv"), "a,b\n");

    InProcess.Run refused = InProcess.run(dir, Main.REFUSED, "artifact", "register", "data/raw/");

    assertEquals(
        "refused (artifact.path): 'data/raw/' names the directory 'data/raw' of the workspace: an"
            + " artifact is one regular file\n"
            + "  fix: register each file of it on its own, or import the directory with `mlos"
            + " import data/raw`, which registers every file under it\n",
        refused.err());
    InProcess.Run bare = InProcess.run(dir, Main.REFUSED, "artifact", "register", "data/raw");
    assertTrue(bare.err().contains("with `mlos import data/raw`, which registers"), bare.err());
    // The fix as written registers the directory's file.
    String imported = InProcess.ok(dir, "import", "data/raw").out();
    assertTrue(imported.contains("Imported: 1 added"), imported);
  }

  @Test
  void aSecondSpellingOfAnArtifactsPathIsRefusedNamingItAndTheFix() throws Exception {
    InProcess.ok(dir, "init");
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/Spec.md"), "# Spec\n");
    Files.writeString(dir.resolve("docs/spec.md"), "# spec\n");
    InProcess.ok(dir, "artifact", "register", "docs/Spec.md", "--as", "alice");

    InProcess.Run refused =
        InProcess.run(dir, Main.REFUSED, "artifact", "register", "docs/spec.md", "--as", "alice");

    assertTrue(refused.err().startsWith("refused (artifact.path): "), refused.err());
    assertTrue(
        refused.err().contains("'docs/spec.md' and artifact 1's path 'docs/Spec.md' differ only"),
        refused.err());
    // On the fix line, where a person and a script look for what to do.
    assertTrue(
        refused
            .err()
            .endsWith(
                " would drift at every guard\n"
                    + "  fix: register it as 'docs/Spec.md'; if the file was renamed, move"
                    + " artifact 1 to its new path instead (its edges stay): `mlos artifact move 1"
                    + " <new path>`\n"),
        refused.err());
  }

  /**
   * {@code artifact register aux.md}: accepted on Linux, the file then broke the clone of every
   * teammate on Windows, where git cannot check such a name out.
   */
  @Test
  void aNameWindowsRefusesIsRefusedNamingTheRuleAndTheRename() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("con.txt"), "con\n");

    InProcess.Run refused =
        InProcess.run(dir, Main.REFUSED, "artifact", "register", "con.txt", "--as", "alice");

    assertTrue(
        refused
            .err()
            .startsWith(
                "refused (artifact.path): 'con.txt' is not a name every clone can check out,"
                    + " Windows included: the name 'con.txt' is CON with an extension"),
        refused.err());
    assertTrue(
        refused
            .err()
            .contains(
                "fix: rename the file (or directory) to a name Windows accepts too, for example"
                    + " with `git mv con.txt <new name>`"),
        refused.err());
  }
}
