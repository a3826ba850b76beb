package dev.mlos.core.engine;

import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a rule the database itself enforced (a trigger's RAISE, a CHECK, UNIQUE, NOT NULL or
 * FOREIGN KEY constraint) into a {@link RefusedException}. The engine checks its rules before it
 * writes, so these are the backstop for what it does not check itself, or checks differently.
 *
 * <p>Trigger messages start with the entity ({@code "need: ..."}, {@code "task: ..."}, see the
 * schema contract), which any backend can raise in the same words; the rule id is the one the
 * message names ({@code "(need.title)"}), else the one {@link TriggerMessages} gives its message,
 * which also says whether the message is mlos's own fault.
 */
final class DatabaseRefusals {
  private static final Pattern JDBC_WRAPPER =
      Pattern.compile("(?s)\\[SQLITE_\\w+]\\s+[^(]*\\((.*)\\)\\s*$");
  static final Pattern ENTITY =
      Pattern.compile("(need|task|artifact|relationship|agent|lens|history): (.*)", Pattern.DOTALL);
  private static final Pattern CHECK = Pattern.compile("CHECK constraint failed: (\\w+)");
  private static final Pattern UNIQUE = Pattern.compile("UNIQUE constraint failed: (\\w+)\\.");

  private DatabaseRefusals() {}

  /** SQLite's message without the JDBC driver's "[SQLITE_...] A ... failed (...)" wrapper. */
  static String sqliteMessage(SQLException e) {
    String raw = String.valueOf(e.getMessage());
    Matcher m = JDBC_WRAPPER.matcher(raw);
    return m.matches() ? m.group(1) : raw;
  }

  /**
   * A trigger's words that name their rule and give its fix: "title must be at most 500 characters
   * (need.title): shorten it; ...", "write_context.reason must be at most 500 characters (actor):
   * shorten it".
   */
  static final Pattern RULE_AND_FIX =
      Pattern.compile("(?s)(.*?) \\(([a-z_]+(?:\\.[a-z_]+)?)\\): (.+)");

  /**
   * The fix of a rule only a trigger words, met by an engine write: the engine checks each of these
   * first, in its own words and with its own fix, so the user is told what to change and that mlos
   * missed its check.
   */
  static final String UNCHECKED_FIX =
      "change the request so the rule holds (the message says what it refuses); mlos checks this"
          + " rule before it writes, in its own words with its own fix, and missed it here: please"
          + " report that";

  /**
   * The refusal for a constraint error, or null when {@code e} is not one (the database is broken
   * instead) or is mlos's own fault ({@link #ownFault}).
   *
   * <p>Per kind, met by an engine write (which checks its rules first, in one {@code BEGIN
   * IMMEDIATE} transaction, so no other writer comes between its check and its write): a trigger's
   * rule on the user's values that names its rule and fix (schema V11 and later: a text's length or
   * characters, an artifact's path, a finished run) is a refusal with that fix on the fix line; any
   * other trigger rule (a lifecycle move, a cycle, an edge's kind) is a refusal naming it, with the
   * fix to change the request and to report the check mlos missed. A CHECK, UNIQUE, FOREIGN KEY or
   * NOT NULL constraint, and a trigger keeping how mlos writes a row (sorted so in {@link
   * TriggerMessages}, the one table of every trigger's message), is mlos's fault: the engine gives
   * those columns their values itself (an enum, a range, a JSON list, an id it checked in the same
   * transaction), so no value of the user reaches them.
   */
  static RefusedException translate(SQLException e) {
    String msg = sqliteMessage(e);
    if (!constraint(e) || ownFault(e)) {
      return null;
    }
    Matcher m = ENTITY.matcher(msg);
    if (!m.matches()) {
      return null;
    }
    String entity = m.group(1);
    String words = m.group(2);
    Matcher named = RULE_AND_FIX.matcher(words);
    if (named.matches()) {
      // The rule the message names is its id: "need.title", "agent.type" (of a lens), "actor".
      return new RefusedException(
          named.group(2), entity + ": " + named.group(1), List.of(), null, named.group(3));
    }
    return new RefusedException(rule(entity, words), msg, List.of(), null, UNCHECKED_FIX);
  }

  /** Whether {@code e} is a constraint error (a trigger's RAISE(ABORT) is one too). */
  private static boolean constraint(SQLException e) {
    return (e.getErrorCode() & 0xff) == 19
        || String.valueOf(e.getMessage()).contains("SQLITE_CONSTRAINT");
  }

  /**
   * Whether {@code e} is a constraint only a fault of mlos reaches (see {@link #translate}): a NOT
   * NULL, CHECK, UNIQUE or FOREIGN KEY constraint (the engine gives every value a column requires,
   * in the form the column takes, and checks the rows it points at in the same transaction), or a
   * trigger keeping how mlos writes a row. A NOT NULL was worded as the user's "required value is
   * missing", and the others as a refusal of the user's input ("the database refused the value of
   * needs.priority", "the need already exists").
   */
  static boolean ownFault(SQLException e) {
    String msg = sqliteMessage(e);
    if (msg.startsWith("NOT NULL constraint failed")) {
      return true;
    }
    if (!constraint(e)) {
      return false;
    }
    if (CHECK.matcher(msg).find()
        || UNIQUE.matcher(msg).find()
        || msg.contains("FOREIGN KEY constraint failed")) {
      return true;
    }
    Matcher m = ENTITY.matcher(msg);
    if (!m.matches()) {
      // Not one of the engine's tables' rules (they start with the entity): "history is
      // append-only", the change log's, the ready tables'.
      return true;
    }
    if (RULE_AND_FIX.matcher(m.group(2)).matches()) {
      return false;
    }
    // A message TriggerMessages does not sort (none of a shipped schema: TriggerMessagesTest)
    // reads as the user's rule, with the fix that says mlos missed its check.
    TriggerMessages.Sort sort = TriggerMessages.of(msg);
    return sort != null && sort.kind() != TriggerMessages.Kind.CHECKED;
  }

  /**
   * The rule id of a trigger's message: the rule it names ({@code need} + "title must be one line
   * of text (need.title): ..." gives {@code need.title}), else the one {@link TriggerMessages}
   * gives it ({@code need} + "identified -> resolved is not allowed" gives {@code need.lifecycle}),
   * else {@code <entity>.rule}.
   */
  static String rule(String entity, String words) {
    Matcher named = RULE_AND_FIX.matcher(words);
    if (named.matches()) {
      return named.group(2);
    }
    TriggerMessages.Sort sort = TriggerMessages.of(entity + ": " + words);
    return sort != null && sort.rule() != null ? sort.rule() : entity + ".rule";
  }
}
