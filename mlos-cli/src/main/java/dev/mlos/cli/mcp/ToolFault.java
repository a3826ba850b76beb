package dev.mlos.cli.mcp;

import io.modelcontextprotocol.spec.McpError;
import java.util.function.BiFunction;

/**
 * The answer to a tool call whose work failed inside mlos (not a refusal, not a broken setup): an
 * error result, never a call left unanswered. The server answers requests in the order they came,
 * so one call that is not answered leaves every later one unanswered until the client gives up;
 * whatever was thrown, {@code Error}s included, is answered. The engine rolls its transaction back
 * on any throwable, so nothing was half-written.
 */
final class ToolFault {
  private ToolFault() {}

  /** The error text for {@code e}, with the way out when there is one. */
  static String words(Throwable e) {
    String head = "error: mlos failed (" + e.getClass().getSimpleName() + ")";
    if (e instanceof LinkageError) {
      // A class the server had not loaded yet is missing or changed: the jar it runs from was
      // rebuilt or replaced while it ran (an upgrade, `mvn install` in the mlos repository).
      return head
          + "; nothing was half-written. The jar this server runs from was probably rebuilt or"
          + " replaced while it ran. Fix: restart the MCP server (your client's restart or"
          + " reconnect command).";
    }
    if (e instanceof OutOfMemoryError) {
      // mlos's limit, not a fault: the heap is set where the client starts this server.
      long mib = dev.mlos.core.Remedy.heapMiB(Runtime.getRuntime().maxMemory());
      return head
          + "; nothing was half-written. This server's Java process ran out of heap (it may use "
          + mib
          + " MiB). Fix: tell the person who runs this server to give it more heap: "
          + McpSuggestions.INSTANCE.word(dev.mlos.core.Remedy.moreMemoryThan(mib))
          + ".";
    }
    // As the command line asks for it: the details are on the server's stderr, not in the answer.
    return head
        + "; this is a fault in mlos, not in your arguments, and nothing was half-written. Fix:"
        + " tell the person who runs this server, who reports it with what the server wrote on"
        + " stderr.";
  }

  /**
   * A resource read or a prompt whose database is broken (deleted while the server ran, unreadable,
   * not SQLite), or whose workspace's template or query fails: the SDK answered -32603 with the
   * exception's text and no fix, and put its stack trace on stderr. Still -32603 (the server cannot
   * do it, and the client's arguments are not at fault), now with the fix, as a tool call answers
   * the same failure and the command line names it.
   */
  static McpError broken(dev.mlos.core.MlosException e) {
    return McpError.builder(-32603)
        .message(
            "error: "
                + e.getMessage()
                + (e.fix() == null ? "" : ". Fix: " + e.fix(McpSuggestions.INSTANCE)))
        .build();
  }

  /**
   * {@code handler} (a resource's or a prompt's), with an {@code Error} it throws answered as a
   * JSON-RPC internal error carrying {@link #words} (a broken setup: {@link #broken}): the SDK
   * answers an exception but lets an {@code Error} through, which leaves the request, and every
   * later one, unanswered.
   */
  static <X, Q, R> BiFunction<X, Q, R> answered(BiFunction<X, Q, R> handler) {
    return (exchange, request) -> {
      try {
        return handler.apply(exchange, request);
      } catch (dev.mlos.core.MlosException e) {
        throw broken(e);
      } catch (Error e) {
        throw McpError.builder(-32603).message(words(e)).build();
      }
    };
  }
}
