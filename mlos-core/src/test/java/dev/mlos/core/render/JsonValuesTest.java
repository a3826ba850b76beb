package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.yaml.InvalidYamlException;
import dev.mlos.core.yaml.YamlNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mlos.json reads JSON straight into values ({@link JsonValues}); what it hands a template, and
 * every error it reports, must be what reading through {@link YamlNode#parseJson} gave.
 */
class JsonValuesTest {
  private static final String SOURCE = "mlos.json argument";

  @Test
  void everyKindOfValueIsWhatTheNodeTreeGave() {
    for (String json :
        List.of(
            "[]",
            "{}",
            "[{\"id\":1,\"title\":\"a\\/b \\\"q\\\" \\u00e9 \\uD83D\\uDE80\",\"file_path\":null,\"x\":true,\"y\":false}]",
            "[-0, 0, 7, -12, 9223372036854775807, -9223372036854775808, 9223372036854775808,"
                + " 123456789012345678901234567890]",
            "[1.5, -0.0, 1e3, 2E-2, 1e400, -1e400, 0.1]",
            "{\"a\":{\"b\":[[],[{}],[null]]},\"c\":\"\"}",
            "  [\"x\"]  ",
            "\"just text\"",
            "42",
            "null",
            "[\"a\u007Fb\u0085c\uFEFFd\u2028e\"]")) {
      assertEquals(YamlNode.parseJson(SOURCE, json).plain(), JsonValues.parse(SOURCE, json), json);
      assertEquals(
          String.valueOf(YamlNode.parseJson(SOURCE, json).plain()),
          String.valueOf(JsonValues.parse(SOURCE, json)),
          json);
    }
  }

  @Test
  void listsAreUnmodifiableAsBefore() {
    Object value = JsonValues.parse(SOURCE, "[1,2]");
    assertThrows(UnsupportedOperationException.class, () -> ((List<?>) value).clear());
  }

  @Test
  void everyErrorReadsAsTheNodeTreeWordedIt() {
    for (String json :
        List.of(
            "[{\"title\":\"a\",\n \"title\":\"b\"}]",
            "[1,",
            "{\"a\" 1}",
            "[1] [2]",
            "[01]",
            "[NaN]",
            "'single'",
            "[".repeat(60) + "]".repeat(60))) {
      InvalidYamlException expected =
          assertThrows(InvalidYamlException.class, () -> YamlNode.parseJson(SOURCE, json), json);
      InvalidYamlException actual =
          assertThrows(InvalidYamlException.class, () -> JsonValues.parse(SOURCE, json), json);
      assertEquals(expected.getMessage(), actual.getMessage(), json);
    }
    InvalidYamlException twice =
        assertThrows(
            InvalidYamlException.class,
            () -> JsonValues.parse(SOURCE, "[{\"title\":\"a\",\n \"title\":\"b\"}]"));
    assertTrue(twice.getMessage().contains("2:2: key 'title' appears twice"), twice.getMessage());
  }
}
