package dev.mlos.cli.mcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON-RPC batch, a list of messages on one line: MCP 2025-03-26, which the server speaks when a
 * client asks for it, has a server take them ("MUST support receiving JSON-RPC batches"; 2025-06-18
 * dropped them). The gate handles each message as if it came on a line of its own.
 */
final class Batch {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Batch() {}

  /**
   * The messages of {@code text} when it is a list holding at least one value, each as the client
   * wrote it (an object's text is cut from the line, so a key twice is still seen; another value is
   * written again); null when it is not such a list (an empty one is refused whole, as JSON-RPC has
   * it).
   */
  static List<String> items(String text) {
    if (!text.startsWith("[")) {
      return null;
    }
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      List<String> items = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          return null;
        }
        if (t == JsonToken.START_OBJECT) {
          int from = Math.toIntExact(p.currentTokenLocation().getCharOffset());
          p.skipChildren();
          int to = Math.toIntExact(p.currentTokenLocation().getCharOffset()) + 1;
          items.add(text.substring(from, to));
        } else {
          items.add(JSON.writeValueAsString(p.readValueAsTree()));
        }
      }
      return items.isEmpty() ? null : items;
    } catch (IOException | RuntimeException e) {
      return null; // not readable here: refused whole, as before
    }
  }
}
