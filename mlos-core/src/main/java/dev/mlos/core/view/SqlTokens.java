package dev.mlos.core.view;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL text cut into the pieces mlos looks at, as SQLite's tokenizer sees them: string literals,
 * quoted identifiers and comments are single tokens, so nothing inside them is taken for a
 * parameter, a statement separator or a pragma name. The one walker over view SQL: {@link
 * ParameterizedSql} and {@link ViewQuery}'s checks both read its tokens.
 */
final class SqlTokens {
  private SqlTokens() {}

  /** What a token is. */
  enum Kind {
    /** A bare word: keyword or identifier ({@code SELECT}, {@code pragma_table_info}). */
    WORD,
    /** A quoted identifier: {@code "x"}, {@code `x`} or {@code [x]}. */
    QUOTED,
    /** A string literal {@code 'x'}. */
    STRING,
    /** {@code -- ...} up to the line end, or {@code /* ... *}{@code /}. */
    COMMENT,
    /** A run of whitespace. */
    SPACE,
    /** {@code :name} or {@code :row.column}. */
    PARAMETER,
    /** {@code ;}, the end of a statement. */
    SEMICOLON,
    /** Any other single character (operators, digits, parentheses, dots). */
    OTHER
  }

  /** One token: its kind and where it is in the text. */
  record Token(Kind kind, int start, int end) {
    String text(String sql) {
      return sql.substring(start, end);
    }

    /** True for tokens that carry meaning (not whitespace or a comment). */
    boolean significant() {
      return kind != Kind.SPACE && kind != Kind.COMMENT;
    }
  }

  /** The tokens of {@code sql}, in order, covering it whole. */
  static List<Token> of(String sql) {
    List<Token> tokens = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      Kind kind;
      if (c == '\'') {
        end = closing(sql, i, '\'');
        kind = Kind.STRING;
      } else if (c == '"' || c == '`') {
        end = closing(sql, i, c);
        kind = Kind.QUOTED;
      } else if (c == '[') {
        end = sql.indexOf(']', i + 1);
        end = end < 0 ? n : end + 1;
        kind = Kind.QUOTED;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        kind = Kind.COMMENT;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        kind = Kind.COMMENT;
      } else if (c == ':' && i + 1 < n && isStart(sql.charAt(i + 1))) {
        end = i + 1;
        while (end < n && isParameterPart(sql.charAt(end))) {
          end++;
        }
        // a trailing dot belongs to the SQL, not to the name
        while (sql.charAt(end - 1) == '.') {
          end--;
        }
        kind = Kind.PARAMETER;
      } else if (isStart(c)) {
        end = i + 1;
        while (end < n && isWordPart(sql.charAt(end))) {
          end++;
        }
        kind = Kind.WORD;
      } else if (Character.isWhitespace(c)) {
        end = i + 1;
        while (end < n && Character.isWhitespace(sql.charAt(end))) {
          end++;
        }
        kind = Kind.SPACE;
      } else {
        end = i + 1;
        kind = c == ';' ? Kind.SEMICOLON : Kind.OTHER;
      }
      tokens.add(new Token(kind, i, end));
      i = end;
    }
    return tokens;
  }

  /**
   * The name a word, quoted identifier or string token stands for: quotes removed and doubled
   * quotes undone ({@code "a""b"} is {@code a"b}).
   */
  static String name(String sql, Token t) {
    String text = t.text(sql);
    return switch (t.kind()) {
      case QUOTED, STRING -> {
        if (text.length() < 2) {
          yield text;
        }
        char open = text.charAt(0);
        char close = open == '[' ? ']' : open;
        String inner =
            text.endsWith(String.valueOf(close))
                ? text.substring(1, text.length() - 1)
                : text.substring(1);
        yield open == '['
            ? inner
            : inner.replace(String.valueOf(open) + open, String.valueOf(open));
      }
      default -> text;
    };
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

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static boolean isParameterPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }
}
