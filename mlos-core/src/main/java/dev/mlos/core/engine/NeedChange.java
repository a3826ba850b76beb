package dev.mlos.core.engine;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Field changes for {@link Engine#updateNeed}; the status moves with {@link Engine#moveNeed}
 * instead. A null field is left as it is; a field named in {@link #cleared} is set to NULL. Tags:
 * {@link #tags} replaces them all (when not null), then {@link #addTags} are added and {@link
 * #removeTags} removed.
 *
 * <pre>
 * {@code NeedChange.none().title("Kernel boots").priority(2).addTags(List.of("kernel")).clear("scope")}
 * </pre>
 *
 * @param title new title, or null
 * @param description new description, or null
 * @param priority new priority 1..5, or null
 * @param scope new scope, or null
 * @param parentId new parent need, or null
 * @param sourceTranscript new source transcript, or null
 * @param tags the new tag set, or null to keep the current tags
 * @param addTags tags to add
 * @param removeTags tags to remove
 * @param cleared fields to set to NULL: {@code description}, {@code priority}, {@code scope},
 *     {@code parent}, {@code source_transcript}
 */
public record NeedChange(
    String title,
    String description,
    Integer priority,
    String scope,
    Long parentId,
    String sourceTranscript,
    List<String> tags,
    List<String> addTags,
    List<String> removeTags,
    Set<String> cleared) {
  /** The fields {@link #clear} accepts. */
  public static final Set<String> CLEARABLE =
      Set.of("description", "priority", "scope", "parent", "source_transcript");

  /**
   * @throws RefusedException (rule {@code input}) when {@code cleared} names a field that cannot be
   *     cleared, or a field is both set and cleared
   */
  public NeedChange {
    tags = tags == null ? null : List.copyOf(tags);
    addTags = addTags == null ? List.of() : List.copyOf(addTags);
    removeTags = removeTags == null ? List.of() : List.copyOf(removeTags);
    cleared = cleared == null ? Set.of() : Set.copyOf(cleared);
    for (String field : cleared) {
      if (!CLEARABLE.contains(field)) {
        throw new RefusedException(
            "input",
            "need field " + RefusedException.quoted(field) + " cannot be cleared",
            List.copyOf(new TreeSet<>(CLEARABLE)),
            null);
      }
    }
    java.util.Map<String, Object> set = new java.util.LinkedHashMap<>();
    set.put("description", description);
    set.put("priority", priority);
    set.put("scope", scope);
    set.put("parent", parentId);
    set.put("source_transcript", sourceTranscript);
    for (java.util.Map.Entry<String, Object> f : set.entrySet()) {
      if (f.getValue() != null && cleared.contains(f.getKey())) {
        throw new RefusedException(
            "input",
            "need field "
                + RefusedException.quoted(f.getKey())
                + " is both set and cleared in one change",
            List.of(),
            null,
            "set it or clear it, not both");
      }
    }
  }

  /** No change at all. */
  public static NeedChange none() {
    return new NeedChange(null, null, null, null, null, null, null, List.of(), List.of(), Set.of());
  }

  /** True when this changes nothing. */
  public boolean isEmpty() {
    return title == null
        && description == null
        && priority == null
        && scope == null
        && parentId == null
        && sourceTranscript == null
        && tags == null
        && addTags.isEmpty()
        && removeTags.isEmpty()
        && cleared.isEmpty();
  }

  public NeedChange title(String value) {
    return new NeedChange(
        value,
        description,
        priority,
        scope,
        parentId,
        sourceTranscript,
        tags,
        addTags,
        removeTags,
        cleared);
  }

  public NeedChange description(String value) {
    return new NeedChange(
        title,
        value,
        priority,
        scope,
        parentId,
        sourceTranscript,
        tags,
        addTags,
        removeTags,
        cleared);
  }

  public NeedChange priority(Integer value) {
    return new NeedChange(
        title,
        description,
        value,
        scope,
        parentId,
        sourceTranscript,
        tags,
        addTags,
        removeTags,
        cleared);
  }

  public NeedChange scope(String value) {
    return new NeedChange(
        title,
        description,
        priority,
        value,
        parentId,
        sourceTranscript,
        tags,
        addTags,
        removeTags,
        cleared);
  }

  public NeedChange parent(Long value) {
    return new NeedChange(
        title,
        description,
        priority,
        scope,
        value,
        sourceTranscript,
        tags,
        addTags,
        removeTags,
        cleared);
  }

  public NeedChange sourceTranscript(String value) {
    return new NeedChange(
        title, description, priority, scope, parentId, value, tags, addTags, removeTags, cleared);
  }

  /** Replaces all tags with {@code value}. */
  public NeedChange tags(List<String> value) {
    return new NeedChange(
        title,
        description,
        priority,
        scope,
        parentId,
        sourceTranscript,
        value,
        addTags,
        removeTags,
        cleared);
  }

  public NeedChange addTags(List<String> value) {
    return new NeedChange(
        title,
        description,
        priority,
        scope,
        parentId,
        sourceTranscript,
        tags,
        value,
        removeTags,
        cleared);
  }

  public NeedChange removeTags(List<String> value) {
    return new NeedChange(
        title,
        description,
        priority,
        scope,
        parentId,
        sourceTranscript,
        tags,
        addTags,
        value,
        cleared);
  }

  /** Also sets {@code field} (one of {@link #CLEARABLE}) to NULL. */
  public NeedChange clear(String field) {
    Set<String> more = new TreeSet<>(cleared);
    more.add(field);
    return new NeedChange(
        title,
        description,
        priority,
        scope,
        parentId,
        sourceTranscript,
        tags,
        addTags,
        removeTags,
        more);
  }
}
