package dev.mlos.cli.mcp;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Keeps the server agent's context pack ({@code mlos://context/<id>}) in {@code resources/list}
 * only while the workspace compiles one: the list is made at start, so a run finished while the
 * server ran ({@code mlos agent finish}, from another process) stayed listed, and its read said
 * there is none. Before the server answers a {@code resources/list}, the run is looked up in the
 * database; once it is finished the resource is taken off the list (a finished run is never started
 * again), which the SDK follows with {@code notifications/resources/list_changed}, as the server
 * declares {@code listChanged}.
 */
final class OwnPackListing {
  private final String uri;
  private final BooleanSupplier finished;
  private final Supplier<McpSyncServer> server;
  private boolean listed = true;

  /**
   * @param uri the pack's resource, listed at start
   * @param finished whether the run is finished now (a read of the database)
   * @param server the server, once built
   */
  OwnPackListing(String uri, BooleanSupplier finished, Supplier<McpSyncServer> server) {
    this.uri = uri;
    this.finished = finished;
    this.server = server;
  }

  /** Before the server handles {@code request}: a list reflects the database as it is now. */
  synchronized void beforeRequest(McpSchema.JSONRPCRequest request) {
    if (!listed || !McpSchema.METHOD_RESOURCES_LIST.equals(request.method())) {
      return;
    }
    McpSyncServer s = server.get();
    try {
      if (s != null && finished.getAsBoolean()) {
        s.removeResource(uri);
        listed = false;
      }
    } catch (RuntimeException e) {
      // The run could not be looked up (a lock another process holds past the engine's retries):
      // the list is answered as it is, and the next one looks again.
      System.err.println("mlos mcp: resources/list: agent run not looked up: " + e.getMessage());
    }
  }
}
