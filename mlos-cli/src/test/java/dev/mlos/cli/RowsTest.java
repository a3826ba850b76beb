package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mlos.core.engine.Edge;
import dev.mlos.core.engine.EntityRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An edge's metadata as {@code --json} prints it and the MCP tools return it (both through {@link
 * Rows}).
 */
class RowsTest {
  private static Map<String, Object> edge(String metadata) {
    return Rows.edge(
        new Edge(3, EntityRef.need(1), EntityRef.need(2), "blocks", metadata, "2026-12-05"));
  }

  /**
   * Metadata that is the JSON string "x" and a row whose metadata is the text x (written with the
   * checks off) both printed {@code "metadata":"x"}: the second is now null, with its text apart.
   */
  @Test
  void metadataThatIsAJsonStringIsToldApartFromTextThatIsNotJson() {
    Map<String, Object> json = edge("\"x\"");
    assertEquals("x", json.get("metadata"));
    assertFalse(json.containsKey("metadata_text"), json.toString());

    Map<String, Object> text = edge("x");
    assertNull(text.get("metadata"), text.toString());
    assertEquals("x", text.get("metadata_text"));

    Map<String, Object> trailing = edge("{\"a\": 1} and more");
    assertNull(trailing.get("metadata"), trailing.toString());
    assertEquals("{\"a\": 1} and more", trailing.get("metadata_text"));

    Map<String, Object> none = edge(null);
    assertNull(none.get("metadata"));
    assertFalse(none.containsKey("metadata_text"), none.toString());
    assertEquals(Map.of("a", java.math.BigInteger.ONE), edge("{\"a\": 1}").get("metadata"));
  }
}
