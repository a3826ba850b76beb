package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.Reporter;
import dev.mlos.core.dbtext.MergeDriver;
import dev.mlos.core.dbtext.TextMerge;
import dev.mlos.core.guard.GuardFix;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** The core's remedies in Maven's words: the goal to run, the property to set. */
class MavenSuggestionsTest {
  private static String word(Remedy r) {
    return MavenSuggestions.INSTANCE.word(r);
  }

  /**
   * The guard's fix for a record file imported from a source with a comma in it (data/a,b.yaml)
   * said `mvn mlos:import -Dmlos.import=data/a,b.yaml`, which Maven splits into 'data/a' and
   * 'b.yaml': the fix did not work as written. Each import now names its source so that
   * -Dmlos.import reads it back as one path, quoted for a POSIX shell.
   */
  @Test
  void anImportsFixNamesAnyPathSoThatMavenReadsItBackAsOnePath() {
    assertEquals(
        "`mvn mlos:import '-Dmlos.import=data/a\\,b.yaml'`",
        word(Remedy.importPaths("data/a,b.yaml")));
    // A quote, a dollar, a backtick, a space: one shell word, in single quotes; the command,
    // holding a backtick, set off by two (in one pair, the path's own backtick ended the command).
    assertEquals(
        "`` mvn mlos:import '-Dmlos.import=data/it'\\''s $HOME `id`.yaml' ``",
        word(Remedy.importPaths("data/it's $HOME `id`.yaml")));
    assertEquals(
        "``` mvn mlos:accept '-Dmlos.accept=docs/a``b.md' ```",
        word(Remedy.accept("docs/a``b.md", 4)));
    // Maven reads ${...} in a property's value as an expression: written $\{ instead.
    assertEquals(
        "`mvn mlos:import '-Dmlos.import=data/$\\{x}.yaml'`",
        word(Remedy.importPaths("data/${x}.yaml")));
    for (String path :
        List.of(
            "data/a,b.yaml",
            "a,,b/,c,.yaml",
            "data/it's $HOME `id`.yaml",
            "data/${x},${y}.yaml",
            "data/$${x}.yaml",
            "data/$,{x}.yaml",
            "caf\u00e9 &; |<>*?[]~!#.yaml")) {
      String word = word(Remedy.importPaths(path));
      // The command between its backticks (two and a space each side when it holds one).
      String command = word.replaceAll("^(`+) ?(.*?) ?\\1$", "$2");
      String property = unquoted(command.substring("mvn mlos:import ".length()));
      assertTrue(property.startsWith("-Dmlos.import="), property);
      String value = property.substring("-Dmlos.import=".length());
      assertFalse(value.contains("${"), "Maven would evaluate " + value);
      assertEquals(List.of(path), MavenPathList.split(value), word);
    }
  }

  /** The one shell word {@code word} stands for: its single quotes (and '\'' in them) removed. */
  static String unquoted(String word) {
    if (!word.startsWith("'")) {
      return word;
    }
    assertTrue(word.endsWith("'"), word);
    return word.substring(1, word.length() - 1).replace("'\\''", "'");
  }

  @Test
  void everyKindIsAGoalOrAProperty() {
    assertEquals("`mvn mlos:compile`", word(Remedy.compile()));
    assertEquals("`mvn mlos:init`", word(Remedy.init()));
    assertEquals("-Dmlos.compile.full", word(Remedy.compileFull()));
    assertEquals("`mvn mlos:init -Dmlos.pullText`", word(Remedy.pullTextForm()));
    assertEquals("`mvn mlos:import -Dmlos.import=data`", word(Remedy.importPaths("data")));
    // One shell word when pasted: a pattern zsh would expand, a path with a space.
    assertEquals("`mvn mlos:import '-Dmlos.import=docs/**'`", word(Remedy.importPaths("docs/**")));
    assertEquals("`mvn mlos:import '-Dmlos.import=my data'`", word(Remedy.importPaths("my data")));
    assertEquals("`mvn mlos:import`", word(Remedy.importPaths(null)));
    assertEquals(
        "`mvn mlos:accept -Dmlos.accept=docs/boot.md`", word(Remedy.accept("docs/boot.md")));
    assertEquals("`mvn mlos:accept -Dmlos.accept=<path>`", word(Remedy.accept(null)));
    // Maven splits -Dmlos.accept at commas: such a path is named by its artifact's id.
    assertEquals("`mvn mlos:accept -Dmlos.accept=2`", word(Remedy.accept("docs/a,b.md", 2)));
    // Maven reads a ${ in the property as an expression: '-Dmlos.accept=docs/${basedir}.md' named
    // 'docs//work/ws.md', which no artifact has. Such a path is named by its id too.
    assertEquals("`mvn mlos:accept -Dmlos.accept=2`", word(Remedy.accept("docs/${basedir}.md", 2)));
    assertEquals(
        "`mvn mlos:accept '-Dmlos.accept=docs/my notes.md'`",
        word(Remedy.accept("docs/my notes.md", 2)));
    assertEquals(
        "`mvn mlos:accept -Dmlos.accept=docs/boot.md`", word(Remedy.accept("docs/boot.md", 2)));
    assertEquals("`mvn mlos:accept -Dmlos.accept.all=true`", word(Remedy.acceptAll()));
    assertEquals(
        "`database:` in mlos.yaml (or -Dmlos.database)", word(Remedy.setting("database", null)));
    assertEquals("-Dmlos.accept.all=true", word(Remedy.setting("accept.all", "true")));
    // No goal starts an agent run: the fix names the command that does, and says so.
    assertEquals(
        "`mlos agent start 4` (no goal of the plugin starts one)", word(Remedy.startAgent(4)));
    // The fix of an acting agent that is not registered names no type: it threw a
    // NullPointerException, which a build would have shown in place of the refusal.
    assertEquals(
        "`mlos agent register <agent type>` (no goal of the plugin registers one)",
        word(Remedy.registerAgent(null)));
  }

  @Test
  void aCoreFixNamesTheSettingWhereAUserSetsIt() {
    MlosException e =
        new MlosException("Database x: it does not exist", "run {0} to create it, or set {1}")
            .suggesting(Remedy.init(), Remedy.setting("database", null));
    assertEquals(
        "run `mvn mlos:init` to create it, or set `database:` in mlos.yaml (or -Dmlos.database)",
        e.fix(MavenSuggestions.INSTANCE));
  }

  @Test
  void theGuardsFixesReadAsTheyDidWhenTheCoreSpokeMaven() {
    assertEquals(
        "review drifted artifacts and run `mvn mlos:accept -Dmlos.accept=<path>`; move hand edits"
            + " into the database, then run `mvn mlos:compile` and commit the compiled files",
        GuardFix.of(
            List.of(
                new Violation(ViolationClass.HAND_EDITED, "a.md", 0, "m", "", ""),
                new Violation(ViolationClass.ARTIFACT_DRIFT, "d.md", 0, "m", "", "")),
            MavenSuggestions.INSTANCE));
    assertTrue(
        ViolationClass.STALE
            .help(MavenSuggestions.INSTANCE)
            .endsWith(" Run `mvn mlos:compile` and commit the result."));
    assertTrue(
        ViolationClass.ARTIFACT_DRIFT
            .help(MavenSuggestions.INSTANCE)
            .contains("record the new hash with `mvn mlos:accept -Dmlos.accept=<path>` (this"));
    assertEquals(
        "review the change, then run `mvn mlos:accept -Dmlos.accept=docs/boot.md`",
        new Violation(
                ViolationClass.ARTIFACT_DRIFT,
                "docs/boot.md",
                0,
                "m",
                "",
                "review the change, then run {0}",
                List.of(Remedy.accept("docs/boot.md")))
            .fix(MavenSuggestions.INSTANCE));
  }

  @Test
  void theSkippedCompilesHintNamesTheProperty() {
    // The plugin's reporter carries its wording into the core's progress lines.
    Reporter reporter = new MavenReporter(new SystemStreamLog());
    assertEquals(MavenSuggestions.INSTANCE, reporter.wording());
    assertEquals(
        "-Dmlos.compile.full renders every page anyway.",
        Remedy.format(
            "{0} renders every page anyway.", List.of(Remedy.compileFull()), reporter.wording()));
  }

  @Test
  void theMergeSummarysNextStepIsTheInitGoalThatPullsTheTextForm() {
    TextMerge.Result clean = new TextMerge.Result("", List.of(), List.of(), List.of());
    assertEquals(
        List.of(
            "mlos.db.sql: merged row by row. Take its rows into the database: run `mvn"
                + " mlos:init -Dmlos.pullText`, then compile"),
        MergeDriver.summary("mlos.db.sql", clean, MavenSuggestions.INSTANCE));
    TextMerge.Result conflicted =
        new TextMerge.Result(
            "",
            List.of(new TextMerge.Conflict("needs", "7", "both changed")),
            List.of(),
            List.of());
    assertTrue(
        MergeDriver.summary("mlos.db.sql", conflicted, MavenSuggestions.INSTANCE)
            .get(2)
            .endsWith("take its rows into the database with `mvn mlos:init -Dmlos.pullText`"));
  }

  /** More heap for a goal: the goals run in Maven's own JVM. */
  @Test
  void moreMemoryIsMavensJvm() {
    assertEquals(
        "`MAVEN_OPTS=-Xmx2048m mvn ...` (or -Xmx2048m in the project's .mvn/jvm.config)",
        word(Remedy.moreMemory(2048)));
  }

  /**
   * A merge of text forms too large for the heap (a sparse file of 64 GiB, refused before a byte is
   * read) is told Maven's setting alone: the core named JAVA_TOOL_OPTIONS beside it.
   */
  @Test
  void aMergeTooLargeForTheHeapNamesMavensSetting(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path ours = dir.resolve("ours.sql");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(ours.toFile(), "rw")) {
      f.setLength(64L << 30);
    }
    Path empty = java.nio.file.Files.writeString(dir.resolve("base.sql"), "");
    MlosException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            MlosException.class, () -> TextMerge.mergeFiles(empty, ours, empty));
    assertEquals(
        "give Java more memory and run it again: `MAVEN_OPTS=-Xmx655616m mvn ...` (or -Xmx655616m"
            + " in the project's .mvn/jvm.config)",
        e.fix(MavenSuggestions.INSTANCE));
  }
}
