package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import org.junit.jupiter.api.Test;

/**
 * The core's remedies in the mlos command's words; what it has no subcommand for keeps the core's.
 */
class CliSuggestionsTest {
  @Test
  void compileAndInitAreSubcommandsTheRestKeepsTheCoresWords() {
    MlosException e =
        new MlosException("Database x: it does not exist", "run {0} to create it, or set {1}")
            .suggesting(Remedy.init(), Remedy.setting("database", null));
    // The command line has no --database option: the setting is mlos.yaml's key.
    assertEquals(
        "run `mlos init` to create it, or set `database:` in the workspace's mlos.yaml",
        e.fix(CliSuggestions.INSTANCE));
    assertEquals("`mlos compile`", CliSuggestions.INSTANCE.word(Remedy.compile()));
    assertEquals("`mlos compile --full`", CliSuggestions.INSTANCE.word(Remedy.compileFull()));
    assertEquals("`mlos init --pull-text`", CliSuggestions.INSTANCE.word(Remedy.pullTextForm()));
    assertEquals("`mlos guard`", CliSuggestions.INSTANCE.word(Remedy.guard()));
    // Accepting a drifted artifact is re-hashing it by its id (the guard's line names the id):
    // `artifact register` of a changed file would drop the description it was registered with.
    assertEquals(
        "`mlos artifact rehash 3`",
        CliSuggestions.INSTANCE.word(Remedy.accept("docs/my notes.md", 3)));
    assertEquals(
        "`mlos artifact rehash 3`", CliSuggestions.INSTANCE.word(Remedy.accept("-x.md", 3)));
    assertEquals("`mlos artifact rehash <id>`", CliSuggestions.INSTANCE.word(Remedy.accept(null)));
    // A path holding a backtick: the command is set off by two, as Markdown writes such a span.
    assertEquals(
        "`` mlos import 'data/a`b.yaml' ``",
        CliSuggestions.INSTANCE.word(Remedy.importPaths("data/a`b.yaml")));
    assertEquals(
        "`` mlos artifact register 'docs/a`b.md' ``",
        CliSuggestions.INSTANCE.word(Remedy.accept("docs/a`b.md")));
    // Only a path known, no id: registering the path again is the one command that names it.
    assertEquals(
        "`mlos artifact register docs/boot.md`",
        CliSuggestions.INSTANCE.word(Remedy.accept("docs/boot.md")));
    // A path the shell would split or read is quoted, so the fix works when pasted.
    assertEquals(
        "`mlos artifact register 'docs/my notes.md'`",
        CliSuggestions.INSTANCE.word(Remedy.accept("docs/my notes.md")));
    assertEquals(
        "`mlos artifact register 'docs/it'\\''s.md'`",
        CliSuggestions.INSTANCE.word(Remedy.accept("docs/it's.md")));
    // A path that starts with '-' would be read as an option: the fix named it after `--`.
    assertEquals(
        "`mlos artifact register -- -x.md`", CliSuggestions.INSTANCE.word(Remedy.accept("-x.md")));
    assertEquals(
        "`mlos artifact rehash <id>` for each drifted artifact (the id its line names)",
        CliSuggestions.INSTANCE.word(Remedy.acceptAll()));
    assertEquals("`mlos agent start 4`", CliSuggestions.INSTANCE.word(Remedy.startAgent(4)));
    // The guard's fix for a record file names the import of its source, as one shell word.
    assertEquals("`mlos import data`", CliSuggestions.INSTANCE.word(Remedy.importPaths("data")));
    assertEquals(
        "`mlos import 'my data'`", CliSuggestions.INSTANCE.word(Remedy.importPaths("my data")));
    assertEquals(
        "`mlos import -- -data`", CliSuggestions.INSTANCE.word(Remedy.importPaths("-data")));
    // picocli reads a word that starts with '@' as a file of arguments, unless it is '@@'.
    assertEquals(
        "`mlos import @@team/people.yaml`",
        CliSuggestions.INSTANCE.word(Remedy.importPaths("@team/people.yaml")));
    assertEquals(
        "`` mlos import 'data/it'\\''s $HOME, `id`.yaml' ``",
        CliSuggestions.INSTANCE.word(Remedy.importPaths("data/it's $HOME, `id`.yaml")));
    assertEquals(
        "`mlos artifact register @@notes.md`",
        CliSuggestions.INSTANCE.word(Remedy.accept("@notes.md")));
    // zsh replaces a word that starts with '=' by the path of the command it names ('=x.yaml':
    // "zsh: x.yaml not found"), and bash does not: quoted, it is the path in both.
    assertEquals(
        "`mlos import '=x.yaml'`", CliSuggestions.INSTANCE.word(Remedy.importPaths("=x.yaml")));
    assertEquals(
        "`mlos import data/=x.yaml`",
        CliSuggestions.INSTANCE.word(Remedy.importPaths("data/=x.yaml")));
  }

  /**
   * More heap for the command: it is `java -jar mlos.jar` or an alias for it, so the JVM's own
   * JAVA_TOOL_OPTIONS, or -Xmx on the java line (no launcher script reads JAVA_OPTS).
   */
  @Test
  void moreMemoryIsTheJvmsOwnSetting() {
    assertEquals(
        "`JAVA_TOOL_OPTIONS=-Xmx1024m mlos ...` (or -Xmx1024m before -jar where `java -jar"
            + " mlos.jar` is run)",
        CliSuggestions.INSTANCE.word(Remedy.moreMemory(1024)));
  }
}
