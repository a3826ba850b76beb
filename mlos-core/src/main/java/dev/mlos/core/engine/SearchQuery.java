package dev.mlos.core.engine;

import java.util.Set;

/**
 * A text search with {@link Engine#search}: a case-insensitive substring (no wildcards: {@code %}
 * and {@code _} match themselves) in needs' titles and descriptions, tasks' descriptions and
 * results, artifacts' titles, descriptions and file paths.
 *
 * @param text what to find; 1..200 characters
 * @param kinds which of {@code need}, {@code task}, {@code artifact} to search; empty means all
 * @param limit hits per page, 1..{@value ReadyQuery#MAX_LIMIT}
 * @param cursor {@link SearchResult#nextCursor()} of the previous page of this text and kinds, or
 *     null
 */
public record SearchQuery(String text, Set<String> kinds, int limit, String cursor) {
  public SearchQuery {
    kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
  }

  /** The first page of hits for {@code text} in every kind. */
  public static SearchQuery of(String text) {
    return new SearchQuery(text, Set.of(), ReadyQuery.DEFAULT_LIMIT, null);
  }

  public SearchQuery withKinds(Set<String> value) {
    return new SearchQuery(text, value, limit, cursor);
  }

  public SearchQuery withLimit(int value) {
    return new SearchQuery(text, kinds, value, cursor);
  }

  public SearchQuery withCursor(String value) {
    return new SearchQuery(text, kinds, limit, value);
  }
}
