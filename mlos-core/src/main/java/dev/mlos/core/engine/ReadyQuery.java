package dev.mlos.core.engine;

/**
 * What {@link Engine#readyWork} should list.
 *
 * @param agentId the agent asking: its effective lens filters and weights the list; null for
 *     everyone
 * @param limit items per page, 1..{@value #MAX_LIMIT}
 * @param cursor {@link ReadyWork#nextCursor()} of the previous page for the same agent (and lens),
 *     or null for the first page
 */
public record ReadyQuery(Long agentId, int limit, String cursor) {
  /** Largest page. */
  public static final int MAX_LIMIT = 50;

  /** Page size when none is given. */
  public static final int DEFAULT_LIMIT = 20;

  /** The first page for everyone. */
  public static ReadyQuery everyone() {
    return new ReadyQuery(null, DEFAULT_LIMIT, null);
  }

  /** The first page for agent {@code agentId}, through its lens. */
  public static ReadyQuery forAgent(long agentId) {
    return new ReadyQuery(agentId, DEFAULT_LIMIT, null);
  }

  public ReadyQuery withLimit(int value) {
    return new ReadyQuery(agentId, value, cursor);
  }

  public ReadyQuery withCursor(String value) {
    return new ReadyQuery(agentId, limit, value);
  }
}
