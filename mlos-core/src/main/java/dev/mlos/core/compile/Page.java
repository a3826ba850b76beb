package dev.mlos.core.compile;

import dev.mlos.core.path.WorkspacePath;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * One rendered output, before it gets its {@code compiled_at}. Immutable: the fields are copied in
 * and handed out as a fresh copy each time, so a caller that adds a field to what it got (or to the
 * map it passed in) cannot change the page another thread writes or hashes.
 *
 * @param view the view that produced it
 * @param path where it goes, relative to the output directory
 * @param sourceKey JSON naming the row it came from ({@code {"id":3}}), {@code []} for a
 *     single-file view
 * @param fields front matter fields from the template's {@code meta}, in the template's order
 * @param body the markdown after the front matter
 * @param inputHash what the page was rendered from, hashed ({@link PageInputs}); null when the
 *     handler did not ask for it
 */
public record Page(
    String view,
    WorkspacePath path,
    String sourceKey,
    LinkedHashMap<String, Object> fields,
    String body,
    String inputHash) {
  public Page {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sourceKey, "sourceKey");
    Objects.requireNonNull(body, "body");
    fields = new LinkedHashMap<>(Objects.requireNonNull(fields, "fields"));
  }

  /**
   * A copy of the front matter fields, in order. (A LinkedHashMap rather than an unmodifiable Map
   * because {@code CompiledFile.rendering} takes one; the values are the YAML scalars, lists and
   * maps the template's meta produced.)
   */
  @Override
  public LinkedHashMap<String, Object> fields() {
    return new LinkedHashMap<>(fields);
  }
}
