package dev.mlos.cli.mcp;

import dev.mlos.core.hash.StopSignal;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.io.PrintStream;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Tool calls that stop hashing a file once no one wants their answer: register_artifact of a 20 GB
 * dataset hashed for 107 s (a terabyte for over an hour) whatever the client did, and the server,
 * whose requests take turns, answered nothing else meanwhile. A call runs under a {@link
 * StopSignal} that says stop when the client cancelled it ({@code notifications/cancelled}) or the
 * server is stopping; the engine hashes every file before it writes, so a stopped call has written
 * nothing, and its answer (an error, "stopped") is sent only when the client did not cancel it. A
 * call whose client asked for progress is told, while it hashes, that it is still at work ({@link
 * HashProgress}).
 */
final class StoppableCalls {
  private StoppableCalls() {}

  static List<SyncToolSpecification> of(
      List<SyncToolSpecification> specs, BooleanSupplier stopAsked, PrintStream log) {
    return specs.stream()
        .map(
            spec ->
                new SyncToolSpecification(
                    spec.tool(),
                    (exchange, request) ->
                        StopSignal.during(
                            request.progressToken() == null
                                ? stopAsked
                                : new HashProgress(
                                    stopAsked,
                                    exchange::progressNotification,
                                    request.progressToken(),
                                    System::nanoTime,
                                    log),
                            () -> spec.callHandler().apply(exchange, request))))
        .toList();
  }
}
