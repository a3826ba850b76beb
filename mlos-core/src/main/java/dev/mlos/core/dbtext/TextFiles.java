package dev.mlos.core.dbtext;

import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text form files compared and copied as streams, never read whole: at 100,000 needs a text form is
 * about 680 MB (issue 20).
 */
final class TextFiles {
  private TextFiles() {}

  /** Copies {@code from} over {@code to} (atomically) unless {@code to} has its bytes already. */
  static void copyIfChanged(Path from, Path to) throws IOException {
    if (sameBytes(from, to)) {
      return;
    }
    AtomicWriter.StreamedFile copy = AtomicWriter.open(to);
    try {
      Files.copy(from, copy.stream());
      copy.commit();
    } finally {
      copy.abandon();
    }
  }

  /** True when both are regular files with the same bytes (compared as streams, never whole). */
  static boolean sameBytes(Path a, Path b) throws IOException {
    return Files.isRegularFile(a)
        && Files.isRegularFile(b)
        && Files.size(a) == Files.size(b)
        && Files.mismatch(a, b) == -1;
  }
}
