package dev.mlos.core.compile;

import dev.mlos.core.path.WorkspacePath;
import java.util.LinkedHashMap;

/**
 * One rendered output, before it gets its {@code compiled_at}.
 *
 * @param view the view that produced it
 * @param path where it goes, relative to the output directory
 * @param sourceKey JSON naming the row it came from ({@code {"id":3}}), {@code []} for a single-file view
 * @param fields front matter fields from the template's {@code meta}
 * @param body the markdown after the front matter
 * @param inputHash what the page was rendered from, hashed ({@link PageInputs}); null when the
 *     handler did not ask for it
 */
public record Page(String view, WorkspacePath path, String sourceKey, LinkedHashMap<String, Object> fields, String body,
    String inputHash) {}
