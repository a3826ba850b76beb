package dev.mlos.core.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaffolderTest {
  @TempDir Path dir;

  private static WorkspaceConfig config(Path root) {
    return new ConfigLoader().load(root, new ConfigOverrides(null, null, null, null, Map.of()));
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  @Test
  void anEmptyDirectoryGetsAWorkspaceWhoseNameIsPinnedAndWhoseConfigLoads() throws IOException {
    Path root = Files.createDirectories(dir.resolve("My Team's Work"));

    ScaffoldResult r = new Scaffolder().scaffold(config(root), "1.2.3");

    assertEquals(
        List.of(
            "pom.xml",
            "mlos.yaml",
            ".gitignore",
            ".gitattributes",
            ".github/workflows/mlos.yml",
            ".markdownlint-cli2.jsonc",
            "mlos.db.sql"),
        r.written());
    assertEquals(List.of(), r.kept());
    assertEquals("my-team-s-work", r.workspace());
    assertTrue(
        read(root.resolve("mlos.yaml")).contains("\nworkspace: my-team-s-work\n"),
        read(root.resolve("mlos.yaml")));
    // The scaffolded mlos.yaml is valid, and its name no longer depends on the directory.
    assertEquals("my-team-s-work", config(root).name());
    Path clone = dir.resolve("elsewhere");
    Files.createDirectories(clone);
    Files.copy(root.resolve("mlos.yaml"), clone.resolve("mlos.yaml"));
    assertEquals("my-team-s-work", config(clone).name());

    String pom = read(root.resolve("pom.xml"));
    assertTrue(pom.contains("<artifactId>my-team-s-work</artifactId>"), pom);
    assertTrue(pom.contains("<mlos.version>1.2.3</mlos.version>"), pom);
    assertTrue(pom.contains("<goal>init</goal>") && pom.contains("<goal>guard</goal>"), pom);
    assertTrue(
        pom.startsWith("<?xml") && pom.contains("<modelVersion>4.0.0</modelVersion>"),
        "a full POM, not a fragment");

    String attributes = read(root.resolve(".gitattributes"));
    assertTrue(attributes.contains("\n/mlos.db.sql text eol=lf merge=mlos-db\n"), attributes);
    assertTrue(
        attributes.contains("\n/PROBLEM.md text eol=lf linguist-generated=true merge=mlos-page\n"),
        attributes);
    assertTrue(
        attributes.contains(
            "\n/needs/*-*.md text eol=lf linguist-generated=true merge=mlos-page\n"),
        attributes);
    String ignore = read(root.resolve(".gitignore"));
    assertTrue(ignore.contains("\ntarget/\n") && ignore.contains("\nmlos.db-journal\n"), ignore);
    assertTrue(
        ignore.lines().anyMatch(l -> l.equals("mlos.db")),
        "the binary database is ignored: " + ignore);
    assertFalse(
        ignore.lines().anyMatch(l -> l.equals("mlos.db.sql") || l.equals("*.sql")),
        "its text form is committed: " + ignore);
    // A user trial: agents' servers recompile in the background, so a git add -A can meet a page's
    // temporary file (.PROBLEM.md.mlos-tmp-...) half way.
    assertTrue(ignore.lines().anyMatch(l -> l.equals(".*.mlos-tmp-*")), ignore);
    assertEquals(
        dev.mlos.core.dbtext.DatabaseText.HEADER + "\n", read(root.resolve("mlos.db.sql")));

    String workflow = read(root.resolve(".github/workflows/mlos.yml"));
    int install = workflow.indexOf("install -DskipTests");
    int verify = workflow.indexOf("mvn -B -ntp verify");
    assertTrue(
        install > 0 && verify > install,
        "mlos is installed before the workspace is verified: " + workflow);
    assertTrue(workflow.contains("MLOS_REF: v1.2.3"), "a release builds its tag: " + workflow);
    for (String f : r.written()) {
      assertFalse(read(root.resolve(f)).contains("\r"), f + " has LF line endings");
      assertFalse(
          java.util.regex.Pattern.compile("@[A-Za-z]+@").matcher(read(root.resolve(f))).find(),
          f + " has an unfilled placeholder");
    }
    assertTrue(
        r.nextSteps().stream().anyMatch(s -> s.startsWith("`compile` writes the pages")),
        r.nextSteps().toString());
    // Every placeholder of the steps is one of their remedies: none is left unworded.
    assertTrue(
        r.nextSteps(x -> "<" + x.kind() + ">").stream()
            .noneMatch(s -> s.contains("{") || s.contains("mlos:")),
        r.nextSteps().toString());
  }

  @Test
  void theNextStepsSayHowRowsGetIntoTheDatabaseOfTheWorkspacesPack() throws IOException {
    // The mlos pack: the mlos command changes its rows (a new user was sent to sqlite3 only), an
    // import registers files as artifacts.
    Path mlos = Files.createDirectories(dir.resolve("tasks"));
    assertTrue(
        new Scaffolder()
            .scaffold(config(mlos), "1.2.3")
            .nextSteps()
            .contains(
                "put rows into the database: the mlos command (`mlos need create`, docs/cli.md)"
                    + " and your agents' MCP servers change needs, tasks and agents, `import docs`"
                    + " registers files, or use sqlite3 on mlos.db"));
    // agentos-graph (README): the records in data/ are imported into the graph, not files
    // registered; an import of docs/ would read pages as records.
    Path graph = Files.createDirectories(dir.resolve("library"));
    Files.writeString(graph.resolve("mlos.yaml"), "workspace: library\npack: agentos-graph\n");
    List<String> steps = new Scaffolder().scaffold(config(graph), "1.2.3").nextSteps();
    assertTrue(
        steps.contains(
            "put records into the graph: define shapes in shapes/, then `import data` imports the"
                + " records (YAML or JSON naming their _shape)"),
        steps.toString());
    // runtime-memory (README): no import; its database may live elsewhere in the workspace.
    Path memory = Files.createDirectories(dir.resolve("tom"));
    Files.createDirectories(memory.resolve("memory"));
    Files.writeString(
        memory.resolve("mlos.yaml"),
        "workspace: tom\npack: runtime-memory\ndatabase: memory/tom_runtime.sqlite\n");
    steps = new Scaffolder().scaffold(config(memory), "1.2.3").nextSteps();
    assertTrue(
        steps.contains(
            "put rows into the database: your agents write them, or use sqlite3 on"
                + " memory/tom_runtime.sqlite"),
        steps.toString());
  }

  @Test
  void aSnapshotBuildsMainAndAnOutputDirectoryPrefixesTheAttributes() throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    Files.writeString(root.resolve("mlos.yaml"), "workspace: team\noutput: docs/mlos\n");

    ScaffoldResult r = new Scaffolder().scaffold(config(root), "0.1.0-SNAPSHOT");

    assertEquals(List.of("mlos.yaml"), r.kept());
    assertEquals("workspace: team\noutput: docs/mlos\n", read(root.resolve("mlos.yaml")));
    assertEquals("team", r.workspace());
    assertTrue(read(root.resolve(".github/workflows/mlos.yml")).contains("MLOS_REF: main"));
    assertTrue(
        read(root.resolve(".gitattributes"))
            .contains(
                "\n/docs/mlos/PROBLEM.md text eol=lf linguist-generated=true merge=mlos-page\n"));
    assertTrue(
        r.nextSteps().get(0).contains("mlos.yaml") && r.nextSteps().get(0).contains("workspace:"),
        r.nextSteps().toString());
  }

  @Test
  void existingFilesAreKeptByteForByteAndTheirMissingLinesAreListed() throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    byte[] pom = "<project>mine</project>\r\n".getBytes(StandardCharsets.UTF_8);
    Files.write(root.resolve("pom.xml"), pom);
    Files.writeString(root.resolve(".gitignore"), "*.class\n");
    Files.createDirectories(root.resolve(".github/workflows"));
    Files.writeString(root.resolve(".github/workflows/mlos.yml"), "mine");

    ScaffoldResult r = new Scaffolder().scaffold(config(root), "1.0.0");
    ScaffoldResult again = new Scaffolder().scaffold(config(root), "1.0.0");

    assertEquals(List.of("pom.xml", ".gitignore", ".github/workflows/mlos.yml"), r.kept());
    assertEquals(
        List.of("mlos.yaml", ".gitattributes", ".markdownlint-cli2.jsonc", "mlos.db.sql"),
        r.written());
    assertEquals(List.of(), again.written(), "a second run changes nothing");
    assertTrue(java.util.Arrays.equals(pom, Files.readAllBytes(root.resolve("pom.xml"))));
    assertEquals("*.class\n", read(root.resolve(".gitignore")));
    assertEquals("mine", read(root.resolve(".github/workflows/mlos.yml")));
    assertTrue(
        r.nextSteps().stream()
            .anyMatch(s -> s.startsWith("add to .gitignore: target/, mlos.db, mlos.db-journal")),
        r.nextSteps().toString());
  }

  @Test
  void aSymlinkedDirectoryLeadingOutOfTheWorkspaceIsRefusedAndNothingIsWrittenThere()
      throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(root.resolve(".github"), outside);

    MlosException e =
        assertThrows(MlosException.class, () -> new Scaffolder().scaffold(config(root), "1.0.0"));

    assertTrue(
        e.getMessage().contains(".github/workflows/mlos.yml")
            && e.getMessage().contains("outside the workspace"),
        e.getMessage());
    assertFalse(Files.exists(outside.resolve("workflows/mlos.yml")));
  }

  @Test
  void aDanglingSymlinkInPlaceOfAFileIsKeptNotFollowed() throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    Path target = dir.resolve("victim.txt");
    Files.createSymbolicLink(root.resolve("pom.xml"), target);

    ScaffoldResult r = new Scaffolder().scaffold(config(root), "1.0.0");

    assertTrue(r.kept().contains("pom.xml"), r.toString());
    assertFalse(Files.exists(target), "nothing written through the link");
  }

  /**
   * A directory named {@code null} (or {@code NULL}) gave the scaffold's mlos.yaml the line {@code
   * workspace: null}, which YAML reads as no value: every goal after the scaffold failed on it
   * ({@code mlos.yaml:4:12: workspace: must be a text value, found nothing}). The name is quoted
   * there now, and the workspace loads as {@code null}; the other YAML words stay plain and load as
   * written.
   */
  @Test
  void aDirectoryNamedNullGetsAnMlosYamlThatLoads() throws IOException {
    for (String dirName : List.of("null", "NULL", "true", "007")) {
      Path root = Files.createDirectories(dir.resolve("n").resolve(dirName));
      String name = dirName.toLowerCase(java.util.Locale.ROOT);

      new Scaffolder().scaffold(config(root), "1.2.3");

      assertEquals(name, config(root).name(), read(root.resolve("mlos.yaml")));
    }
    assertTrue(
        read(dir.resolve("n/null/mlos.yaml")).contains("\nworkspace: 'null'\n"),
        read(dir.resolve("n/null/mlos.yaml")));
    assertTrue(read(dir.resolve("n/true/mlos.yaml")).contains("\nworkspace: true\n"));
  }

  @Test
  void workspaceNamesAreMadeValid() {
    assertEquals("ws", Scaffolder.workspaceName("ws"));
    assertEquals("my-project", Scaffolder.workspaceName("My Project"));
    assertEquals("workspace", Scaffolder.workspaceName("..."));
    assertEquals("a-b", Scaffolder.workspaceName("a--.b"));
    // Accents are dropped, not the letters they sit on; nothing usable left is the default.
    assertEquals("uni", Scaffolder.workspaceName("ünï"));
    assertEquals("uni", Scaffolder.workspaceName("u\u0308ni\u0308")); // already decomposed (macOS)
    assertEquals("creme-brulee", Scaffolder.workspaceName("Crème Brûlée"));
    assertEquals("workspace", Scaffolder.workspaceName("日本語"));
    // Letters that do not decompose are spelt out as slugs spell them; a ligature is its letters.
    assertEquals("aeoa-strasse", Scaffolder.workspaceName("ÆØÅ straße"));
    assertEquals("file", Scaffolder.workspaceName("\ufb01le"));
    assertEquals(63, Scaffolder.workspaceName("x".repeat(500)).length());
  }

  /**
   * {@code mlos init --git}: a workspace made without Maven gets the scaffold's git files (not its
   * POM or workflow); one the person wrote is kept, with the lines to add to it.
   */
  @Test
  void theGitFilesOfAWorkspaceWithoutMavenAreWrittenAndAnExistingOneIsKept() throws IOException {
    Path root = Files.createDirectories(dir.resolve("lab"));
    Files.writeString(root.resolve("mlos.yaml"), "workspace: lab\n");
    Files.writeString(root.resolve(".gitignore"), "*.pyc\n");

    ScaffoldResult r = new Scaffolder().gitFiles(config(root));

    assertEquals(List.of(".gitattributes", "mlos.db.sql"), r.written());
    assertEquals(List.of(".gitignore"), r.kept());
    assertEquals("*.pyc\n", read(root.resolve(".gitignore")), "kept as it was");
    assertTrue(
        read(root.resolve(".gitattributes")).contains("/mlos.db.sql text eol=lf merge=mlos-db\n"),
        read(root.resolve(".gitattributes")));
    assertTrue(
        read(root.resolve(".gitattributes"))
            .contains("/PROBLEM.md text eol=lf linguist-generated=true merge=mlos-page\n"),
        read(root.resolve(".gitattributes")));
    assertEquals(
        dev.mlos.core.dbtext.DatabaseText.HEADER + "\n", read(root.resolve("mlos.db.sql")));
    assertFalse(Files.exists(root.resolve("pom.xml")), "no POM");
    assertFalse(Files.exists(root.resolve(".github")), "no workflow");
    assertTrue(
        r.nextSteps().get(0).startsWith("add to .gitignore: target/, mlos.db, mlos.db-journal"),
        r.nextSteps().toString());
    assertTrue(
        r.nextSteps().get(1).startsWith("`compile` writes the pages"), r.nextSteps().toString());

    ScaffoldResult again = new Scaffolder().gitFiles(config(root));
    assertEquals(List.of(), again.written());
    assertEquals(List.of(".gitignore", ".gitattributes", "mlos.db.sql"), again.kept());
    // Only what a kept file lacks is listed: the .gitattributes written above lacks nothing, and
    // was listed whole (found in this session's team round: init --git, then the Maven scaffold).
    assertEquals(
        List.of(),
        again.nextSteps().stream()
            .filter(step -> step.startsWith("add to .gitattributes"))
            .toList(),
        again.nextSteps().toString());
    Files.writeString(root.resolve(".gitignore"), "*.pyc\ntarget/\nmlos.db\n");
    Files.writeString(
        root.resolve(".gitattributes"),
        read(root.resolve(".gitattributes"))
            .replace(
                "/PROBLEM.md text eol=lf linguist-generated=true merge=mlos-page",
                "/PROBLEM.md text eol=lf linguist-generated=true"));
    List<String> steps = new Scaffolder().gitFiles(config(root)).nextSteps();
    assertTrue(steps.get(0).startsWith("add to .gitignore: mlos.db-journal, "), steps.toString());
    assertEquals(
        "add to .gitattributes: /PROBLEM.md text eol=lf linguist-generated=true merge=mlos-page",
        steps.get(1));
  }

  /**
   * A database named with a backslash (--database 'my\\db.db', a name Linux allows) was ignored in
   * .gitignore as my/db.db, a file in a directory my/, and written as my\\db.db it would be read as
   * mydb.db (git's patterns take a backslash as an escape): the binary database went into the first
   * commit. Its lines are git patterns that match the file, which git confirms.
   */
  @Test
  void aDatabaseNamedWithABackslashIsIgnoredByGit() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dir.getFileSystem().getSeparator().equals("/"), "a backslash is a separator here");
    Path root = Files.createDirectories(dir.resolve("ws"));
    WorkspaceConfig c =
        new ConfigLoader()
            .load(root, new ConfigOverrides(null, root.resolve("my\\db.db"), null, null, Map.of()));

    ScaffoldResult r = new Scaffolder().scaffold(c, "1.2.3");

    assertTrue(r.written().contains("my\\db.db.sql"), r.written().toString());
    assertTrue(Files.isRegularFile(root.resolve("my\\db.db.sql")));
    git(root, "init", "-q");
    for (String ignored : List.of("my\\db.db", "my\\db.db-wal", "my\\db.db.sql.base")) {
      Files.writeString(root.resolve(ignored), "x");
      assertEquals(0, git(root, "check-ignore", "-q", "--", ignored), ignored + " is ignored");
    }
    assertEquals(1, git(root, "check-ignore", "-q", "--", "my\\db.db.sql"), "the text form is not");
    // Its text form goes to the database's merge driver, by its .gitattributes line.
    String[] out = new String[1];
    assertEquals(0, git(root, out, "check-attr", "merge", "--", "my\\db.db.sql"));
    assertTrue(out[0].strip().endsWith("db.db.sql\": merge: mlos-db"), out[0]);
  }

  /**
   * A database named with a character git's patterns give a meaning (a space, a leading '#' or '!',
   * a backtick, '*', '?', '[', a trailing space) got a .gitignore line that ignored something else:
   * '#db.db' was a comment, '!db.db' un-ignored it, 'db.db ' lost its space (git drops trailing
   * spaces) and 'my*db.db' ignored every my...db.db. Each line now matches that file, and only it,
   * which git confirms; its text form keeps its .gitattributes line (quoted where it holds a
   * space).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"my db.db", "#db.db", "!db.db", "my`db.db", "my*db.db", "db.db ", "my[1]?.db"})
  void aDatabaseNamedWithGitPatternCharactersIsIgnoredAsItself(String name) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dir.getFileSystem().getSeparator().equals("/"), "these are not all file names here");
    org.junit.jupiter.api.Assumptions.assumeTrue(gitOnPath(), "git is not on the PATH");
    Path root = Files.createDirectories(dir.resolve("ws"));
    WorkspaceConfig c =
        new ConfigLoader()
            .load(root, new ConfigOverrides(null, root.resolve(name), null, null, Map.of()));

    new Scaffolder().scaffold(c, "1.2.3");

    git(root, "init", "-q");
    for (String ignored : List.of(name, name + "-wal", name + ".sql.base")) {
      Files.writeString(root.resolve(ignored), "x");
      assertEquals(0, git(root, "check-ignore", "-q", "--", ignored), "'" + ignored + "' ignored");
    }
    // Neither the text form nor a file the line would match if read as a pattern is ignored.
    String lookalike = name.replace("*", "X").replace("?", "Y").replace("[1]", "1").strip();
    for (String kept : List.of(name + ".sql", lookalike.equals(name) ? "other.db" : lookalike)) {
      Files.writeString(root.resolve(kept), "x");
      assertEquals(1, git(root, "check-ignore", "-q", "--", kept), "'" + kept + "' not ignored");
    }
    String[] out = new String[1];
    assertEquals(0, git(root, out, "check-attr", "merge", "--", name + ".sql"));
    assertTrue(out[0].strip().endsWith(": merge: mlos-db"), out[0]);
  }

  private static boolean gitOnPath() {
    try {
      return git(Path.of("."), "--version") == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static int git(Path root, String... args) throws Exception {
    return git(root, new String[1], args);
  }

  private static int git(Path root, String[] out, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    out[0] = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", args));
    return p.exitValue();
  }
}
