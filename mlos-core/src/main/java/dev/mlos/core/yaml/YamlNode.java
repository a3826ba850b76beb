package dev.mlos.core.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.mlos.core.MlosException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
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
 * A node of a YAML or JSON document that remembers its file, line and column: the one
 * position-tracking node of mlos, for every file whose errors must point at the bad value ({@code
 * mlos.yaml}, {@code pack.yaml}, shapes, graph records, {@code mlos.json}'s argument).
 *
 * <p>YAML is composed by SnakeYAML (binding to objects loses positions); JSON is read by a JSON
 * parser (Jackson's streaming parser) into the same node tree, because YAML 1.1 refuses valid JSON
 * such as {@code "a\/b"}. Both refuse a key that appears twice in one mapping, naming the line of
 * the second. Each scalar keeps its original text next to the kind the format resolved, so a caller
 * can coerce {@code "495"} and {@code 495} differently or alike, as it chooses.
 *
 * <p>Two kinds of error: {@link #error} says exactly the given problem at this node, {@link
 * #fieldError} prefixes the node's path ({@code views.problem.output: ...}); the typed getters
 * ({@link #mapping}, {@link #text}, {@link #bool}...) use the latter.
 */
public final class YamlNode {
  /**
   * What a node is. YAML scalars keep YAML 1.1's resolution: {@code yes} is a boolean, {@code
   * "yes"} text.
   */
  public enum Kind {
    MAPPING,
    LIST,
    NULL,
    BOOLEAN,
    INTEGER,
    FLOAT,
    TEXT
  }

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(YamlLimits.MAX_NESTING).build())
          .build();

  private final String source;
  private final Node node;
  private final String path;

  private YamlNode(String source, Node node, String path) {
    this.source = source;
    this.node = node;
    this.path = path;
  }

  /**
   * Parses one YAML document of a record file ({@link LimitedFile#RECORD}); an empty document is a
   * null node. Closes {@code reader}.
   *
   * @throws InvalidYamlException naming the line and column of a syntax error or a repeated key
   */
  public static YamlNode parse(String source, Reader reader) {
    return parse(source, reader, LimitedFile.RECORD);
  }

  /**
   * Parses one YAML document of a {@code kind} file, read from at most its limit (the loader of
   * {@link YamlLimits#loader}); an empty document is a null node. Closes {@code reader}.
   *
   * @throws InvalidYamlException naming the line and column of a syntax error or a repeated key
   */
  public static YamlNode parse(String source, Reader reader, LimitedFile kind) {
    try (reader) {
      Node root = YamlLimits.loader(kind.limit()).compose(reader);
      if (root == null) {
        root = new ScalarNode(Tag.NULL, "", null, null, DumperOptions.ScalarStyle.PLAIN);
      }
      refuseDuplicateKeys(source, root);
      return new YamlNode(source, root, "");
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String fix = YamlLimits.fixFor(e, kind);
      throw new InvalidYamlException(
          source,
          mark == null ? 0 : mark.getLine() + 1,
          mark == null ? 0 : mark.getColumn() + 1,
          "not valid YAML: " + problem,
          fix != null ? fix : "fix the YAML syntax at that position",
          e);
    } catch (YAMLException e) {
      String fix = YamlLimits.fixFor(e, kind);
      throw new InvalidYamlException(
          source,
          0,
          0,
          "not valid YAML: " + e.getMessage(),
          fix != null ? fix : "fix the YAML syntax of the file",
          e);
    } catch (IOException e) {
      throw new InvalidYamlException(source, 0, 0, "cannot be read: " + e.getMessage(), null, e);
    }
  }

  /**
   * Parses one JSON value (RFC 8259: any escape JSON allows, any character it allows raw inside a
   * string) into the same nodes YAML gives; empty or blank text is a null node. Text after the
   * value, or a key that appears twice in one object, is an error naming its line and column.
   *
   * @throws InvalidYamlException naming the line and column of a syntax error or a repeated key
   */
  public static YamlNode parseJson(String source, String text) {
    if (text.isBlank()) {
      return new YamlNode(
          source, new ScalarNode(Tag.NULL, "", null, null, DumperOptions.ScalarStyle.PLAIN), "");
    }
    try (JsonParser p = JSON.createParser(new StringReader(text))) {
      if (p.nextToken() == null) {
        return parseJson(source, "");
      }
      Node root;
      try {
        root = jsonNode(source, p);
      } catch (StreamConstraintsException e) {
        throw tooMuch(source, e, p.currentTokenLocation());
      }
      if (p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new InvalidYamlException(
            source,
            (int) at.getLineNr(),
            (int) at.getColumnNr(),
            "not valid JSON: more than one value in the document",
            "keep one value (an object or an array of them)");
      }
      return new YamlNode(source, root, "");
    } catch (StreamConstraintsException e) {
      throw tooMuch(source, e, e.getLocation());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidYamlException(
          source,
          at == null ? 0 : (int) at.getLineNr(),
          at == null ? 0 : (int) at.getColumnNr(),
          "not valid JSON: " + e.getOriginalMessage(),
          "fix the JSON syntax at that position",
          e);
    } catch (IOException e) {
      throw new InvalidYamlException(source, 0, 0, "cannot be read: " + e.getMessage(), null, e);
    }
  }

  /** A Jackson read limit, in mlos's words: the nesting limit by name, at its place. */
  private static InvalidYamlException tooMuch(
      String source, StreamConstraintsException e, JsonLocation at) {
    boolean nesting = String.valueOf(e.getOriginalMessage()).contains("nesting depth");
    return new InvalidYamlException(
        source,
        at == null ? 0 : (int) at.getLineNr(),
        at == null ? 0 : (int) at.getColumnNr(),
        nesting
            ? "lists and objects nest deeper than "
                + YamlLimits.MAX_NESTING
                + " levels here, more than mlos reads (its nesting limit, which keeps a document"
                + " from exhausting the reader)"
            : "not valid JSON: " + e.getOriginalMessage(),
        nesting
            ? "lists and objects may nest at most "
                + YamlLimits.MAX_NESTING
                + " levels deep; flatten the document"
            : "shorten that value",
        e);
  }

  /** The node of the value at the parser's current token; leaves the parser on its last token. */
  private static Node jsonNode(String source, JsonParser p) throws IOException {
    Mark start = mark(source, p.currentTokenLocation());
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        List<NodeTuple> entries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Mark keyMark = mark(source, p.currentTokenLocation());
          if (!keys.add(key)) {
            throw duplicateKey(source, key, keyMark);
          }
          ScalarNode keyNode =
              new ScalarNode(
                  Tag.STR, key, keyMark, keyMark, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
          p.nextToken();
          entries.add(new NodeTuple(keyNode, jsonNode(source, p)));
        }
        return new MappingNode(Tag.MAP, entries, DumperOptions.FlowStyle.FLOW);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(jsonNode(source, p));
        }
        return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.FLOW);
      }
      case VALUE_STRING -> {
        return scalar(Tag.STR, p.getText(), start, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
      }
      case VALUE_NUMBER_INT -> {
        return scalar(Tag.INT, p.getText(), start, DumperOptions.ScalarStyle.PLAIN);
      }
      case VALUE_NUMBER_FLOAT -> {
        return scalar(Tag.FLOAT, p.getText(), start, DumperOptions.ScalarStyle.PLAIN);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return scalar(Tag.BOOL, p.getText(), start, DumperOptions.ScalarStyle.PLAIN);
      }
      case VALUE_NULL -> {
        return scalar(Tag.NULL, "null", start, DumperOptions.ScalarStyle.PLAIN);
      }
      default ->
          throw new InvalidYamlException(
              source,
              start.getLine() + 1,
              start.getColumn() + 1,
              "not valid JSON: unexpected " + t,
              "fix the JSON syntax at that position");
    }
  }

  private static ScalarNode scalar(Tag tag, String text, Mark at, DumperOptions.ScalarStyle style) {
    return new ScalarNode(tag, text, at, at, style);
  }

  private static Mark mark(String source, JsonLocation at) {
    return new Mark(
        source,
        0,
        Math.max(0, at.getLineNr() - 1),
        Math.max(0, at.getColumnNr() - 1),
        new int[0],
        0);
  }

  private static InvalidYamlException duplicateKey(String source, String key, Mark at) {
    return new InvalidYamlException(
        source,
        at.getLine() + 1,
        at.getColumn() + 1,
        "key " + MlosException.quoted(key) + " appears twice in one mapping",
        "keep one of them (mlos does not guess which one you meant)");
  }

  /**
   * SnakeYAML refuses a repeated key only when it constructs objects; composing keeps both. Every
   * mapping is checked once (aliases share nodes), so a repeated key anywhere in the document is
   * refused, not only in the part a caller happens to read.
   */
  private static void refuseDuplicateKeys(String source, Node root) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> todo = new ArrayList<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      Node n = todo.remove(todo.size() - 1);
      if (!seen.add(n)) {
        continue;
      }
      if (n instanceof MappingNode m) {
        Set<String> keys = new HashSet<>();
        for (NodeTuple t : m.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k && !keys.add(k.getValue())) {
            throw duplicateKey(source, k.getValue(), k.getStartMark());
          }
          todo.add(t.getKeyNode());
          todo.add(t.getValueNode());
        }
      } else if (n instanceof SequenceNode s) {
        todo.addAll(s.getValue());
      }
    }
  }

  /** The file (or other source) the node came from. */
  public String source() {
    return source;
  }

  /** Where the node sits in its document, e.g. {@code fields.pages} or {@code [2].tags[0]}. */
  public String path() {
    return path.isEmpty() ? "(document)" : path;
  }

  /** 1-based line, or 0 when not known. */
  public int line() {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  /** 1-based column, or 0 when not known. */
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

  /** An error at this node, worded exactly as given. */
  public InvalidYamlException error(String problem, String fix) {
    return new InvalidYamlException(source, line(), column(), problem, fix);
  }

  /** An error at this node that starts with its path: {@code views.problem.output: problem}. */
  public InvalidYamlException fieldError(String problem, String fix) {
    return error(path() + ": " + problem, fix);
  }

  /**
   * The entries of a mapping in document order (a key that appears twice was refused when parsed).
   */
  public Map<String, YamlNode> mapping() {
    return mapping(null);
  }

  /**
   * The entries of a mapping, in document order. A key outside {@code allowed} (when not null) is
   * an error that lists the allowed keys: a typo must be loud, not silently ignored.
   */
  public Map<String, YamlNode> mapping(Collection<String> allowed) {
    if (!(node instanceof MappingNode m)) {
      throw fieldError(
          "must be a mapping (key: value lines), found " + describe(),
          "write it as indented 'key: value' lines");
    }
    Map<String, YamlNode> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw new YamlNode(source, t.getKeyNode(), path)
            .fieldError("keys must be plain words", null);
      }
      String key = k.getValue();
      YamlNode keyNode = new YamlNode(source, k, child(key));
      if (allowed != null && !allowed.contains(key)) {
        throw keyNode.fieldError(
            "unknown key " + MlosException.quoted(key),
            "use one of: " + allowed.stream().sorted().collect(Collectors.joining(", ")));
      }
      if (out.containsKey(key)) {
        throw keyNode.fieldError(
            "key " + MlosException.quoted(key) + " appears twice", "keep one of them");
      }
      out.put(key, new YamlNode(source, t.getValueNode(), child(key)));
    }
    return out;
  }

  public List<YamlNode> list() {
    if (!(node instanceof SequenceNode s)) {
      throw fieldError(
          "must be a list, found " + describe(), "write it as [a, b] or as '- a' lines");
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
      throw fieldError(
          "must be a text value, found " + describe(),
          "write a single value, quoted if it has special characters");
    }
    return ((ScalarNode) node).getValue();
  }

  /** A scalar's text, which must not be blank. */
  public String nonBlankText() {
    String t = text();
    if (t.isBlank()) {
      throw fieldError(
          "must not be empty", "give it a value, or remove the key to use the default");
    }
    return t;
  }

  /** A scalar's text exactly as written, or null for a list, a mapping or nothing. */
  public String scalarText() {
    return isScalar() ? ((ScalarNode) node).getValue() : null;
  }

  /** A boolean ({@code true}/{@code false}, and YAML 1.1's {@code yes}/{@code no}...). */
  public boolean bool() {
    if (plain() instanceof Boolean b) {
      return b;
    }
    throw fieldError("must be true or false, found " + describe(), "write true or false");
  }

  /** A whole number from {@code min} to {@code max}. */
  public int integer(int min, int max) {
    if (plain() instanceof Long l && l >= min && l <= max) {
      return l.intValue();
    }
    throw fieldError(
        "must be a whole number from " + min + " to " + max + ", found " + describe(),
        "write a number in that range");
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
      throw fieldError(
          "expands to more than " + YamlLimits.MAX_VALUES + " values (through aliases, *name)",
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

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
