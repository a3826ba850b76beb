package dev.mlos.core.dbtext;

import dev.mlos.core.hash.Sha256;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What a compile killed while it writes the text form leaves, and how the next one knows it for
 * mlos's own. A write puts the text form in place and then copies it to its base: two renames, not
 * one. Killed between them (an MCP client stops its server: the TypeScript SDK sends SIGKILL 4 s
 * after closing its stdin, during the server's last recompile; Ctrl-C on a compile), the text form
 * held rows the base did not, and every later compile took it as changed by git and refused ({@code
 * dbtext.not_pulled}), sending the user to a pull that could only conflict with the rows agents
 * changed since. So the hash of the text about to be put in place is noted first ({@value #NAME} in
 * the state directory) and removed once the base is written: a text form that is not the base but
 * holds the noted bytes is mlos's own. Killed while it dumps, a compile left its temporary file
 * beside the database ({@code .mlos.db.sql.mlos-tmp-<16 hex digits>}, as large as the text form);
 * the next one removes it under the workspace lock, when no live process owns one.
 */
final class TextFormWriting {
  static final String NAME = "text-form-writing";

  private TextFormWriting() {}

  /** Notes that the text form is about to become the bytes hashing to {@code hash}. */
  static void begin(Path stateDirectory, String hash) throws IOException {
    if (stateDirectory == null || hash == null) {
      return;
    }
    Files.createDirectories(stateDirectory);
    AtomicWriter.write(
        stateDirectory.resolve(NAME), (hash + "\n").getBytes(StandardCharsets.UTF_8), false);
  }

  /** The text form and its base are the same bytes again. */
  static void end(Path stateDirectory) throws IOException {
    if (stateDirectory != null) {
      Files.deleteIfExists(stateDirectory.resolve(NAME));
    }
  }

  /**
   * True when mlos wrote the text form {@code text} last: it holds the bytes of the base {@code
   * base}, or those a write noted before it was killed between the two.
   */
  static boolean mlosWrote(Path text, Path base, Path stateDirectory) throws IOException {
    return TextFiles.sameBytes(text, base) || interrupted(stateDirectory, text);
  }

  /**
   * True when {@code text} holds the bytes a write noted before it was killed (before it wrote the
   * base): mlos wrote them, not git.
   */
  private static boolean interrupted(Path stateDirectory, Path text) throws IOException {
    if (stateDirectory == null) {
      return false;
    }
    Path note = stateDirectory.resolve(NAME);
    if (!Files.isRegularFile(note, LinkOption.NOFOLLOW_LINKS) || Files.size(note) > 100) {
      return false;
    }
    String hash = Files.readString(note, StandardCharsets.UTF_8).strip();
    return !hash.isEmpty() && Files.isRegularFile(text) && hash.equals(Sha256.ofFile(text));
  }

  /**
   * Removes the temporary files of the text form {@code text} and of its base that a killed write
   * left beside them. Call only while holding the workspace lock exclusively.
   *
   * @return how many were removed
   */
  static int removeLeftovers(Path text) {
    Path dir = text.toAbsolutePath().normalize().getParent();
    Pattern left =
        Pattern.compile(
            "\\."
                + Pattern.quote(text.getFileName().toString())
                + "(\\.base)?"
                + Pattern.quote(AtomicWriter.TEMP_MARKER)
                + "[0-9a-f]{16}");
    int removed = 0;
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(dir, p -> left.matcher(p.getFileName().toString()).matches())) {
      for (Path p : entries) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(p);
          removed++;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Hidden and never read: not worth failing a compile for.
    }
    return removed;
  }
}
