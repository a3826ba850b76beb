package dev.mlos.core.graph;

import dev.mlos.core.MlosException;
import dev.mlos.core.graph.shape.FieldType;
import dev.mlos.core.view.Json;
import dev.mlos.core.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A value coerced to a shape field's type, as stored: {@code value} is a String, Long or Double
 * (booleans are 0 or 1, dates ISO text, datetimes normalised to UTC), {@code type} the field type
 * name ({@code json} for structured values of undeclared keys).
 */
record TypedValue(Object value, String type) {
  /**
   * How every timestamp is written: UTC with milliseconds, as SQLite's
   * strftime('%Y-%m-%dT%H:%M:%fZ') does.
   */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  /** Why a value could not be coerced; the importer adds file, record and field. */
  static final class NotCoercible extends Exception {
    NotCoercible(String message) {
      super(message);
    }
  }

  TypedValue {
    Objects.requireNonNull(value);
  }

  /**
   * Coerces {@code node} to {@code type}: {@code "495"} and {@code 495} both become the integer
   * 495, {@code "true"} and {@code yes} the boolean true. Null for an empty value (the field is
   * cleared), whatever the field's type: see {@link #isEmpty}.
   */
  static TypedValue coerce(FieldType type, YamlNode node) throws NotCoercible {
    if (isEmpty(node)) {
      return null;
    }
    if (!node.isScalar()) {
      throw new NotCoercible(
          "expected a single " + type.yamlName() + " value, found " + node.describe());
    }
    String raw = node.text();
    String t = raw.strip();
    String name = type.yamlName();
    switch (type) {
      case STRING, TEXT -> {
        return new TypedValue(raw, type == FieldType.TEXT ? "text" : "string");
      }
      case INTEGER -> {
        if (WHOLE.matcher(t).matches()) {
          try {
            return new TypedValue(Long.parseLong(t.startsWith("+") ? t.substring(1) : t), name);
          } catch (NumberFormatException e) {
            throw new NotCoercible(
                MlosException.quoted(raw)
                    + " is outside the 64-bit range of a whole number ("
                    + Long.MIN_VALUE
                    + " to "
                    + Long.MAX_VALUE
                    + ")");
          }
        }
        if (node.kind() == YamlNode.Kind.INTEGER && node.plain() instanceof Long l) {
          return new TypedValue(l, name);
        }
        if (DECIMAL.matcher(t).matches()) {
          double d = Double.parseDouble(t);
          if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return new TypedValue((long) d, name);
          }
        }
        throw new NotCoercible(MlosException.quoted(raw) + " is not a whole number");
      }
      case NUMBER -> {
        if (WHOLE.matcher(t).matches()) {
          try {
            return new TypedValue(Long.parseLong(t.startsWith("+") ? t.substring(1) : t), name);
          } catch (NumberFormatException e) {
            // too long for a long: a double keeps its magnitude
          }
        }
        if (DECIMAL.matcher(t).matches()) {
          return new TypedValue(Double.parseDouble(t), name);
        }
        throw new NotCoercible(MlosException.quoted(raw) + " is not a number");
      }
      case BOOLEAN -> {
        switch (t.toLowerCase(Locale.ROOT)) {
          case "true", "yes", "y", "on", "1" -> {
            return new TypedValue(1L, name);
          }
          case "false", "no", "n", "off", "0" -> {
            return new TypedValue(0L, name);
          }
          default ->
              throw new NotCoercible(
                  MlosException.quoted(raw) + " is not a boolean (use true or false)");
        }
      }
      case DATE -> {
        try {
          return new TypedValue(LocalDate.parse(t).toString(), name);
        } catch (DateTimeParseException e) {
          throw new NotCoercible(MlosException.quoted(raw) + " is not a date (use YYYY-MM-DD)");
        }
      }
      case DATETIME -> {
        String iso =
            t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + "T" + t.substring(11) : t;
        try {
          OffsetDateTime dt =
              OffsetDateTime.parse(iso.replace(" ", ""), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
          return new TypedValue(timestamp(dt.toInstant()), name);
        } catch (DateTimeParseException e) {
          throw new NotCoercible(
              MlosException.quoted(raw)
                  + " is not a date-time with a zone (use e.g. 2026-01-02T03:04:05Z)");
        }
      }
      case URL -> {
        try {
          URI uri = new URI(t);
          if (uri.getScheme() == null || t.isEmpty()) {
            throw new URISyntaxException(t, "no scheme");
          }
          return new TypedValue(t, name);
        } catch (URISyntaxException e) {
          throw new NotCoercible(
              MlosException.quoted(raw) + " is not an absolute URL (e.g. https://example.org/x)");
        }
      }
      default -> throw new IllegalStateException("unhandled field type " + type);
    }
  }

  /**
   * {@code instant} as stored: {@code 2026-01-02T03:04:05.000Z} (sub-millisecond digits dropped).
   */
  static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  /**
   * Whether {@code node} is an empty value: null, {@code ""} or only spaces. An empty value clears
   * its key and is never an identity value: two records with {@code email: ""} are not one person.
   */
  static boolean isEmpty(YamlNode node) {
    return node.isNull() || (node.kind() == YamlNode.Kind.TEXT && node.text().isBlank());
  }

  /** The value of a key no shape declares, typed by how it was written. Null for an empty value. */
  static TypedValue infer(YamlNode node) {
    Object plain = node.plain();
    if (plain == null || isEmpty(node)) {
      return null;
    }
    return switch (node.kind()) {
      case MAPPING, LIST -> new TypedValue(Json.write(plain), "json");
      case BOOLEAN -> new TypedValue((Boolean) plain ? 1L : 0L, "boolean");
      case INTEGER ->
          plain instanceof Long
              ? new TypedValue(plain, "integer")
              : new TypedValue(node.text(), "string");
      case FLOAT ->
          plain instanceof Double
              ? new TypedValue(plain, "number")
              : new TypedValue(node.text(), "string");
      default -> new TypedValue(node.text(), "string");
    };
  }

  /** The value for identity hashes and messages: the same for every spelling of the same value. */
  String canonical() {
    return Json.write(value);
  }
}
