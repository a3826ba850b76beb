package dev.mlos.core.yaml;

import dev.mlos.core.MlosException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * A node of a YAML or JSON document that remembers its file, line and column, for files whose
 * errors must point at the bad value (shapes, graph records). It walks SnakeYAML's composed node
 * tree, because binding to objects loses positions, and it keeps each scalar's original text next
 * to the kind YAML resolved, so a caller can coerce {@code "495"} and {@code 495} differently or
 * alike, as it chooses.
 */
public final class YamlNode {
  /** What a node is. Scalars keep YAML 1.1's resolution: {@code yes} is a boolean, {@code "yes"} text. */
  public enum Kind { MAPPING, LIST, NULL, BOOLEAN, INTEGER, FLOAT, TEXT }

  private final String source;
  private final Node node;
  private final String path;

  private YamlNode(String source, Node node, String path) {
    this.source = source;
    this.node = node;
    this.path = path;
  }

  /**
   * Parses one document (JSON is read as YAML); an empty document is a null node. Closes {@code reader}.
   *
   * @throws InvalidYamlException naming the line and column of a syntax error
   */
  public static YamlNode parse(String source, Reader reader) {
    LoaderOptions options = YamlLimits.loaderOptions(YamlLimits.RECORD_BYTES);
    try (reader) {
      Node root = new Yaml(new SafeConstructor(options)).compose(reader);
      if (root == null) {
        root = new ScalarNode(Tag.NULL, "", null, null, DumperOptions.ScalarStyle.PLAIN);
      }
      return new YamlNode(source, root, "");
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String fix = YamlLimits.fixFor(e);
      throw new InvalidYamlException(source, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
          "not valid YAML: " + problem, fix != null ? fix : "fix the syntax at that position", e);
    } catch (YAMLException e) {
      throw new InvalidYamlException(source, 0, 0, "not valid YAML: " + e.getMessage(), YamlLimits.fixFor(e), e);
    } catch (IOException e) {
      throw new InvalidYamlException(source, 0, 0, "cannot be read: " + e.getMessage(), null, e);
    }
  }

  public String source() {
    return source;
  }

  /** Where the node sits in its document, e.g. {@code fields.pages} or {@code [2].tags[0]}. */
  public String path() {
    return path.isEmpty() ? "(document)" : path;
  }

  public int line() {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  public int column() {
    return node.getStartMark() == null ? 0 : node.getStartMark().getColumn() + 1;
  }

  /** {@code file:line:column}, for messages and warnings. */
  public String location() {
    return InvalidYamlException.location(source, line(), column());
  }

  public Kind kind() {
    if (node instanceof MappingNode) {
      return Kind.MAPPING;
    }
    if (node instanceof SequenceNode) {
      return Kind.LIST;
    }
    Tag tag = node.getTag();
    if (Tag.NULL.equals(tag)) {
      return Kind.NULL;
    }
    if (Tag.BOOL.equals(tag)) {
      return Kind.BOOLEAN;
    }
    if (Tag.INT.equals(tag)) {
      return Kind.INTEGER;
    }
    if (Tag.FLOAT.equals(tag)) {
      return Kind.FLOAT;
    }
    return Kind.TEXT;
  }

  public boolean isNull() {
    return kind() == Kind.NULL;
  }

  public boolean isScalar() {
    return node instanceof ScalarNode && !isNull();
  }

  /** An error at this node. */
  public InvalidYamlException error(String problem, String fix) {
    return new InvalidYamlException(source, line(), column(), problem, fix);
  }

  /** The entries of a mapping in document order (duplicate keys were already refused by the parser). */
  public Map<String, YamlNode> mapping() {
    if (!(node instanceof MappingNode m)) {
      throw error(path() + " must be a mapping (key: value lines), found " + describe(), null);
    }
    Map<String, YamlNode> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw new YamlNode(source, t.getKeyNode(), path).error(path() + ": keys must be plain words", null);
      }
      String key = k.getValue();
      out.put(key, new YamlNode(source, t.getValueNode(), path.isEmpty() ? key : path + "." + key));
    }
    return out;
  }

  public List<YamlNode> list() {
    if (!(node instanceof SequenceNode s)) {
      throw error(path() + " must be a list, found " + describe(), null);
    }
    List<YamlNode> out = new ArrayList<>();
    for (Node n : s.getValue()) {
      out.add(new YamlNode(source, n, path + "[" + out.size() + "]"));
    }
    return out;
  }

  /** A scalar's text exactly as written (without quotes); {@code 0x1F} stays {@code 0x1F}. */
  public String text() {
    if (!isScalar()) {
      throw error(path() + " must be a single value, found " + describe(), null);
    }
    return ((ScalarNode) node).getValue();
  }

  /** A scalar's text, which must not be blank. */
  public String nonBlankText() {
    String t = text();
    if (t.isBlank()) {
      throw error(path() + " must not be empty", null);
    }
    return t;
  }

  /**
   * The node as plain Java values: String, Long, Double, Boolean, null, List, LinkedHashMap. A
   * number too large for a long stays text.
   */
  public Object plain() {
    try {
      return plain(new int[] {YamlLimits.MAX_VALUES});
    } catch (TooManyValues e) {
      // reported at the value the caller asked for, not deep inside the expansion
      throw error(path() + " expands to more than " + YamlLimits.MAX_VALUES + " values (through aliases, *name)",
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
    switch (kind()) {
      case MAPPING -> {
        Map<String, Object> out = new LinkedHashMap<>();
        mapping().forEach((k, v) -> out.put(k, v.plain(budget)));
        return out;
      }
      case LIST -> {
        List<Object> out = new ArrayList<>();
        for (YamlNode item : list()) {
          out.add(item.plain(budget));
        }
        return Collections.unmodifiableList(out);
      }
      case NULL -> {
        return null;
      }
      case BOOLEAN -> {
        return List.of("true", "yes", "on", "y").contains(text().toLowerCase(Locale.ROOT));
      }
      case INTEGER -> {
        try {
          return Long.decode(text().replace("_", ""));
        } catch (NumberFormatException e) {
          return text();
        }
      }
      case FLOAT -> {
        try {
          return Double.parseDouble(text().replace("_", ""));
        } catch (NumberFormatException e) {
          return text();
        }
      }
      default -> {
        return text();
      }
    }
  }

  /** A short description of the node for messages: {@code a mapping}, {@code 'abc'}. */
  public String describe() {
    return switch (kind()) {
      case MAPPING -> "a mapping";
      case LIST -> "a list";
      case NULL -> "nothing";
      default -> MlosException.quoted(((ScalarNode) node).getValue());
    };
  }
}
