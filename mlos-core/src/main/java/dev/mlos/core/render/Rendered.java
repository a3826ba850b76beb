package dev.mlos.core.render;

import java.util.LinkedHashMap;

/**
 * A template's result: the front matter fields it assigned to {@code meta}, and its text.
 *
 * @param meta front matter fields in the order the template gave them
 * @param body the markdown after the front matter
 */
public record Rendered(LinkedHashMap<String, Object> meta, String body) {}
