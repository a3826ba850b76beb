package dev.mlos.cli;

import dev.mlos.core.engine.Actor;
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
    return super.actor().withSession(note.session()).withReason(note.reason());
  }

  /** The reason given with {@code --reason}, or null. */
  String reason() {
    return note.reason();
  }
}
