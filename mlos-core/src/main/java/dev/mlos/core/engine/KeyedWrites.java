package dev.mlos.core.engine;

import java.util.List;

/**
 * The engine's writes whose retry would make rows twice, sent with a client's request id ({@link
 * Engine#once}): a retry by the same actor with the same request id and the same arguments is
 * answered with the rows the first call made and writes nothing ({@link KeyedWrite#replayed}); the
 * same id with other arguments is refused ({@code request.reused}). See {@link RequestIds}. Each
 * operation is the engine's own, in one transaction with its record.
 */
public final class KeyedWrites {
  private final NeedOperations needs;
  private final String requestId;

  KeyedWrites(NeedOperations needs, String requestId) {
    this.needs = needs;
    this.requestId = requestId;
  }

  /**
   * {@link Engine#createNeed}, once per request id (none: a plain create).
   *
   * @throws RefusedException as {@link Engine#createNeed}, {@code request.id}, {@code
   *     request.reused}
   */
  public KeyedWrite<Need> createNeed(NeedSpec spec) {
    return needs.createNeed(spec, requestId);
  }

  /**
   * {@link Engine#graduate}, or {@link Engine#graduateMore} when {@code more}, once per request id.
   *
   * @throws RefusedException as {@link Engine#graduate}, {@code request.id}, {@code request.reused}
   */
  public KeyedWrite<List<Task>> graduate(long needId, List<TaskSpec> tasks, boolean more) {
    return needs.graduate(needId, tasks, more, requestId);
  }
}
