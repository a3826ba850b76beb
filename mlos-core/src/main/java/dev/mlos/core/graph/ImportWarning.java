package dev.mlos.core.graph;

/**
 * Something an import let through but the user should know, such as a key no shape declares ("shape
 * drift is diagnostic, not fatal").
 *
 * @param location {@code file:line:column} of the value concerned
 * @param message what happened and what was done about it
 * @param count how many warnings this one stands for: 1, or, for the line that counts those an
 *     import does not name one by one (files forgotten past the first 20, links to directories past
 *     the first 20), how many it counts; {@link GraphImportResult#summary} adds these up
 */
public record ImportWarning(String location, String message, int count) {
  /** One warning. */
  public ImportWarning(String location, String message) {
    this(location, message, 1);
  }

  public String describe() {
    return location + ": " + message;
  }
}
