package dev.mlos.core.view;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes plain values (maps, lists, strings, numbers, booleans, null) as compact JSON, and tells
 * whether a text is one JSON value. Lists and maps bound to a query parameter arrive in SQL as JSON
 * text, ready for {@code json_each(:scopes)}.
 */
public final class Json {
  private Json() {}

  /**
   * True when {@code text} is one JSON value and nothing else (what SQLite's {@code json_valid}
   * wants of a JSON column, and JSON-RPC of a line).
   */
  public static boolean isOneValue(String text) {
    return problemWith(text, MAX_DEPTH) == null;
  }

  /**
   * Deepest nesting of arrays and objects a JSON value may have: SQLite's own limit (its {@code
   * json()} and {@code json_valid} refuse a deeper value) and Jackson's default.
   */
  public static final int MAX_DEPTH = 1000;

  private static final com.fasterxml.jackson.core.JsonFactory DEFAULT = limitedTo(MAX_DEPTH);

  private static com.fasterxml.jackson.core.JsonFactory limitedTo(int maxDepth) {
    return com.fasterxml.jackson.core.JsonFactory.builder()
        .streamReadConstraints(
            com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .build())
        .build();
  }

  /**
   * What keeps {@code text} from being one JSON value nested at most {@code maxDepth} levels deep,
   * as words for a message ("is nested more than 999 levels deep ..."), or null when it is one.
   */
  public static String problemWith(String text, int maxDepth) {
    com.fasterxml.jackson.core.JsonFactory factory =
        maxDepth == MAX_DEPTH ? DEFAULT : limitedTo(maxDepth);
    try (com.fasterxml.jackson.core.JsonParser p = factory.createParser(text)) {
      if (p.nextToken() == null) {
        return "is empty";
      }
      p.skipChildren();
      return p.nextToken() == null ? null : "holds more than one JSON value";
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      return "is nested more than "
          + maxDepth
          + " levels deep (arrays and objects within each other); the most is "
          + maxDepth;
    } catch (java.io.IOException e) {
      return "is not valid JSON";
    }
  }

  /**
   * The string value of the top-level field {@code name} of the JSON object {@code objectText}, or
   * null when it is absent, not a string, or the text is not an object.
   */
  public static String stringField(String objectText, String name) {
    if (objectText == null) {
      return null;
    }
    try (com.fasterxml.jackson.core.JsonParser p = DEFAULT.createParser(objectText)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String field = p.currentName();
        com.fasterxml.jackson.core.JsonToken value = p.nextToken();
        if (field.equals(name)) {
          return value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? p.getText() : null;
        }
        p.skipChildren();
      }
      return null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(s, out);
    } else if (v instanceof Boolean
        || v instanceof Long
        || v instanceof Integer
        || v instanceof Short) {
      out.append(v);
    } else if (v instanceof java.math.BigInteger) {
      // Exactly as sent: a whole number beyond 64 bits must not become 1.0E20 on its way to a
      // message that quotes it.
      out.append(v);
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        out.append("null");
      } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        out.append((long) d);
      } else {
        // The same digits on every Java version (Java 17 wrote some values with more).
        out.append(DecimalText.of(d));
      }
    } else if (v instanceof Map<?, ?> m) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        string(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out);
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append('}');
    } else if (v instanceof List<?> l) {
      out.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(l.get(i), out);
      }
      out.append(']');
    } else {
      string(v.toString(), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
