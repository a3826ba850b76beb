package dev.mlos.core.engine;

import java.util.List;

/**
 * A need to create with {@link Engine#createNeed}; it starts {@code identified}. Checked by the
 * engine (and again by the database): a non-blank title, priority 1..5, tags of the form {@code
 * [a-z0-9][a-z0-9_.:-]*} (at most 64 characters), an existing parent.
 *
 * @param title required
 * @param description or null
 * @param priority 1..5 or null
 * @param scope or null
 * @param tags any number; stored sorted and distinct
 * @param parentId an existing need, or null
 * @param sourceTranscript the transcript the need was first identified in, or null
 */
public record NeedSpec(
    String title,
    String description,
    Integer priority,
    String scope,
    List<String> tags,
    Long parentId,
    String sourceTranscript) {
  public NeedSpec {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A need with nothing but a title. */
  public static NeedSpec titled(String title) {
    return new NeedSpec(title, null, null, null, List.of(), null, null);
  }

  public NeedSpec withDescription(String value) {
    return new NeedSpec(title, value, priority, scope, tags, parentId, sourceTranscript);
  }

  public NeedSpec withPriority(Integer value) {
    return new NeedSpec(title, description, value, scope, tags, parentId, sourceTranscript);
  }

  public NeedSpec withScope(String value) {
    return new NeedSpec(title, description, priority, value, tags, parentId, sourceTranscript);
  }

  public NeedSpec withTags(List<String> value) {
    return new NeedSpec(title, description, priority, scope, value, parentId, sourceTranscript);
  }

  public NeedSpec withParent(Long value) {
    return new NeedSpec(title, description, priority, scope, tags, value, sourceTranscript);
  }

  public NeedSpec withSourceTranscript(String value) {
    return new NeedSpec(title, description, priority, scope, tags, parentId, value);
  }
}
