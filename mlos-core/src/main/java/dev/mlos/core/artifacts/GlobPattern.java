package dev.mlos.core.artifacts;

import java.util.regex.Pattern;

/**
 * A glob over '/'-separated workspace paths, the same on every operating system: {@code **}
 * matches any number of whole directories (including none), {@code *} any characters but '/',
 * {@code ?} one character but '/', {@code [abc]} / {@code [!abc]} a character class and {@code
 * {a,b}} alternatives.
 */
final class GlobPattern {
  private final String glob;
  private final Pattern regex;

  GlobPattern(String glob) {
    this.glob = glob;
    this.regex = Pattern.compile(toRegex(glob));
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
          if (end < 0) {
            r.append("\\[");
          } else {
            String body = glob.substring(i + 1, end);
            r.append('[');
            if (body.startsWith("!")) {
              r.append('^');
              body = body.substring(1);
            }
            r.append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
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

  @Override
  public String toString() {
    return glob;
  }
}
