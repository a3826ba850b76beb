package dev.mlos.core.view;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL with {@code :name} parameters rewritten to JDBC's {@code ?}, remembering which name goes
 * where. Values are always bound, never pasted into the text. Names may be dotted ({@code
 * :row.id}). String literals, quoted identifiers and comments are skipped, so {@code ':x'} or
 * {@code -- :x} are left alone.
 */
public record ParameterizedSql(String original, String jdbcSql, List<String> parameterNames) {

  public ParameterizedSql {
    parameterNames = List.copyOf(parameterNames);
  }

  public static ParameterizedSql parse(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    List<String> names = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = closing(sql, i, c);
        out.append(sql, i, end);
        i = end;
      } else if (c == '[') {
        int end = sql.indexOf(']', i + 1);
        end = end < 0 ? n : end + 1;
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.append(sql, i, end);
        i = end;
      } else if (c == ':' && i + 1 < n && isStart(sql.charAt(i + 1))) {
        int j = i + 1;
        while (j < n && isPart(sql.charAt(j))) {
          j++;
        }
        // a trailing dot belongs to the SQL, not to the name
        while (sql.charAt(j - 1) == '.') {
          j--;
        }
        names.add(sql.substring(i + 1, j));
        out.append('?');
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return new ParameterizedSql(sql, out.toString(), names);
  }

  private static int closing(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static boolean isStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }
}
