package dev.mlos.core.testing;

import dev.mlos.core.path.InvalidPathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Copies of the regex-based implementations that were replaced by char loops for speed, kept as the
 * reference the new code is compared against: the output must not change.
 */
public final class OldImplementations {
  private OldImplementations() {}

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");

  /** {@code Slug.of} before it lost its regexes. */
  public static String slug(String value, int maxLength) {
    if (value == null) {
      return "untitled";
    }
    String decomposed = Normalizer.normalize(value, Normalizer.Form.NFKD);
    String stripped = MARKS.matcher(decomposed).replaceAll("");
    String lower = transliterate(stripped.toLowerCase(Locale.ROOT));
    String slug = NOT_ALNUM.matcher(lower).replaceAll("-");
    slug = trimDashes(slug);
    if (slug.length() > maxLength) {
      slug = trimDashes(slug.substring(0, maxLength));
    }
    return slug.isEmpty() ? "untitled" : slug;
  }

  private static String transliterate(String lower) {
    StringBuilder sb = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      switch (c) {
        case 'ß' -> sb.append("ss");
        case 'æ' -> sb.append("ae");
        case 'ø' -> sb.append('o');
        case 'œ' -> sb.append("oe");
        case 'ł' -> sb.append('l');
        case 'đ', 'ð' -> sb.append('d');
        case 'þ' -> sb.append("th");
        case 'ı' -> sb.append('i');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String trimDashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }

  private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);
  private static final int MAX_PATH_LENGTH = 240;

  /** {@code WorkspacePath.problemWith} before it lost its regex: why a path is invalid, or null. */
  public static String workspacePathProblem(String value) {
    if (value == null) {
      return "is missing";
    }
    if (value.isEmpty()) {
      return "is empty";
    }
    if (value.length() > MAX_PATH_LENGTH) {
      return "is " + value.length() + " characters long; the limit is " + MAX_PATH_LENGTH;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        return "contains a backslash; use '/' as the separator";
      }
      if (Character.isISOControl(c)) {
        return "contains a control character at index " + i;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        // The rule added since (review4), kept here so the two still judge alike.
        return String.format(
            java.util.Locale.ROOT,
            "holds half of a surrogate pair (U+%04X at index %d), which is no character",
            (int) c,
            i);
      }
    }
    if (value.startsWith("/")) {
      return "is absolute; it must be relative to the workspace root";
    }
    if (DRIVE_LETTER.matcher(value).matches()) {
      return "starts with a drive letter; it must be relative to the workspace root";
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty()) {
        return "contains an empty segment (a trailing '/' or '//')";
      }
      if (segment.equals(".")) {
        return "contains a '.' segment";
      }
      if (segment.equals("..")) {
        return "contains a '..' segment";
      }
    }
    return null;
  }

  /**
   * {@code WorkspacePath.resolveIn} before its lstat-only fast path; {@code value} must be valid.
   */
  public static Path resolveIn(String value, Path workspaceRoot) {
    Path root = workspaceRoot.toAbsolutePath().normalize();
    Path target = root.resolve(value).normalize();
    if (!Files.exists(root)) {
      return target;
    }
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new InvalidPathException(
          value, "cannot resolve the workspace root " + root + ": " + e.getMessage(), e);
    }
    Path existing = target;
    while (!existing.equals(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      Path link = firstSymlink(root, existing);
      // As the words the current check gives: a loop of links is no missing target.
      throw new InvalidPathException(
          value,
          "goes through the symlink "
              + describeLink(root, link != null ? link : existing)
              + (e instanceof java.nio.file.NoSuchFileException
                  ? " whose target does not exist"
                  : " that cannot be followed (a loop of links, or a directory on its way that"
                      + " cannot be read)"),
          e);
    }
    if (!real.startsWith(realRoot)) {
      Path link = firstSymlink(root, existing);
      throw new InvalidPathException(
          value,
          "leads outside the workspace "
              + root
              + " through the symlink "
              + describeLink(root, link != null ? link : existing));
    }
    return target;
  }

  private static Path firstSymlink(Path root, Path end) {
    Path current = root;
    for (Path name : root.relativize(end)) {
      current = current.resolve(name);
      if (Files.isSymbolicLink(current)) {
        return current;
      }
    }
    return null;
  }

  private static String describeLink(Path root, Path link) {
    String relative = root.relativize(link).toString().replace('\\', '/');
    try {
      return "'" + relative + "' -> '" + Files.readSymbolicLink(link) + "'";
    } catch (IOException | UnsupportedOperationException e) {
      return "'" + relative + "'";
    }
  }
}
