package dev.mlos.cli.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The SDK's stdio transport, with the messages of the server handed to it one at a time.
 *
 * <p>Two threads send: the one answering requests, and the one that tells subscribers of changed
 * resources ({@link AfterWrites}). The SDK's stdio transport puts each message into a sink that
 * takes one sender at a time and lets another spin for at most 100 ms before it gives up with
 * {@code Failed to enqueue message}; on a busy machine, or across a garbage collection, a sender is
 * held that long. The message is then lost: a notification (stderr got the SDK's stack trace), or a
 * response, and the client waits for it until it times out. Here the senders take turns before they
 * reach the sink, so none is ever refused.
 */
final class OneSenderAtATime implements McpServerTransportProvider {
  private final McpServerTransportProvider transport;
  private final Object turn = new Object();

  OneSenderAtATime(McpServerTransportProvider transport) {
    this.transport = transport;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory sessions) {
    transport.setSessionFactory(t -> sessions.create(new Session(t, turn)));
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return transport.notifyClients(method, params);
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return transport.notifyClient(sessionId, method, params);
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return transport.closeGracefully();
  }

  @Override
  public List<String> protocolVersions() {
    return transport.protocolVersions();
  }

  /** One session's transport, whose {@link #sendMessage} waits for its turn. */
  static final class Session implements McpServerTransport {
    private final McpServerTransport transport;
    private final Object turn;

    Session(McpServerTransport transport, Object turn) {
      this.transport = transport;
      this.turn = turn;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return Mono.defer(
          () -> {
            // The stdio transport puts the message into its sink when its Mono is subscribed to,
            // on the subscribing thread: subscribed to here, that happens within the turn.
            Throwable[] failed = new Throwable[1];
            synchronized (turn) {
              transport.sendMessage(message).subscribe(null, e -> failed[0] = e);
            }
            return failed[0] == null ? Mono.<Void>empty() : Mono.<Void>error(failed[0]);
          });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
      return transport.unmarshalFrom(data, type);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return transport.closeGracefully();
    }

    @Override
    public void close() {
      transport.close();
    }

    @Override
    public List<String> protocolVersions() {
      return transport.protocolVersions();
    }
  }
}
