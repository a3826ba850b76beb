package dev.mlos.cli.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schemas (2020-12) for tool arguments, as the maps the SDK sends in {@code tools/list} and
 * validates every call against before a handler runs. Kept terse on purpose: every key here is paid
 * for on every agent turn (the whole list must stay within 2,000 tokens). Keys keep the order they
 * are put in ({@code LinkedHashMap}): {@code Map.of} iterates in an order each JVM run picks anew,
 * which made {@code tools/list} differ from one start to the next, and its token count with it.
 */
final class InputSchema {
  /** Longest title, scope, tag, path or query. */
  static final int SHORT_TEXT = 500;

  private InputSchema() {}

  /** An object with exactly these properties ({@code additionalProperties: false}). */
  static Map<String, Object> object(Map<String, Object> properties, String... required) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", properties);
    if (required.length > 0) {
      s.put("required", List.of(required));
    }
    s.put("additionalProperties", false);
    return s;
  }

  /**
   * A row id: an integer. Its {@code minimum: 1} is said by {@link ToolCall#id}, which refuses 0 or
   * less with the rule and where ids are found; in the schema too it cost about 4 tokens for each
   * of the 22 ids of the list, paid on every turn, and answered 0 with the validator's words only.
   */
  static Map<String, Object> id() {
    return Map.of("type", "integer");
  }

  /**
   * A request id ({@code create_need}, {@code graduate_need}): a string. Its form (1 to 128
   * printable ASCII characters) is the engine's to refuse, naming the argument and the fix ({@code
   * request.id}); in the schema it would cost tokens on every turn for a value every client makes
   * with a UUID function.
   */
  static Map<String, Object> requestId() {
    return Map.of("type", "string");
  }

  /** A string of 1 to {@code max} characters. */
  static Map<String, Object> text(int max) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "string");
    s.put("minLength", 1);
    s.put("maxLength", max);
    return s;
  }

  /**
   * Free text (a description, a result, a transcript): a string of 1 character or more. Its upper
   * bound is the engine's own (100,000 characters, as the command line takes), which refuses a
   * longer text naming the field, its length and where a longer text goes (a file registered as an
   * artifact); the schema said the same 100,000 six times, some 36 of the list's 2,000 tokens on
   * every turn, for a text no agent writes in one call, and the validator's refusal had no fix.
   */
  static Map<String, Object> longText() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "string");
    s.put("minLength", 1);
    return s;
  }

  /** One of {@code values}. */
  static Map<String, Object> oneOf(List<String> values) {
    return Map.of("enum", values);
  }

  /** A priority, 1 (critical) to 5 (background). */
  static Map<String, Object> priority() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "integer");
    s.put("minimum", 1);
    s.put("maximum", 5);
    return s;
  }

  /** An integer between {@code min} and {@code max}. */
  static Map<String, Object> integer(int min, int max) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "integer");
    s.put("minimum", min);
    s.put("maximum", max);
    return s;
  }

  /** Tags: distinct lower-case words, as the schema's tag rule allows. */
  static Map<String, Object> tags() {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("type", "string");
    item.put("pattern", "^[a-z0-9][a-z0-9_.:-]{0,63}$");
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "array");
    s.put("items", item);
    s.put("maxItems", 32);
    s.put("uniqueItems", true);
    return s;
  }

  /**
   * Tags to add or remove (update_need's {@code add_tags}, {@code remove_tags}): strings only,
   * since the engine refuses a bad tag with the tag rule, the form to write it in and the cap on
   * their number, as for the command line's {@code --add-tag}; the pattern of {@link #tags} twice
   * more would cost the tool list about 50 of its 2,000 tokens.
   */
  static Map<String, Object> tagEdits() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "array");
    s.put("items", Map.of("type", "string"));
    return s;
  }

  /** Distinct names out of {@code values}, such as the fields to clear. */
  static Map<String, Object> names(List<String> values) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "array");
    s.put("items", oneOf(values));
    s.put("uniqueItems", true);
    return s;
  }

  static Map<String, Object> bool() {
    return Map.of("type", "boolean");
  }

  /**
   * A boolean with a one-line {@code description}, for a switch whose name alone does not say what
   * it does (a {@code detail} of what?). Each description costs tokens on every turn: most
   * arguments go without, their names and the tool's description saying enough.
   */
  static Map<String, Object> bool(String description) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "boolean");
    s.put("description", description);
    return s;
  }

  /** Ordered properties: {@code props("a", schemaA, "b", schemaB)}. */
  static Map<String, Object> props(Object... nameSchemaPairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < nameSchemaPairs.length; i += 2) {
      m.put((String) nameSchemaPairs[i], nameSchemaPairs[i + 1]);
    }
    return m;
  }
}
