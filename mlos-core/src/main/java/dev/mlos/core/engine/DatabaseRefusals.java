package dev.mlos.core.engine;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a rule the database itself enforced (a trigger's RAISE, a CHECK, UNIQUE, NOT NULL or
 * FOREIGN KEY constraint) into a {@link RefusedException}. The engine checks its rules before it
 * writes, so these are the backstop for what it does not check itself, or checks differently.
 *
 * <p>Trigger messages start with the entity ({@code "need: ..."}, {@code "task: ..."}, see the
 * schema contract), which any backend can raise in the same words; the rule id is derived from the
 * entity and the words of the message.
 */
final class DatabaseRefusals {
  private static final Pattern JDBC_WRAPPER =
      Pattern.compile("(?s)\\[SQLITE_\\w+]\\s+[^(]*\\((.*)\\)\\s*$");
  private static final Pattern ENTITY =
      Pattern.compile("(need|task|artifact|relationship|agent|lens|history): (.*)", Pattern.DOTALL);
  private static final Pattern CHECK = Pattern.compile("CHECK constraint failed: (\\w+)");
  private static final Pattern UNIQUE = Pattern.compile("UNIQUE constraint failed: (\\w+)\\.");

  /** A rule id a message names itself, in parentheses: {@code "(need.title)"}. */
  private static final Pattern NAMED_RULE = Pattern.compile("\\(([a-z]+)\\.([a-z_]+)\\)");

  private static final Map<String, String> TABLE_ENTITY =
      Map.of(
          "needs",
          "need",
          "tasks",
          "task",
          "artifacts",
          "artifact",
          "relationships",
          "relationship",
          "agents",
          "agent",
          "lenses",
          "lens");

  private DatabaseRefusals() {}

  /** SQLite's message without the JDBC driver's "[SQLITE_...] A ... failed (...)" wrapper. */
  static String sqliteMessage(SQLException e) {
    String raw = String.valueOf(e.getMessage());
    Matcher m = JDBC_WRAPPER.matcher(raw);
    return m.matches() ? m.group(1) : raw;
  }

  /**
   * The refusal for a constraint error, or null when {@code e} is not one (the database is broken
   * instead).
   */
  static RefusedException translate(SQLException e) {
    String raw = String.valueOf(e.getMessage());
    String msg = sqliteMessage(e);
    int code = e.getErrorCode() & 0xff;
    boolean constraint = code == 19 || raw.contains("SQLITE_CONSTRAINT");
    Matcher m = ENTITY.matcher(msg);
    if (m.matches()) {
      return new RefusedException(rule(m.group(1), m.group(2)), msg, List.of(), null);
    }
    if (!constraint) {
      return null;
    }
    if ((m = CHECK.matcher(msg)).find()) {
      String name = m.group(1);
      int underscore = name.indexOf('_');
      String entity =
          underscore > 0
              ? TABLE_ENTITY.getOrDefault(name.substring(0, underscore), "input")
              : "input";
      String column = underscore > 0 ? name.substring(underscore + 1) : name;
      return new RefusedException(
          entity + "." + column,
          "the database refused the value of " + name.replace('_', '.') + " (" + msg + ")",
          List.of(),
          null);
    }
    if ((m = UNIQUE.matcher(msg)).find()) {
      String entity = TABLE_ENTITY.getOrDefault(m.group(1), m.group(1));
      return new RefusedException(
          entity + ".exists", "the " + entity + " already exists (" + msg + ")", List.of(), null);
    }
    if (msg.contains("FOREIGN KEY")) {
      return new RefusedException(
          "not_found", "a row this write points at does not exist (" + msg + ")", List.of(), null);
    }
    if (ownFault(e)) {
      return null;
    }
    return new RefusedException("constraint", msg, List.of(), null);
  }

  /**
   * Whether {@code e} is a NOT NULL constraint: the engine gives every value a column requires (its
   * input rules refuse a missing title, description or type first), so a write without one is a
   * fault of mlos, not the user's "required value is missing", which it was worded as.
   */
  static boolean ownFault(SQLException e) {
    return sqliteMessage(e).startsWith("NOT NULL constraint failed");
  }

  /**
   * {@code need} + "identified -> resolved is not allowed" gives {@code need.lifecycle}, and so on;
   * {@code need} + "title must be one line of text (need.title): ..." gives {@code need.title}.
   */
  static String rule(String entity, String words) {
    // A message that names its rule of the same entity (schema V11's one-line texts give the
    // engine's rule ids) is taken at its word.
    Matcher named = NAMED_RULE.matcher(words);
    if (named.find() && named.group(1).equals(entity)) {
      return entity + "." + named.group(2);
    }
    String w = words.toLowerCase(Locale.ROOT);
    if (w.contains("->") || w.contains("can only be cancelled")) {
      return entity + ".lifecycle";
    }
    if (w.contains("cycle")) {
      return entity.equals("relationship") ? "relationship.cycle" : entity + ".parent";
    }
    if (w.contains("does not exist") || w.contains("ids of existing")) {
      return "not_found";
    }
    if (w.contains("exists") || w.contains("already has")) {
      return entity + ".exists";
    }
    if (w.contains("control character")) {
      return entity + ".text";
    }
    if (w.contains("itself")) {
      return entity + ".self";
    }
    switch (entity) {
      case "need" -> {
        if (w.contains("resolved")) {
          return "need.open_tasks";
        }
        if (w.contains("tag")) {
          return "need.tags";
        }
      }
      case "relationship" -> {
        if (w.contains("connects") || w.contains("derived_from its own need")) {
          return "relationship.kind";
        }
      }
      case "artifact" -> {
        if (w.contains("file_path")) {
          return "artifact.path";
        }
      }
      case "lens" -> {
        for (String[] k :
            new String[][] {
              {"weights", "lens.weights"},
              {"token_budget", "lens.budget"},
              {"exactly one", "lens.owner"},
              {"scopes", "lens.scopes"},
              {"tags", "lens.tags"},
              {"agent_type", "agent.type"}
            }) {
          if (w.contains(k[0])) {
            return k[1];
          }
        }
      }
      default -> {
        // The generic rule id below.
      }
    }
    return entity + ".rule";
  }
}
