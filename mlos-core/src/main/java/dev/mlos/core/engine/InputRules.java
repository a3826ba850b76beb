package dev.mlos.core.engine;

import dev.mlos.core.InvisibleText;
import dev.mlos.core.PageCursor;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The checks every argument of an {@link Engine} operation passes before its transaction starts:
 * titles, scopes, free text, tags, priorities, agent types and paging, each refused with the rule
 * it breaks and what is allowed.
 */
final class InputRules {
  static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");
  static final Pattern AGENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  static final int MAX_TITLE = 500;
  static final int MAX_TEXT = 100_000;
  static final int MAX_SHORT = 200;
  static final int MAX_LIST = 100;

  private InputRules() {}

  static void limit(int limit) {
    if (limit < 1 || limit > ReadyQuery.MAX_LIMIT) {
      throw new RefusedException(
          "input",
          "limit " + limit + " is not 1.." + ReadyQuery.MAX_LIMIT,
          List.of(),
          null,
          "give a limit from 1 to "
              + ReadyQuery.MAX_LIMIT
              + "; more come page by page, with the next_cursor each page gives");
    }
  }

  /**
   * The offset of {@code cursor}, a {@link PageCursor} made for {@code scope}; refused under {@link
   * PageCursor#RULE}, the fix on its own line, when it is not.
   */
  static int offset(String cursor, List<String> scope, String what) {
    try {
      return PageCursor.offset(cursor, scope, what);
    } catch (PageCursor.InvalidCursorException e) {
      throw new RefusedException(e.rule(), e.getMessage(), List.of(), null, e.fix());
    }
  }

  /** The cursor of the page after the one at {@code offset} with {@code shown} rows, or null. */
  static String next(int offset, int shown, int total, List<String> scope) {
    return shown > 0 && offset + shown < total ? PageCursor.of(offset + shown, scope) : null;
  }

  static String title(String value, String rule, EntityRef ref) {
    return title(value, rule, ref, rule.replace('.', ' '));
  }

  /**
   * As above, the field named {@code field} in the refusal ({@code artifact title}: its rule,
   * {@code artifact.text}, covers the artifact's other texts too, so its words would not say
   * which).
   */
  static String title(String value, String rule, EntityRef ref, String field) {
    if (value == null || InvisibleText.showsNothing(value)) {
      // A blank one was told "is required" as if it had been left out; one of invisible
      // characters (a zero-width space) was taken, and its page linked it with no text.
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ")
              + field
              + (value == null
                  ? " is required"
                  : value.isBlank() ? " is blank" : " " + showsNothing(value)),
          List.of(),
          ref,
          "give the " + field + " words, on one line");
    }
    String s = value.strip();
    unicode(s, field, rule, ref);
    int control = firstControl(s);
    if (characters(s) > MAX_TITLE || control >= 0) {
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ")
              + field
              + " must be one line of at most "
              + MAX_TITLE
              + " characters"
              + (control >= 0
                  ? "; it contains a control character (" + describeControl(control) + ")"
                  : ", was " + characters(s)),
          List.of(),
          ref,
          (control >= 0
                  ? "write the " + field + " on one line"
                  : "shorten the " + field + " to at most " + MAX_TITLE + " characters")
              + (field.endsWith("title")
                  ? ", and put the rest in the description"
                  : ", and put the rest in its need's description"));
    }
    return s;
  }

  static String scope(String value, EntityRef ref) {
    return scope(value, ref, "need.scope");
  }

  static String scope(String value, EntityRef ref, String rule) {
    if (value == null) {
      return null;
    }
    String s = value.strip();
    if (!s.isEmpty() && InvisibleText.showsNothing(s)) {
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ") + "scope " + showsNothing(s),
          List.of(),
          ref,
          "give the scope words (a path or an area, 'kernel/boot'), or leave it out");
    }
    unicode(s, "scope", rule, ref);
    int control = firstControl(s);
    if (s.isEmpty() || characters(s) > MAX_SHORT || control >= 0) {
      // A scope with a control is not quoted back: an invisible one would reorder the message.
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ")
              + "scope "
              + (control >= 0 ? "" : RefusedException.quoted(value) + " ")
              + "must be 1.."
              + MAX_SHORT
              + " characters on one line"
              + (control >= 0
                  ? "; it contains a control character (" + describeControl(control) + ")"
                  : ""),
          List.of(),
          ref,
          s.isEmpty()
              ? "give the scope words (a path or an area, 'kernel/boot'), or leave it out"
              : control >= 0
                  ? "write the scope on one line"
                  : "shorten the scope to at most "
                      + MAX_SHORT
                      + " characters (a path or an area, 'kernel/boot')"
                      + (rule.equals("need.scope") ? "; the rest goes in the description" : ""));
    }
    return s;
  }

  /**
   * The words for a text of only spaces or invisible characters ({@link
   * InvisibleText#showsNothing}, the set schema mlos V20 refuses): the first is named, since the
   * person who typed it cannot see it.
   */
  private static String showsNothing(String value) {
    return "holds only spaces or invisible characters (the first is "
        + InvisibleText.describeFirst(value)
        + ")";
  }

  /**
   * A source transcript names where a row came from: an empty (or blank) one names nothing, and was
   * stored as it was. Removing the one recorded is clearing the field, a way of its own, which the
   * refusal names for an update ({@code clearable}).
   */
  static void transcript(String value, boolean clearable, EntityRef ref) {
    transcript(value, "source_transcript", clearable, ref);
  }

  /**
   * As above, for the transcript field {@code field} (an agent run's {@code session_transcript}).
   */
  static void transcript(String value, String field, boolean clearable, EntityRef ref) {
    if (value != null && value.isBlank()) {
      throw new RefusedException(
          "input",
          (ref == null ? "" : ref.words() + ": ") + field + " is empty",
          List.of(),
          ref,
          "name the transcript (a path or URL)"
              + (clearable
                  ? ", or clear " + field + " to remove the one recorded"
                  : ", or leave it out"));
    }
  }

  static void text(String value, String field, int max, String rule, EntityRef ref) {
    if (value == null) {
      return;
    }
    unicode(value, field, rule, ref);
    if (value.length() > max && characters(value) > max) {
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ")
              + field
              + " is longer than "
              + max
              + " characters (it has "
              + characters(value)
              + ")",
          List.of(),
          ref,
          "shorten the "
              + field
              + " to at most "
              + max
              + " characters"
              + (max >= MAX_TEXT
                  ? "; a longer text goes in a file of the workspace, registered as an artifact"
                      + " and named here"
                  : ""));
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
        throw new RefusedException(
            rule,
            (ref == null ? "" : ref.words() + ": ")
                + field
                + " contains a control character ("
                + describeControl(c)
                + ")",
            List.of(),
            ref,
            // An agent's result pasted from a terminal brings its colour codes (ESC).
            "take the control characters out of the "
                + field
                + " (terminal colour codes among them); line breaks and tabs are kept");
      }
    }
  }

  /**
   * A transcript field ({@code source_transcript}, an agent run's {@code session_transcript}): a
   * text as {@link #text} judges it, and a path or URL, so on one line. The database refuses every
   * control character in it, a line break and a tab too, which {@link #text} keeps: they reached
   * its trigger, and the user was told mlos had missed its check.
   */
  static void transcriptText(String value, String field, String rule, EntityRef ref) {
    text(value, field, MAX_TEXT, rule, ref);
    for (int i = 0; value != null && i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\t' || c == '\r') {
        throw new RefusedException(
            rule,
            (ref == null ? "" : ref.words() + ": ")
                + field
                + " names a transcript by its path or URL, on one line; it contains a control"
                + " character ("
                + describeControl(c)
                + ")",
            List.of(),
            ref,
            "write the transcript's path or URL on one line, without line breaks or tabs");
      }
    }
  }

  /**
   * A text every output shows on one line (an agent run's kernel version: {@code kernel 6.1} in a
   * list line, the boot prompt's identity line), which takes none of {@link #firstControl}'s
   * characters; {@link #text} judges its length first.
   */
  static void oneLineText(String value, String field, String rule, EntityRef ref) {
    int control = value == null ? -1 : firstControl(value);
    if (control >= 0) {
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ")
              + field
              + " must be one line; it contains a control character ("
              + describeControl(control)
              + ")",
          List.of(),
          ref,
          "write the " + field + " on one line, without control characters");
    }
  }

  /**
   * A move's reason, recorded in the history column an actor's reason fills: the actor's rule of
   * one line ({@link Actor#checkLine}), under the operation's {@code input} rule. It took line
   * breaks, which the tools' other reasons are refused.
   */
  static void checkReason(String reason, EntityRef ref) {
    Actor.checkLine(reason, "reason", "reason", "input", ref);
  }

  static void checkPriority(Integer priority, String rule, EntityRef ref) {
    if (priority != null && (priority < 1 || priority > 5)) {
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ")
              + "priority "
              + priority
              + " is not 1 (critical) .. 5 (background)",
          List.of("1", "2", "3", "4", "5"),
          ref);
    }
  }

  static List<String> tags(List<String> tags, String rule, EntityRef ref) {
    if (tags == null) {
      return List.of();
    }
    if (tags.size() > MAX_LIST) {
      throw new RefusedException(
          rule,
          "at most " + MAX_LIST + " tags, got " + tags.size(),
          List.of(),
          ref,
          "give " + MAX_LIST + " tags or fewer (a tag names a kind of work, not an item of it)");
    }
    TreeSet<String> out = new TreeSet<>();
    for (String tag : tags) {
      if (tag == null || !TAG.matcher(tag).matches()) {
        throw new RefusedException(
            rule,
            (ref == null ? "" : ref.words() + ": ")
                + "tag "
                + RefusedException.quoted(tag)
                + " must match [a-z0-9][a-z0-9_.:-]* and be at most 64 characters",
            List.of("[a-z0-9][a-z0-9_.:-]*"),
            ref,
            tagFix(tag));
      }
      out.add(tag);
    }
    return List.copyOf(out);
  }

  /**
   * The fix of a tag the rule refuses, on its own line as every fix (it ended the message, "...
   * (write it as 'kernel-boot')", and an empty tag had none): the tag in the form the rule takes
   * (lower case, accents dropped, other characters '-', at most 64); for an empty one, where it
   * came from; else what a tag is made of.
   */
  private static String tagFix(String tag) {
    if (tag == null || tag.isEmpty()) {
      return "leave the empty tag out (two commas in a row, or one at the end, make one)";
    }
    String plain = tagAsTaken(tag);
    return plain == null
        ? "write the tag in lower-case letters a-z, digits and _ . : - (a letter or digit first)"
        : "write it as " + RefusedException.quoted(plain);
  }

  /** {@code tag} in the form the rule takes, or null when nothing of it is left. */
  static String tagAsTaken(String tag) {
    if (tag == null) {
      return null;
    }
    String plain =
        java.text.Normalizer.normalize(tag, java.text.Normalizer.Form.NFD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_.:-]+", "-")
            .replaceAll("^[^a-z0-9]+", "")
            .replaceAll("-+$", "");
    if (plain.length() > 64) {
      plain = plain.substring(0, 64);
    }
    return TAG.matcher(plain).matches() ? plain : null;
  }

  static void agentType(String type) {
    if (type == null || !AGENT_TYPE.matcher(type).matches()) {
      throw new RefusedException(
          "agent.type",
          "agent type "
              + RefusedException.quoted(type)
              + " must be lower-case snake_case (e.g. context_manager), at most 64 characters",
          List.of("[a-z][a-z0-9_]*"),
          null,
          agentTypeFix(type));
    }
  }

  /**
   * The fix of a refused agent type, on its own line as every fix (it ended the message): {@code
   * write it as 'data_wrangler'}, the type in the form the rule takes (lower case, accents dropped,
   * other characters '_', at most 64), or what an agent type is made of when that form does not
   * start with a letter. A user's first agent type is often {@code data-wrangler} or {@code Data
   * Wrangler}, and the rule alone left them to work out the form.
   */
  private static String agentTypeFix(String type) {
    String none = "write the agent type in lower-case letters a-z, digits and _, a letter first";
    if (type == null) {
      return none;
    }
    String plain =
        java.text.Normalizer.normalize(type, java.text.Normalizer.Form.NFD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_]+", "_")
            .replaceAll("^_+|_+$", "");
    if (plain.length() > 64) {
      plain = plain.substring(0, 64).replaceAll("_+$", "");
    }
    return AGENT_TYPE.matcher(plain).matches() ? "write it as '" + plain + "'" : none;
  }

  /**
   * Refuses a text holding half of a UTF-16 surrogate pair: it is no character, and SQLite would
   * store it as '?' without a word.
   */
  static void unicode(String value, String field, String rule, EntityRef ref) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new RefusedException(
            rule,
            (ref == null ? "" : ref.words() + ": ")
                + field
                + " holds half of a surrogate pair (U+"
                + String.format(Locale.ROOT, "%04X", (int) c)
                + " at position "
                + i
                + "), which is no character",
            List.of(),
            ref,
            "send the "
                + field
                + " as valid Unicode: keep both halves of a surrogate pair together (an emoji"
                + " beyond U+FFFF is two), or drop the lone half");
      }
    }
  }

  static boolean hasControl(String s) {
    return firstControl(s) >= 0;
  }

  /**
   * The first control character (or Unicode line or paragraph separator, bidirectional control or
   * U+FEFF) in {@code s}, or -1.
   */
  static int firstControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      // U+2028 and U+2029 end a line as much as \n does (docs/guard.md treats them so). A
      // bidirectional embedding, override or isolate reorders the heading or link the title
      // becomes ("Trojan Source"), and U+FEFF hides in it: invisible either way.
      if (Character.isISOControl(c)
          || c == '\u2028'
          || c == '\u2029'
          || dev.mlos.core.InvisibleText.isInvisible(c)) {
        return c;
      }
    }
    return -1;
  }

  /** {@code U+0000, NUL}: the code point and what the character is, for a refusal. */
  static String describeControl(int c) {
    String what =
        switch (c) {
          case 0x00 -> "NUL";
          case 0x07 -> "a bell (BEL)";
          case 0x08 -> "a backspace (BS)";
          case 0x09 -> "a tab";
          case 0x0A -> "a line break (LF)";
          case 0x0B -> "a vertical tab (VT)";
          case 0x0C -> "a form feed (FF)";
          case 0x0D -> "a carriage return (CR)";
          case 0x1B -> "an escape (ESC)";
          case 0x7F -> "a delete (DEL)";
          case 0x2028 -> "a line separator";
          case 0x2029 -> "a paragraph separator";
          case 0x202A -> "a left-to-right embedding, invisible";
          case 0x202B -> "a right-to-left embedding, invisible";
          case 0x202C -> "a pop directional formatting, invisible";
          case 0x202D -> "a left-to-right override, invisible, which reorders the text after it";
          case 0x202E -> "a right-to-left override, invisible, which reverses the text after it";
          case 0x2066 -> "a left-to-right isolate, invisible";
          case 0x2067 -> "a right-to-left isolate, invisible";
          case 0x2068 -> "a first strong isolate, invisible";
          case 0x2069 -> "a pop directional isolate, invisible";
          case 0xFEFF -> "a zero-width no-break space (byte order mark), invisible";
          default -> c >= 0x80 && c <= 0x9F ? "a C1 control character" : "a C0 control character";
        };
    return String.format(Locale.ROOT, "U+%04X, ", c) + what;
  }

  /**
   * Characters as the database's {@code length()} counts them (code points): an emoji is one,
   * though Java holds it in two chars.
   */
  static int characters(String s) {
    return s.codePointCount(0, s.length());
  }

  static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ").strip();
    if (line.length() <= 80) {
      return line;
    }
    // Not between the two halves of an emoji: a lone half is written as '?'.
    int cut =
        Character.isHighSurrogate(line.charAt(76)) && Character.isLowSurrogate(line.charAt(77))
            ? 76
            : 77;
    return line.substring(0, cut) + "...";
  }

  static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : dev.mlos.core.view.DecimalText.plain(d);
  }
}
