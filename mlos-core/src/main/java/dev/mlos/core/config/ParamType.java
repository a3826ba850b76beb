package dev.mlos.core.config;

import dev.mlos.core.MlosException;
import dev.mlos.core.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The declared type of a view parameter, from the {@code types:} section of a {@code pack.yaml}. A
 * value of the wrong type is refused when the configuration loads, naming the file, line, setting
 * and the type expected; a query never sees it.
 *
 * @param kind what the value is
 * @param nullable whether {@code null} (no value) is allowed
 * @param min smallest allowed whole number (integers only)
 * @param max largest allowed whole number (integers only)
 * @param pattern a regular expression a text value, or each item of a list, must match whole; null
 *     for none (strings and lists only)
 * @param example a value that matches {@code pattern}, shown in the fix for one that does not (a
 *     regular expression alone is a poor example of a date); null for none
 * @param oneLine whether a text value, or each item of a list, must be one line of text, as the
 *     database's one-line rule has it (no line break, tab or other control character, no line or
 *     paragraph separator, bidirectional control or U+FEFF): a value the database would refuse in
 *     the column it is compared with (a scope) would match no row
 */
public record ParamType(
    Kind kind,
    boolean nullable,
    long min,
    long max,
    String pattern,
    String example,
    boolean oneLine) {
  /** A type without a pattern. */
  public ParamType(Kind kind, boolean nullable, long min, long max) {
    this(kind, nullable, min, max, null, null, false);
  }

  /** A type with a pattern and no example. */
  public ParamType(Kind kind, boolean nullable, long min, long max, String pattern) {
    this(kind, nullable, min, max, pattern, null, false);
  }

  /** The characters the database's one-line rule refuses (V11__one_line_texts.sql). */
  private static final java.util.regex.Pattern NOT_ONE_LINE =
      java.util.regex.Pattern.compile(
          "[\\x00-\\x1f\\x7f-\\x9f\\u2028-\\u202e\\u2066-\\u2069\\ufeff]");

  /** What a parameter holds. */
  public enum Kind {
    /** A whole number between {@code min} and {@code max}. */
    INTEGER,
    /** One text value; a number written for it is taken as its text. */
    STRING,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /**
     * A list of text values; one value written alone is a list of one. Bound to queries as JSON.
     */
    LIST,
    /** Anything (no check): for parameters a pack does not declare. */
    ANY
  }

  /** Parameters nobody declared keep the old behaviour: anything goes. */
  public static final ParamType ANY = new ParamType(Kind.ANY, true, Long.MIN_VALUE, Long.MAX_VALUE);

  /** The type of a parameter named in a pack's old {@code lists:} section. */
  public static final ParamType NULLABLE_LIST = new ParamType(Kind.LIST, true, 0, 0);

  /** The names accepted in {@code type:}. */
  static final List<String> NAMES = List.of("integer", "string", "boolean", "list", "any");

  /** "a whole number from 0 to 10", "a list of text values, or null", for messages. */
  public String describe() {
    String what =
        switch (kind) {
          case INTEGER -> "a whole number from " + min + " to " + max;
          case STRING -> "a text value";
          case BOOLEAN -> "true or false";
          case LIST -> "a list of text values";
          case ANY -> "any value";
        };
    return nullable && kind != Kind.ANY ? what + ", or null" : what;
  }

  /**
   * Checks a value from {@code mlos.yaml} (or a pack's default) and returns it in its bound form.
   *
   * @throws InvalidConfigException at the value's line and column, naming the setting and the type
   */
  Object check(YamlNode value) {
    if (kind == Kind.ANY) {
      return value.plain();
    }
    if (value.isNull()) {
      if (nullable) {
        return null;
      }
      throw wrong(value, "nothing");
    }
    return switch (kind) {
      case STRING -> {
        if (!value.isScalar()) {
          throw wrong(value, value.describe());
        }
        yield matching(value.scalarText(), value);
      }
      case LIST -> {
        if (value.isScalar()) {
          yield List.of(matching(value.scalarText(), value));
        }
        List<String> items = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (YamlNode item : value.list()) {
          if (!item.isScalar()) {
            throw InvalidConfigException.at(
                item,
                "must be a text value (an item of a list of text values), found " + item.describe(),
                "write the list as [a, b] with plain values");
          }
          String text = matching(item.scalarText(), item);
          Integer first = seen.putIfAbsent(text, items.size());
          if (first != null) {
            throw InvalidConfigException.at(item, repeatProblem(text, first), repeatFix(text));
          }
          items.add(text);
        }
        yield List.copyOf(items);
      }
      default -> {
        Object plain = value.isScalar() ? value.plain() : null;
        String problem = plain == null ? value.describe() : checkPlain(plain);
        if (problem != null) {
          throw wrong(value, plain == null ? problem : asWritten(value, plain));
        }
        yield plain;
      }
    };
  }

  /**
   * Checks a value given by an adapter (no file position) and returns it in its bound form.
   *
   * @throws InvalidConfigException naming {@code source} and the parameter
   */
  Object check(String source, String name, Object value) {
    if (kind == Kind.ANY) {
      return value;
    }
    if (value == null) {
      if (nullable) {
        return null;
      }
      throw wrong(source, name, "nothing");
    }
    switch (kind) {
      case STRING -> {
        if (value instanceof List || value instanceof Map) {
          throw wrong(source, name, value instanceof List ? "a list" : "a mapping");
        }
        return matching(String.valueOf(value), source, name);
      }
      case LIST -> {
        if (value instanceof Map) {
          throw wrong(source, name, "a mapping");
        }
        if (!(value instanceof List<?> l)) {
          return List.of(matching(String.valueOf(value), source, name));
        }
        List<String> items = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Object item : l) {
          if (item == null || item instanceof List || item instanceof Map) {
            throw wrong(source, name, "a list with an item that is not a text value");
          }
          String text = matching(String.valueOf(item), source, name);
          Integer first = seen.putIfAbsent(text, items.size());
          if (first != null) {
            throw new InvalidConfigException(
                source,
                0,
                0,
                "parameter '" + name + "': " + repeatProblem(text, first),
                repeatFix(text));
          }
          items.add(text);
        }
        return List.copyOf(items);
      }
      default -> {
        Object v = value;
        if (v instanceof String s && kind == Kind.INTEGER) {
          try {
            v = Long.parseLong(s.strip());
          } catch (NumberFormatException e) {
            throw wrong(source, name, MlosException.quoted(s));
          }
        } else if (v instanceof String s
            && kind == Kind.BOOLEAN
            && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
          v = Boolean.parseBoolean(s.toLowerCase(Locale.ROOT));
        } else if (v instanceof Integer i) {
          v = i.longValue();
        }
        String problem = checkPlain(v);
        if (problem != null) {
          throw wrong(source, name, problem);
        }
        return v;
      }
    }
  }

  /**
   * {@code text} when it matches the pattern (or there is none); else refused at {@code at}: a
   * value the queries compare with stored ones (a tag written {@code Kernel} where tags are lower
   * case) would match nothing, and every view would silently show nothing.
   */
  private String matching(String text, YamlNode at) {
    if (oneLine && NOT_ONE_LINE.matcher(text).find()) {
      throw InvalidConfigException.at(at, oneLineProblem(text), ONE_LINE_FIX);
    }
    if (matches(text)) {
      return text;
    }
    throw InvalidConfigException.at(at, patternProblem(text), patternFix(text));
  }

  private String oneLineProblem(String text) {
    return (kind == Kind.LIST ? "each value must be" : "must be")
        + " one line of text, found "
        + MlosException.quoted(text);
  }

  private static final String ONE_LINE_FIX =
      "write it on one line: remove line breaks, tabs and other control characters (C0, DEL, C1),"
          + " line and paragraph separators, bidirectional controls and U+FEFF";

  private String matching(String text, String source, String name) {
    if (oneLine && NOT_ONE_LINE.matcher(text).find()) {
      throw new InvalidConfigException(
          source, 0, 0, "parameter '" + name + "': " + oneLineProblem(text), ONE_LINE_FIX);
    }
    if (matches(text)) {
      return text;
    }
    throw new InvalidConfigException(
        source, 0, 0, "parameter '" + name + "': " + patternProblem(text), patternFix(text));
  }

  private boolean matches(String text) {
    return pattern == null || java.util.regex.Pattern.compile(pattern).matcher(text).matches();
  }

  private String patternProblem(String text) {
    return (kind == Kind.LIST ? "each value must match " : "must match ")
        + pattern
        + ", found "
        + MlosException.quoted(text);
  }

  private String patternFix(String text) {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    return matches(lower)
        ? "write it as " + MlosException.quoted(lower)
        : "write a value that matches "
            + pattern
            + (example == null ? "" : ", for example " + MlosException.quoted(example));
  }

  /**
   * A value a list holds twice: a repeat changes no row a query selects, so it can only be a slip
   * (another value meant, or one pasted twice) that would otherwise go unseen. Compared as written
   * ({@code kernel} and {@code Kernel} are two scopes). Found through a map of the values seen, so
   * a list of any length is checked in one pass.
   */
  private static String repeatProblem(String text, int first) {
    return "repeats "
        + MlosException.quoted(text)
        + " (item "
        + first
        + "): a list holds each value once";
  }

  private static String repeatFix(String text) {
    return "remove the repeated " + MlosException.quoted(text);
  }

  /** Null when {@code plain} (a scalar) fits an INTEGER or BOOLEAN, else how it was found. */
  private String checkPlain(Object plain) {
    if (kind == Kind.INTEGER) {
      if (plain instanceof Long l && l >= min && l <= max) {
        return null;
      }
      return describePlain(plain);
    }
    return plain instanceof Boolean ? null : describePlain(plain);
  }

  /**
   * A refused scalar as the file has it ({@code '1e3'}, not the parsed {@code '1000.0'}), and a
   * number or boolean in quotes said to be one: {@code hops: '2'} was refused as "found '2'".
   */
  private String asWritten(YamlNode value, Object plain) {
    String text = value.scalarText();
    // Text the file wrote in quotes; a whole number too large for a long is also given as text,
    // and was then said to be in quotes.
    boolean quotedValue =
        plain instanceof String
            && value.kind() == YamlNode.Kind.TEXT
            && (kind == Kind.INTEGER
                ? text.strip().matches("[-+]?[0-9]+")
                : text.strip().equalsIgnoreCase("true") || text.strip().equalsIgnoreCase("false"));
    return MlosException.quoted(text)
        + (quotedValue ? " in quotes, which makes it text: write it without the quotes" : "");
  }

  private static String describePlain(Object plain) {
    if (plain instanceof List) {
      return "a list";
    }
    if (plain instanceof Map) {
      return "a mapping";
    }
    return MlosException.quoted(String.valueOf(plain));
  }

  private InvalidConfigException wrong(YamlNode value, String found) {
    return InvalidConfigException.at(value, "must be " + describe() + ", found " + found, fix());
  }

  private InvalidConfigException wrong(String source, String name, String found) {
    return new InvalidConfigException(
        source, 0, 0, "parameter '" + name + "' must be " + describe() + ", found " + found, fix());
  }

  private String fix() {
    return switch (kind) {
      case INTEGER ->
          "write a whole number from " + min + " to " + max + (nullable ? ", or null" : "");
      case STRING -> "write one value, quoted if it has special characters";
      case BOOLEAN -> "write true or false";
      case LIST -> "write a list such as [a, b], or one value";
      case ANY -> null;
    };
  }

  /**
   * Parses a declaration from a pack's {@code types:} section: a type name ({@code integer}) or a
   * mapping ({@code {type: integer, min: 0, max: 10, nullable: true}}).
   */
  static ParamType parse(YamlNode declaration) {
    YamlNode typeNode = declaration;
    Map<String, YamlNode> fields = Map.of();
    if (!declaration.isScalar()) {
      fields =
          declaration.mapping(
              List.of("type", "min", "max", "nullable", "pattern", "example", "one_line"));
      typeNode = fields.get("type");
      if (typeNode == null) {
        throw InvalidConfigException.at(
            declaration, "has no type", "add 'type: ' with one of: " + String.join(", ", NAMES));
      }
    }
    String name = typeNode.nonBlankText();
    Kind kind =
        switch (name) {
          case "integer" -> Kind.INTEGER;
          case "string" -> Kind.STRING;
          case "boolean" -> Kind.BOOLEAN;
          case "list" -> Kind.LIST;
          case "any" -> Kind.ANY;
          default ->
              throw InvalidConfigException.at(
                  typeNode,
                  "unknown type " + MlosException.quoted(name),
                  "use one of: " + String.join(", ", NAMES));
        };
    boolean nullable = fields.containsKey("nullable") && fields.get("nullable").bool();
    long min = Integer.MIN_VALUE;
    long max = Integer.MAX_VALUE;
    if (fields.containsKey("min") || fields.containsKey("max")) {
      if (kind != Kind.INTEGER) {
        YamlNode at = fields.containsKey("min") ? fields.get("min") : fields.get("max");
        throw InvalidConfigException.at(
            at, "min and max apply only to type integer", "remove it, or make the type integer");
      }
      if (fields.containsKey("min")) {
        min = fields.get("min").integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
      if (fields.containsKey("max")) {
        max = fields.get("max").integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
      if (min > max) {
        throw InvalidConfigException.at(
            declaration, "min " + min + " is larger than max " + max, "swap them");
      }
    }
    String pattern = null;
    if (fields.containsKey("pattern")) {
      YamlNode at = fields.get("pattern");
      if (kind != Kind.STRING && kind != Kind.LIST) {
        throw InvalidConfigException.at(
            at, "pattern applies only to types string and list", "remove it");
      }
      pattern = at.nonBlankText();
      try {
        java.util.regex.Pattern.compile(pattern);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw InvalidConfigException.at(
            at,
            "pattern "
                + MlosException.quoted(pattern)
                + " is not a regular expression: "
                + e.getDescription(),
            "write a Java regular expression");
      }
    }
    String example = null;
    if (fields.containsKey("example")) {
      YamlNode at = fields.get("example");
      if (pattern == null) {
        throw InvalidConfigException.at(
            at, "example applies only to a type with a pattern", "remove it, or add a pattern");
      }
      example = at.nonBlankText();
      if (!java.util.regex.Pattern.compile(pattern).matcher(example).matches()) {
        throw InvalidConfigException.at(
            at,
            "example " + MlosException.quoted(example) + " does not match the pattern " + pattern,
            "write an example that matches it");
      }
    }
    boolean oneLine = false;
    if (fields.containsKey("one_line")) {
      YamlNode at = fields.get("one_line");
      if (kind != Kind.STRING && kind != Kind.LIST) {
        throw InvalidConfigException.at(
            at, "one_line applies only to types string and list", "remove it");
      }
      oneLine = at.bool();
    }
    return new ParamType(kind, nullable, min, max, pattern, example, oneLine);
  }
}
