package dev.mlos.core.render;

import java.io.File;
import java.nio.file.Path;

/**
 * The relative path from the directory of one file to another, as {@code mlos.link} and {@code
 * mlos.linkFile} write it: what {@code java.nio} gives (resolve, normalize, relativize).
 *
 * <p>Most links join two plain paths (printable ASCII names separated by single slashes, none of
 * them "." or "..") inside the same directory; those are worked out on the strings, the same answer
 * without building and normalizing four {@link Path}s per link (PROBLEM.md writes a few thousand
 * links, a cold compile about half a million, and in a fresh JVM this was a tenth of the render).
 * Every other case, and every platform whose separator is not '/' (Windows compares names without
 * regard to case), goes through {@code java.nio} as before. {@code RelativeLinkTest} checks the two
 * agree on plain and hostile paths.
 */
final class RelativeLink {
  private RelativeLink() {}

  private static final boolean SLASH_SEPARATOR = File.separatorChar == '/';

  /**
   * The path from the directory of {@code outputDirectory/current} to {@code base/target}
   * (normalized), '\' made '/', "." when they are the same.
   *
   * @param outputDirectory absolute and normalized
   */
  static String of(Path outputDirectory, Path base, String current, String target) {
    if (SLASH_SEPARATOR && base.equals(outputDirectory) && plain(current) && plain(target)) {
      return onStrings(current, target);
    }
    return withPaths(outputDirectory, base, current, target);
  }

  /** The answer of {@code java.nio}, for every path. */
  static String withPaths(Path outputDirectory, Path base, String current, String target) {
    Path from = outputDirectory.resolve(current).getParent();
    Path to = base.resolve(target).normalize();
    String rel = from.relativize(to).toString().replace('\\', '/');
    return rel.isEmpty() ? "." : rel;
  }

  /**
   * Whether {@code path} is non-empty printable ASCII without '\', made of names separated by
   * single slashes, with no slash at either end and no name "." or "..": a path {@code java.nio}
   * keeps as it is.
   */
  static boolean plain(String path) {
    int n = path.length();
    if (n == 0) {
      return false;
    }
    int nameStart = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? path.charAt(i) : '/';
      if (c == '/') {
        int len = i - nameStart;
        if (len == 0
            || path.charAt(nameStart) == '.'
                && (len == 1 || len == 2 && path.charAt(nameStart + 1) == '.')) {
          return false;
        }
        nameStart = i + 1;
      } else if (c < 0x20 || c > 0x7E || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * From the directory of plain path {@code current} to plain path {@code target}, both relative to
   * one directory: ".." for each of the directory's names past the common ones, then the rest of
   * {@code target}.
   */
  private static String onStrings(String current, String target) {
    String[] from = current.split("/", -1);
    String[] to = target.split("/", -1);
    int directories = from.length - 1; // the last name is the file's
    int common = 0;
    while (common < directories && common < to.length && from[common].equals(to[common])) {
      common++;
    }
    StringBuilder out = new StringBuilder(target.length() + 3 * (directories - common));
    for (int i = common; i < directories; i++) {
      out.append(out.length() == 0 ? "" : "/").append("..");
    }
    for (int i = common; i < to.length; i++) {
      out.append(out.length() == 0 ? "" : "/").append(to[i]);
    }
    return out.length() == 0 ? "." : out.toString();
  }
}
