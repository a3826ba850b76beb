package dev.mlos.cli;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.RefusedException;
import picocli.CommandLine.Mixin;

/**
 * An {@link EngineCommand} that writes: its actor carries {@code --session} and {@code --reason}
 * into the history rows the write causes. Read-only commands extend {@link EngineCommand} and do
 * not take them.
 */
abstract class WriteCommand extends EngineCommand {
  @Mixin HistoryNoteOptions note;

  @Override
  Actor actor() {
    Actor a = super.actor();
    try {
      a = a.withSession(note.session());
    } catch (RefusedException e) {
      throw option(e, "--session", "session");
    }
    try {
      return a.withReason(note.reason());
    } catch (RefusedException e) {
      throw option(e, "--reason", "reason");
    }
  }

  /**
   * The engine's refusal of a session or reason ("actor session contains a control character"),
   * which named no option, in the option's words and with the fix.
   */
  private static UsageException option(RefusedException e, String option, String field) {
    String engine = "actor " + field;
    return new UsageException(
        e.getMessage().startsWith(engine)
            ? option + e.getMessage().substring(engine.length())
            : e.getMessage(),
        "give the "
            + field
            + " on one line, without control characters, in at most "
            + Actor.MAX_LENGTH
            + " characters");
  }

  /** The reason given with {@code --reason}, or null. */
  String reason() {
    return note.reason();
  }
}
