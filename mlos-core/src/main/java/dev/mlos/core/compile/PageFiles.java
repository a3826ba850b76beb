package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParseResult;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a page's file on disk holds, read the way the compile's checks need it. */
final class PageFiles {
  private PageFiles() {}

  /** True when {@code file} is a compiled page whose content hashes as its front matter says. */
  static boolean intactCompiled(Path file) {
    return parseQuietly(file) instanceof ParsedFile p
        && p.declaredContentHash() != null
        && p.declaredContentHash().equals(CompiledFile.contentHashOf(read(file)));
  }

  /** The file's front matter, or a not-compiled result instead of an error. */
  static ParseResult parseQuietly(Path file) {
    try {
      return CompiledFile.parse(file);
    } catch (MlosException e) {
      return new dev.mlos.core.frontmatter.NotCompiledFile(e.getMessage());
    }
  }

  /** The file's text, or empty when it cannot be read. */
  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Where {@code file} points when it is itself a symbolic link (its last name, not a directory on
   * the way), as the link says it; null when it is not a link.
   */
  static String linkAt(Path file) {
    if (!Files.isSymbolicLink(file)) {
      return null;
    }
    try {
      return Files.readSymbolicLink(file).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "?";
    }
  }

  /** The warning for a page that was a symbolic link to {@code link}, replaced by the page. */
  static String linkReplaced(String path, String link) {
    return "'"
        + path
        + "' was a symbolic link to "
        + dev.mlos.core.path.InvalidPathException.quote(link)
        + "; the compiled page replaces the link (what it pointed to is not touched). A"
        + " compiled page is a file mlos rewrites: keep your own text elsewhere and link to"
        + " the page from there.";
  }

  /**
   * The first directory on the way from {@code out} to {@code file} that is a file instead,
   * relative to {@code out} with '/', or null when there is none.
   */
  static String fileOnTheWay(Path out, Path file) {
    Path root = out.toAbsolutePath().normalize();
    // Nothing lies under a file: the first one found walking up is the only one.
    for (Path at = file.toAbsolutePath().normalize().getParent();
        at != null && at.startsWith(root) && !at.equals(root);
        at = at.getParent()) {
      if (Files.isRegularFile(at, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return WorkspacePath.relative(root, at);
      }
    }
    return null;
  }

  /** The SHA-256 of the file's bytes ({@code size} when known, else -1). */
  static String hash(Path file, long size) {
    try {
      return Sha256.ofFile(file, size);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot read " + file + ": " + e.getMessage(), "check permissions", e);
    }
  }
}
