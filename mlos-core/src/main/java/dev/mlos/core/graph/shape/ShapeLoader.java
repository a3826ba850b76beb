package dev.mlos.core.graph.shape;

import dev.mlos.core.MlosException;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.yaml.LimitedFile;
import dev.mlos.core.yaml.YamlLimits;
import dev.mlos.core.yaml.YamlNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the shapes of a workspace: every {@code *.yaml} / {@code *.yml} file of a directory (not
 * its subdirectories), one shape per file:
 *
 * <pre>
 * name: book
 * description: A printed or electronic book
 * fields:
 *   isbn13: string
 *   pages: integer
 * relations:
 *   author: person
 *   tags: tag[]
 * identity: [isbn13]
 * identity_any: [isbn13, isbn10]
 * also: [product]
 * title: title
 * </pre>
 *
 * Every error names the file, line and column: unknown keys and types, a relation or {@code also}
 * naming no shape, an {@code also} cycle, identity fields the shape does not have, a field
 * inherited with two different types.
 */
public final class ShapeLoader {
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "description",
          "fields",
          "relations",
          "identity",
          "identity_any",
          "also",
          "title");
  private static final Pattern SHAPE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

  /** A parsed shape with the nodes its cross-file checks point at. */
  private record Draft(Shape shape, YamlNode root, Map<String, YamlNode> at) {}

  /**
   * Loads every shape file of {@code directory}.
   *
   * @throws InvalidShapeException when the directory is missing or a shape is wrong
   * @throws dev.mlos.core.yaml.InvalidYamlException when a file is not valid YAML
   */
  public ShapeRegistry load(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new InvalidShapeException(
          directory.toString(),
          "the shapes directory does not exist",
          "create it with one <shape>.yaml per shape, or point params.shapes_dir in mlos.yaml at yours");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files =
          list.filter(
                  p ->
                      Files.isRegularFile(p)
                          && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")))
              .sorted()
              // The one path check, against the shapes directory: a symlinked shape cannot come
              // from elsewhere.
              .map(p -> WorkspacePath.checkedIn(directory, p))
              .toList();
    } catch (IOException e) {
      throw new InvalidShapeException(
          directory.toString(), "cannot be listed: " + e.getMessage(), null);
    }
    return load(files);
  }

  /** Loads the given shape files (one shape each). */
  public ShapeRegistry load(List<Path> files) {
    Map<String, Draft> drafts = new TreeMap<>();
    for (Path file : files) {
      YamlNode root;
      try {
        root =
            YamlNode.parse(
                file.toString(),
                new StringReader(YamlLimits.read(file, LimitedFile.SHAPE)),
                LimitedFile.SHAPE);
      } catch (IOException e) {
        throw new InvalidShapeException(file.toString(), "cannot be read: " + e.getMessage(), null);
      }
      Draft d = parse(root);
      Draft before = drafts.put(d.shape().name(), d);
      if (before != null) {
        throw new InvalidShapeException(
            d.at().get("name"),
            d.shape().name(),
            "is also defined in " + before.shape().source(),
            "give each shape its own name, in one file");
      }
    }
    Map<String, Shape> shapes = new TreeMap<>();
    drafts.forEach((k, v) -> shapes.put(k, v.shape()));
    for (Draft d : drafts.values()) {
      for (String a : d.shape().also()) {
        if (!shapes.containsKey(a)) {
          throw unknown(d, "also:" + a, "also names", a, shapes);
        }
      }
      for (Shape.Relation r : d.shape().relations()) {
        if (!shapes.containsKey(r.target())) {
          throw unknown(
              d,
              "relation:" + r.name(),
              "relation '" + r.name() + "' points at",
              r.target(),
              shapes);
        }
      }
    }
    for (String name : drafts.keySet()) {
      checkCycles(name, new ArrayList<>(), drafts);
    }
    ShapeRegistry registry = new ShapeRegistry(shapes);
    for (Draft d : drafts.values()) {
      checkInherited(d, drafts, registry);
    }
    return registry;
  }

  private static InvalidShapeException unknown(
      Draft d, String key, String what, String target, Map<String, Shape> shapes) {
    return new InvalidShapeException(
        d.at().get(key),
        d.shape().name(),
        what + " '" + target + "', which is not a shape",
        "define it in a shape file, or use one of: " + String.join(", ", shapes.keySet()));
  }

  private static void checkCycles(String name, List<String> trail, Map<String, Draft> drafts) {
    if (trail.contains(name)) {
      List<String> cycle = new ArrayList<>(trail.subList(trail.indexOf(name), trail.size()));
      cycle.add(name);
      Draft d = drafts.get(trail.get(trail.size() - 1));
      throw new InvalidShapeException(
          d.at().get("also:" + name),
          d.shape().name(),
          "'also' makes a cycle: " + String.join(" -> ", cycle),
          "a shape may not imply itself; remove one of these also entries");
    }
    trail.add(name);
    for (String a : drafts.get(name).shape().also()) {
      checkCycles(a, trail, drafts);
    }
    trail.remove(trail.size() - 1);
  }

  /**
   * Checks that need the resolved {@code also} closure: inherited conflicts, identity and title
   * fields.
   */
  private static void checkInherited(Draft d, Map<String, Draft> drafts, ShapeRegistry registry) {
    String name = d.shape().name();
    Map<String, Shape.Field> fields = new LinkedHashMap<>();
    Map<String, Shape.Relation> relations = new LinkedHashMap<>();
    for (String s : registry.closure(name)) {
      Draft from = drafts.get(s);
      for (Shape.Field f : from.shape().fields()) {
        Shape.Field first = fields.putIfAbsent(f.name(), f);
        if (first != null && first.type() != f.type()) {
          throw new InvalidShapeException(
              from.at().get("field:" + f.name()),
              s,
              "field '"
                  + f.name()
                  + "' is "
                  + f.type().yamlName()
                  + " here but "
                  + first.type().yamlName()
                  + " in shape '"
                  + first.shape()
                  + "', and '"
                  + name
                  + "' has both through also",
              "give the field one type in both shapes, or rename one");
        }
        if (relations.containsKey(f.name())) {
          throw clash(from, f.name(), name);
        }
      }
      for (Shape.Relation r : from.shape().relations()) {
        relations.putIfAbsent(r.name(), r);
        if (fields.containsKey(r.name())) {
          throw clash(from, r.name(), name);
        }
      }
    }
    Shape shape = d.shape();
    for (String key : List.of("identity", "identity_any")) {
      List<String> names = key.equals("identity") ? shape.identity() : shape.identityAny();
      for (int i = 0; i < names.size(); i++) {
        checkKeyField(d, key + ":" + i, key, names.get(i), fields);
      }
    }
    if (shape.title() != null) {
      checkKeyField(d, "title", "title", shape.title(), fields);
    }
  }

  private static InvalidShapeException clash(Draft from, String field, String shape) {
    return new InvalidShapeException(
        from.root(),
        from.shape().name(),
        "'" + field + "' is both a field and a relation of shape '" + shape + "' (through also)",
        "rename the field or the relation");
  }

  private static void checkKeyField(
      Draft d, String at, String key, String field, Map<String, Shape.Field> fields) {
    Shape.Field f = fields.get(field);
    if (f == null) {
      throw new InvalidShapeException(
          d.at().get(at),
          d.shape().name(),
          key + " names '" + field + "', which is not a field of the shape",
          "use one of: " + String.join(", ", fields.keySet()));
    }
    if (f.type() == FieldType.TEXT) {
      throw new InvalidShapeException(
          d.at().get(at),
          d.shape().name(),
          key + " names '" + field + "', a text field",
          "identify and title records by short fields (string, integer, url, ...), not long text");
    }
  }

  private static Draft parse(YamlNode root) {
    Map<String, YamlNode> top = root.mapping();
    Map<String, YamlNode> at = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : top.entrySet()) {
      if (!KEYS.contains(e.getKey())) {
        throw new InvalidShapeException(
            e.getValue(),
            null,
            "unknown key '" + e.getKey() + "'",
            "use one of: " + String.join(", ", new TreeSet<>(KEYS)));
      }
    }
    if (!top.containsKey("name")) {
      throw new InvalidShapeException(
          root, null, "a shape file needs 'name: <shape>'", "add it, e.g. 'name: book'");
    }
    YamlNode nameNode = top.get("name");
    String name = nameNode.nonBlankText();
    if (!SHAPE_NAME.matcher(name).matches()) {
      throw new InvalidShapeException(
          nameNode,
          null,
          MlosException.quoted(name) + " is not a valid shape name",
          "use lower-case letters, digits, '-' and '_', starting with a letter");
    }
    at.put("name", nameNode);
    String description =
        top.containsKey("description") && !top.get("description").isNull()
            ? top.get("description").text()
            : "";

    List<Shape.Field> fields = new ArrayList<>();
    if (top.containsKey("fields") && !top.get("fields").isNull()) {
      for (Map.Entry<String, YamlNode> e : top.get("fields").mapping().entrySet()) {
        checkFieldName(e.getValue(), name, e.getKey());
        String type = e.getValue().isScalar() ? e.getValue().text() : e.getValue().describe();
        FieldType t =
            FieldType.byName(type)
                .orElseThrow(
                    () ->
                        new InvalidShapeException(
                            e.getValue(),
                            name,
                            "field '"
                                + e.getKey()
                                + "' has unknown type "
                                + (type.startsWith("'") || type.contains(" ")
                                    ? type
                                    : "'" + type + "'"),
                            "use one of: " + FieldType.names()));
        fields.add(new Shape.Field(e.getKey(), t, name));
        at.put("field:" + e.getKey(), e.getValue());
      }
    }
    List<Shape.Relation> relations = new ArrayList<>();
    if (top.containsKey("relations") && !top.get("relations").isNull()) {
      for (Map.Entry<String, YamlNode> e : top.get("relations").mapping().entrySet()) {
        checkFieldName(e.getValue(), name, e.getKey());
        String target = e.getValue().nonBlankText().strip();
        boolean many = target.endsWith("[]");
        if (many) {
          target = target.substring(0, target.length() - 2).strip();
        }
        if (!SHAPE_NAME.matcher(target).matches()) {
          throw new InvalidShapeException(
              e.getValue(),
              name,
              "relation '" + e.getKey() + "' must name a shape ('person') or many ('tag[]')",
              "write the target shape's name, with [] for a list");
        }
        if (at.containsKey("field:" + e.getKey())) {
          throw new InvalidShapeException(
              e.getValue(),
              name,
              "'" + e.getKey() + "' is both a field and a relation",
              "rename one of them");
        }
        relations.add(new Shape.Relation(e.getKey(), target, many, name));
        at.put("relation:" + e.getKey(), e.getValue());
      }
    }
    List<String> identity = names(top.get("identity"), name, "identity", at);
    List<String> identityAny = names(top.get("identity_any"), name, "identity_any", at);
    List<String> also = new ArrayList<>();
    if (top.containsKey("also") && !top.get("also").isNull()) {
      YamlNode alsoNode = top.get("also");
      for (YamlNode n : alsoNode.isScalar() ? List.of(alsoNode) : alsoNode.list()) {
        String a = n.nonBlankText();
        if (a.equals(name)) {
          throw new InvalidShapeException(
              n,
              name,
              "'also' makes a cycle: " + name + " -> " + name,
              "a shape may not imply itself");
        }
        if (!also.contains(a)) {
          also.add(a);
          at.put("also:" + a, n);
        }
      }
    }
    String title = null;
    if (top.containsKey("title") && !top.get("title").isNull()) {
      title = top.get("title").nonBlankText();
      at.put("title", top.get("title"));
    }
    Shape shape =
        new Shape(
            name,
            root.source(),
            description,
            fields,
            relations,
            identity,
            identityAny,
            also,
            title);
    return new Draft(shape, root, at);
  }

  private static List<String> names(
      YamlNode node, String shape, String key, Map<String, YamlNode> at) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    for (YamlNode n : node.isScalar() ? List.of(node) : node.list()) {
      String f = n.nonBlankText();
      if (out.contains(f)) {
        throw new InvalidShapeException(
            n, shape, key + " lists '" + f + "' twice", "list each field once");
      }
      at.put(key + ":" + out.size(), n);
      out.add(f);
    }
    return out;
  }

  private static void checkFieldName(YamlNode at, String shape, String field) {
    if (!FIELD_NAME.matcher(field).matches()) {
      throw new InvalidShapeException(
          at,
          shape,
          MlosException.quoted(field) + " is not a valid field or relation name",
          "use letters, digits and '_', starting with a letter (names starting with '_' are reserved)");
    }
  }
}
