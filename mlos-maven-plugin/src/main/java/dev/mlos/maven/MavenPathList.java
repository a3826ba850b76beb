package dev.mlos.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * The paths of {@code -Dmlos.import}, one string on the command line, and how to write any path the
 * guard can name into it. Maven splits a list parameter's property at every comma, so a path
 * holding one ({@code data/a,b.yaml}) became two paths and could not be named at all, not even as
 * the guard's fix named it; and it reads a <code>${</code> in a property's value as an expression
 * of its own. So the property is read as one string and split here: at each comma, as Maven splits,
 * except a comma written {@code \,}, which is part of the path; and <code>$\{</code> is a path's
 * <code>${</code>, which Maven leaves alone. A workspace path holds no backslash (the one path
 * check refuses it), so neither names a path of its own; any other backslash is kept as it is.
 */
final class MavenPathList {
  private MavenPathList() {}

  /**
   * The paths of {@code value}: split at each comma not written {@code \,}, each {@code \,} a comma
   * in its path and each <code>$\{</code> a <code>${</code>, nothing trimmed (as Maven splits);
   * null for null, none for an empty value.
   */
  static List<String> split(String value) {
    if (value == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    if (value.isEmpty()) {
      return out;
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
        path.append(',');
        i++;
      } else if (c == '$' && value.startsWith("\\{", i + 1)) {
        path.append("${");
        i += 2;
      } else if (c == ',') {
        out.add(path.toString());
        path.setLength(0);
      } else {
        path.append(c);
      }
    }
    out.add(path.toString());
    return out;
  }

  /**
   * {@code path} as one item of {@code -Dmlos.import}, which {@link #split} gives back as it is:
   * each comma written {@code \,}, each <code>${</code> written <code>$\{</code>.
   */
  static String escape(String path) {
    return path.replace(",", "\\,").replace("${", "$\\{");
  }
}
