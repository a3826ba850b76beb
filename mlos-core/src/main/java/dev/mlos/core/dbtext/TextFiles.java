package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.path.GitCheckout;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text form files compared and copied as streams, never read whole: at 100,000 needs a text form is
 * about 680 MB (issue 20).
 */
public final class TextFiles {
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

  /**
   * Bytes of heap a row-by-row merge takes per byte of the largest of its three texts (they are
   * held in memory, as strings and as three in-memory databases). Measured on a pull of 67 MB texts
   * (10,000 needs): 512 MB of heap ran out, 700 MB sufficed.
   */
  static final long MERGE_HEAP_PER_BYTE = 8;

  /**
   * Refuses, before anything is read or changed, a row-by-row merge of texts as large as {@code
   * largest} bytes that cannot fit in this JVM's heap: it would stop half way with an {@code
   * OutOfMemoryError} and a stack trace (a pull at 10,000 needs with {@code -Xmx512m} did).
   *
   * @param what what mlos cannot do, in words ({@code "merge row by row the pulled mlos.db.sql into
   *     mlos.db"})
   */
  static void requireHeapToMerge(String what, long largest) {
    requireHeapToMerge(what, largest, Runtime.getRuntime().maxMemory());
  }

  static void requireHeapToMerge(String what, long largest, long maxHeap) {
    // Saturated: a sparse file of exabytes times 8 wrapped to a need below any heap.
    long need =
        largest > Long.MAX_VALUE / MERGE_HEAP_PER_BYTE
            ? Long.MAX_VALUE
            : largest * MERGE_HEAP_PER_BYTE;
    if (maxHeap == Long.MAX_VALUE || need <= maxHeap) {
      return;
    }
    // Binary megabytes (MiB), as -Xmx<n>m counts them and the fix says.
    long mb = 1024L * 1024;
    // With room to spare, in whole 256 MiB steps.
    long padded = need > Long.MAX_VALUE - need / 4 ? Long.MAX_VALUE : need + need / 4;
    long suggest = (padded / (256 * mb) + 1) * 256;
    // The heap in the words of the client that runs this (the mlos command, git's merge driver,
    // a Maven goal, the MCP server): each starts its JVM its own way.
    throw new MlosException(
            "mlos cannot "
                + what
                + ": it holds the texts (up to "
                + largest / mb
                + " MiB here) in memory and needs about "
                + need / mb
                + " MiB, more than this Java process may use ("
                + maxHeap / mb
                + " MiB); nothing was changed",
            "give Java more memory and run it again: {0}")
        .suggesting(Remedy.moreMemory(suggest));
  }

  /** Bytes read to find the end of a text form's first line (its header is far shorter). */
  private static final int FIRST_LINE = 4096;

  /**
   * True when the file's first line ends in CRLF: git on Windows checked it out with {@code
   * core.autocrlf} and no {@code eol=lf} for it. False when it cannot be read (the read that
   * follows says why).
   */
  public static boolean hasCrlf(Path textFile) {
    byte[] head;
    try (InputStream in = Files.newInputStream(textFile)) {
      head = in.readNBytes(FIRST_LINE);
    } catch (IOException e) {
      return false;
    }
    for (int i = 0; i < head.length; i++) {
      if (head[i] == '\n') {
        return i > 0 && head[i - 1] == '\r';
      }
    }
    return false;
  }

  /**
   * The number (from 1) of the first line of the text form that starts with one of git's conflict
   * markers ({@code <<<<<<<}, {@code =======}, {@code >>>>>>>}, {@code |||||||}): a merge conflict
   * committed without being resolved. 0 when there is none.
   */
  public static long firstConflictMarker(Path textFile) throws IOException {
    try (java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                Files.newInputStream(textFile),
                java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)))) {
      long n = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        n++;
        if (ConflictMarks.startsWithMarker(line)) {
          return n;
        }
      }
      return 0;
    }
  }

  /**
   * Whether the conflict marker line {@code markerLine} is git's own line merge's ({@code <<<<<<<
   * HEAD}, a commit or a branch), not the mlos-db driver's ({@code <<<<<<< ours}): a clone without
   * the driver merged the text form, and keeping one side of its blocks can drop rows.
   */
  public static boolean mergedLineByLine(String markerLine) {
    return ConflictMarks.byGitLineMerge(markerLine);
  }

  /**
   * A text form with Windows line endings: mlos writes and reads it with LF only, and the same rows
   * with other line endings would otherwise be taken for a change made outside mlos.
   */
  public static MlosException crlf(Path textFile) {
    String name = textFile.getFileName().toString();
    // As a pattern of .gitattributes: a name with a space, '*' or a leading '#' as itself.
    String pattern = GitCheckout.pattern(name);
    return new MlosException(
        textFile + " has Windows line endings (CRLF); mlos writes and reads it with LF only",
        "add the line `"
            + GitCheckout.attributePattern(pattern)
            + " text eol=lf` to .gitattributes (`mlos init` writes `"
            + GitCheckout.attributePattern("/" + pattern)
            + " text eol=lf merge=mlos-db` there), then check the file out again: delete it and"
            + " run `git checkout -- "
            + name
            + "` (or `git add --renormalize "
            + name
            + "` and check it out)");
  }

  /**
   * The number (from 1) of the first line of {@code textFile} holding bytes that are not UTF-8; 0
   * when every line is UTF-8. Read line by line as bytes, for the message of a refusal only.
   */
  static long firstLineNotUtf8(Path textFile) throws IOException {
    java.nio.charset.CharsetDecoder strict = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
    try (InputStream in =
        new java.io.BufferedInputStream(Files.newInputStream(textFile), 1 << 16)) {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      long n = 1;
      for (int b = in.read(); ; b = in.read()) {
        if (b != '\n' && b >= 0) {
          line.write(b);
          continue;
        }
        try {
          strict.reset().decode(java.nio.ByteBuffer.wrap(line.toByteArray()));
        } catch (java.nio.charset.CharacterCodingException e) {
          return n;
        }
        if (b < 0) {
          return 0;
        }
        line.reset();
        n++;
      }
    }
  }

  /**
   * A text form holding bytes that are not UTF-8 (a value edited or merged by hand in another
   * encoding): mlos writes such text as {@code CAST(X'...' AS TEXT)}, so the file is not one it
   * wrote. Names the first such line when it can be read.
   */
  static UnrestorableLineException notUtf8(Path textFile, IOException cause) {
    long line;
    try {
      line = firstLineNotUtf8(textFile);
    } catch (IOException e) {
      line = 0;
    }
    String name = textFile.getFileName().toString();
    return new UnrestorableLineException(
        textFile,
        line,
        "holds bytes that are not UTF-8, so it is not a text form mlos wrote (mlos writes a text"
            + " that is not UTF-8 as CAST(X'...' AS TEXT))",
        "restore it from git (`git checkout -- "
            + name
            + "`); if that line was edited or merged by hand, write its text in UTF-8",
        cause);
  }

  /**
   * What a text form changed outside mlos is refused with: {@link #crlf} when only its line endings
   * may differ, else {@link DatabaseText.TextFormChangedException}.
   */
  static MlosException changed(Path textFile) {
    return hasCrlf(textFile) ? crlf(textFile) : new DatabaseText.TextFormChangedException(textFile);
  }
}
