package dev.mlos.core.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one position-tracking node: YAML and JSON give the same nodes, positions and refusals. */
class YamlNodeTest {
  private static YamlNode yaml(String text) {
    return YamlNode.parse("f.yaml", new StringReader(text));
  }

  @Test
  void jsonValuesKeepTheirKindAndPosition() {
    YamlNode root =
        YamlNode.parseJson(
            "f.json",
            "{\"a\": \"x\\/y\",\n  \"n\": 495, \"f\": 1.5e3, \"b\": true, \"z\": null, \"l\": [\"495\"]}");
    Map<String, YamlNode> m = root.mapping();
    assertEquals("x/y", m.get("a").text());
    assertEquals(YamlNode.Kind.INTEGER, m.get("n").kind());
    assertEquals(YamlNode.Kind.TEXT, m.get("l").list().get(0).kind());
    assertEquals("f.json:2:8", m.get("n").location());
    assertEquals(
        Map.of("a", "x/y", "n", 495L, "f", 1500.0, "b", true, "l", List.of("495")),
        withoutNull(root.plain()));
    assertTrue(m.get("z").isNull());
  }

  private static Object withoutNull(Object plain) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = new java.util.LinkedHashMap<>((Map<String, Object>) plain);
    assertTrue(m.containsKey("z"));
    m.remove("z");
    return m;
  }

  @Test
  void yamlAndJsonGiveTheSamePlainValues() {
    assertEquals(
        yaml("{a: [1, 2.5, 'x', true, null]}").plain(),
        YamlNode.parseJson("f.json", "{\"a\": [1, 2.5, \"x\", true, null]}").plain());
  }

  @Test
  void aRepeatedJsonKeyIsRefusedAtTheSecond() {
    InvalidYamlException e =
        assertThrows(
            InvalidYamlException.class,
            () -> YamlNode.parseJson("r.json", "[{\"id\": 1,\n  \"id\": 2}]"));
    assertEquals("r.json:2:3: key 'id' appears twice in one mapping", e.getMessage());
    assertEquals(2, e.line());
  }

  @Test
  void aRepeatedYamlKeyIsRefusedEvenWhereNobodyReads() {
    InvalidYamlException e =
        assertThrows(
            InvalidYamlException.class, () -> yaml("a: 1\nb:\n  deep:\n    x: 1\n    x: 2\n"));
    assertEquals("f.yaml:5:5: key 'x' appears twice in one mapping", e.getMessage());
  }

  @Test
  void jsonAfterTheValueIsRefused() {
    InvalidYamlException e =
        assertThrows(InvalidYamlException.class, () -> YamlNode.parseJson("r.json", "{}\n{}"));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("more than one value"), e.getMessage());
  }

  @Test
  void jsonSyntaxErrorsNameLineAndColumn() {
    InvalidYamlException e =
        assertThrows(
            InvalidYamlException.class, () -> YamlNode.parseJson("r.json", "{\n  \"a\": tru\n}"));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith("r.json:2:"), e.getMessage());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void jsonNestedDeeperThanTheLimitIsRefused() {
    String deep = "[".repeat(YamlLimits.MAX_NESTING + 1) + "]".repeat(YamlLimits.MAX_NESTING + 1);
    InvalidYamlException e =
        assertThrows(InvalidYamlException.class, () -> YamlNode.parseJson("r.json", deep));
    assertTrue(e.fix().contains("nest at most " + YamlLimits.MAX_NESTING), e.fix());
    // In mlos's words, at the place it happened (a user trial read Jackson's
    // "StreamReadConstraints.getMaxNestingDepth()").
    assertEquals(
        "r.json:1:51: lists and objects nest deeper than "
            + YamlLimits.MAX_NESTING
            + " levels here, more than mlos reads (its nesting limit, which keeps a document from"
            + " exhausting the reader)",
        e.getMessage());
    assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
  }

  @Test
  void tabsAsJsonWhitespaceAreFine() {
    assertEquals(Map.of("a", 1L), YamlNode.parseJson("r.json", "{\n\t\"a\":\t1\n}").plain());
  }
}
