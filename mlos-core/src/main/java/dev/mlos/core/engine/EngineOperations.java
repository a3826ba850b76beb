package dev.mlos.core.engine;

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
            throw new RefusedException(
                "actor",
                "the acting agent " + me + " is not registered; register it first",
                List.of(),
                EntityRef.agent(me));
          }
          return work.run();
        });
  }

  Need needOrRefuse(long id) {
    return store.need(id).orElseThrow(() -> notFound(EntityRef.need(id)));
  }

  Task taskOrRefuse(long id) {
    return store.task(id).orElseThrow(() -> notFound(EntityRef.task(id)));
  }

  Agent agentOrRefuse(long id) {
    return store.agent(id).orElseThrow(() -> notFound(EntityRef.agent(id)));
  }

  Optional<Lens> effectiveLens(Agent agent) {
    Optional<Lens> own = store.lensOfAgent(agent.id());
    return own.isPresent() ? own : store.lensOfType(agent.agentType());
  }

  static RefusedException notFound(EntityRef ref) {
    return new RefusedException("not_found", ref.words() + " does not exist", List.of(), ref);
  }
}
