package dev.mlos.core.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.mlos.core.yaml.YamlLimits;
import dev.mlos.core.yaml.YamlNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values {@code mlos.json} hands to templates, read straight from Jackson's tokens: the same
 * values {@code YamlNode.parseJson(...).plain()} gives (mappings as insertion-ordered maps, lists
 * unmodifiable, whole numbers as Long, others as Double, a whole number too large for a Long as its
 * text), without building a node tree first. PROBLEM.md parses two JSON values per listed need.
 *
 * <p>Only well-formed input takes this path: anything it does not accept as it is (a syntax error,
 * a repeated key, too deep, too many values, more than one value, no value) is handed to {@link
 * YamlNode#parseJson}, so every error reads exactly as before.
 */
final class JsonValues {
  private JsonValues() {}

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(YamlLimits.MAX_NESTING).build())
          .build();

  /** Signals "not the plain case": the slow path reads the text again and words the error. */
  private static final class NotPlain extends Exception {
    private static final long serialVersionUID = 1L;

    NotPlain() {
      super(null, null, false, false);
    }
  }

  /**
   * The plain value of JSON {@code text} (not blank).
   *
   * @throws dev.mlos.core.yaml.InvalidYamlException as {@link YamlNode#parseJson} words it
   */
  static Object parse(String source, String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != null) {
        int[] budget = {YamlLimits.MAX_VALUES};
        Object value = value(p, budget);
        if (p.nextToken() == null) {
          return value;
        }
      }
    } catch (IOException | NotPlain | RuntimeException e) {
      // worded below, by the parser every other JSON reader of mlos uses
    }
    return YamlNode.parseJson(source, text).plain();
  }

  private static Object value(JsonParser p, int[] budget) throws IOException, NotPlain {
    if (--budget[0] < 0) {
      throw new NotPlain();
    }
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (out.containsKey(key)) {
            throw new NotPlain();
          }
          p.nextToken();
          out.put(key, value(p, budget));
        }
        return out;
      }
      case START_ARRAY -> {
        List<Object> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          out.add(value(p, budget));
        }
        return Collections.unmodifiableList(out);
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        String digits = p.getText();
        try {
          return Long.decode(digits);
        } catch (NumberFormatException e) {
          return digits;
        }
      }
      case VALUE_NUMBER_FLOAT -> {
        return Double.parseDouble(p.getText());
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new NotPlain();
    }
  }
}
