package dev.mlos.core.view;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks a view query's text passes before SQLite prepares it (preparing a pragma can already
 * apply it): one statement only, and no pragma but the ones that describe the schema and the file.
 * What SQLite itself says a prepared statement does is {@link ViewQuery}'s second check.
 */
final class ReadOnlyQueryText {
  private ReadOnlyQueryText() {}

  /**
   * The pragmas a view query may read, as {@code PRAGMA name} or as the table-valued function
   * {@code pragma_name(...)}: the ones that describe the schema and the database file. Any other
   * pragma (locking_mode, busy_timeout, max_page_count, wal_checkpoint, cache_size, ...) changes or
   * waits on the connection the compile records its pages with, or does work no page needs. An
   * allow-list, so a pragma SQLite adds later is refused until someone decides a view needs it.
   */
  static final Set<String> READABLE_PRAGMAS =
      Set.of(
          "application_id",
          "collation_list",
          "compile_options",
          "data_version",
          "database_list",
          "encoding",
          "foreign_key_list",
          "freelist_count",
          "function_list",
          "index_info",
          "index_list",
          "index_xinfo",
          "module_list",
          "page_count",
          "page_size",
          "pragma_list",
          "schema_version",
          "table_info",
          "table_list",
          "table_xinfo",
          "user_version");

  /** The readable pragmas that hold one value (the others list something and take an argument). */
  private static final Set<String> VALUE_PRAGMAS =
      Set.of(
          "application_id",
          "data_version",
          "encoding",
          "freelist_count",
          "page_count",
          "page_size",
          "schema_version",
          "user_version");

  /** Longest piece of a query quoted in an error. */
  private static final int QUOTED_SQL_MAX = 80;

  /**
   * Why the text of a view query is refused before SQLite sees it, or null: it holds more than one
   * statement, and SQLite would prepare the first and silently drop the rest.
   */
  static Refusal severalStatements(String text) {
    boolean ended = false;
    for (SqlTokens.Token t : SqlTokens.of(text)) {
      if (!t.significant()) {
        continue;
      }
      if (t.kind() == SqlTokens.Kind.SEMICOLON) {
        ended = true;
      } else if (ended) {
        return new Refusal(
            "holds more than one statement; the second one begins "
                + quoted(text.substring(t.start()).strip())
                + " (SQLite would run only the first)",
            "keep one SELECT (or WITH ... SELECT) per query; a view may have several named queries,"
                + " and data changes go through mlos's import or accept, or sqlite3");
      }
    }
    return null;
  }

  /**
   * Why a view query that only reads is still refused, or null: it uses a pragma not in {@link
   * #READABLE_PRAGMAS}, as a {@code PRAGMA} statement or a {@code pragma_name} table.
   */
  static Refusal pragmaNotNeeded(String text) {
    List<SqlTokens.Token> tokens = SqlTokens.of(text);
    SqlTokens.Token previous = null;
    for (int i = 0; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      if (!t.significant()) {
        continue;
      }
      if (previous == null
          && t.kind() == SqlTokens.Kind.WORD
          && t.text(text).equalsIgnoreCase("PRAGMA")) {
        int[] after = new int[1];
        String pragma = pragmaName(text, tokens, i + 1, after);
        if (pragma == null || !READABLE_PRAGMAS.contains(pragma.toLowerCase(Locale.ROOT))) {
          return pragmaRefused("PRAGMA " + (pragma == null ? "" : pragma));
        }
        // Setting even a readable pragma is refused, on the text: SQLite applies some settings
        // (page_size) while it prepares the statement, before any other check could see it.
        String next = after[0] < 0 ? "" : tokens.get(after[0]).text(text);
        boolean list = !VALUE_PRAGMAS.contains(pragma.toLowerCase(Locale.ROOT));
        if (next.equals("=") || next.equals("(") && !list) {
          return new Refusal(
              "sets " + quoted("PRAGMA " + pragma) + ": a view query may only read the database",
              "read it with PRAGMA "
                  + pragma
                  + " or SELECT * FROM pragma_"
                  + pragma
                  + "; change it with sqlite3");
        }
      }
      String name = nameOf(text, t, previous);
      if (name != null
          && name.regionMatches(true, 0, "pragma_", 0, 7)
          && !READABLE_PRAGMAS.contains(name.substring(7).toLowerCase(Locale.ROOT))) {
        return pragmaRefused(name);
      }
      previous = t;
    }
    return null;
  }

  /** SQLite's date and time functions, which read the clock when given {@code 'now'}. */
  private static final Set<String> TIME_FUNCTIONS =
      Set.of("date", "time", "datetime", "julianday", "strftime", "unixepoch", "timediff");

  /**
   * Why a view query's result would change with no change to the database, or null: it reads the
   * clock ({@code 'now'} given to a date function, a date function given no time value at all,
   * which SQLite reads as {@code 'now'}: {@code date()}, {@code julianday()}, {@code
   * strftime('%s')}; {@code CURRENT_TIMESTAMP}, {@code CURRENT_DATE}, {@code CURRENT_TIME}), the
   * machine's time zone (the {@code 'localtime'} and {@code 'utc'} modifiers) or draws random
   * numbers ({@code random()}, {@code randomblob()}). Its page would differ from one compile to the
   * next, the guard rendering it again in CI would find it {@code STALE}, and an incremental
   * compile, seeing no table change, would keep it as it was: the same reason a template may not
   * read {@code .now}.
   */
  static Refusal readsTheClock(String text) {
    List<SqlTokens.Token> tokens = SqlTokens.of(text);
    java.util.ArrayDeque<Call> calls = new java.util.ArrayDeque<>();
    String previousWord = null;
    for (SqlTokens.Token t : tokens) {
      if (!t.significant()) {
        continue;
      }
      String word = t.kind() == SqlTokens.Kind.WORD ? t.text(text).toLowerCase(Locale.ROOT) : null;
      boolean open = t.kind() == SqlTokens.Kind.OTHER && t.text(text).equals("(");
      boolean close = t.kind() == SqlTokens.Kind.OTHER && t.text(text).equals(")");
      Call call = calls.peek();
      if (call != null && !close) {
        if (t.kind() == SqlTokens.Kind.OTHER && t.text(text).equals(",")) {
          call.commas++;
        } else {
          call.empty = false;
        }
      }
      if (open) {
        if ("random".equals(previousWord) || "randomblob".equals(previousWord)) {
          return clockRefused(previousWord + "()", "draws random numbers");
        }
        calls.push(new Call(previousWord == null ? "" : previousWord));
      } else if (close) {
        Call ended = calls.poll();
        Refusal noTimeValue = ended == null ? null : noTimeValue(ended);
        if (noTimeValue != null) {
          return noTimeValue;
        }
      } else if ((t.kind() == SqlTokens.Kind.STRING
              // "now" too: SQLite takes a double-quoted name that is no column for a string.
              || t.kind() == SqlTokens.Kind.QUOTED && text.charAt(t.start()) == '"')
          && call != null
          && TIME_FUNCTIONS.contains(call.name)) {
        String argument = SqlTokens.name(text, t).strip().toLowerCase(Locale.ROOT);
        if (argument.equals("now")) {
          return clockRefused(call.name + "(..., 'now', ...)", "reads the clock");
        }
        if (argument.equals("localtime") || argument.equals("utc")) {
          // Both convert with the machine's time zone (TZ): another machine, another page.
          return clockRefused(
              call.name + "(..., '" + argument + "', ...)", "depends on the machine's time zone");
        }
      } else if ("current_timestamp".equals(word)
          || "current_date".equals(word)
          || "current_time".equals(word)) {
        return clockRefused(t.text(text), "reads the clock");
      }
      previousWord = word;
    }
    return null;
  }

  /** A function call the clock check is inside: its name, and what its arguments were so far. */
  private static final class Call {
    final String name;
    int commas;
    boolean empty = true;

    Call(String name) {
      this.name = name;
    }
  }

  /**
   * SQLite reads a date function given no time value as {@code 'now'}: {@code date()}, {@code
   * time()}, {@code datetime()}, {@code julianday()}, {@code unixepoch()} with no argument, {@code
   * strftime(format)} with only its format.
   */
  private static Refusal noTimeValue(Call call) {
    boolean bare =
        call.empty
            && Set.of("date", "time", "datetime", "julianday", "unixepoch").contains(call.name);
    boolean formatOnly = "strftime".equals(call.name) && !call.empty && call.commas == 0;
    if (bare) {
      return clockRefused(call.name + "() with no time value, which is 'now'", "reads the clock");
    }
    return formatOnly
        ? clockRefused("strftime(format) with no time value, which is 'now'", "reads the clock")
        : null;
  }

  private static Refusal clockRefused(String what, String how) {
    return new Refusal(
        how
            + " ("
            + what
            + "): its page would change without a change to the data, the guard"
            + " would find it STALE, and an incremental compile would keep it while its tables do"
            + " not change",
        "take a time from the data (SELECT max(updated_at) FROM needs), or set one under params:"
            + " in mlos.yaml (as_of: '2026-12-01T00:00:00Z') and compare with :as_of; order by a"
            + " column, not at random");
  }

  /**
   * The pragma named after {@code PRAGMA} from token {@code from} on ({@code schema.name} gives
   * name); {@code after[0]} is set to the index of the significant token after it, or -1.
   */
  private static String pragmaName(
      String text, List<SqlTokens.Token> tokens, int from, int[] after) {
    String name = null;
    after[0] = -1;
    for (int i = from; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      if (!t.significant()) {
        continue;
      }
      if (t.kind() == SqlTokens.Kind.WORD
          || t.kind() == SqlTokens.Kind.QUOTED
          || t.kind() == SqlTokens.Kind.STRING) {
        name = SqlTokens.name(text, t);
        continue;
      }
      if (t.kind() == SqlTokens.Kind.OTHER && t.text(text).equals(".") && name != null) {
        continue; // schema.name: the name follows
      }
      after[0] = i;
      break;
    }
    return name;
  }

  /**
   * What a token may name as a table: a word or quoted identifier; a string literal too where
   * SQLite takes it for a table name (after FROM, JOIN, a comma or a dot).
   */
  private static String nameOf(String text, SqlTokens.Token t, SqlTokens.Token previous) {
    switch (t.kind()) {
      case WORD, QUOTED -> {
        return SqlTokens.name(text, t);
      }
      case STRING -> {
        String before = previous == null ? "" : previous.text(text);
        boolean tablePosition =
            before.equalsIgnoreCase("FROM")
                || before.equalsIgnoreCase("JOIN")
                || before.equals(",")
                || before.equals(".");
        return tablePosition ? SqlTokens.name(text, t) : null;
      }
      default -> {
        return null;
      }
    }
  }

  private static Refusal pragmaRefused(String what) {
    return new Refusal(
        "uses "
            + quoted(what.strip())
            + ", a pragma a view does not need: a view query may only read"
            + " the database",
        "a view query may read only these pragmas (as PRAGMA name or pragma_name(...)): "
            + String.join(", ", new TreeSet<>(READABLE_PRAGMAS)));
  }

  /** Why a query's text is refused, and what is allowed instead. */
  record Refusal(String problem, String fix) {}

  /**
   * A piece of SQL for a message: on one line, control characters escaped, cut to a bounded length.
   */
  private static String quoted(String sql) {
    StringBuilder out = new StringBuilder("'");
    int n = Math.min(sql.length(), QUOTED_SQL_MAX);
    for (int i = 0; i < n; i++) {
      char c = sql.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        out.append(' ');
      } else if (Character.isISOControl(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (sql.length() > n) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
