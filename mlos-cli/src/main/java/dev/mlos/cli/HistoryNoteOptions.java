package dev.mlos.cli;

import picocli.CommandLine.Option;

/**
 * What a write records beside its actor in every history row it causes: {@code --session} and
 * {@code --reason}. A mixin of {@link WriteCommand} only: a read records nothing, so a read-only
 * command does not offer them (they were accepted and dropped).
 */
public final class HistoryNoteOptions {
  @Option(
      names = "--session",
      paramLabel = "ID",
      description = "The session or transcript this write belongs to (recorded in history).")
  String session;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in history).")
  String reason;

  /** The session given with {@code --session}, or null. */
  public String session() {
    return given(session, "--session", "name the session or transcript");
  }

  /** The reason given with {@code --reason}, or null. */
  public String reason() {
    return given(reason, "--reason", "say why");
  }

  /**
   * An empty or blank value was recorded as it was ({@code session: ""} in history), where an empty
   * description or transcript is refused: leaving the option out records none.
   */
  private static String given(String value, String option, String what) {
    if (value != null && value.isBlank()) {
      throw new UsageException(option + " is empty", what + ", or leave the option out");
    }
    return value;
  }
}
