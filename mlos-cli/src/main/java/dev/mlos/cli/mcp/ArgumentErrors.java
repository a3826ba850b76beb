package dev.mlos.cli.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SDK's check of a tool call's arguments against the tool's {@code inputSchema}, with a fix:
 * the SDK's own answer ({@code [/need_id: string found, integer expected]}) names what is wrong but
 * not what the tool takes. The check itself is the SDK's; only a failure's words are added to: the
 * tool's arguments as its schema gives them, each with its JSON type, the required ones marked.
 */
final class ArgumentErrors implements JsonSchemaValidator {
  private static final String PREFIX = "Validation failed: JSON schema validation errors: ";

  /** Different errors shown at most; the rest are counted. */
  static final int MAX_SHOWN = 5;

  /** Characters of the SDK's error list kept at most, whatever the errors say. */
  static final int MAX_LENGTH = 2_000;

  private final JsonSchemaValidator checks;

  ArgumentErrors(JsonSchemaValidator checks) {
    this.checks = checks;
  }

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object arguments) {
    ValidationResponse r = checks.validate(schema, arguments);
    // The SDK logs a refusal on stderr as well as answering it, and the refusal names an unknown
    // argument as the client sent it: a line break or an ESC there wrote into the server's log.
    return r.valid()
        ? r
        : ValidationResponse.asInvalid(
            dev.mlos.core.LogText.line(
                withFix(schema, r.errorMessage(), tagForms(arguments) + clearTags(arguments))));
  }

  /**
   * The way to empty the tags, for {@code clear: ["tags"]} (the command line's {@code --clear
   * tags}, which an agent tries first): {@code clear} names no tags, since {@code tags: []} empties
   * them, and the schema's refusal listed the names it takes only.
   */
  static String clearTags(Object arguments) {
    return arguments instanceof Map<?, ?> args
            && args.get("clear") instanceof List<?> clear
            && clear.contains("tags")
        ? "; to remove every tag, pass tags: [] (clear does not take tags)"
        : "";
  }

  /**
   * The engine's form of each refused tag ({@code ; write tag 'Kernel Boot' as 'kernel-boot'}): the
   * schema's refusal showed its pattern only, where the engine's names the tag to write.
   */
  static String tagForms(Object arguments) {
    if (!(arguments instanceof Map<?, ?> args) || !(args.get("tags") instanceof List<?> tags)) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    for (Object tag : tags.stream().distinct().limit(MAX_SHOWN).toList()) {
      String taken =
          tag instanceof String text ? dev.mlos.core.engine.Engine.tagAsTaken(text) : null;
      if (taken != null) {
        s.append("; write tag ")
            .append(dev.mlos.core.engine.RefusedException.quoted((String) tag))
            .append(" as '")
            .append(taken)
            .append('\'');
      }
    }
    return s.toString();
  }

  @Override
  public ValidationResponse validateSchema(Map<String, Object> schema) {
    return checks.validateSchema(schema);
  }

  /** {@code message} without the SDK's preamble, then what the tool takes. */
  static String withFix(Map<String, Object> schema, String message) {
    return withFix(schema, message, "");
  }

  /** As {@link #withFix(Map, String)}, with {@code hints} after the errors. */
  static String withFix(Map<String, Object> schema, String message, String hints) {
    String what = message == null ? "" : message;
    if (what.startsWith(PREFIX)) {
      what = what.substring(PREFIX.length());
    }
    what = fewErrors(what) + hints;
    List<String> takes = fields(schema);
    return what
        + ". Fix: pass the arguments as the tool's inputSchema (tools/list) gives them, each as its"
        + " JSON type and no others: "
        + (takes.isEmpty() ? "none" : String.join(", ", takes));
  }

  /** Each property of an object's schema: "name (kind)", ", required" for one it requires. */
  private static List<String> fields(Map<?, ?> schema) {
    List<String> takes = new ArrayList<>();
    Object properties = schema == null ? null : schema.get("properties");
    Object required = schema == null ? null : schema.get("required");
    if (properties instanceof Map<?, ?> props) {
      for (Map.Entry<?, ?> p : props.entrySet()) {
        boolean needed = required instanceof List<?> names && names.contains(p.getKey());
        takes.add(p.getKey() + " (" + kind(p.getValue()) + (needed ? ", required" : "") + ")");
      }
    }
    return takes;
  }

  /**
   * The SDK's error list ({@code [/tags: ..., /tags/1: ...]}) with each error once and at most
   * {@value #MAX_SHOWN} of them: the SDK lists one error per item it refuses, so 10,000 repeated
   * tags came back as a 490 KB answer, which a client hands to its model whole.
   */
  static String fewErrors(String list) {
    if (list.length() > 2 && list.startsWith("[") && list.endsWith("]")) {
      // Each error starts with where it is: a JSON pointer ('/tags/3') or nothing (the arguments).
      String[] errors = list.substring(1, list.length() - 1).split(", (?=[/:])");
      java.util.Set<String> distinct = new java.util.LinkedHashSet<>(List.of(errors));
      if (distinct.size() > MAX_SHOWN || distinct.size() < errors.length) {
        List<String> shown = distinct.stream().limit(MAX_SHOWN).toList();
        list =
            "["
                + String.join(", ", shown)
                + "] ("
                + String.format(java.util.Locale.ROOT, "%,d", errors.length)
                + " errors in all, "
                + (distinct.size() > shown.size()
                    ? "the first " + shown.size() + " different ones"
                    : "each different one once")
                + " shown)";
      }
    }
    return list.length() <= MAX_LENGTH
        ? list
        : list.substring(0, MAX_LENGTH - 3) + "... (" + list.length() + " characters)";
  }

  /**
   * What one argument's schema takes, in a few words: its JSON type, the values of an enum (which
   * has no {@code type}: "any JSON value" would send a client guessing; quoted, as JSON strings, so
   * that the list does not run into "required"), an array's items.
   */
  private static String kind(Object schema) {
    if (!(schema instanceof Map<?, ?> m)) {
      return "any JSON value";
    }
    if (m.get("enum") instanceof List<?> values) {
      List<String> words = new ArrayList<>();
      for (Object v : values) {
        words.add(v instanceof String text ? '"' + text + '"' : String.valueOf(v));
      }
      return "one of " + String.join(", ", words);
    }
    Object type = m.get("type");
    if ("array".equals(type) && m.get("items") instanceof Map<?, ?> items) {
      return "array, each " + kind(items);
    }
    // An object's members too (graduate_need's tasks): "each object" left an agent guessing them.
    if ("object".equals(type) && m.get("properties") instanceof Map<?, ?>) {
      return "object {" + String.join(", ", fields(m)) + "}";
    }
    return type == null ? "any JSON value" : String.valueOf(type);
  }
}
