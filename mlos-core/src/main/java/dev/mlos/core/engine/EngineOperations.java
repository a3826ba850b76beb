package dev.mlos.core.engine;

import dev.mlos.core.Remedy;
import dev.mlos.core.view.Json;
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
          // Before the actor is recorded: the database refuses to record a finished run (schema
          // V14), in words that cannot name the run or its type. A run no one registered is a
          // row the workspace lacks, as for any other id given (not_found), not a malformed actor.
          Long me = actor.agentId();
          if (me != null) {
            refuseFinishedActor(
                store
                    .agent(me)
                    .orElseThrow(
                        () ->
                            (RefusedException)
                                new RefusedException(
                                        "not_found",
                                        "the acting agent " + me + " is not registered",
                                        List.of(),
                                        EntityRef.agent(me),
                                        "{0}; or register an agent run first with {1}, then act"
                                            + " as the id it prints, {2}")
                                    .suggesting(
                                        Remedy.findIds("agent"),
                                        Remedy.registerAgent(null),
                                        Remedy.asAgent())));
          }
          return null;
        },
        work);
  }

  /**
   * {@link #write} keyed by a client's request id ({@link RequestIds}): in the same transaction,
   * deletes expired records (bounded), then answers a recorded id with {@code replay} of its ids
   * (nothing else written), refuses it for other arguments, or runs {@code work} and records the
   * ids {@code ids} gives. Without a request id, {@code work} is a plain write.
   */
  <T> KeyedWrite<T> writeOnce(
      String requestId,
      String operation,
      List<?> arguments,
      StateStore.Work<T> work,
      java.util.function.Function<T, List<Long>> ids,
      java.util.function.Function<List<Long>, T> replay) {
    if (requestId == null) {
      return new KeyedWrite<>(write(null, work), false);
    }
    String fingerprint = RequestIds.fingerprint(operation, arguments);
    String me = RequestIds.actorKey(actor);
    return write(
        null,
        () -> {
          store.pruneRequests(RequestIds.KEPT_SECONDS, RequestIds.PRUNED_PER_WRITE);
          Optional<StateStore.RequestRecord> seen =
              store.request(me, requestId, RequestIds.KEPT_SECONDS);
          if (seen.isPresent()) {
            StateStore.RequestRecord r = seen.get();
            if (!r.operation().equals(operation) || !r.fingerprint().equals(fingerprint)) {
              throw new RefusedException(
                  "request.reused",
                  "request id "
                      + RefusedException.quoted(requestId)
                      + " was sent on "
                      + dayAndTime(r.createdAt())
                      + " with "
                      + (r.operation().equals(operation)
                          ? "other arguments"
                          : "another write (" + r.operation() + ")")
                      + "; a request id names one write, and a retry sends the same arguments",
                  List.of(),
                  null,
                  "send a new request id for a new write; to retry the first one, send its"
                      + " arguments unchanged");
            }
            return new KeyedWrite<>(replay.apply(r.resultIds()), true);
          }
          T made = work.run();
          store.saveRequest(
              me,
              requestId,
              new StateStore.RequestRecord(operation, fingerprint, ids.apply(made), null));
          return new KeyedWrite<>(made, false);
        });
  }

  /**
   * A finished run (completed or failed) is final: it makes no more changes, not even to the tasks
   * it still holds, which stay held until someone else gives them back (docs/engine.md).
   */
  private static void refuseFinishedActor(Agent agent) {
    if (agent.status().equals("completed") || agent.status().equals("failed")) {
      throw (RefusedException)
          new RefusedException(
                  "agent.lifecycle",
                  "agent "
                      + agent.id()
                      + " is "
                      + agent.status()
                      + (agent.completedAt() == null
                          ? ""
                          : " (finished on " + dayAndTime(agent.completedAt()) + ")")
                      + "; a finished agent run makes no more changes",
                  List.of(),
                  agent.ref(),
                  "more work is a new agent run: register one with {0} and act as it, {1}; a task"
                      + " this run still holds goes back to the work when a person releases it"
                      + " (or retries it, if failed): {2} lists them, each with its command")
              .suggesting(
                  Remedy.registerAgent(agent.agentType()),
                  Remedy.asAgent(),
                  Remedy.showAgent(agent.id()));
    }
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

  /** Kinds of row whose ids every adapter has a place to list: the fix of a missing one. */
  private static final java.util.Set<String> LISTED =
      java.util.Set.of("task", "need", "artifact", "agent");

  static RefusedException notFound(EntityRef ref) {
    if (!LISTED.contains(ref.type())) {
      return new RefusedException("not_found", ref.words() + " does not exist", List.of(), ref);
    }
    RefusedException e =
        new RefusedException("not_found", ref.words() + " does not exist", List.of(), ref, "{0}");
    e.suggesting(dev.mlos.core.Remedy.findIds(ref.type()));
    return e;
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
    String what = Json.stringField(h.oldValues(), NAMING_FIELD.getOrDefault(ref.type(), ""));
    String when = " on " + dayAndTime(h.changedAt());
    return (RefusedException)
        new RefusedException(
                "not_found",
                ref.words()
                    + (what == null ? "" : " (" + what + ")")
                    + " no longer exists: "
                    + (h.actor() == null
                        ? "it was removed" + when
                        : actorWords(h.actor()) + " removed it" + when)
                    + (h.reason() == null ? "" : " (reason: " + h.reason() + ")"),
                List.of(),
                ref,
                "its history keeps it as it was: see it with {0}")
            .suggesting(Remedy.showHistory(ref.type() + ":" + ref.id()));
  }

  /** The column that tells a person which row it was, read from the deleted row in history. */
  private static final java.util.Map<String, String> NAMING_FIELD =
      java.util.Map.of(
          "artifact", "file_path", "need", "title", "task", "description", "agent", "agent_type");

  /**
   * {@code person:alice} as {@code alice}, {@code agent:3} as {@code agent 3}; others as stored.
   */
  static String actorWords(String actor) {
    if (actor.startsWith("person:")) {
      return actor.substring("person:".length());
    }
    return actor.startsWith("agent:") ? "agent " + actor.substring("agent:".length()) : actor;
  }

  /**
   * {@code 2026-12-05T07:03:47.984Z} as {@code 2026-12-05 at 07:03:47 UTC}; another form as it is.
   */
  static String dayAndTime(String iso) {
    return iso != null && iso.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z")
        ? iso.substring(0, 10) + " at " + iso.substring(11, 19) + " UTC"
        : iso;
  }
}
