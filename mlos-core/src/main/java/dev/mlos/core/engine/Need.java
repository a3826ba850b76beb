package dev.mlos.core.engine;

import java.util.List;

/**
 * A need as the engine returns it.
 *
 * @param id row id
 * @param title never blank
 * @param description or null
 * @param status {@code identified}, {@code active}, {@code actionable}, {@code in_progress}, {@code
 *     resolved} or {@code deferred}
 * @param priority 1 (critical) .. 5 (background), or null
 * @param scope or null
 * @param tags sorted, distinct
 * @param parentId the parent need, or null
 * @param sourceTranscript or null
 * @param createdAt UTC ISO-8601
 * @param updatedAt UTC ISO-8601
 */
public record Need(
    long id,
    String title,
    String description,
    String status,
    Integer priority,
    String scope,
    List<String> tags,
    Long parentId,
    String sourceTranscript,
    String createdAt,
    String updatedAt) {
  /** The title as a reader is shown it: {@code need <id>} when it shows nothing. */
  public String shownTitle() {
    return dev.mlos.core.ShownText.needTitle(id, title);
  }

  public Need {
    tags = List.copyOf(tags);
  }

  /**
   * Why the database moved this need on past {@code active} when it was resumed (or made {@code
   * actionable}) with tasks, in words for its status (schema V16, V7); empty for a status the
   * database does not move a need to on its tasks' account.
   */
  public String followsTasksBecause() {
    return switch (status) {
      case "actionable" -> "it has tasks, cut when it was actionable, and none has started";
      case "in_progress" ->
          "one of its tasks has started (or failed) and work on it is still open; its last task"
              + " completed resolves it";
      case "resolved" ->
          "all its tasks finished while it was deferred (one completed, none open, assigned, in"
              + " progress or failed)";
      default -> "";
    };
  }

  /** {@code need:<id>}. */
  public EntityRef ref() {
    return EntityRef.need(id);
  }
}
