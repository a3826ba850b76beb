package dev.mlos.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One view: named SQL queries, a template and an output path.
 *
 * <p>A view writes one file, or (when {@code each} names one of its queries) one file per row of
 * that query, with {@code {column}} placeholders in {@code output} filled from the row.
 *
 * @param name the view's name, unique in the workspace
 * @param description one line for humans, may be empty
 * @param template template name for the template loader ({@code pack/<pack>/<file>} or {@code
 *     workspace/<path>})
 * @param output output path pattern, relative to the workspace's output directory
 * @param each name of the query whose rows each give one file, or null for a single file
 * @param queries SQL by query name, in declaration order
 * @param origin where the view was defined, e.g. {@code pack mlos} or {@code mlos.yaml:12}
 * @param changedPages for a per-row view, SQL selecting the key (the {@code each} query's first
 *     column) of every page that the rows listed in {@code temp.mlos_changed} can affect; for a
 *     single-page view, SQL that selects a row when those rows can affect its page. Null when not
 *     declared: an incremental compile then runs every page's queries of a view that reads a
 *     changed table (see docs/configuration.md, "Incremental compile")
 */
public record ViewDefinition(
    String name,
    String description,
    String template,
    String output,
    String each,
    Map<String, String> queries,
    String origin,
    String changedPages) {

  public ViewDefinition {
    queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
  }

  /** A view without a {@code changed_pages} declaration. */
  public ViewDefinition(
      String name,
      String description,
      String template,
      String output,
      String each,
      Map<String, String> queries,
      String origin) {
    this(name, description, template, output, each, queries, origin, null);
  }

  /** True when the view writes one file per row of its {@code each} query. */
  public boolean perRow() {
    return each != null;
  }

  /** The template's file name as a person would look for it. */
  public String templateDisplayName() {
    if (template.startsWith(TemplateNames.WORKSPACE_PREFIX)) {
      return template.substring(TemplateNames.WORKSPACE_PREFIX.length());
    }
    return template;
  }
}
