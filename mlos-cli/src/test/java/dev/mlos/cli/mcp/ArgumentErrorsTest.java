package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tool call whose arguments break the tool's schema is told what the tool takes. */
class ArgumentErrorsTest {
  private static final ArgumentErrors CHECK =
      new ArgumentErrors(McpJsonDefaults.getSchemaValidator());

  private static java.util.Locale before;

  /**
   * As the server sets it (the tests run in tr_TR, whose words the SDK's checks would use); put
   * back after, for the other tests of this JVM.
   */
  @org.junit.jupiter.api.BeforeAll
  static void rootLocale() {
    before = java.util.Locale.getDefault();
    java.util.Locale.setDefault(java.util.Locale.ROOT);
  }

  @org.junit.jupiter.api.AfterAll
  static void localeBack() {
    java.util.Locale.setDefault(before);
  }

  private static Map<String, Object> schema() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("need_id", Map.of("type", "integer"));
    props.put("reason", Map.of("type", "string"));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", props);
    s.put("required", List.of("need_id"));
    s.put("additionalProperties", false);
    return s;
  }

  /**
   * The refusal names an argument the schema does not have as the client sent it, and the SDK logs
   * the refusal on the server's stderr as well as answering it: a name holding a line break and an
   * ESC wrote a line of its own into the server's log (a forged "WARN", read by whoever watches the
   * server's stderr, as clients show it) and drove the terminal. Control characters are written as
   * {@code \\uXXXX} now, in the log and in the answer.
   */
  @Test
  void anArgumentNameCannotWriteALineOfItsOwnIntoTheServersLog() {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("need_id", 1);
    arguments.put("x\u001b[31m\n[main] WARN forged\u202e", 1);

    ValidationResponse r = CHECK.validate(schema(), arguments);

    assertFalse(r.valid());
    assertTrue(r.errorMessage().chars().noneMatch(c -> c < 0x20 || c == 0x202e), r.errorMessage());
    assertTrue(
        r.errorMessage().contains("'x\\u001B[31m\\u000A[main] WARN forged\\u202E'"),
        r.errorMessage());
  }

  @Test
  void tenThousandRefusedItemsAreAFewLinesNotAnErrorPerItem() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(
        "tags",
        Map.of(
            "type",
            "array",
            "items",
            Map.of("type", "string", "pattern", "^[a-z]+$"),
            "maxItems",
            32,
            "uniqueItems",
            true));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", props);
    s.put("additionalProperties", false);
    List<String> tags = new java.util.ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      tags.add(i % 2 == 0 ? "a" : "B" + i);
    }

    ValidationResponse r = CHECK.validate(s, Map.of("tags", tags));

    assertFalse(r.valid());
    // The SDK lists one error per refused item: about 490 KB for 10,000 of them.
    assertTrue(r.errorMessage().length() < 2_500, r.errorMessage().length() + " characters");
    // Which come first is the SDK's order: a few of them, each naming where it is.
    assertTrue(r.errorMessage().startsWith("[/tags"), r.errorMessage());
    assertTrue(
        r.errorMessage().contains(" errors in all, the first 5 different ones shown)"),
        r.errorMessage());
    assertTrue(r.errorMessage().endsWith("tags (array, each string)"), r.errorMessage());
  }

  @Test
  void aWrongTypeAMissingOrAnUnknownArgumentSaysWhatTheToolTakes() {
    String takes =
        ". Fix: pass the arguments as the tool's inputSchema (tools/list) gives them, each as its"
            + " JSON type and no others: need_id (integer, required), reason (string)";
    for (Map<String, Object> args :
        List.<Map<String, Object>>of(
            Map.of("need_id", "abc"), Map.of(), Map.of("need_id", 1, "bogus", 2))) {
      ValidationResponse r = CHECK.validate(schema(), args);
      assertFalse(r.valid(), args.toString());
      assertTrue(r.errorMessage().endsWith(takes), r.errorMessage());
      assertFalse(r.errorMessage().startsWith("Validation failed"), r.errorMessage());
    }
    assertTrue(
        CHECK
            .validate(schema(), Map.of("need_id", "abc"))
            .errorMessage()
            .contains("need_id: string found, integer expected"),
        CHECK.validate(schema(), Map.of("need_id", "abc")).errorMessage());
    assertTrue(CHECK.validate(schema(), Map.of("need_id", 3, "reason", "x")).valid());
  }

  /**
   * A trial sent graduate_need {@code tasks: ["Do it"]} and was told the tool takes "tasks (array,
   * each object, required)": what the object holds was left to guess. The fix names its members.
   */
  @Test
  void anArrayOfObjectsNamesTheMembersOfEachObject(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      Map<String, Object> schema =
          ToolCalls.tools(engine, null, dir).all().stream()
              .filter(t -> t.tool().name().equals("graduate_need"))
              .findFirst()
              .orElseThrow()
              .tool()
              .inputSchema();

      ValidationResponse r =
          CHECK.validate(schema, Map.of("need_id", 1, "tasks", List.of("Do it")));

      assertFalse(r.valid());
      assertTrue(
          r.errorMessage()
              .endsWith(
                  ": need_id (integer, required), tasks (array, each object {description (string,"
                      + " required), priority (integer)}, required), more (boolean), request_id (string)"),
          r.errorMessage());
    }
  }

  @Test
  void aToolWithoutArgumentsSaysSo() {
    assertEquals(
        "[: x is wrong]. Fix: pass the arguments as the tool's inputSchema (tools/list) gives them,"
            + " each as its JSON type and no others: none",
        ArgumentErrors.withFix(Map.of("type", "object"), "[: x is wrong]"));
  }

  /** An enum has no JSON type of its own: the fix names its values, as it does an array's items. */
  @Test
  void anEnumArgumentIsToldItsValuesAndAnArrayItsItems() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("status", InputSchema.oneOf(List.of("completed", "failed")));
    props.put("tags", Map.of("type", "array", "items", Map.of("type", "string")));
    props.put("clear", Map.of("type", "array", "items", InputSchema.oneOf(List.of("scope"))));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", props);
    s.put("required", List.of("status"));
    s.put("additionalProperties", false);
    String message = CHECK.validate(s, Map.of("status", "open")).errorMessage();
    assertTrue(
        message.endsWith(
            "no others: status (one of \"completed\", \"failed\", required),"
                + " tags (array, each string), clear (array, each one of \"scope\")"),
        message);
  }

  /**
   * Agents write tags as they would a title ("Kernel Boot"): the schema's refusal showed the
   * pattern only, while the engine's refusal of the same tag names the form to write.
   */
  @Test
  void aRefusedTagIsToldTheFormTheRuleTakes() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", Map.of("tags", InputSchema.tags()));
    s.put("additionalProperties", false);
    String message =
        CHECK.validate(s, Map.of("tags", List.of("ok", "Kernel Boot", "Café"))).errorMessage();
    assertTrue(
        message.contains(
            "does not match the regex pattern ^[a-z0-9][a-z0-9_.:-]{0,63}$]; write tag 'Kernel"
                + " Boot' as 'kernel-boot'; write tag 'Café' as 'cafe'. Fix: pass the arguments"),
        message);
    // A tag with nothing to keep gets no form; a valid list, no words.
    assertTrue(
        CHECK.validate(s, Map.of("tags", List.of("!!!"))).errorMessage().contains("]. Fix: "));
    assertEquals("", ArgumentErrors.tagForms(Map.of("tags", List.of("ok", 3))));
  }

  /**
   * {@code clear: ["tags"]}, as the command line's {@code --clear tags} (an agent's first try in a
   * trial), was refused with the names clear takes only: the way to empty the tags is {@code tags:
   * []}, and the refusal says so.
   */
  @Test
  void clearingTagsIsToldThatAnEmptyTagsListDoesIt() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put(
        "properties",
        Map.of(
            "tags",
            InputSchema.tags(),
            "clear",
            Map.of("type", "array", "items", Map.of("enum", List.of("description", "scope")))));
    s.put("additionalProperties", false);

    String message = CHECK.validate(s, Map.of("clear", List.of("tags"))).errorMessage();

    assertTrue(
        message.contains(
            "]; to remove every tag, pass tags: [] (clear does not take tags). Fix: pass the"
                + " arguments"),
        message);
    assertFalse(
        CHECK.validate(s, Map.of("clear", List.of("bogus"))).errorMessage().contains("tags: []"));
  }
}
