package dev.mlos.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
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

  /** The longest line read: an initialize is a few hundred bytes. */
  private static final int MAX_LINE = 1 << 20;

  /** JSON-RPC's range for a server's own errors. */
  static final int CODE = -32000;

  private StartupFailure() {}

  /**
   * Answers each request on {@code in} with an error whose message is {@code why}, until the
   * client's {@code initialize} is answered, stdin ends, or {@value #WAIT_MS} ms passed; lines that
   * are no request (notifications, garbage) are skipped.
   */
  public static void tellClient(InputStream in, PrintStream out, String why) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  if (line.length() > MAX_LINE) {
                    continue;
                  }
                  JsonNode m;
                  try {
                    m = JSON.readTree(line);
                  } catch (java.io.IOException notJson) {
                    continue;
                  }
                  if (m == null || !m.isObject() || !m.hasNonNull("id") || !m.has("method")) {
                    continue;
                  }
                  ObjectNode answer = JSON.createObjectNode();
                  answer.put("jsonrpc", "2.0");
                  answer.set("id", m.get("id"));
                  ObjectNode error = answer.putObject("error");
                  error.put("code", CODE);
                  error.put("message", why);
                  synchronized (out) {
                    out.println(JSON.writeValueAsString(answer));
                    out.flush();
                  }
                  if ("initialize".equals(m.get("method").asText())) {
                    return;
                  }
                }
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
}
