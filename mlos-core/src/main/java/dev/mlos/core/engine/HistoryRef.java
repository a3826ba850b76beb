package dev.mlos.core.engine;

import java.util.List;

/**
 * A row whose changes the history records: one of the four entity tables ({@link EntityRef}), a
 * lens ({@code lens:2}; its id is the lens row's, as {@code agent lens --json} prints it) or a
 * relationship ({@code relationship:7}, the edge's id: who added it, and who removed it).
 *
 * @param type {@code need}, {@code task}, {@code artifact}, {@code agent}, {@code lens} or {@code
 *     relationship}
 * @param id the row id
 */
public record HistoryRef(String type, long id) {
  /** The types {@link Engine#history(HistoryRef, int)} reads, in this order. */
  public static final List<String> TYPES =
      List.of("need", "task", "artifact", "agent", "lens", "relationship");

  /**
   * Validates the reference.
   *
   * @throws RefusedException (rule {@code input}) for an unknown type or an id below 1
   */
  public HistoryRef {
    EntityRef.check(type, id, TYPES, "history of ", ": the history records ");
  }

  /** The history of an entity. */
  public static HistoryRef of(EntityRef ref) {
    return new HistoryRef(ref.type(), ref.id());
  }

  /**
   * Parses {@code lens:2} or {@code need:5}, as {@link EntityRef#parse} does.
   *
   * @throws RefusedException (rule {@code input}) when the text is not of that form
   */
  public static HistoryRef parse(String text) {
    return EntityRef.parse(text, TYPES, HistoryRef::new);
  }

  /** The entity, or null for a lens or a relationship (which no edge can connect). */
  EntityRef entity() {
    return type.equals("lens") || type.equals("relationship") ? null : new EntityRef(type, id);
  }

  /** Words for messages: {@code lens 2}. */
  public String words() {
    return type + " " + id;
  }
}
