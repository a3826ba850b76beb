package dev.mlos.core.db;

import java.io.IOException;
import java.io.Reader;
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
    split(text, 1, true, out, new int[1]);
    return new SqlScript(name, out);
  }

  /** Text read at a time by {@link #forEach} before it splits what it has. */
  static final int CHUNK_CHARS = 1 << 20;

  /**
   * Splits the script {@code in} holds as {@link #parse} does, handing each statement to {@code
   * each} as soon as it is complete, so a script too large to hold (a database's text form) is
   * never read whole: only the statement being read and about {@link #CHUNK_CHARS} characters are
   * held. {@code in} is not closed.
   *
   * @throws IOException when {@code in} fails (for a file: it cannot be read, or is not UTF-8)
   */
  public static void forEach(Reader in, java.util.function.Consumer<Statement> each)
      throws IOException {
    forEach(in, CHUNK_CHARS, each);
  }

  /**
   * {@link #forEach(Reader, java.util.function.Consumer)} splitting every {@code chunkChars}
   * (tests).
   */
  static void forEach(Reader in, int chunkChars, java.util.function.Consumer<Statement> each)
      throws IOException {
    StringBuilder pending = new StringBuilder();
    int line = 1;
    // Split again only once the text held doubled: a statement longer than a chunk (one huge
    // literal) is not split over and over as its lines arrive.
    int splitAt = chunkChars;
    char[] buffer = new char[64 * 1024];
    List<Statement> done = new ArrayList<>();
    int[] nextLine = new int[1];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      pending.append(buffer, 0, n);
      if (pending.length() < splitAt) {
        continue;
      }
      String text = pending.toString();
      int used = split(text, line, false, done, nextLine);
      for (Statement st : done) {
        each.accept(st);
      }
      done.clear();
      line = nextLine[0];
      pending.setLength(0);
      pending.append(text, used, text.length());
      splitAt = Math.max(chunkChars, 2 * pending.length());
    }
    split(pending.toString(), line, true, done, nextLine);
    for (Statement st : done) {
      each.accept(st);
    }
  }

  /**
   * Adds the statements of {@code text} (which starts on line {@code firstLine}) to {@code out}.
   * With {@code atEnd}, everything is split (an unterminated last statement too) and the text's
   * length is returned; otherwise only complete statements are added, and the returned index is
   * where the text after the last of them starts (split again with what follows), its line in
   * {@code lineAfter[0]}.
   */
  private static int split(
      String text, int firstLine, boolean atEnd, List<Statement> out, int[] lineAfter) {
    State state = State.START;
    int line = firstLine;
    int used = 0;
    lineAfter[0] = firstLine;
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
          used = i;
          lineAfter[0] = line;
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
    if (!atEnd) {
      return used;
    }
    if (start >= 0) {
      out.add(new Statement(startLine, text.substring(start).strip()));
    }
    lineAfter[0] = line;
    return n;
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
