package dev.mlos.core;

import java.util.List;
import java.util.Objects;

/**
 * A fix the core suggests, as what to do and with which values, in no tool's words: the Maven
 * plugin names its goal, the {@code mlos} command its subcommand ({@code `mlos compile`}). A
 * message's fix text refers to its remedies as {@code {0}}, {@code {1}}, ... (see {@link
 * MlosException#suggesting}); each adapter words them with its {@link RemedyWording}.
 *
 * @param kind what to do
 * @param name the setting, for {@link Kind#SET_SETTING}; the artifact's id, when known, for {@link
 *     Kind#ACCEPT_ARTIFACT}; otherwise null
 * @param value the value the fix needs (a path, a pattern, a setting's value), or null
 */
public record Remedy(Kind kind, String name, String value) {
  /** What kind of fix applies. */
  public enum Kind {
    /** Compile the workspace (writes every page from the database). */
    RUN_COMPILE,
    /**
     * Compile and render every page, even when nothing changed since the last compile (the fix for
     * a compile that skipped its work).
     */
    RUN_COMPILE_FULL,
    /** Delete the files the workspace's last compile recorded (and nothing else). */
    RUN_CLEAN,
    /** Create or upgrade the database (backs it up first, applies migrations). */
    RUN_INIT,
    /**
     * Check the workspace's files against the database: lists, among others, every drifted artifact
     * with its path and the command that accepts it.
     */
    RUN_GUARD,
    /**
     * Take the committed text form of the database into the database (after a pull or merge changed
     * it), then build on it.
     */
    PULL_TEXT_FORM,
    /** Import files; {@code value} is an example of the paths, or null. */
    RUN_IMPORT,
    /**
     * Accept the reviewed change of an artifact; {@code value} is its path, or null for a
     * placeholder.
     */
    ACCEPT_ARTIFACT,
    /** Accept every drifted artifact at once. */
    ACCEPT_ALL_ARTIFACTS,
    /**
     * Set a setting; {@code name} is the core's name of it (as in {@code ConfigOverrides}), {@code
     * value} an example or null.
     */
    SET_SETTING,
    /**
     * Graduate a need again, adding the new tasks beside its live ones; {@code value} is the need's
     * id.
     */
    GRADUATE_MORE,
    /**
     * Claim a task for an agent (who then holds it and may start it); {@code value} is the task's
     * id.
     */
    CLAIM_TASK,
    /**
     * Start a task (it is then in progress, and can be finished); {@code value} is its id, {@code
     * name} the id of the agent to start it as, when known.
     */
    START_TASK,
    /** Open a failed task again (it can then be claimed, and finished); {@code value} is its id. */
    RETRY_TASK,
    /**
     * Finish a task as cancelled (the one outcome left to a failed task under a resolved need);
     * {@code value} is its id.
     */
    CANCEL_TASK,
    /** Give a held task back (it is then open, for any agent to claim); {@code value} is its id. */
    RELEASE_TASK,
    /**
     * Unregister an artifact (its row and edges go, history keeps them; the file is not touched);
     * {@code value} is its id.
     */
    REMOVE_ARTIFACT,
    /**
     * Record a registered artifact's new path after its file was moved or renamed (keeping its id,
     * edges and history); {@code value} is its id, the new path left for the reader.
     */
    MOVE_ARTIFACT,
    /**
     * Move a need to its next status, a step at a time (the fix says which steps); {@code value} is
     * the need's id.
     */
    MOVE_NEED,
    /**
     * Start an agent run (it is then active, and can be finished); {@code value} is the run's id.
     */
    START_AGENT,
    /**
     * Register a new agent run (a finished run is final); {@code value} is the agent type it
     * registers.
     */
    REGISTER_AGENT,
    /**
     * Do it as an agent, by naming the agent where the adapter lets one be named; the words follow
     * a verb ("start it as an agent"); {@code value} is null.
     */
    AS_AGENT,
    /**
     * Read the history of a row (who changed it, when and why, and what it held): {@code value} is
     * its reference, {@code artifact:3}.
     */
    SHOW_HISTORY,
    /**
     * Read an agent run: its status and the tasks it still holds, each with the command that gives
     * it back; {@code value} is the run's id.
     */
    SHOW_AGENT,
    /**
     * Take another task from the ready work, which lists only tasks no one holds (the way on for an
     * agent that lost a race for a task); {@code value} is that agent's id, or null.
     */
    TAKE_READY_WORK,
    /**
     * Find the id of a row of a kind (the way on from an id that does not exist): {@code value} is
     * the kind, {@code task}, {@code need}, {@code artifact} or {@code agent}. Worded whole, as the
     * place each adapter lists such ids.
     */
    FIND_IDS,
    /**
     * Give the Java process that runs mlos a larger heap (its maximum, {@code -Xmx}), as each
     * client starts its JVM; {@code value} is the heap to give, in MiB.
     */
    GIVE_MORE_MEMORY
  }

  public Remedy {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.SET_SETTING
        ? name == null
        : name != null && kind != Kind.ACCEPT_ARTIFACT && kind != Kind.START_TASK) {
      throw new IllegalArgumentException(
          "a name is given exactly for SET_SETTING (a setting's), and may be for ACCEPT_ARTIFACT"
              + " (an id's) and START_TASK (the agent's id)");
    }
  }

  public static Remedy compile() {
    return new Remedy(Kind.RUN_COMPILE, null, null);
  }

  public static Remedy compileFull() {
    return new Remedy(Kind.RUN_COMPILE_FULL, null, null);
  }

  public static Remedy clean() {
    return new Remedy(Kind.RUN_CLEAN, null, null);
  }

  public static Remedy pullTextForm() {
    return new Remedy(Kind.PULL_TEXT_FORM, null, null);
  }

  public static Remedy guard() {
    return new Remedy(Kind.RUN_GUARD, null, null);
  }

  public static Remedy init() {
    return new Remedy(Kind.RUN_INIT, null, null);
  }

  /** Import {@code example} (null: import, without an example). */
  public static Remedy importPaths(String example) {
    return new Remedy(Kind.RUN_IMPORT, null, example);
  }

  /** Accept the artifact at {@code path} (null: a {@code <path>} placeholder). */
  public static Remedy accept(String path) {
    return new Remedy(Kind.ACCEPT_ARTIFACT, null, path);
  }

  /**
   * Accept artifact {@code id}, registered at {@code path}: an adapter that cannot name that path
   * (Maven splits a property's list at commas) names the id instead.
   */
  public static Remedy accept(String path, long id) {
    return new Remedy(Kind.ACCEPT_ARTIFACT, Long.toString(id), path);
  }

  public static Remedy acceptAll() {
    return new Remedy(Kind.ACCEPT_ALL_ARTIFACTS, null, null);
  }

  /** Graduate need {@code needId} again, adding tasks beside its live ones. */
  public static Remedy graduateMore(long needId) {
    return new Remedy(Kind.GRADUATE_MORE, null, Long.toString(needId));
  }

  /** Claim task {@code taskId} for an agent. */
  public static Remedy claimTask(long taskId) {
    return new Remedy(Kind.CLAIM_TASK, null, Long.toString(taskId));
  }

  /** Start task {@code taskId}. */
  public static Remedy startTask(long taskId) {
    return new Remedy(Kind.START_TASK, null, Long.toString(taskId));
  }

  /**
   * Start open task {@code taskId} as agent {@code agentId} (null: not known), the agent as {@link
   * #name()}, so an adapter that names it on its command line can write the command whole.
   */
  public static Remedy startTask(long taskId, Long agentId) {
    return new Remedy(
        Kind.START_TASK, agentId == null ? null : Long.toString(agentId), Long.toString(taskId));
  }

  /** Give held task {@code taskId} back (open). */
  public static Remedy releaseTask(long taskId) {
    return new Remedy(Kind.RELEASE_TASK, null, Long.toString(taskId));
  }

  /** Unregister artifact {@code artifactId}. */
  public static Remedy removeArtifact(long artifactId) {
    return new Remedy(Kind.REMOVE_ARTIFACT, null, Long.toString(artifactId));
  }

  /** Record the new path of artifact {@code artifactId}, whose file was moved. */
  public static Remedy moveArtifact(long artifactId) {
    return new Remedy(Kind.MOVE_ARTIFACT, null, Long.toString(artifactId));
  }

  /** Record a moved artifact's new path, its id left for the reader ({@code <id>}). */
  public static Remedy moveArtifacts() {
    return new Remedy(Kind.MOVE_ARTIFACT, null, "<id>");
  }

  /** Unregister an artifact, its id left for the reader ({@code <id>}). */
  public static Remedy removeArtifacts() {
    return new Remedy(Kind.REMOVE_ARTIFACT, null, "<id>");
  }

  /** Move need {@code needId} along its lifecycle, a step at a time. */
  public static Remedy moveNeed(long needId) {
    return new Remedy(Kind.MOVE_NEED, null, Long.toString(needId));
  }

  /** Open failed task {@code taskId} again. */
  public static Remedy retryTask(long taskId) {
    return new Remedy(Kind.RETRY_TASK, null, Long.toString(taskId));
  }

  /** Finish task {@code taskId} as cancelled. */
  public static Remedy cancelTask(long taskId) {
    return new Remedy(Kind.CANCEL_TASK, null, Long.toString(taskId));
  }

  /** Start agent run {@code agentId}. */
  public static Remedy startAgent(long agentId) {
    return new Remedy(Kind.START_AGENT, null, Long.toString(agentId));
  }

  /** Register a new agent run of type {@code agentType} (null: a placeholder for the type). */
  public static Remedy registerAgent(String agentType) {
    return new Remedy(Kind.REGISTER_AGENT, null, agentType);
  }

  /** Read the history of {@code ref} ({@code artifact:3}). */
  public static Remedy showHistory(String ref) {
    return new Remedy(Kind.SHOW_HISTORY, null, ref);
  }

  /** Read agent run {@code agentId} and the tasks it holds. */
  public static Remedy showAgent(long agentId) {
    return new Remedy(Kind.SHOW_AGENT, null, Long.toString(agentId));
  }

  /** Take another task from the ready work (see {@link Kind#TAKE_READY_WORK}). */
  public static Remedy takeReadyWork() {
    return new Remedy(Kind.TAKE_READY_WORK, null, null);
  }

  /**
   * Take another task from agent {@code agentId}'s ready work: the agent is known, so an adapter
   * that names it on its command line (the CLI's {@code --agent}) can write the command whole.
   */
  public static Remedy takeReadyWork(long agentId) {
    return new Remedy(Kind.TAKE_READY_WORK, null, Long.toString(agentId));
  }

  /** Find the id of a {@code kind} row (see {@link Kind#FIND_IDS}). */
  public static Remedy findIds(String kind) {
    return new Remedy(Kind.FIND_IDS, null, kind);
  }

  /** Give Java a heap of {@code mib} MiB (see {@link Kind#GIVE_MORE_MEMORY}). */
  public static Remedy moreMemory(long mib) {
    return new Remedy(Kind.GIVE_MORE_MEMORY, null, Long.toString(mib));
  }

  /**
   * Give Java more heap than the {@code heapMiB} it ran out of: twice it, rounded up to a multiple
   * of 256 MiB, and at least 1024 MiB; the same for the same heap on every machine.
   */
  public static Remedy moreMemoryThan(long heapMiB) {
    return moreMemory(moreThan(heapMiB));
  }

  /** The heap {@link #moreMemoryThan} suggests for {@code heapMiB}. */
  public static long moreThan(long heapMiB) {
    long twice = heapMiB > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 2 : 2 * heapMiB;
    return Math.max(1024, (twice + 255) / 256 * 256);
  }

  /**
   * {@code maxHeap} bytes ({@code Runtime.maxMemory()}) in MiB, rounded to the nearest: a JVM
   * reports {@code -Xmx64m} as a little less than 64 MiB with some collectors, and a message names
   * the heap as it was set.
   */
  public static long heapMiB(long maxHeap) {
    long mib = 1L << 20;
    return maxHeap / mib + (maxHeap % mib >= mib / 2 ? 1 : 0);
  }

  /** Do it as an agent (see {@link Kind#AS_AGENT}). */
  public static Remedy asAgent() {
    return new Remedy(Kind.AS_AGENT, null, null);
  }

  /**
   * Set {@code name} (to {@code value}, or to a value the message leaves to the reader when null).
   */
  public static Remedy setting(String name, String value) {
    return new Remedy(Kind.SET_SETTING, name, value);
  }

  /**
   * {@code template} with each {@code {i}} (i below {@code remedies.size()}) replaced by the
   * wording of {@code remedies.get(i)}; anything else is kept as written. One pass: a worded remedy
   * is not read again.
   */
  public static String format(String template, List<Remedy> remedies, RemedyWording wording) {
    if (template == null || remedies.isEmpty()) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 32);
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      int close = c == '{' ? template.indexOf('}', i) : -1;
      if (close > i + 1 && close <= i + 3) {
        String digits = template.substring(i + 1, close);
        if (digits.chars().allMatch(Character::isDigit)) {
          int n = Integer.parseInt(digits);
          if (n < remedies.size()) {
            out.append(wording.word(remedies.get(n)));
            i = close + 1;
            continue;
          }
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }
}
