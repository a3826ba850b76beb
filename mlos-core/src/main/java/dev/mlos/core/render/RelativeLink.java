package dev.mlos.core.render;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The relative path from the directory of one file to another, computed on strings: what {@link
 * #byPath} computes with {@code java.nio} (resolve, normalize, relativize), without building {@code
 * Path} objects on every link. It handles the common case, ASCII paths with the file being written
 * a plain relative path; anything else it leaves to {@link #byPath} (see {@link #of}), so results,
 * failures included, are the same.
 */
final class RelativeLink {
  private RelativeLink() {}

  /**
   * The reference: the path from the directory of {@code outputDirectory/current} to {@code
   * base/target} (normalized), '\' made '/', "." when they are the same.
   *
   * @param outputDirectory absolute and normalized
   */
  static String byPath(Path outputDirectory, Path base, String current, String target) {
    Path from = outputDirectory.resolve(current).getParent();
    Path to = base.resolve(target).normalize();
    String rel = from.relativize(to).toString().replace('\\', '/');
    return rel.isEmpty() ? "." : rel;
  }

  /**
   * The segments of an absolute, normalized path, for {@link #of}; null when {@code path} is not
   * absolute (then {@link #of} always defers to {@link #byPath}).
   */
  static String[] segments(Path path) {
    if (!path.isAbsolute()) {
      return null;
    }
    Path p = path.normalize();
    String[] out = new String[p.getNameCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = p.getName(i).toString();
    }
    return out;
  }

  /**
   * Same as {@link #byPath}{@code (outputDirectory, base, current, target)}.
   *
   * @param outputSegments {@link #segments} of {@code outputDirectory} (absolute and normalized)
   * @param baseSegments {@link #segments} of {@code base}
   */
  static String of(
      Path outputDirectory,
      String[] outputSegments,
      Path base,
      String[] baseSegments,
      String current,
      String target) {
    String fast =
        baseSegments == null || outputSegments == null
            ? null
            : fast(outputSegments, baseSegments, current, target);
    return fast != null ? fast : byPath(outputDirectory, base, current, target);
  }

  /** The link, or null when the paths are not the simple case handled here. */
  static String fast(
      String[] outputSegments, String[] baseSegments, String current, String target) {
    if (!simpleRelative(current) || !ascii(target)) {
      return null;
    }
    // from: the output directory plus every segment of current but its last (its file name).
    int currentDirs = 0;
    for (int i = 0; i < current.length(); i++) {
      if (current.charAt(i) == '/') {
        currentDirs++;
      }
    }
    String[] from = Arrays.copyOf(outputSegments, outputSegments.length + currentDirs);
    int f = outputSegments.length;
    int start = 0;
    for (int i = 0; i < current.length(); i++) {
      if (current.charAt(i) == '/') {
        from[f++] = current.substring(start, i);
        start = i + 1;
      }
    }
    // to: base resolved with target, normalized ('.' and empty segments dropped, '..' taking one
    // off, never above the root). An absolute target replaces the base.
    boolean absolute = !target.isEmpty() && target.charAt(0) == '/';
    String[] to = new String[(absolute ? 0 : baseSegments.length) + target.length() / 2 + 1];
    int t = 0;
    if (!absolute) {
      System.arraycopy(baseSegments, 0, to, 0, baseSegments.length);
      t = baseSegments.length;
    }
    int n = target.length();
    int i = 0;
    while (i <= n) {
      int end = target.indexOf('/', i);
      if (end < 0) {
        end = n;
      }
      int len = end - i;
      if (len == 0 || (len == 1 && target.charAt(i) == '.')) {
        // nothing
      } else if (len == 2 && target.charAt(i) == '.' && target.charAt(i + 1) == '.') {
        if (t > 0) {
          t--;
        }
      } else {
        to[t++] = target.substring(i, end);
      }
      i = end + 1;
    }
    int common = 0;
    while (common < from.length && common < t && from[common].equals(to[common])) {
      common++;
    }
    StringBuilder out = new StringBuilder(target.length() + 3 * (from.length - common) + 8);
    for (int k = common; k < from.length; k++) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append("..");
    }
    for (int k = common; k < t; k++) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(to[k]);
    }
    return out.length() == 0 ? "." : out.toString().replace('\\', '/');
  }

  /** A relative path of ASCII segments, none empty, "." or "..", as {@code WorkspacePath} makes. */
  private static boolean simpleRelative(String p) {
    int n = p.length();
    if (n == 0 || !ascii(p)) {
      return false;
    }
    int start = 0;
    for (int i = 0; i <= n; i++) {
      if (i == n || p.charAt(i) == '/') {
        int len = i - start;
        if (len == 0
            || (len == 1 && p.charAt(start) == '.')
            || (len == 2 && p.charAt(start) == '.' && p.charAt(start + 1) == '.')) {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }

  /**
   * Only characters 1 to 127: no NUL (which java.nio rejects) and nothing a file-name encoding
   * could change.
   */
  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || c > 127) {
        return false;
      }
    }
    return true;
  }
}
