package dev.mlos.core.dbtext;

import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What a compile killed while it writes the text form leaves behind. Killed while it dumps (an MCP
 * client stops its server: the TypeScript SDK sends SIGKILL 4 s after closing its stdin, during the
 * server's last recompile; Ctrl-C on a compile), a compile left its temporary file beside the
 * database ({@code .mlos.db.sql.mlos-tmp-<16 hex digits>}, up to the text form's size); the next
 * one removes it under the workspace lock, when no live process owns one.
 */
final class TextFormWriting {
  private TextFormWriting() {}

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
