package dev.mlos.core.guard.report;

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

  /** Message, then the fix, as one paragraph. */
  static String messageWithFix(Violation v) {
    return v.fix().isEmpty() ? v.message() : v.message() + ". Fix: " + v.fix();
  }
}
