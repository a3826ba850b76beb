package dev.mlos.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built-in pack: the schema sets it needs, default parameters and its views.
 *
 * @param name e.g. {@code mlos}
 * @param description one line
 * @param schemas schema sets init applies for this pack
 * @param params default parameter values, overridable per workspace
 * @param listParams parameters that are lists; a single value given for one means a one-item list
 * @param views the pack's views in output order
 * @param types the declared type of each parameter ({@link ParamType#ANY} for an undeclared one)
 */
public record PackDefinition(
    String name,
    String description,
    List<String> schemas,
    Map<String, Object> params,
    List<String> listParams,
    List<ViewDefinition> views,
    Map<String, ParamType> types) {
  public PackDefinition {
    types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    schemas = List.copyOf(schemas);
    listParams = List.copyOf(listParams);
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    views = List.copyOf(views);
  }
}
