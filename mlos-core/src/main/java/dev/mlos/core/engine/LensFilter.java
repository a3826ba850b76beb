package dev.mlos.core.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lens applied to facets: whether a need with this scope and these tags is in the lens, and the
 * weight the lens gives it. docs/engine.md ("Lenses", "Ready work") is the rule: in the lens when
 * the lens has no scopes and no tags, or the scope is one of its scopes, or one tag is one of its
 * tags; the weight is the largest of the weights for the scope ({@code scope:x}) and the tags
 * ({@code tag:y}), else 1.
 */
final class LensFilter {
  private final boolean all;
  private final Set<String> scopes;
  private final Set<String> tags;
  private final Map<String, Double> weights;
  private final Map<String, List<String>> parsed = new HashMap<>();

  LensFilter(StateStore.RankInputs inputs) {
    this.all = inputs.scopes().isEmpty() && inputs.tags().isEmpty();
    this.scopes = new HashSet<>(inputs.scopes());
    this.tags = new HashSet<>(inputs.tags());
    this.weights = Map.copyOf(inputs.weights());
  }

  boolean sees(ReadyFacets f) {
    if (all || (f.scope() != null && scopes.contains(f.scope()))) {
      return true;
    }
    for (String t : tagsOf(f)) {
      if (tags.contains(t)) {
        return true;
      }
    }
    return false;
  }

  double weight(ReadyFacets f) {
    double best = 0;
    if (f.scope() != null) {
      best = Math.max(best, weights.getOrDefault("scope:" + f.scope(), 0.0));
    }
    for (String t : tagsOf(f)) {
      best = Math.max(best, weights.getOrDefault("tag:" + t, 0.0));
    }
    return best > 0 ? best : 1.0;
  }

  private List<String> tagsOf(ReadyFacets f) {
    return parsed.computeIfAbsent(f.tags(), SqliteStateStore::stringArray);
  }
}
