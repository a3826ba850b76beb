package dev.mlos.core.frontmatter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes the common front matter entries the way {@link FrontMatterYaml}'s SnakeYAML dumper does,
 * without going through SnakeYAML's representer, serializer and emitter. It mirrors, for one
 * top-level entry of a block mapping (flow level 0, indent 2, indicator indent 2, unlimited width,
 * unicode allowed), what SnakeYAML 2.x decides:
 *
 * <ul>
 *   <li>the representer: Byte/Short/Integer/Long/BigInteger as {@code toString()} tagged int;
 *       Double as {@code .NaN}/{@code .inf}/{@code -.inf} or {@code toString()}, Float and
 *       BigDecimal as {@code toString()}, tagged float; Boolean, null, String; List as a block
 *       sequence ({@code []} when empty);
 *   <li>the serializer: a scalar's tag is left implicit only when SnakeYAML's own {@link Resolver}
 *       reads the text back as that tag (otherwise a tag would be written: not handled here);
 *   <li>the emitter ({@code analyzeScalar}, {@code chooseScalarStyle}): plain when allowed in block
 *       context and implicit, otherwise quoted. Quoted text is double-quoted ({@code \} and {@code
 *       "} escaped, U+00A0 as {@code \_}, as SnakeYAML's double-quoted writer does) unless it holds
 *       a {@code "}, then single-quoted with {@code '} doubled: the quotes prettier's YAML printer
 *       prefers, so a repository-wide {@code prettier --write} leaves the front matter alone. The
 *       representer ({@link FrontMatterYaml}) asks SnakeYAML for the same style.
 * </ul>
 *
 * Whenever a value falls outside what is mirrored here, {@link #appendEntry} returns false and the
 * caller lets SnakeYAML write the entry. The differential test checks the two agree.
 *
 * <p>Why it exists: the front matter of 100,000 pages costs about 0.2 s of CPU here against about 2
 * s through SnakeYAML's dumper, some 5% of a cold compile's CPU at 100k (bench/RESULTS.md, "What
 * FastYaml buys"; {@code FastYamlMeasure} in the test sources measures it).
 */
final class FastYaml {
  /** SnakeYAML's default resolver (the one {@code new Yaml(representer, options)} uses). */
  static final ScreenedResolver RESOLVER = new ScreenedResolver();

  /**
   * Longer text is left to SnakeYAML: its writers would break lines once the column passes the
   * configured width (1,000,000), and simple keys end at 128 characters.
   */
  private static final int MAX_VALUE_LENGTH = 100_000;

  private static final int MAX_KEY_LENGTH = 100;

  private static final int FALLBACK = -1;
  static final int PLAIN = 0;

  /** Quoted: double quotes, or single quotes when the text holds a {@code "}. */
  static final int SINGLE_QUOTED = 1;

  /** Characters that may not start a plain scalar (SnakeYAML's leading indicators). */
  private static final String LEADING_INDICATORS = "#,[]{}&*!|>'\"%@`";

  private FastYaml() {}

  /**
   * Appends {@code key: value} and its newline as SnakeYAML would; returns false (having possibly
   * appended part of it) when the entry is not one this class mirrors.
   */
  static boolean appendEntry(StringBuilder out, String key, Object value) {
    // An empty key is not a simple key ("? ''"); a long one neither (128 characters or more).
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return false;
    }
    if (!appendScalar(out, key, styleOf(key))) {
      return false;
    }
    out.append(':');
    if (value instanceof String text) {
      out.append(' ');
      if (!appendScalar(out, text, styleOf(text))) {
        return false;
      }
    } else if (value == null) {
      out.append(" null");
    } else if (value instanceof Boolean bool) {
      out.append(bool ? " true" : " false");
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append(" []");
      } else {
        for (Object item : list) {
          if (!(item instanceof String text)) {
            return false;
          }
          out.append("\n  - ");
          if (!appendScalar(out, text, styleOf(text))) {
            return false;
          }
        }
      }
    } else {
      String number = numberText(value);
      if (number == null) {
        return false;
      }
      out.append(' ').append(number);
    }
    out.append('\n');
    return true;
  }

  /**
   * The plain text SnakeYAML writes for a number, or null when it would not write it plain and
   * untagged (or the type is not one mirrored here).
   */
  private static String numberText(Object value) {
    Class<?> type = value.getClass();
    Tag tag;
    String text;
    if (type == Integer.class
        || type == Long.class
        || type == Short.class
        || type == Byte.class
        || type == BigInteger.class) {
      tag = Tag.INT;
      text = value.toString();
    } else if (type == Double.class) {
      tag = Tag.FLOAT;
      // As SnakeYAML's RepresentNumber: equals(Double), so only a Double is ever .NaN or .inf.
      double d = (Double) value;
      if (Double.isNaN(d)) {
        text = ".NaN";
      } else if (d == Double.POSITIVE_INFINITY) {
        text = ".inf";
      } else if (d == Double.NEGATIVE_INFINITY) {
        text = "-.inf";
      } else {
        text = value.toString();
      }
    } else if (type == Float.class || type == BigDecimal.class) {
      // SnakeYAML's Number representer takes BigDecimal as well: toString(), tagged float.
      tag = Tag.FLOAT;
      text = value.toString();
    } else {
      return null;
    }
    if (analyze(text) != PLAIN || !tag.equals(RESOLVER.resolveImplicit(text))) {
      return null;
    }
    return text;
  }

  private static boolean appendScalar(StringBuilder out, String text, int style) {
    if (style == PLAIN) {
      out.append(text);
      return true;
    }
    if (style == SINGLE_QUOTED && text.indexOf('"') < 0) {
      out.append('"');
      int start = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\\' || c == '"' || c == '\u00A0') {
          out.append(text, start, i).append('\\').append(c == '\u00A0' ? '_' : c);
          start = i + 1;
        }
      }
      out.append(text, start, text.length()).append('"');
      return true;
    }
    if (style == SINGLE_QUOTED) {
      out.append('\'');
      int start = 0;
      int quote;
      while ((quote = text.indexOf('\'', start)) >= 0) {
        out.append(text, start, quote + 1).append('\'');
        start = quote + 1;
      }
      out.append(text, start, text.length()).append('\'');
      return true;
    }
    return false;
  }

  /**
   * How SnakeYAML writes {@code text} as a string scalar in block context: {@link #PLAIN}, {@link
   * #SINGLE_QUOTED}, or {@link #FALLBACK} for anything this class does not mirror (line breaks,
   * tabs, control and other non-printable characters, the BOM, very long text).
   */
  static int styleOf(String text) {
    int style = analyze(text);
    if (style == PLAIN && (!Tag.STR.equals(RESOLVER.resolveImplicit(text)) || text.equals("="))) {
      // It would read back as a bool, number, null, timestamp, merge key... A lone "=" is text to
      // SnakeYAML, but PyYAML (python-frontmatter, most agents' tooling) resolves it to YAML 1.1's
      // value tag, which its safe loader refuses: the whole front matter would not load.
      return SINGLE_QUOTED;
    }
    return style;
  }

  /**
   * SnakeYAML's scalar analysis for one-line printable text in block context: {@link #PLAIN} when a
   * plain scalar is allowed (whatever the text would resolve to), {@link #SINGLE_QUOTED} when only
   * quotes are, {@link #FALLBACK} when this class does not mirror the text.
   */
  private static int analyze(String text) {
    int length = text.length();
    if (length == 0) {
      // Plain would read back as null; single quotes are allowed for the empty scalar.
      return SINGLE_QUOTED;
    }
    if (length > MAX_VALUE_LENGTH) {
      return FALLBACK;
    }
    boolean plain = true;
    char first = text.charAt(0);
    boolean firstFollowedBySpace = length == 1 || text.charAt(1) == ' ';
    if (LEADING_INDICATORS.indexOf(first) >= 0
        || ((first == '-' || first == '?' || first == ':') && firstFollowedBySpace)
        || first == ' '
        || text.charAt(length - 1) == ' '
        || text.startsWith("---")
        || text.startsWith("...")
        || hasLeadingZero(text)) {
      plain = false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c <= 0x7E) {
        if (i > 0) {
          if (c == ':' && (i + 1 == length || text.charAt(i + 1) == ' ')) {
            plain = false;
          } else if (c == '#' && text.charAt(i - 1) == ' ') {
            plain = false;
          }
        }
      } else if (c >= 0xA0 && c <= 0xD7FF) {
        if (c == '\u2028' || c == '\u2029') {
          return FALLBACK; // a line break: the representer double-quotes it
        }
      } else if (c >= 0xE000 && c <= 0xFFFD) {
        if (c == '\uFEFF') {
          return FALLBACK;
        }
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // a supplementary character (emoji): printable
      } else {
        // Line breaks, tabs, controls, NEL, lone surrogates: literal or double-quoted.
        return FALLBACK;
      }
    }
    return plain ? PLAIN : SINGLE_QUOTED;
  }

  /** As SnakeYAML's Emitter: "0" then only digits and '_', at least two characters. */
  private static boolean hasLeadingZero(String text) {
    if (text.length() <= 1 || text.charAt(0) != '0') {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /**
   * SnakeYAML's default resolver, answering as its {@code resolve(NodeId.scalar, text, true)} does,
   * but without running a pattern that provably cannot match: for the patterns of SnakeYAML 2.3,
   * recognised by their exact text, a check of the characters (or the exact words) comes first.
   * Running three regular expressions on every timestamp-like value cost more than all the rest of
   * writing an entry. Patterns it does not recognise are always run.
   */
  static final class ScreenedResolver extends Resolver {
    private static final String BOOL =
        "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$";
    private static final Set<String> BOOL_WORDS =
        Set.of(
            "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
            "FALSE", "on", "On", "ON", "off", "Off", "OFF");
    private static final String NULL = "^(?:~|null|Null|NULL| )$";
    private static final Set<String> NULL_WORDS = Set.of("~", "null", "Null", "NULL", " ");
    private static final String EMPTY = "^$";
    private static final String MERGE = "^(?:<<)$";
    private static final String VALUE = "^(?:=)$";
    private static final String YAML = "^(?:!|&|\\*)$";
    private static final Set<String> YAML_WORDS = Set.of("!", "&", "*");
    private static final String INT =
        "^(?:[-+]?0b_*[0-1][0-1_]*|[-+]?0_*[0-7][0-7_]*|[-+]?(?:0|[1-9][0-9_]*)"
            + "|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$";
    private static final String INT_CHARS = "-+0123456789_abcdefABCDEFx:";
    private static final String FLOAT =
        "^([-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)"
            + "(?:[eE][-+]?[0-9]+)|[-+]?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
            + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)"
            + "|\\.(?:nan|NaN|NAN))$";
    private static final String FLOAT_CHARS = "-+0123456789_.eE:infINFaA";
    private static final String TIMESTAMP =
        "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-"
            + "[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
            + "(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$";
    private static final String TIMESTAMP_CHARS = "0123456789-Tt \t:.Z+";

    /** One registered implicit resolver and the check that must pass before its pattern runs. */
    private record Entry(Tag tag, Pattern pattern, int limit, int screen) {}

    private static final int RUN = 0;
    private static final int SCREEN_BOOL = 1;
    private static final int SCREEN_NULL = 2;
    private static final int SCREEN_EMPTY = 3;
    private static final int SCREEN_MERGE = 4;
    private static final int SCREEN_VALUE = 5;
    private static final int SCREEN_YAML = 6;
    private static final int SCREEN_INT = 7;
    private static final int SCREEN_FLOAT = 8;
    private static final int SCREEN_TIMESTAMP = 9;

    // Filled while the superclass constructor registers its resolvers, so no initializers here.
    private Map<Character, List<Entry>> byFirst;
    private List<Entry> anyFirst;

    ScreenedResolver() {
      super();
    }

    @Override
    public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
      super.addImplicitResolver(tag, regexp, first, limit);
      if (byFirst == null) {
        byFirst = new HashMap<>();
        anyFirst = new ArrayList<>();
      }
      // Kept exactly as Resolver keeps them: by first character, '\0' and null meaning any.
      Entry entry = new Entry(tag, regexp, limit, screenFor(regexp.pattern()));
      if (first == null) {
        anyFirst.add(entry);
        return;
      }
      for (char c : first.toCharArray()) {
        if (c == 0) {
          anyFirst.add(entry);
        } else {
          byFirst.computeIfAbsent(c, k -> new ArrayList<>()).add(entry);
        }
      }
    }

    /** As {@code resolve(NodeId.scalar, text, true)}. */
    Tag resolveImplicit(String text) {
      // Resolver looks up '\0' for the empty string, under which nothing is ever kept.
      List<Entry> first = text.isEmpty() ? null : byFirst.get(text.charAt(0));
      if (first != null) {
        for (Entry entry : first) {
          if (matches(entry, text)) {
            return entry.tag();
          }
        }
      }
      for (Entry entry : anyFirst) {
        if (matches(entry, text)) {
          return entry.tag();
        }
      }
      return Tag.STR;
    }

    private static boolean matches(Entry entry, String text) {
      if (text.length() > entry.limit()) {
        return false;
      }
      switch (entry.screen()) {
        case SCREEN_BOOL:
          return BOOL_WORDS.contains(text);
        case SCREEN_NULL:
          return NULL_WORDS.contains(text);
        case SCREEN_EMPTY:
          return text.isEmpty();
        case SCREEN_MERGE:
          return text.equals("<<");
        case SCREEN_VALUE:
          return text.equals("=");
        case SCREEN_YAML:
          return YAML_WORDS.contains(text);
        case SCREEN_INT:
          if (!onlyChars(text, INT_CHARS)) {
            return false;
          }
          break;
        case SCREEN_FLOAT:
          if (!onlyChars(text, FLOAT_CHARS)) {
            return false;
          }
          break;
        case SCREEN_TIMESTAMP:
          if (commonTimestamp(text)) {
            return true;
          }
          if (!onlyChars(text, TIMESTAMP_CHARS)) {
            return false;
          }
          break;
        default:
          break;
      }
      return entry.pattern().matcher(text).matches();
    }

    /**
     * The shapes compiled files carry in every page ({@code 2026-11-21} and {@code
     * 2026-11-21T10:00:00Z}, with optional fraction and Z): all of them match TIMESTAMP, so they
     * need not run it. False says nothing; the pattern decides then.
     */
    static boolean commonTimestamp(String text) {
      int n = text.length();
      if (n < 10
          || !digits(text, 0, 4)
          || text.charAt(4) != '-'
          || !digits(text, 5, 7)
          || text.charAt(7) != '-'
          || !digits(text, 8, 10)) {
        return false;
      }
      if (n == 10) {
        return true;
      }
      if (n < 19
          || (text.charAt(10) != 'T' && text.charAt(10) != 't')
          || !digits(text, 11, 13)
          || text.charAt(13) != ':'
          || !digits(text, 14, 16)
          || text.charAt(16) != ':'
          || !digits(text, 17, 19)) {
        return false;
      }
      int i = 19;
      if (i < n && text.charAt(i) == '.') {
        i++;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
          i++;
        }
      }
      if (i < n && text.charAt(i) == 'Z') {
        i++;
      }
      return i == n;
    }

    private static boolean digits(String text, int from, int to) {
      for (int i = from; i < to; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          return false;
        }
      }
      return true;
    }

    private static boolean onlyChars(String text, String allowed) {
      for (int i = 0; i < text.length(); i++) {
        if (allowed.indexOf(text.charAt(i)) < 0) {
          return false;
        }
      }
      return true;
    }

    /** True when the pattern's text is one this class has a check for. */
    static boolean recognises(String pattern) {
      return screenFor(pattern) != RUN;
    }

    private static int screenFor(String pattern) {
      return switch (pattern) {
        case BOOL -> SCREEN_BOOL;
        case NULL -> SCREEN_NULL;
        case EMPTY -> SCREEN_EMPTY;
        case MERGE -> SCREEN_MERGE;
        case VALUE -> SCREEN_VALUE;
        case YAML -> SCREEN_YAML;
        case INT -> SCREEN_INT;
        case FLOAT -> SCREEN_FLOAT;
        case TIMESTAMP -> SCREEN_TIMESTAMP;
        default -> RUN;
      };
    }
  }
}
