package dev.mlos.core.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SQL script split into statements, each with the line it starts on, so a failure can name the
 * line. Splits the way {@code sqlite3_complete} does: a {@code ;} ends a statement unless it is
 * inside a string, a comment or a {@code CREATE TRIGGER ... END;} body.
 *
 * @param name where the script came from (a file or classpath resource), for messages
 * @param statements the statements in order
 */
public record SqlScript(String name, List<Statement> statements) {
  /**
   * One statement of a script.
   *
   * @param line 1-based line of the statement's first token
   * @param sql the statement text, including its terminating {@code ;} when present
   */
  public record Statement(int line, String sql) {}

  public SqlScript {
    statements = List.copyOf(statements);
  }

  private enum State {
    START,
    NORMAL,
    CREATE,
    TRIGGER,
    SEMI,
    END
  }

  /** Splits {@code text}; never fails, SQLite reports syntax errors when a statement runs. */
  public static SqlScript parse(String name, String text) {
    List<Statement> out = new ArrayList<>();
    State state = State.START;
    int line = 1;
    int start = -1;
    int startLine = 1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        line += count(text, i, end);
        i = end;
        continue;
      }
      if (start < 0) {
        start = i;
        startLine = line;
      }
      if (c == '\'' || c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int end = i + 1;
        while (end < n) {
          if (text.charAt(end) == close) {
            // A doubled quote is an escaped quote, not the end.
            if (close != ']' && end + 1 < n && text.charAt(end + 1) == close) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        end = Math.min(end + 1, n);
        line += count(text, i, end);
        i = end;
        state = next(state, "");
        continue;
      }
      if (c == ';') {
        state =
            switch (state) {
              case TRIGGER, SEMI -> State.SEMI;
              default -> State.START;
            };
        i++;
        if (state == State.START) {
          if (start < i - 1) {
            out.add(new Statement(startLine, text.substring(start, i)));
          }
          start = -1;
        }
        continue;
      }
      if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int end = i;
        while (end < n
            && (Character.isLetterOrDigit(text.charAt(end))
                || text.charAt(end) == '_'
                || text.charAt(end) == '$')) {
          end++;
        }
        state = next(state, text.substring(i, end).toUpperCase(Locale.ROOT));
        i = end;
        continue;
      }
      state = next(state, "");
      i++;
    }
    if (start >= 0) {
      out.add(new Statement(startLine, text.substring(start).strip()));
    }
    return new SqlScript(name, out);
  }

  private static State next(State state, String word) {
    return switch (state) {
      case START -> word.equals("CREATE") ? State.CREATE : State.NORMAL;
      case CREATE ->
          switch (word) {
            case "TEMP", "TEMPORARY" -> State.CREATE;
            case "TRIGGER" -> State.TRIGGER;
            default -> State.NORMAL;
          };
      case SEMI -> word.equals("END") ? State.END : State.TRIGGER;
      case END -> State.TRIGGER;
      default -> state;
    };
  }

  private static int count(String text, int from, int to) {
    int lines = 0;
    for (int k = from; k < to; k++) {
      if (text.charAt(k) == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
