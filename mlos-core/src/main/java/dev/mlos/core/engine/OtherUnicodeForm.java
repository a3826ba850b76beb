package dev.mlos.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.stream.Stream;

/**
 * A file to register that is not there as written, but is beside it under the same name in another
 * Unicode form (café with a composed or a decomposed é): a name typed on one system and written by
 * another, where "it does not exist" and "write the file first" would have a user write a second
 * file that looks the same.
 */
final class OtherUnicodeForm {
  /** Entries of a directory read at most to find a name in another Unicode form. */
  private static final int MAX_LISTED = 10_000;

  private OtherUnicodeForm() {}

  /**
   * The workspace path of a file beside {@code file} whose name is {@code path}'s last segment in
   * another Unicode form, or null; a directory outside {@code realRoot} (reached through a link out
   * of the workspace; null: unknown) is not listed.
   */
  static String of(String path, Path file, Path realRoot) {
    Path name = file.getFileName();
    Path dir = file.getParent();
    int slash = path.lastIndexOf('/');
    if (name == null || dir == null || realRoot == null || slash == path.length() - 1) {
      return null;
    }
    String wanted = Normalizer.normalize(name.toString(), Normalizer.Form.NFC);
    try {
      if (!dir.toRealPath().startsWith(realRoot)) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .limit(MAX_LISTED)
          .map(p -> p.getFileName().toString())
          .filter(
              n ->
                  !n.equals(name.toString())
                      && Normalizer.normalize(n, Normalizer.Form.NFC).equals(wanted)
                      && Files.isRegularFile(dir.resolve(n), LinkOption.NOFOLLOW_LINKS))
          .findFirst()
          .map(n -> path.substring(0, slash + 1) + n)
          .orElse(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The refusal of {@code path}, which is {@code otherForm} on the disk under {@code root}. */
  static RefusedException refusal(String path, Path root, String otherForm) {
    return new RefusedException(
        "artifact.file",
        RefusedException.quoted(path)
            + " is not a file under the workspace "
            + root
            + " as written, but "
            + RefusedException.quoted(otherForm)
            + " is: the same name in another Unicode form (its accents "
            + (Normalizer.isNormalized(otherForm, Normalizer.Form.NFC)
                ? "composed"
                : "decomposed, as macOS writes names")
            + "), which looks the same but is another name to the file system",
        List.of(),
        null,
        "pass the name as the file system spells it (a shell's tab completion gives it), or"
            + " rename the file to the spelling you gave");
  }
}
