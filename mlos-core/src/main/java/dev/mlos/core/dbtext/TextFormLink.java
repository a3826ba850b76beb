package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text form comes from git, and git can commit a symbolic link as well as a file: a link named
 * {@code mlos.db.sql} would make mlos read a file elsewhere (restore it, merge it, quote its lines
 * in an error) or overwrite it. No text form is read or written through a link.
 */
public final class TextFormLink {
  private TextFormLink() {}

  /**
   * {@code text}, refused when it is a symbolic link.
   *
   * @throws MlosException naming the link, where it leads and the fix
   */
  public static Path refused(Path text) {
    if (Files.isSymbolicLink(text)) {
      String target;
      try {
        target = String.valueOf(Files.readSymbolicLink(text));
      } catch (IOException | RuntimeException e) {
        target = "?";
      }
      throw new MlosException(
          text
              + " is a symbolic link (to "
              + MlosException.quoted(target)
              + "): mlos reads and writes the database's text form only as a file of its own",
          "replace the link with the text form itself (`git checkout` a version that holds the"
              + " file, or delete the link and compile to write one)");
    }
    return text;
  }
}
