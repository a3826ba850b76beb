package dev.mlos.core.engine;

import static dev.mlos.core.engine.Engine.AGENT_OUTCOMES;
import static dev.mlos.core.engine.InputRules.MAX_LIST;
import static dev.mlos.core.engine.InputRules.MAX_SHORT;
import static dev.mlos.core.engine.InputRules.MAX_TEXT;
import static dev.mlos.core.engine.InputRules.TAG;
import static dev.mlos.core.engine.InputRules.agentType;
import static dev.mlos.core.engine.InputRules.hasControl;
import static dev.mlos.core.engine.InputRules.scope;
import static dev.mlos.core.engine.InputRules.tags;
import static dev.mlos.core.engine.InputRules.text;

import dev.mlos.core.Remedy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Agent runs and their lenses. Reached through {@link Engine}, which documents each operation. */
final class AgentOperations extends EngineOperations {
  /**
   * Agent runs have no transitions table: provisioning -> active -> completed | failed (failed also
   * from provisioning). The database keeps the same moves (schema mlos V9, agents_status_move);
   * checking them here first gives the refusal the run's id and the engine's words.
   */
  private static final Map<String, List<String>> AGENT_MOVES =
      Map.of(
          "provisioning", List.of("active", "failed"),
          "active", List.of("completed", "failed"),
          "completed", List.of(),
          "failed", List.of());

  AgentOperations(StateStore store, Actor actor) {
    super(store, actor);
  }

  Agent getAgent(long agentId) {
    return store.read(() -> agentOrRefuse(agentId));
  }

  AgentList listAgents(boolean all, int limit) {
    if (limit < 1 || limit > Engine.MAX_AGENTS_LISTED) {
      throw new RefusedException(
          "input",
          "the limit of an agent list is 1.." + Engine.MAX_AGENTS_LISTED + ", got " + limit,
          List.of(),
          null,
          "give a limit from 1 to " + Engine.MAX_AGENTS_LISTED);
    }
    return store.read(() -> new AgentList(store.agents(all, limit), store.agentCount(all)));
  }

  List<Task> heldTasks(long agentId, int limit) {
    return store.read(
        () -> {
          agentOrRefuse(agentId);
          return store.heldBy(agentId, limit);
        });
  }

  Agent registerAgent(AgentSpec spec) {
    agentType(spec.agentType());
    if (spec.kernelVersion() != null
        && dev.mlos.core.InvisibleText.showsNothing(spec.kernelVersion())) {
      // An empty version names none, and was stored as it was ("kernel " in every answer), where
      // an empty transcript is refused; one of a zero-width space alone reads the same.
      throw new RefusedException(
          "input",
          spec.kernelVersion().isBlank()
              ? "kernel_version is empty"
              : "kernel_version holds only spaces or invisible characters (the first is "
                  + dev.mlos.core.InvisibleText.describeFirst(spec.kernelVersion())
                  + ")",
          List.of(),
          null,
          "give the version of the agent's kernel, on one line, or leave it out");
    }
    text(spec.kernelVersion(), "kernel_version", MAX_SHORT, "agent.text", null);
    InputRules.oneLineText(spec.kernelVersion(), "kernel_version", "agent.text", null);
    InputRules.transcript(spec.sessionTranscript(), "session_transcript", false, null);
    InputRules.transcriptText(spec.sessionTranscript(), "session_transcript", "agent.text", null);
    return write(null, () -> store.agent(store.insertAgent(spec)).orElseThrow());
  }

  Written<Agent> startAgent(long agentId) {
    return moveAgent(agentId, "active", false, null);
  }

  Agent finishAgent(long agentId, String status, String resultSummary) {
    if (status == null || !AGENT_OUTCOMES.contains(status)) {
      throw new RefusedException(
          "input",
          RefusedException.quoted(status) + " is not a way to finish an agent run",
          AGENT_OUTCOMES,
          EntityRef.agent(agentId));
    }
    text(resultSummary, "result_summary", MAX_TEXT, "agent.text", EntityRef.agent(agentId));
    return moveAgent(agentId, status, true, resultSummary).row();
  }

  private Written<Agent> moveAgent(long agentId, String to, boolean finish, String summary) {
    return write(
        null,
        () -> {
          Agent agent = agentOrRefuse(agentId);
          if (!finish && agent.status().equals(to)) {
            // Starting an agent that runs already: a no-op, as a need moved to its own status.
            return new Written<>(agent, false);
          }
          List<String> next = AGENT_MOVES.getOrDefault(agent.status(), List.of());
          if (!next.contains(to) && next.contains("active") && finish) {
            // Finishing a run never started: say which command starts it, in each tool's words.
            throw (RefusedException)
                new RefusedException(
                        "agent.lifecycle",
                        notAllowed(agent, to) + "; a run is " + to + " from active",
                        next.stream().filter(AGENT_OUTCOMES::contains).toList(),
                        agent.ref(),
                        "start it first with {0}, then finish it")
                    .suggesting(Remedy.startAgent(agentId));
          }
          if (next.isEmpty()) {
            // A finished run: `mlos agent finish 3` again (a retried call) had no fix line.
            throw (RefusedException)
                new RefusedException(
                        "agent.lifecycle",
                        notAllowed(agent, to) + " (" + agent.status() + " is final)",
                        List.of(),
                        agent.ref(),
                        "nothing to do: "
                            + agent.ref().words()
                            + " is "
                            + agent.status()
                            + " and stays so; more work is a new agent run: register one with {0}")
                    .suggesting(Remedy.registerAgent(agent.agentType()));
          }
          if (!next.contains(to)) {
            throw new RefusedException(
                "agent.lifecycle",
                notAllowed(agent, to)
                    + "; from "
                    + agent.status()
                    + " it can move to "
                    + String.join(", ", next),
                // Only the next states this operation can be given are allowed values (a finish
                // takes completed or failed, never active), or every adapter would offer the rest.
                next.stream().filter(s -> finish && AGENT_OUTCOMES.contains(s)).toList(),
                agent.ref());
          }
          store.setAgentStatus(agentId, to, finish, summary);
          return new Written<>(store.agent(agentId).orElseThrow(), true);
        });
  }

  /**
   * The head of every refused move of an agent run: "agent 3: completed -> active is not allowed".
   */
  private static String notAllowed(Agent agent, String to) {
    return agent.ref().words() + ": " + agent.status() + " -> " + to + " is not allowed";
  }

  /** How many agent types a note about a type without runs names, at most. */
  private static final int TYPES_NAMED = 10;

  LensSet setLens(LensSpec spec) {
    if ((spec.agentId() == null) == (spec.agentType() == null)) {
      throw new RefusedException(
          "lens.owner",
          "a lens belongs to exactly one agent or one agent type",
          List.of("agent id", "agent type"),
          null);
    }
    if (spec.agentType() != null) {
      agentType(spec.agentType());
    }
    if (spec.scopes().size() > MAX_LIST || spec.weights().size() > MAX_LIST) {
      throw new RefusedException(
          "lens.scopes",
          "a lens takes at most "
              + MAX_LIST
              + " scopes and "
              + MAX_LIST
              + " weights, was given "
              + spec.scopes().size()
              + " scopes and "
              + spec.weights().size()
              + " weights",
          List.of(),
          null,
          "give at most "
              + MAX_LIST
              + " scopes and "
              + MAX_LIST
              + " weights; to show the needs of more scopes, give them a tag they share and"
              + " give the lens that tag");
    }
    List<String> scopes =
        new ArrayList<>(
            new TreeSet<>(spec.scopes().stream().map(s -> scope(s, null, "lens.scopes")).toList()));
    List<String> tags = tags(spec.tags(), "lens.tags", null);
    Map<String, Double> weights = new LinkedHashMap<>();
    for (Map.Entry<String, Double> w : new TreeMap<>(spec.weights()).entrySet()) {
      String key = w.getKey();
      boolean ok =
          key != null
              && ((key.startsWith("tag:") && TAG.matcher(key.substring(4)).matches())
                  || (key.startsWith("scope:")
                      && key.length() > 6
                      && key.length() <= 6 + MAX_SHORT
                      && !hasControl(key)));
      if (!ok) {
        throw new RefusedException(
            "lens.weights",
            "lens weight key "
                + RefusedException.quoted(key)
                + " is not tag:<tag> or scope:<scope>",
            List.of("tag:<tag>", "scope:<scope>"),
            null);
      }
      Double v = w.getValue();
      if (v == null || !(v > 0 && v <= 100)) {
        throw new RefusedException(
            "lens.weights",
            "lens weight " + key + " = " + v + " is not in (0, 100]",
            List.of("(0, 100]"),
            null);
      }
      weights.put(key, v);
    }
    neverApplied(scopes, tags, weights);
    if (spec.tokenBudget() != null && (spec.tokenBudget() < 1 || spec.tokenBudget() > 10_000_000)) {
      throw new RefusedException(
          "lens.budget",
          "token budget " + spec.tokenBudget() + " is not in 1..10,000,000",
          List.of("1..10000000"),
          null);
    }
    LensSpec clean =
        new LensSpec(spec.agentId(), spec.agentType(), scopes, tags, weights, spec.tokenBudget());
    return write(
        null,
        () -> {
          if (clean.agentId() != null) {
            agentOrRefuse(clean.agentId());
          }
          store.saveLens(clean);
          Lens saved =
              (clean.agentId() != null
                      ? store.lensOfAgent(clean.agentId())
                      : store.lensOfType(clean.agentType()))
                  .orElseThrow();
          return new LensSet(
              saved,
              clean.agentType() == null || store.hasAgentOfType(clean.agentType())
                  ? List.of()
                  : List.of(noRunsYet(clean.agentType(), store.agentTypes(TYPES_NAMED + 1))));
        });
  }

  /**
   * Refuses the weights of scopes a lens can never show: a lens with scopes and no tags shows the
   * needs of those scopes only, so {@code scope:x=2} for another scope weighs nothing, ever, and
   * was accepted without a word. With a tag in the lens, a need of any scope may show (through the
   * tag), so every weight may apply; a tag's weight may always apply (to a shown need that also has
   * the tag).
   */
  private static void neverApplied(
      List<String> scopes, List<String> tags, Map<String, Double> weights) {
    if (scopes.isEmpty() || !tags.isEmpty()) {
      return;
    }
    List<String> unseen =
        weights.keySet().stream()
            .filter(k -> k.startsWith("scope:") && !scopes.contains(k.substring(6)))
            .toList();
    if (unseen.isEmpty()) {
      return;
    }
    List<String> named = unseen.stream().map(RefusedException::quoted).toList();
    throw new RefusedException(
        "lens.weights",
        (unseen.size() == 1 ? "lens weight " : "lens weights ")
            + String.join(", ", named)
            + " can never apply: the lens shows only the needs of its "
            + (scopes.size() == 1 ? "scope " : scopes.size() + " scopes ")
            + String.join(", ", scopes.stream().limit(5).map(RefusedException::quoted).toList())
            + (scopes.size() > 5 ? ", ..." : "")
            + " and has no tags, so no need of "
            + (unseen.size() == 1 ? "that scope" : "those scopes")
            + " is ever in it",
        List.of(),
        null,
        "add "
            + (unseen.size() == 1 ? "the scope " : "the scopes ")
            + String.join(
                ", ", unseen.stream().map(k -> RefusedException.quoted(k.substring(6))).toList())
            + " to the lens's scopes as well, or leave "
            + (unseen.size() == 1 ? "the weight" : "those weights")
            + " out");
  }

  /**
   * The note of a lens set for an agent type no run has: allowed (a lens may be set up before the
   * first run of its type registers), but a misspelt type is set the same way, so the answer says
   * so and names the types that have runs.
   */
  private static String noRunsYet(String agentType, List<String> types) {
    return "no agent run of type "
        + agentType
        + " is registered yet: the lens applies to every run of it registered from now on ("
        + (types.isEmpty()
            ? "no agent run of any type is registered yet"
            : "the types with runs: "
                + String.join(", ", types.stream().limit(TYPES_NAMED).toList())
                + (types.size() > TYPES_NAMED ? ", ..." : ""))
        + ")";
  }

  Optional<Lens> lensOf(long agentId) {
    return store.read(() -> effectiveLens(agentOrRefuse(agentId)));
  }

  Optional<Lens> lensOfType(String agentType) {
    agentType(agentType);
    return store.read(() -> store.lensOfType(agentType));
  }
}
