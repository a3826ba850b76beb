package dev.mlos.cli.mcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON-RPC batch, a list of messages on one line: MCP 2025-03-26, which the server speaks when a
 * client asks for it, has a server take them ("MUST support receiving JSON-RPC batches"; 2025-06-18
 * dropped them). The gate handles each message as if it came on a line of its own, and the answers
 * to its requests go out as one list ({@link BatchReplies}), as JSON-RPC 2.0 has it. A session
 * opened at 2025-06-18 or later has no batches: one is refused whole.
 */
final class Batch {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Batch() {}

  /** The most messages of one batch: a longer one is refused whole (its answers are held). */
  static final int MAX_MESSAGES = 1000;

  /** The first MCP version without batches. */
  static final String REMOVED_IN = ProtocolVersions.MCP_2025_06_18;

  /** What handles one message of a batch, as if it came on a line of its own. */
  interface Each {
    void pass(String message) throws IOException;
  }

  /**
   * Handles the messages of a batch ({@link #items}) in order, each with {@code each}, and has the
   * answers go out as one list; or refuses the batch whole, answering each of its requests under
   * its id in one list (id null when it has none): in a session of MCP 2025-06-18 or later (which
   * removed batches), when it holds an {@code initialize} (MCP 2025-03-26: "The initialization
   * request MUST NOT be part of a JSON-RPC batch"), or when it holds more than {@link
   * #MAX_MESSAGES}.
   */
  static void handle(List<String> items, Answers answers, Each each, PrintStream log)
      throws IOException {
    String version = answers.negotiated();
    String refused = null;
    if (version != null && version.compareTo(REMOVED_IN) >= 0) {
      refused =
          "Invalid Request: a JSON-RPC batch (a list of messages on one line), which this session's"
              + " MCP version "
              + version
              + " does not take (MCP "
              + REMOVED_IN
              + " removed batches); nothing in it was handled\nFix: send each message alone, on a"
              + " line of its own";
    } else if (items.size() > MAX_MESSAGES) {
      refused =
          "Invalid Request: a batch of "
              + items.size()
              + " messages, more than the "
              + MAX_MESSAGES
              + " this server takes in one; nothing in it was handled\nFix: send at most "
              + MAX_MESSAGES
              + " messages in a batch, or each alone on a line of its own";
    } else if (items.stream()
        .anyMatch(m -> McpSchema.METHOD_INITIALIZE.equals(field(m, "method")))) {
      refused =
          "Invalid Request: initialize in a batch, which MCP does not allow (the session opens"
              + " before any other message is sent); nothing in the batch was handled\nFix: send"
              + " initialize alone, on a line of its own, and the rest once it is answered";
    }
    if (refused != null) {
      log.println("mlos mcp: refused a batch of " + items.size() + " messages: " + refused);
      refuse(items, answers, refused);
      return;
    }
    answers.batchBegin();
    try {
      for (int i = 0; i < items.size(); i++) {
        answers.batchItem(i);
        String message = items.get(i);
        if (message.startsWith("[")) {
          answers.error(null, -32600, "Invalid Request: a batch holds messages, not a batch");
        } else {
          each.pass(message);
        }
      }
    } finally {
      answers.batchEnd();
    }
  }

  /** Answers each request of a batch {@code refused} under its id, in one list. */
  private static void refuse(List<String> items, Answers answers, String refused)
      throws IOException {
    List<Object> ids = new ArrayList<>();
    for (String message : items) {
      Object id = field(message, "id");
      if (id != null && field(message, "method") != null) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      // No request to answer under its id: JSON-RPC answers a batch it cannot take with one error.
      answers.error(null, -32600, refused);
      return;
    }
    answers.batchBegin();
    try {
      for (int i = 0; i < ids.size(); i++) {
        answers.batchItem(i);
        answers.error(ids.get(i), -32600, refused);
      }
    } finally {
      answers.batchEnd();
    }
  }

  /**
   * The member {@code name} of {@code message} when it is a string, or an integer within 64 bits;
   * else null.
   */
  private static Object field(String message, String name) {
    try {
      JsonNode n = JSON.readTree(message).get(name);
      if (n != null && n.isTextual()) {
        return n.asText();
      }
      return n != null && n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

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
