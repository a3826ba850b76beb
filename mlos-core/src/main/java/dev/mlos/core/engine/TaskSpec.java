package dev.mlos.core.engine;

/**
 * One task to cut from a need with {@link Engine#graduate}.
 *
 * @param description what to do; required
 * @param priority 1..5, or null to take the need's priority
 */
public record TaskSpec(String description, Integer priority) {
  /** A task without its own priority. */
  public static TaskSpec of(String description) {
    return new TaskSpec(description, null);
  }
}
