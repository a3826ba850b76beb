package dev.mlos.core.engine;

import java.util.List;

/**
 * One page of search hits, ordered by kind (need, task, artifact) and id.
 *
 * @param hits this page
 * @param total hits in all pages
 * @param nextCursor for the next page, or null on the last
 */
public record SearchResult(List<SearchHit> hits, int total, String nextCursor) {
  public SearchResult {
    hits = List.copyOf(hits);
  }
}
