package dev.mlos.core.dbtext;

import dev.mlos.core.LogText;
import dev.mlos.core.MlosException;
import java.nio.file.Path;

/**
 * A line of a database text form that no rebuild and no pull can take ({@link
 * TextFormRestore#restore}, {@link TextFormRestore#firstUnrestorable}): a row value that is no
 * literal, a line SQLite cannot read, a statement a text form never holds. The message is {@code
 * <file>:<line>: <reason>}; the line and the reason are kept apart so that the guard can report
 * them as a violation of the file in its own form, in the same words.
 */
public final class UnrestorableLineException extends MlosException {
  private final long line;
  private final String reason;

  /**
   * {@code reason} is shown on one line ({@link LogText#line}): SQLite's message quotes the text it
   * could not read (an unterminated literal, a table's name), which in a hostile file held line
   * breaks that forged a {@code fix:} line of their own, or escape sequences that drove the
   * terminal it was printed to.
   */
  UnrestorableLineException(Path textFile, long line, String reason, String fix, Throwable cause) {
    super(textFile + (line > 0 ? ":" + line + ": " : " ") + LogText.line(reason), fix, cause);
    this.line = line;
    this.reason = LogText.line(reason);
  }

  /** The line (from 1) of the statement that cannot be restored; 0 when it is not known. */
  public long line() {
    return line;
  }

  /** Why it cannot be restored, without the file and the line: "cannot be restored: ...". */
  public String reason() {
    return reason;
  }
}
