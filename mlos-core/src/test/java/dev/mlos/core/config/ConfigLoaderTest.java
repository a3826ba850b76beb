package dev.mlos.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path root;

  private WorkspaceConfig load(String yaml) throws IOException {
    Files.writeString(root.resolve("mlos.yaml"), yaml);
    return new ConfigLoader().load(root, ConfigOverrides.none());
  }

  private InvalidConfigException failure(String yaml) {
    return assertThrows(InvalidConfigException.class, () -> load(yaml));
  }

  @Test
  void aDatabaseSettingEndingInASlashIsRefusedInsteadOfBecomingAFileOfThatName()
      throws IOException {
    InvalidConfigException e = failure("workspace: w\ndatabase: data/\n");
    assertEquals(2, e.line());
    assertTrue(
        e.getMessage().contains("database: 'data/' names a directory, not the database file"),
        e.getMessage());
    assertTrue(e.fixTemplate().contains("database: data/mlos.db"), e.fixTemplate());
    assertEquals(root.resolve("data/mlos.db"), load("database: data/mlos.db\n").database());
  }

  /**
   * A directory at mlos.yaml (or at the mlos.config setting's path) was taken for "no config file":
   * the workspace silently compiled with the pack's defaults under its directory's name, and an
   * explicit one was said not to exist. Now both are refused, naming what is there.
   */
  @Test
  void aDirectoryAtTheConfigPathIsRefusedNotTakenForNoConfigFile() throws IOException {
    Files.createDirectories(root.resolve("mlos.yaml"));

    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> new ConfigLoader().load(root, ConfigOverrides.none()));
    assertTrue(e.getMessage().contains("mlos.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("is a directory, not a file"), e.getMessage());
    assertTrue(e.fixTemplate().contains("move the directory away"), e.fixTemplate());

    Files.createDirectories(root.resolve("conf.yaml"));
    InvalidConfigException explicit =
        assertThrows(
            InvalidConfigException.class,
            () ->
                new ConfigLoader()
                    .load(
                        root,
                        new ConfigOverrides(root.resolve("conf.yaml"), null, null, null, null)));
    assertTrue(explicit.getMessage().contains("is a directory, not a file"), explicit.getMessage());
  }

  /**
   * The workspace's mlos.yaml as a link to a file outside it was read, though every other file mlos
   * reads goes through the path check (found by the attacker trial); a link inside is fine.
   */
  @Test
  void anMlosYamlLinkedToAFileOutsideTheWorkspaceIsNotRead(@TempDir Path elsewhere)
      throws IOException {
    Path outside = Files.writeString(elsewhere.resolve("x.yaml"), "params:\n  hops: 3\n");
    Files.createSymbolicLink(root.resolve("mlos.yaml"), outside);

    dev.mlos.core.path.InvalidPathException e =
        assertThrows(
            dev.mlos.core.path.InvalidPathException.class,
            () -> new ConfigLoader().load(root, ConfigOverrides.none()));

    assertTrue(
        e.getMessage().contains("through the symlink 'mlos.yaml' -> '" + outside + "'"),
        e.getMessage());
    Files.delete(root.resolve("mlos.yaml"));
    Files.createDirectories(root.resolve("conf"));
    Files.move(outside, root.resolve("conf/x.yaml"));
    Files.createSymbolicLink(root.resolve("mlos.yaml"), Path.of("conf/x.yaml"));
    assertEquals(
        3,
        ((Number) new ConfigLoader().load(root, ConfigOverrides.none()).params().get("hops"))
            .intValue());
  }

  @Test
  void withoutMlosYamlTheMlosPackCompilesWithDefaults() {
    WorkspaceConfig c = new ConfigLoader().load(root, ConfigOverrides.none());
    assertNull(c.configFile());
    assertEquals(root.getFileName().toString(), c.name());
    assertEquals(root.resolve("mlos.db").toAbsolutePath(), c.database());
    assertEquals(
        List.of("problem", "ready", "needs", "artifacts", "context", "graph"),
        c.views().stream().map(ViewDefinition::name).toList());
    assertEquals(List.of("mlos"), c.schemas());
    assertEquals(2L, c.params().get("hops"));
  }

  @Test
  void mlosYamlOverridesThePackAndTheAdapterOverridesMlosYaml() throws IOException {
    Files.writeString(
        root.resolve("mlos.yaml"),
        String.join(
            "\n",
            "workspace: phone",
            "database: ../shared.db",
            "params:",
            "  scopes: [mobile]",
            "  hops: 3",
            "views:",
            "  graph:",
            "    enabled: false",
            "  problem:",
            "    output: docs/PROBLEM.md",
            ""));
    WorkspaceConfig fromYaml = new ConfigLoader().load(root, ConfigOverrides.none());
    assertEquals("phone", fromYaml.name());
    assertEquals(
        root.resolve("../shared.db").toAbsolutePath().normalize(), fromYaml.database().normalize());
    assertEquals(List.of("mobile"), fromYaml.params().get("scopes"));
    assertEquals(3L, fromYaml.params().get("hops"));
    assertEquals(8000L, fromYaml.params().get("token_budget"), "untouched pack defaults stay");
    assertTrue(fromYaml.views().stream().noneMatch(v -> v.name().equals("graph")));
    assertEquals("docs/PROBLEM.md", fromYaml.views().get(0).output());
    assertTrue(
        fromYaml.views().get(0).queries().containsKey("needs"),
        "overriding output keeps the pack's queries");

    WorkspaceConfig overridden =
        new ConfigLoader()
            .load(
                root,
                new ConfigOverrides(null, Path.of("other.db"), null, "laptop", Map.of("hops", 1L)));
    assertEquals("laptop", overridden.name());
    assertEquals(root.resolve("other.db").toAbsolutePath(), overridden.database());
    assertEquals(1L, overridden.params().get("hops"));
  }

  @Test
  void overriddenParamsKeepTheCallersOrder() {
    // Templates see params in order, and the compile fingerprints that order: it must not vary
    // between runs.
    Map<String, Object> given = new LinkedHashMap<>();
    for (String k : List.of("zeta", "alpha", "mid", "beta", "omega", "kappa")) {
      given.put(k, k);
    }
    List<String> keys =
        new ArrayList<>(new ConfigOverrides(null, null, null, null, given).params().keySet());
    assertEquals(List.of("zeta", "alpha", "mid", "beta", "omega", "kappa"), keys);
  }

  @Test
  void anUnknownKeyNamesFileLineColumnAndTheAllowedKeys() {
    InvalidConfigException e = failure("views:\n  problem:\n    outptu: X.md\n");
    assertEquals(3, e.line());
    assertEquals(5, e.column());
    assertTrue(e.getMessage().contains("mlos.yaml:3:5"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key 'outptu'"), e.getMessage());
    assertTrue(e.fix().contains("output"), e.fix());
  }

  @Test
  void brokenYamlSyntaxNamesTheLine() {
    InvalidConfigException e = failure("params:\n  scopes: [kernel\nviews: {}\n");
    assertTrue(e.line() >= 2, "line " + e.line());
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void aKeyTwiceIsRefusedNamingFileLineAndKey() {
    InvalidConfigException top = failure("output: a\noutput: b\n");
    assertTrue(
        top.getMessage().contains("mlos.yaml:2:1: key 'output' appears twice"), top.getMessage());
    InvalidConfigException nested = failure("params:\n  hops: 1\n  hops: 2\n");
    assertTrue(
        nested.getMessage().contains("mlos.yaml:3:3: key 'hops' appears twice"),
        nested.getMessage());
  }

  @Test
  void wrongTypesAreNamed() {
    InvalidConfigException e = failure("views:\n  graph:\n    enabled: maybe\n");
    assertTrue(
        e.getMessage().contains("views.graph.enabled: must be true or false"), e.getMessage());
    InvalidConfigException list = failure("params: [1, 2]\n");
    assertTrue(list.getMessage().contains("params: must be a mapping"), list.getMessage());
  }

  @Test
  void aNewViewNeedsTemplateAndOutputAndPerRowViewsNeedAPlaceholder() {
    assertTrue(
        failure("views:\n  mine:\n    output: X.md\n").getMessage().contains("has no template"));
    assertTrue(
        failure(
                "views:\n  mine:\n    template: t.ftl\n    output: X.md\n    each: rows\n    queries:\n      rows: SELECT 1\n")
            .getMessage()
            .contains("no {column} placeholder"));
    assertTrue(
        failure(
                "views:\n  mine:\n    template: t.ftl\n    output: x/{id}.md\n    queries:\n      rows: SELECT 1\n")
            .getMessage()
            .contains("writes a single file"));
    assertTrue(
        failure(
                "views:\n  mine:\n    template: t.ftl\n    output: x/{id}.md\n    each: nope\n    queries:\n      rows: SELECT 1\n")
            .getMessage()
            .contains("no query named 'nope'"));
  }

  /**
   * A per-row view whose each held its query's SQL instead of the query's name (each: SELECT id
   * FROM sessions), with no queries at all, was told "add it under queries, or set each to one of:
   * " and nothing after it. The fix now says what each names, and how to write it.
   */
  @Test
  void anEachWithNoQueriesToNameSaysHowToWriteOne() {
    InvalidConfigException e =
        failure(
            "views:\n  mine:\n    template: t.ftl\n    output: x/{id}.md\n    each: SELECT id FROM needs\n");
    assertTrue(e.getMessage().contains("no query named 'SELECT id FROM needs'"), e.getMessage());
    assertEquals(
        "each names one of the view's queries, and this view has none: add one under queries,"
            + " as 'rows: SELECT id FROM needs', then set each: rows",
        e.fix());
    assertTrue(
        failure(
                "views:\n  mine:\n    template: t.ftl\n    output: x/{id}.md\n    each: nope\n    queries:\n      rows: SELECT 1\n")
            .fix()
            .endsWith("set each to one of: rows"));
  }

  @Test
  void pathsMayNotLeaveTheWorkspace() {
    assertTrue(
        failure("views:\n  problem:\n    output: ../PROBLEM.md\n")
            .getMessage()
            .contains("leaves the workspace"));
    assertTrue(
        failure("views:\n  problem:\n    output: /etc/PROBLEM.md\n")
            .getMessage()
            .contains("absolute path"));
    assertTrue(failure("output: ../elsewhere\n").getMessage().contains("outside the workspace"));
  }

  /**
   * A control character in an output or template path was refused only when the path was used, as
   * "Invalid workspace path 'x\\u0009y.md'" without mlos.yaml's file, line or setting.
   */
  @Test
  void aControlCharacterInAPathIsRefusedAtItsLineAndSetting() {
    InvalidConfigException e = failure("views:\n  problem:\n    output: \"x\\ty.md\"\n");
    assertEquals(3, e.line());
    assertTrue(
        e.getMessage()
            .contains(
                "views.problem.output: 'x\\ty.md' has a control character (U+0009) at index 1"),
        e.getMessage());
    e = failure("views:\n  problem:\n    template: \"t\\u0007.ftl\"\n");
    assertTrue(e.getMessage().contains("views.problem.template: "), e.getMessage());
    assertTrue(e.getMessage().contains("(U+0007)"), e.getMessage());
  }

  /**
   * An output spelling a character Windows forbids in a name (what?.md), a device name (aux.md), or
   * a name ending in a dot or a space, compiled on Linux and then could not be checked out, or
   * compiled, on Windows.
   */
  @Test
  void anOutputWindowsCannotHoldIsRefusedAtItsLine() throws IOException {
    for (String bad :
        List.of("what?.md", "x<y>.md", "a|b.md", "r/a*.md", "r/\\\"q\\\".md", "d/x:y.md")) {
      InvalidConfigException e = failure("views:\n  problem:\n    output: \"" + bad + "\"\n");
      assertEquals(3, e.line(), bad);
      assertTrue(e.getMessage().contains("views.problem.output: "), e.getMessage());
      assertTrue(
          e.getMessage().contains("which Windows does not allow in a file name"), e.getMessage());
    }
    for (String device : List.of("aux.md", "r/CON/P.md", "lpt1")) {
      InvalidConfigException e = failure("views:\n  problem:\n    output: \"" + device + "\"\n");
      assertTrue(e.getMessage().contains("a Windows device name"), e.getMessage());
    }
    InvalidConfigException e = failure("views:\n  problem:\n    output: \"notes./P.md\"\n");
    assertTrue(
        e.getMessage().contains("has a name ending in a dot ('notes.'), which Windows drops"),
        e.getMessage());
    e =
        failure(
            "views:\n  mine:\n    template: t.ftl\n    output: \"p /{id}.md\"\n    each: q\n"
                + "    queries:\n      q: SELECT 1 AS id\n");
    assertTrue(e.getMessage().contains("views.mine.output: "), e.getMessage());
    assertTrue(e.getMessage().contains("has a name ending in a space ('p ')"), e.getMessage());
    load("views:\n  problem:\n    output: \"auxiliary/console.md\"\n");
    // A placeholder's braces and a value's characters are not the pattern's: values are slugged.
    assertEquals(
        "p/{id}-{title}.md",
        load(
                "views:\n  mine:\n    template: t.ftl\n    output: \"p/{id}-{title}.md\"\n"
                    + "    each: q\n    queries:\n      q: SELECT 1 AS id, 'a?' AS title\n")
            .views()
            .stream()
            .filter(v -> v.name().equals("mine"))
            .findFirst()
            .orElseThrow()
            .output());
  }

  /**
   * An output directory that is a file (-Dmlos.outputDirectory=pom.xml) failed at the first page
   * with 'Cannot read .../pom.xml/PROBLEM.md: Not a directory', fix 'check permissions'.
   */
  @Test
  void anOutputDirectoryThatIsAFileIsRefusedNamingTheSetting() throws IOException {
    Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    Files.writeString(root.resolve("mlos.yaml"), "workspace: w\n");
    InvalidConfigException override =
        assertThrows(
            InvalidConfigException.class,
            () ->
                new ConfigLoader()
                    .load(
                        root, new ConfigOverrides(null, null, Path.of("pom.xml"), null, Map.of())));
    assertTrue(
        override
            .getMessage()
            .contains(
                "outputDirectory: 'pom.xml' is a file, not a directory: pages are written under"
                    + " it"),
        override.getMessage());
    assertTrue(override.fixTemplate().startsWith("name a directory"), override.fixTemplate());

    InvalidConfigException yaml = failure("workspace: w\noutput: pom.xml\n");
    assertEquals(2, yaml.line());
    assertTrue(
        yaml.getMessage().contains("'pom.xml' is a file, not a directory"), yaml.getMessage());
    assertEquals(root.resolve("pages"), load("output: pages\n").outputDirectory());
  }

  @Test
  void aViewMayNotWriteTheDatabasesFilesOrGits() {
    InvalidConfigException journal = failure("views:\n  problem:\n    output: mlos.db-journal\n");
    assertEquals(3, journal.line(), journal.getMessage());
    assertTrue(
        journal
            .getMessage()
            .contains(
                "views.problem.output: view 'problem' writes 'mlos.db-journal', which is the"
                    + " database's rollback journal"),
        journal.getMessage());
    assertTrue(journal.fix().contains("choose another output for view 'problem'"), journal.fix());
    assertTrue(
        failure("views:\n  problem:\n    output: .git/info/attributes\n")
            .getMessage()
            .contains("is in git's own '.git'"));
    assertTrue(
        failure("views:\n  problem:\n    output: sub/.git\n").getMessage().contains(".git"),
        ".git as a file, at any depth");
    assertTrue(
        failure("views:\n  problem:\n    output: MLOS.DB-wal\n")
            .getMessage()
            .contains("write-ahead log"),
        "compared case-insensitively");
    assertTrue(
        failure("views:\n  problem:\n    output: mlos.db.sql\n")
            .getMessage()
            .contains("the database's text form"));
    assertTrue(
        failure("views:\n  needs:\n    output: .git/{id}.md\n")
            .getMessage()
            .contains("the fixed part of .git/{id}.md"));
    InvalidConfigException outputDirectory = failure("output: .git\n");
    assertEquals(1, outputDirectory.line(), outputDirectory.getMessage());
    assertTrue(outputDirectory.getMessage().contains("output directory '.git'"));
    InvalidConfigException database = failure("database: PROBLEM.md\n");
    assertEquals(1, database.line(), "a pack's view is blamed on the database setting");
    assertTrue(database.getMessage().contains("is the workspace's database"));
    assertTrue(database.fix().startsWith("put the database elsewhere"), database.fix());
    // mlos's own records: a page there and the compile's record would overwrite each other.
    InvalidConfigException state =
        failure("views:\n  problem:\n    output: target/mlos/compile-state\n");
    assertTrue(
        state.getMessage().contains("is in mlos's own state directory 'target/mlos'"),
        state.getMessage());
    assertTrue(
        failure("views:\n  needs:\n    output: TARGET/mlos/{id}.md\n")
            .getMessage()
            .contains("state directory"),
        "compared case-insensitively");
  }

  /**
   * A view whose output is the workspace's own settings file was refused only when written, as a
   * conflict whose fix was to move mlos.yaml out of the way.
   */
  @Test
  void aViewMayNotWriteTheWorkspacesConfigurationFile() throws IOException {
    // ('./mlos.yaml' and 'docs/../mlos.yaml' are refused for their '.' and '..' segments.)
    for (String output : List.of("mlos.yaml", "MLOS.yaml", "Mlos.YAML")) {
      InvalidConfigException e = failure("views:\n  problem:\n    output: " + output + "\n");
      assertEquals(3, e.line(), e.getMessage());
      assertTrue(
          e.getMessage().contains("views.problem.output: view 'problem' writes '"), e.getMessage());
      assertTrue(
          e.getMessage().contains("which is the workspace's configuration file"), e.getMessage());
      assertTrue(e.fix().startsWith("choose another output for view 'problem'"), e.fix());
    }
    assertTrue(
        failure("views:\n  needs:\n    output: mlos.yaml/{id}.md\n")
            .getMessage()
            .contains(
                "(the fixed part of mlos.yaml/{id}.md), which is the workspace's configuration"));
    // A configuration file named by the mlos.config setting is reserved as well.
    Files.createDirectories(root.resolve("conf"));
    Files.writeString(
        root.resolve("conf/ws.yaml"), "views:\n  problem:\n    output: conf/ws.yaml\n");
    InvalidConfigException explicit =
        assertThrows(
            InvalidConfigException.class,
            () ->
                new ConfigLoader()
                    .load(
                        root,
                        new ConfigOverrides(Path.of("conf/ws.yaml"), null, null, null, Map.of())));
    assertTrue(
        explicit
            .getMessage()
            .contains("'conf/ws.yaml', which is the workspace's configuration file"),
        explicit.getMessage());
    // The database's files and the state directory stay refused beside it.
    for (String output :
        List.of("mlos.db", "mlos.db.sql.base", "mlos.db-shm", "mlos.db-wal", "target/mlos")) {
      assertTrue(
          failure("views:\n  problem:\n    output: " + output + "\n")
              .fix()
              .startsWith("choose another output for view 'problem'"),
          output);
    }
    assertEquals(
        "mlos.yaml.md",
        load("views:\n  problem:\n    output: mlos.yaml.md\n").views().get(0).output());
  }

  @Test
  void aViewMayWriteNextToTheDatabase() throws IOException {
    WorkspaceConfig c =
        load("views:\n  problem:\n    output: mlos.db.md\n  ready:\n    output: git/READY.md\n");
    assertEquals("mlos.db.md", c.views().get(0).output());
  }

  @Test
  void anUnknownPackListsTheBuiltInOnes() {
    InvalidConfigException e = failure("pack: nosuch\n");
    assertTrue(e.getMessage().contains("no built-in pack named 'nosuch'"), e.getMessage());
    assertTrue(e.fix().contains("mlos"), e.fix());
    assertEquals(1, e.line());
  }

  @Test
  void packNoneCompilesOnlyTheWorkspacesViews() throws IOException {
    WorkspaceConfig c =
        load(
            "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: X.md\n    queries:\n      q: SELECT 1 AS one\n");
    assertEquals(List.of("mine"), c.views().stream().map(ViewDefinition::name).toList());
    assertEquals(List.of(), c.schemas());
    assertEquals("workspace/t.ftl", c.views().get(0).template());
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedWhereItIsNot() throws IOException {
    // A Latin-1 key ("prioritä": 0xE4) was read as U+FFFD and reported as "unknown key 'priorit?'".
    Files.write(
        root.resolve("mlos.yaml"),
        new byte[] {
          'w',
          'o',
          'r',
          'k',
          's',
          'p',
          'a',
          'c',
          'e',
          ':',
          ' ',
          'w',
          '\n',
          'x',
          (byte) 0xE4,
          ':',
          ' ',
          '1',
          '\n'
        });
    dev.mlos.core.yaml.InvalidYamlException e =
        assertThrows(
            dev.mlos.core.yaml.InvalidYamlException.class,
            () -> new ConfigLoader().load(root, ConfigOverrides.none()));
    assertTrue(
        e.getMessage().endsWith("mlos.yaml:2:2: is not UTF-8 text: byte 0xE4 there is not UTF-8"),
        e.getMessage());
    assertTrue(e.fix().startsWith("save the file as UTF-8"), e.fix());
    // Text in UTF-8, a byte order mark included, is read as before.
    Files.write(
        root.resolve("mlos.yaml"),
        "\uFEFFworkspace: w\nparams: {scopes: [k\u00E4rnel]}\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("w", new ConfigLoader().load(root, ConfigOverrides.none()).name());
  }

  @Test
  void aWorkspaceNameGivenAsAnOverrideIsCheckedAsInMlosYaml() {
    // -Dmlos.workspace=../x was taken as it is, written into every page's front matter, and the
    // compile then blamed mlos.yaml for the files it no longer owned.
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                new ConfigLoader()
                    .load(root, new ConfigOverrides(null, null, null, "../x", Map.of())));
    assertTrue(
        e.getMessage().startsWith("workspace: '../x' is not a valid workspace name"),
        e.getMessage());
    assertTrue(e.fix().startsWith("use lower-case letters"), e.fix());
  }

  @Test
  void aNegativeNumberOfThreadsIsABrokenSettingThatNamesItself() throws IOException {
    WorkspaceConfig config = load("workspace: ws\n");
    dev.mlos.core.MlosException compile =
        assertThrows(
            dev.mlos.core.MlosException.class,
            () -> new dev.mlos.core.compile.CompileRequest(config, null, false, false, -3));
    assertTrue(
        compile.getMessage().startsWith("compile.threads: -3 is not a number of threads"),
        compile.getMessage());
    assertEquals(List.of(dev.mlos.core.Remedy.setting("compile.threads", "0")), compile.remedies());
    dev.mlos.core.MlosException guard =
        assertThrows(
            dev.mlos.core.MlosException.class,
            () -> new dev.mlos.core.guard.GuardRequest(config, true, -1));
    assertTrue(guard.getMessage().startsWith("guard.threads: -1"), guard.getMessage());
  }

  @Test
  void anExplicitConfigFileMustExist() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                new ConfigLoader()
                    .load(
                        root,
                        new ConfigOverrides(Path.of("missing.yaml"), null, null, null, Map.of())));
    assertTrue(e.getMessage().contains("missing.yaml"), e.getMessage());
  }

  @Test
  void aSingleScopeIsAListOfOne() throws IOException {
    WorkspaceConfig c = load("params:\n  scopes: kernel\n");
    assertEquals(List.of("kernel"), c.params().get("scopes"));
  }
}
