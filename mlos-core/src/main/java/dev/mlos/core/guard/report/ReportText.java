package dev.mlos.core.guard.report;

import dev.mlos.core.RemedyWording;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.write.AtomicWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Shared pieces of the report writers. */
final class ReportText {
  private ReportText() {}

  /** Writes {@code text} as UTF-8 to {@code directory/fileName} atomically; returns the file. */
  static Path write(Path directory, String fileName, String text) {
    Path file = directory.resolve(fileName);
    AtomicWriter.write(file, text.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /**
   * Message, then the fix, as one paragraph. A message that already ends with a full stop (or an
   * ellipsis, as a shortened hash does) gets no second one: never "....".
   */
  static String messageWithFix(Violation v, RemedyWording wording) {
    String fix = v.fix(wording);
    if (fix.isEmpty()) {
      return v.message();
    }
    return v.message() + (v.message().endsWith(".") ? " Fix: " : ". Fix: ") + fix;
  }
}
