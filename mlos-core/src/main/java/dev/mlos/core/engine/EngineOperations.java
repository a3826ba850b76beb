package dev.mlos.core.engine;

import dev.mlos.core.Remedy;
import java.util.List;
import java.util.Optional;

/**
 * What every group of {@link Engine} operations shares: the store, the actor, the one write path
 * (which refuses an acting agent that is not registered) and the lookups that refuse a missing row.
 */
abstract class EngineOperations {
  final StateStore store;
  final Actor actor;

  EngineOperations(StateStore store, Actor actor) {
    this.store = store;
    this.actor = actor;
  }

  <T> T write(String reason, StateStore.Work<T> work) {
    return store.write(
        actor,
        reason,
        () -> {
          Long me = actor.agentId();
          if (me != null && !store.exists(EntityRef.agent(me))) {
            throw (RefusedException)
                new RefusedException(
                        "actor",
                        "the acting agent " + me + " is not registered",
                        List.of(),
                        EntityRef.agent(me),
                        "register an agent run first with {0}, then act as the id it prints")
                    .suggesting(Remedy.registerAgent(null));
          }
          return work.run();
        });
  }

  Need needOrRefuse(long id) {
    return store.need(id).orElseThrow(() -> missing(EntityRef.need(id)));
  }

  Task taskOrRefuse(long id) {
    return store.task(id).orElseThrow(() -> missing(EntityRef.task(id)));
  }

  Agent agentOrRefuse(long id) {
    return store.agent(id).orElseThrow(() -> missing(EntityRef.agent(id)));
  }

  Optional<Lens> effectiveLens(Agent agent) {
    Optional<Lens> own = store.lensOfAgent(agent.id());
    return own.isPresent() ? own : store.lensOfType(agent.agentType());
  }

  static RefusedException notFound(EntityRef ref) {
    return new RefusedException("not_found", ref.words() + " does not exist", List.of(), ref);
  }

  /**
   * {@link #notFound}, saying when, by whom and why the row was removed when its history ends with
   * its delete: an artifact a teammate removed (arriving with a pull) or one this agent removed
   * before a retry is not a mistyped id, and the refusal should not read as one.
   */
  RefusedException missing(EntityRef ref) {
    // The latest delete, not the latest row: a merge whose conflict was resolved to the delete
    // keeps the other side's later update in history.
    List<HistoryEntry> rows = store.history(ref.type(), ref.id(), Engine.MAX_HISTORY_ROWS);
    HistoryEntry h = null;
    for (int i = rows.size() - 1; i >= 0 && h == null; i--) {
      h = "delete".equals(rows.get(i).operation()) ? rows.get(i) : null;
    }
    if (h == null) {
      return notFound(ref);
    }
    return new RefusedException(
        "not_found",
        ref.words()
            + " does not exist: it was removed at "
            + h.changedAt()
            + (h.actor() == null ? "" : " by " + h.actor())
            + (h.reason() == null ? "" : " (" + h.reason() + ")")
            + "; its history keeps it as it was (history "
            + ref.type()
            + ":"
            + ref.id()
            + ")",
        List.of(),
        ref);
  }
}
