package dev.mlos.core.frontmatter;

import dev.mlos.core.yaml.YamlLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/** The one SnakeYAML configuration mlos writes and reads front matter with. */
final class FrontMatterYaml {
  // Building a Yaml (its resolver compiles a dozen patterns, the representer its tables) cost more
  // than dumping or loading a page's few keys. A Yaml keeps no state between documents but is not
  // thread-safe: one of each per thread.
  private static final ThreadLocal<Yaml> DUMPER =
      ThreadLocal.withInitial(FrontMatterYaml::newDumper);
  private static final ThreadLocal<Yaml> LOADER =
      ThreadLocal.withInitial(FrontMatterYaml::newLoader);

  private FrontMatterYaml() {}

  /**
   * Block-style YAML for a flat map, one line per key at column 0 except multi-line strings, which
   * become indented literal block scalars. Values: String, Boolean, null, integer and floating
   * numbers, List of String.
   *
   * <p>Exactly the text {@link #snakeDump} gives, written without SnakeYAML for the common cases
   * (see {@link #appendEntry}).
   */
  static String dump(Map<String, Object> map) {
    StringBuilder out = new StringBuilder(64 + 48 * map.size());
    appendMapping(out, map);
    return out.toString();
  }

  /** The reference: the whole map through SnakeYAML's dumper. */
  static String snakeDump(Map<String, Object> map) {
    return DUMPER.get().dump(map);
  }

  /** Appends {@link #dump dump(map)} to {@code out}. */
  static void appendMapping(StringBuilder out, Map<String, Object> map) {
    if (map.isEmpty()) {
      out.append(snakeDump(map)); // "{}"
      return;
    }
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      appendEntry(out, entry.getKey(), entry.getValue());
    }
  }

  /**
   * Appends one top-level {@code key: value} entry (with its final newline) exactly as SnakeYAML
   * writes it inside a block mapping. The common cases are written here: keys and strings that are
   * one line of printable characters (plain, or single-quoted when plain would read back as
   * something else), null, booleans, integers, doubles and BigDecimals whose text reads back as
   * their type, and lists of such strings. Anything else (multi-line or control characters, very
   * long text, a number SnakeYAML would tag) is dumped by SnakeYAML as a one-entry map: a block
   * mapping writes each top-level entry independently of the others.
   */
  static void appendEntry(StringBuilder out, String key, Object value) {
    int mark = out.length();
    if (!FastYaml.appendEntry(out, key, value)) {
      out.setLength(mark);
      Map<String, Object> single = new LinkedHashMap<>(2);
      single.put(key, value);
      out.append(snakeDump(single));
    }
  }

  /**
   * Loads front matter YAML with SafeConstructor (no arbitrary types), duplicate keys refused.
   *
   * @param firstLine 1-based line in the file of the first YAML line, for error locations
   * @return the top-level mapping with keys as strings, in document order; empty for empty YAML
   */
  static Map<String, Object> load(String yaml, Path file, int firstLine) {
    Object loaded;
    try {
      loaded = LOADER.get().load(yaml);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? firstLine : firstLine + mark.getLine();
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      if (e.getContext() != null) {
        problem = e.getContext() + "; " + problem;
      }
      if (mark != null) {
        problem += " (column " + (mark.getColumn() + 1) + ")";
      }
      throw new InvalidFrontMatterException(file, line, problem, e);
    } catch (YAMLException e) {
      throw new InvalidFrontMatterException(file, firstLine, e.getMessage(), e);
    }
    if (loaded == null) {
      return new LinkedHashMap<>();
    }
    if (!(loaded instanceof Map<?, ?> map)) {
      throw new InvalidFrontMatterException(
          file,
          firstLine,
          "front matter must be a mapping of keys to values, not a "
              + (loaded instanceof List ? "list" : "single value"),
          null);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      result.put(String.valueOf(entry.getKey()), entry.getValue());
    }
    return result;
  }

  /** Rejects values the writer does not support, naming the key. */
  static void checkValue(String key, Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger
        || value instanceof Double
        || value instanceof Float
        || value instanceof BigDecimal) {
      return;
    }
    if (value instanceof List<?> list) {
      for (Object element : list) {
        if (!(element instanceof String)) {
          throw new IllegalArgumentException(
              "Front matter field '"
                  + key
                  + "': a list may hold only text, found "
                  + kindOf(element)
                  + " (in a template, make it text: n?c, or \"\" + n)");
        }
      }
      return;
    }
    throw new IllegalArgumentException(
        "Front matter field '"
            + key
            + "': a value may be text, a number, true or false, null or a list of text; found "
            + kindOf(value));
  }

  /** What a value is, in a template author's words (not a Java class name). */
  private static String kindOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number n) {
      return "a number (" + n + ")";
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof Map<?, ?>) {
      return "a hash";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof Date) {
      return "a date (format it as text, e.g. d?string.iso)";
    }
    return "a value of another kind (" + value.getClass().getSimpleName() + ")";
  }

  /** A Date from an unquoted timestamp, as ISO-8601 UTC; anything else via String.valueOf. */
  static String asText(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    return String.valueOf(value);
  }

  private static Yaml newLoader() {
    return YamlLimits.loader(YamlLimits.FRONT_MATTER_BYTES);
  }

  private static Yaml newDumper() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
    // Never fold long values: a folded line would start at column 0 in some styles.
    options.setWidth(1_000_000);
    options.setSplitLines(false);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    options.setAllowUnicode(true);
    options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    options.setExplicitStart(false);
    options.setExplicitEnd(false);
    // A list given under two keys is written out twice, not as an anchor and an alias: SnakeYAML
    // numbers anchors with a counter that outlives a dump, so the same map would not always give
    // the same bytes.
    options.setDereferenceAliases(true);
    return new Yaml(new FrontMatterRepresenter(options), options);
  }

  private static final class FrontMatterRepresenter extends Representer {
    FrontMatterRepresenter(DumperOptions options) {
      super(options);
      this.representers.put(String.class, new RepresentText());
    }

    /**
     * Multi-line strings as literal blocks, so every line at column 0 is a key. Strings with a CR
     * or a Unicode line separator are double-quoted with escapes instead: a literal block would
     * write them raw and they would not survive a load. SnakeYAML itself quotes strings that would
     * otherwise read as another type ({@code yes}, {@code 007}, {@code ~}).
     */
    private final class RepresentText implements Represent {
      @Override
      public Node representData(Object data) {
        String text = (String) data;
        DumperOptions.ScalarStyle style = DumperOptions.ScalarStyle.PLAIN;
        if (containsAny(text, "\r\u0085\u2028\u2029")) {
          style = DumperOptions.ScalarStyle.DOUBLE_QUOTED;
        } else if (text.indexOf('\n') >= 0) {
          style = DumperOptions.ScalarStyle.LITERAL;
        } else if (text.indexOf('"') < 0 && FastYaml.styleOf(text) != FastYaml.PLAIN) {
          // Quoted anyway: in the double quotes prettier's YAML printer prefers (it keeps single
          // quotes only around text holding a double quote).
          style = DumperOptions.ScalarStyle.DOUBLE_QUOTED;
        }
        return representScalar(Tag.STR, text, style);
      }
    }
  }

  private static boolean containsAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Keys are written as given; restrict them so each is a plain, single-line YAML key. */
  static void checkKey(String key) {
    if (!plainKey(key)) {
      throw new IllegalArgumentException(
          "Front matter key "
              + (key == null ? "null" : "'" + key + "'")
              + " is not allowed: use letters, digits, '_', '-' and '.', starting with a letter,"
              + " digit or '_'");
    }
  }

  /** {@code key.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")} without compiling a regex per key. */
  private static boolean plainKey(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || (i > 0 && (c == '.' || c == '-'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
