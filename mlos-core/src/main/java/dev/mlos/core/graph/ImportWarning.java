package dev.mlos.core.graph;

/**
 * Something an import let through but the user should know, such as a key no shape declares ("shape
 * drift is diagnostic, not fatal").
 *
 * @param location {@code file:line:column} of the value concerned
 * @param message what happened and what was done about it
 */
public record ImportWarning(String location, String message) {
  public String describe() {
    return location + ": " + message;
  }
}
