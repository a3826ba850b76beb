package dev.mlos.core.artifacts;

import dev.mlos.core.MlosException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A glob over '/'-separated workspace paths, the same on every operating system: {@code **} matches
 * any number of whole directories (including none), {@code *} any characters but '/', {@code ?} one
 * character but '/', {@code [abc]} / {@code [!abc]} a character class and {@code {a,b}}
 * alternatives. A class that would be empty ({@code []}, {@code [!]}) and an unclosed {@code [} are
 * literal characters; inside a class every character but a leading '!' and a '-' between two others
 * is literal, and a class never matches '/' (no regex class syntax such as {@code &&} or {@code
 * [:alpha:]}).
 */
final class GlobPattern {
  private final String glob;
  private final Pattern regex;
  private final String literalBase;

  /**
   * @throws MlosException when the pattern is not a glob this class can match (it names it)
   */
  GlobPattern(String glob) {
    this.glob = glob;
    this.literalBase = literalBase(glob);
    try {
      this.regex = Pattern.compile(toRegex(glob));
    } catch (PatternSyntaxException e) {
      // A range written backwards ([z-a]) is the one way left to write a class Java refuses.
      throw new MlosException(
          "The pattern "
              + MlosException.quoted(glob)
              + " is not a valid glob: "
              + e.getDescription(),
          "write character classes as [abc], [a-z] or [!abc]",
          e);
    }
  }

  private GlobPattern(String glob, Pattern regex, String literalBase) {
    this.glob = glob;
    this.regex = regex;
    this.literalBase = literalBase;
  }

  /**
   * Every file under the directory {@code dir} ('/'-separated, relative to the root; "" for the
   * root itself), as {@code dir/**}{@code /*} matches them, with {@code dir} taken as written: a
   * directory named {@code notes{1}} or {@code [old]} holds no pattern.
   */
  static GlobPattern everythingUnder(String dir) {
    String prefix = dir.isEmpty() ? "" : Pattern.quote(dir) + "/";
    return new GlobPattern(
        dir.isEmpty() ? "**/*" : dir + "/**/*", Pattern.compile(prefix + "(?:[^/]*/)*[^/]*"), dir);
  }

  /** True when {@code s} contains a glob character. */
  static boolean isGlob(String s) {
    return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  /** The leading segments without glob characters: the directory to walk, "" for the root. */
  String literalBase() {
    return literalBase;
  }

  private static String literalBase(String glob) {
    String[] segments = glob.split("/");
    StringBuilder base = new StringBuilder();
    for (int i = 0; i < segments.length - 1 && !isGlob(segments[i]); i++) {
      base.append(base.length() == 0 ? "" : "/").append(segments[i]);
    }
    return base.toString();
  }

  private static String toRegex(String glob) {
    StringBuilder r = new StringBuilder();
    int braces = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
            if (slashAfter) {
              r.append("(?:[^/]*/)*");
              i += 2;
            } else {
              r.append(".*");
              i += 1;
            }
          } else {
            r.append("[^/]*");
          }
        }
        case '?' -> r.append("[^/]");
        case '[' -> {
          int end = glob.indexOf(']', i + 1);
          String body = end < 0 ? "" : glob.substring(i + 1, end);
          boolean negated = body.startsWith("!");
          if (negated) {
            body = body.substring(1);
          }
          if (body.isEmpty()) {
            r.append("\\[");
          } else {
            // never '/', like * and ?: a class matches within one segment
            r.append(negated ? "(?!/)[^" : "(?!/)[").append(classBody(body)).append(']');
            i = end;
          }
        }
        case '{' -> {
          braces++;
          r.append("(?:");
        }
        case '}' -> {
          if (braces > 0) {
            braces--;
            r.append(')');
          } else {
            r.append("\\}");
          }
        }
        case ',' -> r.append(braces > 0 ? "|" : ",");
        default -> r.append(Pattern.quote(String.valueOf(c)));
      }
    }
    while (braces-- > 0) {
      r.append(')');
    }
    return r.toString();
  }

  /**
   * A glob class body as a regex class body: every character literal (escaped, so {@code &&},
   * {@code [}, {@code ^} and {@code \\} mean themselves), except a '-' between two characters.
   */
  private static String classBody(String body) {
    StringBuilder out = new StringBuilder();
    for (int j = 0; j < body.length(); j++) {
      char c = body.charAt(j);
      boolean range = c == '-' && j > 0 && j < body.length() - 1;
      if (range) {
        out.append('-');
      } else if (Character.isLetterOrDigit(c) || Character.isSurrogate(c)) {
        out.append(c);
      } else {
        out.append('\\')
            .append(c); // a backslash before a non-letter is always a literal in a Java regex
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return glob;
  }
}
