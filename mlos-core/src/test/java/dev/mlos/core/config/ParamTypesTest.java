package dev.mlos.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 item 5 and issue 19: parameters have declared types, and a misspelled one is an error.
 */
class ParamTypesTest {
  @TempDir Path root;

  private WorkspaceConfig load(String yaml) throws IOException {
    Files.writeString(root.resolve("mlos.yaml"), yaml);
    return new ConfigLoader().load(root, ConfigOverrides.none());
  }

  private InvalidConfigException failure(String yaml) {
    return assertThrows(InvalidConfigException.class, () -> load(yaml));
  }

  @Test
  void aWordForANumberIsRefusedAtItsLineNamingTheSettingAndTheType() {
    InvalidConfigException e = failure("workspace: team\nparams:\n  hops: lots\n");
    assertEquals(
        root.resolve("mlos.yaml").toString()
            + ":3:9: params.hops: must be a whole number from 0 to 10, found 'lots'",
        e.getMessage());
    assertEquals("write a whole number from 0 to 10", e.fix());
    assertEquals(3, e.line());
    assertEquals(9, e.column());

    InvalidConfigException budget = failure("params:\n  token_budget: lots\n");
    assertTrue(
        budget
            .getMessage()
            .endsWith(
                ":2:17: params.token_budget: must be a whole number from 0 to 10000000, found 'lots'"),
        budget.getMessage());
  }

  @Test
  void aListOrAMappingOrAnOutOfRangeNumberForANumberIsRefused() {
    assertTrue(
        failure("params:\n  hops: [1, 2]\n")
            .getMessage()
            .endsWith("params.hops: must be a whole number from 0 to 10, found a list"));
    assertTrue(failure("params:\n  hops: {a: 1}\n").getMessage().endsWith("found a mapping"));
    assertTrue(
        failure("params:\n  hops: 1000000000\n").getMessage().endsWith("found '1000000000'"));
    assertTrue(failure("params:\n  hops: -1\n").getMessage().endsWith("found '-1'"));
    assertTrue(failure("params:\n  hops: 2.5\n").getMessage().endsWith("found '2.5'"));
    assertTrue(failure("params:\n  hops: null\n").getMessage().endsWith("found nothing"));
    assertTrue(failure("params:\n  problem_limit: true\n").getMessage().endsWith("found 'true'"));
  }

  /**
   * A scope is one line (the database refuses a need's scope with a line break), so a line break in
   * params.scopes could match no need: it is refused at load, naming mlos.yaml, the setting and the
   * entry.
   */
  @Test
  void aScopeWithALineBreakIsRefusedAtItsEntry() {
    InvalidConfigException e = failure("params:\n  scopes: [\"a`b\", \"x\\ny\"]\n");
    assertTrue(e.getMessage().contains("mlos.yaml:2:"), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith("params.scopes[1]: each value must be one line of text, found 'x\\ny'"),
        e.getMessage());
    assertTrue(e.fix().startsWith("write it on one line: remove line breaks"), e.fix());
    assertTrue(failure("params:\n  scopes: \"a\\u2028b\"\n").getMessage().contains("one line"));
  }

  @Test
  void listsTakeTextValuesAndOneValueIsAListOfOne() throws IOException {
    assertEquals(List.of("kernel"), load("params:\n  scopes: kernel\n").params().get("scopes"));
    assertEquals(
        List.of("2024", "core"), load("params:\n  scopes: [2024, core]\n").params().get("scopes"));
    assertEquals(null, load("params:\n  scopes: null\n").params().get("scopes"));
    InvalidConfigException nested = failure("params:\n  scopes: [core, [a, b]]\n");
    assertTrue(
        nested
            .getMessage()
            .endsWith(
                ":2:18: params.scopes[1]: must be a text value (an item of a list of text values), found a list"),
        nested.getMessage());
    assertTrue(
        failure("params:\n  agent_statuses: null\n")
            .getMessage()
            .endsWith("must be a list of text values, found nothing"));
    assertTrue(failure("params:\n  scopes: {a: b}\n").getMessage().contains("must be a list"));
  }

  @Test
  void textParametersTakeAnyScalarAsItsText() throws IOException {
    assertEquals(
        "2024", load("params:\n  artifact_prefix: 2024\n").params().get("artifact_prefix"));
    assertTrue(
        failure("params:\n  artifact_prefix: [docs]\n")
            .getMessage()
            .endsWith("params.artifact_prefix: must be a text value, or null, found a list"));
  }

  @Test
  void aMisspelledParameterIsAnErrorNamingIt() {
    InvalidConfigException e = failure("params:\n  scope: [kernel]\n");
    assertTrue(
        e.getMessage().contains(":2:10: params.scope: unknown parameter 'scope'"), e.getMessage());
    assertTrue(
        e.fix()
            .contains(
                "agent_statuses, artifact_limit, artifact_prefix, graph_limit, history_limit, hops, "
                    + "lens_limit, problem_limit, ready_limit, scopes, tags, token_budget"),
        e.fix());
  }

  @Test
  void aParameterOfTheWorkspacesOwnViewIsKnownByItsQueryOrTemplate() throws IOException {
    WorkspaceConfig byQuery =
        load(
            "params:\n  team: core\nviews:\n  mine:\n    template: t.ftl\n    output: X.md\n"
                + "    queries:\n      q: SELECT id FROM needs WHERE scope = :team ORDER BY id\n");
    assertEquals("core", byQuery.params().get("team"));

    Files.writeString(root.resolve("t.ftl"), "<#if params.motto??>${params[\"motto\"]}</#if>\n");
    WorkspaceConfig byTemplate =
        load(
            "pack: none\nparams:\n  motto: hello\nviews:\n  mine:\n    template: t.ftl\n"
                + "    output: X.md\n    queries:\n      q: SELECT 1 AS one\n");
    assertEquals("hello", byTemplate.params().get("motto"));

    InvalidConfigException unused =
        failure(
            "pack: none\nparams:\n  mottoo: hello\nviews:\n  mine:\n    template: t.ftl\n"
                + "    output: X.md\n    queries:\n      q: SELECT 1 AS one\n");
    assertTrue(
        unused.getMessage().contains("params.mottoo: unknown parameter 'mottoo'"),
        unused.getMessage());
  }

  @Test
  void anOverrideIsCheckedToo() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                new ConfigLoader()
                    .load(
                        root, new ConfigOverrides(null, null, null, null, Map.of("hops", "lots"))));
    assertEquals(
        "parameter override: parameter 'hops' must be a whole number from 0 to 10, found 'lots'",
        e.getMessage());
    WorkspaceConfig ok =
        new ConfigLoader()
            .load(root, new ConfigOverrides(null, null, null, null, Map.of("hops", "3")));
    assertEquals(3L, ok.params().get("hops"));
  }

  @Test
  void everyBuiltInPackParameterHasADeclaredTypeItsDefaultFits() {
    ConfigLoader loader = new ConfigLoader();
    for (String name : loader.availablePacks()) {
      PackDefinition pack = loader.loadPack(name, null);
      assertEquals(pack.params().keySet(), pack.types().keySet(), name);
      pack.types()
          .forEach(
              (param, type) ->
                  assertNotEquals(ParamType.Kind.ANY, type.kind(), name + "." + param));
    }
  }

  /**
   * A tag written as a person would (`tags: [Kernel]`) or an agent status that does not exist was
   * taken as it was: tags are stored lower case, so it matched no need and every view of the
   * workspace silently showed nothing. The pack declares the form, and another is refused at its
   * line with the form that matches.
   */
  @Test
  void aTagOrAgentStatusInAFormNoRowCanHaveIsRefusedWithTheFormThatMatches() throws IOException {
    InvalidConfigException tag = failure("workspace: team\nparams:\n  tags: [boot, Kernel]\n");
    assertEquals(
        root.resolve("mlos.yaml").toString()
            + ":3:16: params.tags[1]: each value must match [a-z0-9][a-z0-9_.:-]{0,63}, found"
            + " 'Kernel'",
        tag.getMessage());
    assertEquals("write it as 'kernel'", tag.fix());
    assertTrue(
        failure("params:\n  tags: Kernel Boot\n")
            .fix()
            .equals("write a value that matches [a-z0-9][a-z0-9_.:-]{0,63}"));
    assertTrue(
        failure("params:\n  agent_statuses: [active, finished]\n")
            .getMessage()
            .endsWith(
                "each value must match provisioning|active|completed|failed, found 'finished'"));
    Files.delete(root.resolve("mlos.yaml"));
    InvalidConfigException override =
        assertThrows(
            InvalidConfigException.class,
            () ->
                new ConfigLoader()
                    .load(
                        root,
                        new ConfigOverrides(null, null, null, null, Map.of("tags", "Kernel"))));
    assertTrue(override.getMessage().contains("parameter 'tags': each value must match"));

    assertEquals(
        List.of("kernel", "boot"), load("params:\n  tags: [kernel, boot]\n").params().get("tags"));
    assertEquals(
        List.of("completed"),
        load("params:\n  agent_statuses: completed\n").params().get("agent_statuses"));
  }

  /**
   * {@code agent_statuses: [active, active]} or {@code tags: [boot, boot]} was taken as written: a
   * repeat changes nothing a query selects, so it hid a slip (another value meant, or one pasted
   * twice) that nothing reported. It is refused at the repeat, naming the value and the fix.
   */
  @Test
  void aRepeatedValueInAListParameterIsRefusedAtTheRepeat() throws IOException {
    InvalidConfigException e =
        failure("workspace: team\nparams:\n  agent_statuses: [active, provisioning, active]\n");
    assertEquals(
        root.resolve("mlos.yaml").toString()
            + ":3:42: params.agent_statuses[2]: repeats 'active' (item 0): a list holds each"
            + " value once",
        e.getMessage());
    assertEquals("remove the repeated 'active'", e.fix());
    assertTrue(
        failure("params:\n  tags:\n    - boot\n    - boot\n")
            .getMessage()
            .endsWith(
                ":4:7: params.tags[1]: repeats 'boot' (item 0): a list holds each value once"),
        failure("params:\n  tags:\n    - boot\n    - boot\n").getMessage());
    assertTrue(
        failure("params:\n  scopes: [kernel, ui, kernel]\n")
            .getMessage()
            .contains("params.scopes[2]: repeats 'kernel'"));
    Files.delete(root.resolve("mlos.yaml"));
    InvalidConfigException override =
        assertThrows(
            InvalidConfigException.class,
            () ->
                new ConfigLoader()
                    .load(
                        root,
                        new ConfigOverrides(
                            null, null, null, null, Map.of("scopes", List.of("ui", "ui")))));
    assertEquals(
        "parameter override: parameter 'scopes': repeats 'ui' (item 0): a list holds each value"
            + " once",
        override.getMessage());

    // Values that differ only in case are different values (scopes are compared as stored).
    assertEquals(
        List.of("kernel", "Kernel"),
        load("params:\n  scopes: [kernel, Kernel]\n").params().get("scopes"));
  }

  @Test
  void aPatternIsDeclaredOnlyForTextAndMustBeARegularExpression() {
    assertEquals(
        "[a-z]+", ParamType.parse(declaration("{type: list, pattern: '[a-z]+'}")).pattern());
    assertTrue(
        assertThrows(
                InvalidConfigException.class,
                () -> ParamType.parse(declaration("{type: integer, pattern: '[0-9]'}")))
            .getMessage()
            .contains("pattern applies only to types string and list"));
    assertTrue(
        assertThrows(
                InvalidConfigException.class,
                () -> ParamType.parse(declaration("{type: string, pattern: '[a-z'}")))
            .getMessage()
            .contains("is not a regular expression"));
  }

  private static dev.mlos.core.yaml.YamlNode declaration(String yaml) {
    return dev.mlos.core.yaml.YamlNode.parse("pack.yaml", new java.io.StringReader(yaml));
  }

  /**
   * A number in quotes was refused as "must be a whole number from 0 to 10, found '2'", which reads
   * as nonsense, and `1e3` was shown as the '1000.0' it parsed to rather than as written.
   */
  @Test
  void aRefusedNumberIsShownAsWrittenAndQuotesAroundANumberAreNamed() {
    assertTrue(
        failure("params:\n  hops: '2'\n")
            .getMessage()
            .endsWith(
                "params.hops: must be a whole number from 0 to 10, found '2' in quotes, which makes"
                    + " it text: write it without the quotes"),
        failure("params:\n  hops: '2'\n").getMessage());
    assertTrue(
        failure("params:\n  graph_limit: 1e3\n").getMessage().endsWith("found '1e3'"),
        failure("params:\n  graph_limit: 1e3\n").getMessage());
    assertTrue(failure("params:\n  hops: lots\n").getMessage().endsWith("found 'lots'"));
  }

  /**
   * A whole number too large for a long (problem_limit: 99999999999999999999, written bare) was
   * said to be in quotes, with the fix to remove quotes the file does not have.
   */
  @Test
  void aNumberTooLargeWrittenBareIsNotSaidToBeInQuotes() {
    String message = failure("params:\n  hops: 99999999999999999999\n").getMessage();
    assertTrue(
        message.endsWith(
            "params.hops: must be a whole number from 0 to 10, found '99999999999999999999'"),
        message);
  }
}
