package dev.mlos.core.config;

import dev.mlos.core.MlosException;
import dev.mlos.core.yaml.YamlLimits;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node that remembers where it came from, so every configuration error can name the file,
 * line and column. We walk SnakeYAML's node tree instead of binding to objects because binding
 * loses the positions.
 */
final class ConfigNode {
  private final String source;
  private final Node node;
  private final String path;

  private ConfigNode(String source, Node node, String path) {
    this.source = source;
    this.node = node;
    this.path = path;
  }

  /** Parses one YAML document; an empty document is an empty mapping. */
  static ConfigNode parse(String source, Reader reader) {
    LoaderOptions options = YamlLimits.loaderOptions(YamlLimits.CONFIG_BYTES);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    try {
      Node root = yaml.compose(reader);
      if (root == null) {
        root = new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.BLOCK);
      }
      return new ConfigNode(source, root, "");
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      int column = mark == null ? 0 : mark.getColumn() + 1;
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String fix = YamlLimits.fixFor(e);
      throw new InvalidConfigException(
          source, line, column, "not valid YAML: " + problem, fix != null ? fix : "fix the YAML syntax at that position", e);
    } catch (YAMLException e) {
      String fix = YamlLimits.fixFor(e);
      throw new InvalidConfigException(source, 0, 0, "not valid YAML: " + e.getMessage(),
          fix != null ? fix : "fix the YAML syntax of the file", e);
    } finally {
      try {
        reader.close();
      } catch (IOException ignored) {
        // reading is over; a close failure changes nothing
      }
    }
  }

  String source() {
    return source;
  }

  /** Dotted path of this node inside the document, e.g. {@code views.problem.output}. */
  String path() {
    return path.isEmpty() ? "(document)" : path;
  }

  int line() {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  int column() {
    return node.getStartMark() == null ? 0 : node.getStartMark().getColumn() + 1;
  }

  boolean isNull() {
    return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  InvalidConfigException error(String problem, String fix) {
    return new InvalidConfigException(source, line(), column(), path() + ": " + problem, fix);
  }

  /**
   * The entries of a mapping, in document order. A key outside {@code allowed} is an error that
   * lists the allowed keys (typos must be loud, not silently ignored).
   */
  Map<String, ConfigNode> mapping(Collection<String> allowed) {
    if (!(node instanceof MappingNode m)) {
      throw error("must be a mapping (key: value lines), found " + kind(), "write it as indented 'key: value' lines");
    }
    Map<String, ConfigNode> result = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw new ConfigNode(source, t.getKeyNode(), path).error("keys must be plain words", null);
      }
      String key = k.getValue();
      ConfigNode keyNode = new ConfigNode(source, k, child(key));
      if (allowed != null && !allowed.contains(key)) {
        throw keyNode.error(
            "unknown key " + MlosException.quoted(key),
            "use one of: " + allowed.stream().sorted().collect(Collectors.joining(", ")));
      }
      if (result.containsKey(key)) {
        throw keyNode.error("key " + MlosException.quoted(key) + " appears twice", "keep one of them");
      }
      result.put(key, new ConfigNode(source, t.getValueNode(), child(key)));
    }
    return result;
  }

  /** A mapping whose keys are free (names of views, queries, params). */
  Map<String, ConfigNode> mapping() {
    return mapping(null);
  }

  List<ConfigNode> list() {
    if (!(node instanceof SequenceNode s)) {
      throw error("must be a list, found " + kind(), "write it as [a, b] or as '- a' lines");
    }
    List<ConfigNode> items = new ArrayList<>();
    int i = 0;
    for (Node n : s.getValue()) {
      items.add(new ConfigNode(source, n, path + "[" + i++ + "]"));
    }
    return items;
  }

  String string() {
    if (!(node instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())) {
      throw error("must be a text value, found " + kind(), "write a single value, quoted if it has special characters");
    }
    return s.getValue();
  }

  String nonBlankString() {
    String s = string();
    if (s.isBlank()) {
      throw error("must not be empty", "give it a value, or remove the key to use the default");
    }
    return s;
  }

  boolean bool() {
    Object v = plain();
    if (v instanceof Boolean b) {
      return b;
    }
    throw error("must be true or false, found " + kind(), "write true or false");
  }

  int integer(int min, int max) {
    Object v = plain();
    if (v instanceof Long l && l >= min && l <= max) {
      return l.intValue();
    }
    throw error("must be a whole number from " + min + " to " + max + ", found " + kind(), "write a number in that range");
  }

  /** The kind of value this is, for messages: {@code a list}, {@code 'lots'} (quoted and cut). */
  String describe() {
    return kind();
  }

  /** The node as plain Java values: String, Long, Double, Boolean, null, List, LinkedHashMap. */
  Object plain() {
    try {
      return plain(new int[] {YamlLimits.MAX_VALUES});
    } catch (TooManyValues e) {
      // reported at the value the caller asked for, not deep inside the expansion
      throw error("expands to more than " + YamlLimits.MAX_VALUES + " values (through aliases, *name)",
          "write the values out, or reuse fewer lists and mappings through aliases");
    }
  }

  /** Thrown inside the expansion; no stack trace, it only unwinds to {@link #plain()}. */
  private static final class TooManyValues extends RuntimeException {
    TooManyValues() {
      super(null, null, false, false);
    }
  }

  private Object plain(int[] budget) {
    if (--budget[0] < 0) {
      throw new TooManyValues();
    }
    if (node instanceof ScalarNode s) {
      return scalar(s);
    }
    if (node instanceof SequenceNode) {
      List<Object> out = new ArrayList<>();
      for (ConfigNode c : list()) {
        out.add(c.plain(budget));
      }
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    mapping().forEach((k, v) -> out.put(k, v.plain(budget)));
    return out;
  }

  /** A scalar's text exactly as written, or null for a list, a mapping or nothing. */
  String scalarText() {
    return node instanceof ScalarNode s && !isNull() ? s.getValue() : null;
  }

  boolean isScalar() {
    return node instanceof ScalarNode && !isNull();
  }

  private static Object scalar(ScalarNode s) {
    String v = s.getValue();
    Tag tag = s.getTag();
    if (Tag.NULL.equals(tag)) {
      return null;
    }
    if (Tag.BOOL.equals(tag)) {
      String l = v.toLowerCase(Locale.ROOT);
      return l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y");
    }
    if (Tag.INT.equals(tag)) {
      try {
        return Long.decode(v.replace("_", ""));
      } catch (NumberFormatException e) {
        return v;
      }
    }
    if (Tag.FLOAT.equals(tag)) {
      try {
        return Double.parseDouble(v.replace("_", ""));
      } catch (NumberFormatException e) {
        return v;
      }
    }
    return v;
  }

  private String kind() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (isNull()) {
      return "nothing";
    }
    return MlosException.quoted(((ScalarNode) node).getValue());
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
