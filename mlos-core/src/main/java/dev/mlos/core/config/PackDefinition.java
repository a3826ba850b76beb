package dev.mlos.core.config;

import java.util.List;
import java.util.Map;

/**
 * A built-in pack: the schema sets it needs, default parameters and its views.
 *
 * @param name e.g. {@code mlos}
 * @param description one line
 * @param schemas schema sets {@code mlos:init} applies for this pack
 * @param params default parameter values, overridable per workspace
 * @param views the pack's views in output order
 */
public record PackDefinition(
    String name, String description, List<String> schemas, Map<String, Object> params, List<ViewDefinition> views) {
  public PackDefinition {
    schemas = List.copyOf(schemas);
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    views = List.copyOf(views);
  }
}
