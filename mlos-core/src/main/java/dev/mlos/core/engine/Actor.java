package dev.mlos.core.engine;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who makes a write, recorded in every history row the write causes (columns {@code actor}, {@code
 * session}, {@code reason}). Built with {@link #agent(long)}, {@link #person(String)} or {@link
 * #tool(String)}, then refined with {@link #withSession} and {@link #withReason}.
 *
 * @param kind {@code agent}, {@code person} or {@code tool}
 * @param name the agent's id (digits), the person's name, or the tool's name
 * @param session the session or transcript the write belongs to, or null
 * @param reason why the write is made, or null (an operation's own reason, e.g. of a move, wins)
 */
public record Actor(String kind, String name, String session, String reason) {
  /** Longest name, session or reason, in characters. */
  public static final int MAX_LENGTH = 500;

  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@+-]{0,99}");

  /**
   * Validates the actor.
   *
   * @throws RefusedException (rule {@code actor}) for an unknown kind, a blank or malformed name,
   *     or control characters in the session or reason
   */
  public Actor {
    if (!"agent".equals(kind) && !"person".equals(kind) && !"tool".equals(kind)) {
      throw refused("actor kind " + quoted(kind) + " is not one of agent, person, tool", FORMS_FIX);
    }
    if (name == null
        || !NAME.matcher(name).matches()
        || ("agent".equals(kind) && !name.matches("[1-9][0-9]{0,17}"))) {
      throw refused(
          "actor name "
              + quoted(name)
              + " is not valid for "
              + ("agent".equals(kind) ? "an " : "a ")
              + kind
              + ("agent".equals(kind)
                  ? " (an agent is named by its id, a whole number from 1)"
                  : " (a letter or digit first, then letters, digits, space, . _ @ + -, up to 100)"),
          "agent".equals(kind)
              ? "name the agent run by its id: agent:7"
              : "give the " + kind + "'s name in those characters");
    }
    checkText("session", session);
    checkText("reason", reason);
  }

  /** The agent with id {@code agentId} (it must exist when the write runs). */
  public static Actor agent(long agentId) {
    if (agentId < 1) {
      // An id, not a name: "actor name '0' ..., fix: name the agent run by its id: agent:7"
      // answered
      // `mlos ready --agent 0`, and --agent agent:7 is refused in turn.
      throw (RefusedException)
          new RefusedException(
                  "actor",
                  "agent id "
                      + agentId
                      + " names no agent run: ids are whole numbers from 1, as mlos prints them"
                      + " (agent 3)",
                  List.of(),
                  null,
                  "{0}")
              .suggesting(dev.mlos.core.Remedy.findIds("agent"));
    }
    return new Actor("agent", Long.toString(agentId), null, null);
  }

  /** A named person, e.g. {@code alice}. */
  public static Actor person(String name) {
    return new Actor("person", name == null ? null : name.strip(), null, null);
  }

  /** A program acting on nobody's behalf, e.g. {@code mlos-import}. */
  public static Actor tool(String name) {
    return new Actor("tool", name, null, null);
  }

  /**
   * Parses {@code agent:7}, {@code person:alice} or {@code tool:mlos-import}.
   *
   * @throws RefusedException (rule {@code actor}) when the text is not of that form
   */
  public static Actor parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon < 0) {
      throw refused(
          "actor " + quoted(text) + " is not of the form agent:<id>, person:<name> or tool:<name>",
          FORMS_FIX);
    }
    return new Actor(text.substring(0, colon), text.substring(colon + 1), null, null);
  }

  /** This actor within {@code newSession} (a session id or transcript path; null for none). */
  public Actor withSession(String newSession) {
    return new Actor(kind, name, newSession, reason);
  }

  /** This actor giving {@code newReason} (null for none). */
  public Actor withReason(String newReason) {
    return new Actor(kind, name, session, newReason);
  }

  /** The agent's id when this is an agent, else null. */
  public Long agentId() {
    return "agent".equals(kind) ? Long.valueOf(name) : null;
  }

  /**
   * As stored in {@code history.actor}: {@code agent:7}, {@code person:alice}, {@code
   * tool:mlos-import}.
   */
  public String label() {
    return kind + ":" + name;
  }

  @Override
  public String toString() {
    return label();
  }

  private static void checkText(String what, String value) {
    checkLine(value, "actor " + what, what, "actor", null);
  }

  /**
   * The rule of a reason or session, one line of a history a person reads: at most {@link
   * #MAX_LENGTH} characters, no control character (a tab aside), no line or paragraph separator, no
   * invisible character (a bidirectional override among them), no half of a surrogate pair. A
   * need's move takes its reason through it too ({@code transition_need}'s {@code reason}), which
   * lands in the same history column.
   *
   * @param field the field as the message names it ({@code actor reason}, {@code reason})
   * @param what the field as its fix names it ({@code reason})
   * @param rule the rule a refusal names
   * @param ref the row the refusal is about, or null
   */
  static void checkLine(String value, String field, String what, String rule, EntityRef ref) {
    if (value == null) {
      return;
    }
    String prefix = ref == null ? "" : ref.words() + ": ";
    // Characters as a tool schema (maxLength) and the database count them: an emoji is one.
    int characters = value.codePointCount(0, value.length());
    if (characters > MAX_LENGTH) {
      throw refused(
          rule,
          prefix
              + field
              + " is longer than "
              + MAX_LENGTH
              + " characters (it has "
              + characters
              + ")",
          ref,
          textFix(what));
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\t') {
        throw refused(
            rule,
            prefix
                + field
                + " contains a control character (U+"
                + String.format(Locale.ROOT, "%04X", (int) c)
                + ")",
            ref,
            textFix(what));
      }
      // A reason is one line of a history a person reads (mlos history, the pages): a line
      // separator breaks it, and a bidirectional override reversed the rest of it, as in a title.
      if (c == '\u2028' || c == '\u2029' || dev.mlos.core.InvisibleText.isInvisible(c)) {
        throw refused(
            rule,
            prefix
                + field
                + " contains a control character ("
                + InputRules.describeControl(c)
                + ")",
            ref,
            textFix(what));
      }
    }
    // Half of a surrogate pair reached SQLite as '?': the history kept another text than the one
    // the write was answered for.
    InputRules.unicode(value, field, rule, ref);
  }

  private static String quoted(String s) {
    return RefusedException.quoted(s);
  }

  private static final String FORMS_FIX = "give agent:<id>, person:<name> or tool:<name>";

  /**
   * The fix of a session or reason the rule refuses: a reason an agent gives a tool (MCP's {@code
   * reason}) reached the client with the rule and no way on.
   */
  private static String textFix(String what) {
    return "give the "
        + what
        + " on one line, without control characters, in at most "
        + MAX_LENGTH
        + " characters";
  }

  private static RefusedException refused(String message, String fix) {
    return refused("actor", message, null, fix);
  }

  private static RefusedException refused(String rule, String message, EntityRef ref, String fix) {
    return new RefusedException(rule, message, List.of(), ref, fix);
  }
}
