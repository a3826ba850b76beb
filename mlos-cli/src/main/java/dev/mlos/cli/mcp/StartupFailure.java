package dev.mlos.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A server that cannot start (no database, one that needs {@code mlos init}, an unknown agent)
 * tells the client why, not only stderr: MCP clients start servers in the background and showed a
 * bare "Connection closed", with the reason in a log few people open. The client's first requests
 * (its {@code initialize}) are answered with a JSON-RPC error carrying the same words as stderr.
 */
public final class StartupFailure {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long the client is waited for: it sends initialize as soon as it started the server. */
  private static final long WAIT_MS = 5_000;

  /** The longest line kept: an initialize is a few hundred bytes. */
  static final int MAX_LINE = 1 << 20;

  /** JSON-RPC's range for a server's own errors. */
  static final int CODE = -32000;

  private StartupFailure() {}

  /**
   * Answers each request on {@code in} with an error whose message is {@code why}, until the
   * client's {@code initialize} is answered, stdin ends, or {@value #WAIT_MS} ms passed; lines that
   * are no request (notifications, garbage) are skipped. A line is kept up to {@value #MAX_LINE}
   * bytes, as the serving path keeps it ({@link StdinGate}): a longer one is answered under the id
   * its head or tail shows ({@link LongLine}), never held whole (a line of gigabytes was read into
   * memory before its length was checked).
   */
  public static void tellClient(InputStream in, PrintStream out, String why) {
    Thread reader =
        new Thread(
            () -> {
              try (InputStream bytes = new BufferedInputStream(in)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                LongLine whole = new LongLine();
                for (int b; (b = bytes.read()) != -1; ) {
                  if (b != '\n') {
                    whole.add(b);
                    if (line.size() < MAX_LINE) {
                      line.write(b);
                    }
                    continue;
                  }
                  if (answer(line, whole, out, why)) {
                    return;
                  }
                  line.reset();
                  whole.reset();
                }
                answer(line, whole, out, why);
              } catch (java.io.IOException e) {
                // stdin closed or unreadable: stderr has said it already
              }
            },
            "mlos-mcp-startup-failure");
    reader.setDaemon(true);
    reader.start();
    try {
      reader.join(WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Answers one line when it is a request; true when it was the client's initialize. */
  private static boolean answer(
      ByteArrayOutputStream line, LongLine whole, PrintStream out, String why)
      throws java.io.IOException {
    JsonNode id;
    String method;
    if (whole.size() > MAX_LINE) {
      Object found = whole.id(line.toByteArray(), line.size());
      if (found == null) {
        return false;
      }
      id = JSON.valueToTree(found);
      method = null; // not read: the server waits on for an initialize it can read
    } else {
      JsonNode m;
      try {
        m = JSON.readTree(line.toString(StandardCharsets.UTF_8));
      } catch (java.io.IOException notJson) {
        return false;
      }
      if (m == null || !m.isObject() || !m.hasNonNull("id") || !m.has("method")) {
        return false;
      }
      id = m.get("id");
      method = m.get("method").asText();
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("jsonrpc", "2.0");
    answer.set("id", id);
    ObjectNode error = answer.putObject("error");
    error.put("code", CODE);
    error.put("message", why);
    synchronized (out) {
      out.println(JSON.writeValueAsString(answer));
      out.flush();
    }
    return "initialize".equals(method);
  }
}
