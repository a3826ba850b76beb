package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tool's answer writes doubles as the compiled pages do, the same on every Java version. */
class McpToolsJsonTest {
  @Test
  void doublesInAnswersHaveJava19sDigits() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("score", 1.0E23);
    row.put("weight", 0.25);
    assertEquals("{\"score\":1.0E23,\"weight\":0.25}", McpTools.json(row));
  }
}
