package dev.mlos.core.engine;

import java.util.List;

/**
 * Request ids: a client's key for a write whose retry must not write twice (Stripe's idempotency
 * keys). An agent whose call was committed but whose answer was lost retries it; sent with the same
 * request id, the retry is answered with the first call's rows and writes nothing.
 *
 * <ul>
 *   <li>A request id is the client's: 1 to {@value #MAX_LENGTH} printable ASCII characters, no
 *       space (a UUID, a ULID); anything else is refused ({@code request.id}).
 *   <li>It is recorded in the write's own transaction (schema V21, {@code mlos_requests}), keyed by
 *       the actor and the id, with the operation, a SHA-256 of the arguments as the engine took
 *       them, and the ids the write made. A refused write records nothing.
 *   <li>The same actor, the same id, the same operation and arguments: the rows with those ids as
 *       they are now, {@link KeyedWrite#replayed} true, nothing written. The same id with another
 *       operation or other arguments is refused ({@code request.reused}). Another actor's id is
 *       another key. Of two processes sending the same id at once, exactly one writes (the write
 *       lock is taken before the record is read).
 *   <li>A record is kept {@value #KEPT_HOURS} hours; then the id is free again. Each keyed write
 *       deletes at most {@value #PRUNED_PER_WRITE} expired records, oldest first, so the table
 *       stays near the number of keyed writes of a day.
 * </ul>
 */
public final class RequestIds {
  /** Longest request id, in characters. */
  public static final int MAX_LENGTH = 128;

  /** How long a request id is remembered. */
  public static final int KEPT_HOURS = 24;

  /** Most expired records one keyed write deletes. */
  public static final int PRUNED_PER_WRITE = 100;

  static final long KEPT_SECONDS = KEPT_HOURS * 3600L;

  private RequestIds() {}

  /**
   * Refuses a request id that is not 1 to {@value #MAX_LENGTH} printable ASCII characters without a
   * space; null (no id) passes.
   *
   * @throws RefusedException {@code request.id}
   */
  static void check(String requestId) {
    if (requestId == null) {
      return;
    }
    String problem = null;
    if (requestId.isEmpty()) {
      problem = "is empty";
    } else if (requestId.length() > MAX_LENGTH) {
      problem = "has " + requestId.length() + " characters; at most " + MAX_LENGTH;
    } else {
      for (int i = 0; i < requestId.length(); i++) {
        char ch = requestId.charAt(i);
        if (ch < '!' || ch > '~') {
          problem =
              String.format(
                  "holds U+%04X at character %d; only printable ASCII, no space, is taken",
                  (int) ch, i + 1);
          break;
        }
      }
    }
    if (problem != null) {
      throw new RefusedException(
          "request.id",
          "request id "
              + (requestId.length() > 40
                  ? RefusedException.quoted(requestId.substring(0, 40)) + "..."
                  : RefusedException.quoted(requestId))
              + " "
              + problem,
          List.of(),
          null,
          "send a request id of 1 to "
              + MAX_LENGTH
              + " printable ASCII characters without spaces, such as a UUID, and the same one"
              + " when you retry that write");
    }
  }

  /** The actor as a record names it: {@code agent:3}, {@code person:alice}, {@code tool:x}. */
  static String actorKey(Actor actor) {
    return actor.kind() + ":" + actor.name();
  }

  /**
   * The SHA-256, in lower-case hex, of {@code operation} and {@code parts} (strings, integers,
   * booleans, nulls and lists of them), each written with its kind and length so that no two
   * different argument lists are written alike.
   */
  static String fingerprint(String operation, List<?> parts) {
    StringBuilder b = new StringBuilder();
    append(b, operation);
    append(b, parts);
    return dev.mlos.core.hash.Sha256.of(b.toString());
  }

  private static void append(StringBuilder b, Object value) {
    if (value == null) {
      b.append("n;");
    } else if (value instanceof String s) {
      b.append('s').append(s.length()).append(':').append(s).append(';');
    } else if (value instanceof Boolean f) {
      b.append(f ? "t;" : "f;");
    } else if (value instanceof Number n) {
      b.append('i').append(n.longValue()).append(';');
    } else if (value instanceof List<?> list) {
      b.append('l').append(list.size()).append(':');
      for (Object o : list) {
        append(b, o);
      }
      b.append(';');
    } else {
      throw new IllegalArgumentException("cannot fingerprint a " + value.getClass());
    }
  }
}
