package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Doubles in {@code --json} and in MCP answers have the digits of the compiled pages, the same on
 * every Java version: Jackson wrote Java's own text, which Java 17 gives other digits for some
 * values (found by the review).
 */
class DecimalJsonTest {
  @Test
  void doublesAreWrittenAsJava19WritesThemOnEveryJava() throws Exception {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("a", 1.0E23);
    row.put("b", 2.0E23);
    row.put("c", 0.5);
    row.put("d", 3L);
    row.put("e", Double.NaN);
    row.put("f", 2.0E23f);
    assertEquals(
        "{\"a\":1.0E23,\"b\":2.0E23,\"c\":0.5,\"d\":3,\"e\":\"NaN\",\"f\":2.0E23}",
        Output.JSON
            .copy()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(row));
  }
}
