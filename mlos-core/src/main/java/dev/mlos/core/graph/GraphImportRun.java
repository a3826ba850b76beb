package dev.mlos.core.graph;

import dev.mlos.core.MlosException;
import dev.mlos.core.graph.shape.FieldType;
import dev.mlos.core.graph.shape.Shape;
import dev.mlos.core.graph.shape.ShapeRegistry;
import dev.mlos.core.view.Json;
import dev.mlos.core.yaml.YamlNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One graph import's state and steps, for {@link GraphImporter}: reading each record against its
 * shape ({@link #read}), matching or creating its node ({@link #save}, {@link #newId}), and writing
 * the edges its relations list ({@link #resolve}), all in the caller's transaction.
 */
final class GraphImportRun {
  /** A record parsed and coerced, not yet written. */
  private record Record(
      YamlNode node,
      String label,
      String shape,
      String explicitId,
      Map<String, TypedValue> values,
      Map<String, FieldType> types,
      Map<String, TypedValue> extras,
      Map<String, YamlNode> relations) {}

  /** Per record: whether it created its node or changed it. */
  static final class Outcome {
    final String nodeId;
    final boolean created;
    boolean changed;

    Outcome(String nodeId, boolean created, boolean changed) {
      this.nodeId = nodeId;
      this.created = created;
      this.changed = changed;
    }
  }

  /** Edges one node should have under one label, with the record that says so. */
  private record Link(
      String from,
      Shape.Relation relation,
      List<Object> targets,
      String label,
      YamlNode node,
      Outcome outcome) {}

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,199}");

  final ShapeRegistry registry;
  final GraphStore store;
  final List<ImportWarning> warnings = new ArrayList<>();
  final List<Outcome> outcomes = new ArrayList<>();
  final Map<String, Link> links = new LinkedHashMap<>();

  GraphImportRun(ShapeRegistry registry, GraphStore store) {
    this.registry = registry;
    this.store = store;
  }

  GraphImportResult execute(List<YamlNode> documents, int fileCount) throws SQLException {
    Map<String, String> json = new TreeMap<>();
    for (String name : registry.shapes().keySet()) {
      json.put(name, registry.toJson(name));
    }
    store.writeShapes(json);
    // Pass 1: every record's node and values, nested records included, so that pass 2 can
    // resolve references to records that come later in the files.
    for (YamlNode doc : documents) {
      if (doc.isNull()) {
        warnings.add(new ImportWarning(doc.source(), "the file is empty; nothing imported"));
        continue;
      }
      List<YamlNode> items = doc.kind() == YamlNode.Kind.LIST ? doc.list() : List.of(doc);
      for (int i = 0; i < items.size(); i++) {
        save(read(items.get(i), "record " + (i + 1), null));
      }
    }
    // Pass 2: edges.
    for (Link link : links.values()) {
      List<String> to = new ArrayList<>();
      for (Object t : link.targets()) {
        to.add(t instanceof String id ? id : resolve((YamlNode) t, link));
      }
      if (store.syncEdges(link.from(), link.relation().name(), to)) {
        link.outcome().changed = true;
      }
    }
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    for (Outcome o : outcomes) {
      if (o.created) {
        created++;
      } else if (o.changed) {
        updated++;
        store.touchNode(o.nodeId);
      } else {
        unchanged++;
      }
    }
    return new GraphImportResult(
        fileCount,
        outcomes.size(),
        created,
        updated,
        unchanged,
        store.edgesAdded,
        store.edgesRemoved,
        registry.shapes().size(),
        warnings);
  }

  /** Parses and coerces one record; {@code expected} is the target shape of a nested record. */
  Record read(YamlNode node, String where, String expected) {
    if (node.kind() != YamlNode.Kind.MAPPING) {
      throw new InvalidRecordException(
          InvalidRecordException.Problem.SHAPE,
          node,
          where,
          null,
          "a record must be a mapping with '_shape', found " + node.describe(),
          "write the record as key: value lines (YAML) or an object (JSON)");
    }
    Map<String, YamlNode> m = node.mapping();
    YamlNode shapeNode = m.get("_shape");
    String shape;
    if (shapeNode == null || shapeNode.isNull()) {
      if (expected == null) {
        throw new InvalidRecordException(
            InvalidRecordException.Problem.SHAPE,
            node,
            where,
            null,
            "has no _shape",
            "add '_shape: <shape>' naming one of: " + known());
      }
      shape = expected;
    } else {
      shape = shapeNode.nonBlankText();
    }
    if (registry.find(shape).isEmpty()) {
      throw new InvalidRecordException(
          InvalidRecordException.Problem.SHAPE,
          shapeNode,
          where,
          null,
          MlosException.quoted(shape) + " is not a shape",
          "use one of: " + known());
    }
    if (expected != null && !registry.implies(shape, expected)) {
      throw new InvalidRecordException(
          InvalidRecordException.Problem.SHAPE,
          shapeNode,
          where,
          null,
          MlosException.quoted(shape) + " is not a " + expected + " (through also)",
          "give the nested record a shape that is, or leave _shape out");
    }
    String label = where + " (" + shape + ")";
    Map<String, Shape.Field> fields = registry.fields(shape);
    Map<String, Shape.Relation> relations = registry.relations(shape);
    String explicitId = null;
    Map<String, TypedValue> values = new LinkedHashMap<>();
    Map<String, FieldType> types = new LinkedHashMap<>();
    Map<String, TypedValue> extras = new LinkedHashMap<>();
    Map<String, YamlNode> rels = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : m.entrySet()) {
      String key = e.getKey();
      YamlNode v = e.getValue();
      if (key.equals("_shape")) {
        continue;
      }
      if (key.isBlank() || !key.equals(key.strip())) {
        // The database refuses such a key too; refused here, naming it, before anything is
        // written.
        throw new InvalidRecordException(
            InvalidRecordException.Problem.FIELD,
            v,
            label,
            key,
            "is not a usable key (empty, or with spaces at either end)",
            "name the key with a word, without surrounding spaces");
      }
      if (key.equals("_id")) {
        explicitId = v.nonBlankText();
        if (!NODE_ID.matcher(explicitId).matches()) {
          throw new InvalidRecordException(
              InvalidRecordException.Problem.FIELD,
              v,
              label,
              "_id",
              MlosException.quoted(explicitId) + " is not a valid node id",
              "use letters, digits and . _ : @ + - (no spaces or slashes), at most 200 characters");
        }
      } else if (key.startsWith("_")) {
        warnings.add(
            new ImportWarning(
                v.location(),
                label + ": key '" + key + "' is reserved (keys starting with '_'); ignored"));
      } else if (fields.containsKey(key)) {
        FieldType type = fields.get(key).type();
        try {
          values.put(key, TypedValue.coerce(type, v));
          types.put(key, type);
        } catch (TypedValue.NotCoercible n) {
          throw new InvalidRecordException(
              InvalidRecordException.Problem.VALUE,
              v,
              label,
              key,
              n.getMessage() + ", and the field is " + type.yamlName(),
              "correct the value, or change the field's type in shape '"
                  + fields.get(key).shape()
                  + "'");
        }
      } else if (relations.containsKey(key)) {
        rels.put(key, v);
      } else {
        TypedValue t = TypedValue.infer(v);
        extras.put(key, t);
        warnings.add(
            new ImportWarning(
                v.location(),
                label
                    + ": '"
                    + key
                    + "' is not a field or relation of shape '"
                    + shape
                    + "'"
                    + (registry.closure(shape).size() > 1 ? " or the shapes it implies" : "")
                    + (t == null ? "; ignored" : "; kept as a " + t.type() + " value")));
      }
    }
    return new Record(node, label, shape, explicitId, values, types, extras, rels);
  }

  /** Writes one record's node and values and queues its relations; returns the node id. */
  String save(Record r) throws SQLException {
    String id = r.explicitId();
    boolean exists;
    if (id != null) {
      exists = store.nodeExists(id);
      // An _id and identity values that name two different nodes would make two nodes one
      // identity: refused rather than silently duplicated.
      String owner = match(r.shape(), r.values(), r.node(), r.label());
      if (owner != null && !owner.equals(id)) {
        throw new InvalidRecordException(
            InvalidRecordException.Problem.IDENTITY,
            r.node(),
            r.label(),
            "_id",
            "'" + id + "' is not the node its identity values belong to (node " + owner + ")",
            "leave _id out to update node "
                + owner
                + ", use _id: "
                + owner
                + ", or change the identity values");
      }
    } else {
      id = match(r.shape(), r.values(), r.node(), r.label());
      exists = id != null;
      if (id == null) {
        id = newId(r);
        exists = store.nodeExists(id);
      }
    }
    boolean changed = false;
    if (!exists) {
      store.createNode(id);
    }
    changed |= setShapes(id, r.shape());
    for (Map.Entry<String, TypedValue> e : r.values().entrySet()) {
      String key = e.getKey();
      TypedValue v = e.getValue();
      boolean text = r.types().get(key) == FieldType.TEXT;
      if (v == null) {
        changed |= store.deleteValue(id, key) | store.deleteContent(id, key);
      } else if (text) {
        changed |= store.setContent(id, key, (String) v.value()) | store.deleteValue(id, key);
      } else {
        changed |= store.setValue(id, key, v) | store.deleteContent(id, key);
      }
    }
    for (Map.Entry<String, TypedValue> e : r.extras().entrySet()) {
      changed |=
          e.getValue() == null
              ? store.deleteValue(id, e.getKey())
              : store.setValue(id, e.getKey(), e.getValue());
    }
    Outcome outcome = new Outcome(id, !exists, changed);
    outcomes.add(outcome);
    Map<String, Shape.Relation> relations = registry.relations(r.shape());
    for (Map.Entry<String, YamlNode> e : r.relations().entrySet()) {
      Shape.Relation rel = relations.get(e.getKey());
      YamlNode v = e.getValue();
      List<YamlNode> items;
      if (TypedValue.isEmpty(v)) {
        items = List.of();
      } else if (v.kind() == YamlNode.Kind.LIST) {
        if (!rel.many()) {
          throw new InvalidRecordException(
              InvalidRecordException.Problem.FIELD,
              v,
              r.label(),
              rel.name(),
              "takes one " + rel.target() + ", found a list",
              "give one value, or declare the relation as '"
                  + rel.target()
                  + "[]' in shape '"
                  + rel.shape()
                  + "'");
        }
        items = v.list();
      } else {
        items = List.of(v);
      }
      List<Object> targets = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        YamlNode item = items.get(i);
        if (item.kind() == YamlNode.Kind.MAPPING) {
          String where = r.label() + " > " + rel.name() + (rel.many() ? "[" + (i + 1) + "]" : "");
          targets.add(save(read(item, where, rel.target())));
        } else if (TypedValue.isEmpty(item)) {
          // An empty item is no identity value (it would match or create a record with none).
          throw new InvalidRecordException(
              InvalidRecordException.Problem.RELATION,
              item,
              r.label(),
              rel.name(),
              "item " + (i + 1) + " is empty: an empty value names no " + rel.target(),
              "leave the empty item out of the list (an empty value for the whole relation clears"
                  + " it)");
        } else if (item.isScalar()) {
          targets.add(item);
        } else {
          throw new InvalidRecordException(
              InvalidRecordException.Problem.FIELD,
              item,
              r.label(),
              rel.name(),
              "expected a "
                  + rel.target()
                  + " (an id, an identity value or a record), found "
                  + item.describe(),
              null);
        }
      }
      // The last record that lists a node's relation decides it, so a re-import converges.
      links.put(id + "\u0000" + rel.name(), new Link(id, rel, targets, r.label(), v, outcome));
    }
    return id;
  }

  /**
   * Records the record's shape on the node: {@code _shape} (the most specific) and {@code _shapes}.
   */
  boolean setShapes(String id, String shape) throws SQLException {
    String old = store.stringValue(id, "_shape");
    String primary =
        old == null
                || old.equals(shape)
                || (registry.find(old).isPresent() && registry.implies(shape, old))
            ? shape
            : old;
    List<String> ordered =
        new ArrayList<>(
            registry.find(primary).isPresent() ? registry.closure(primary) : List.of(primary));
    Set<String> rest = new TreeSet<>(store.shapesOf(id));
    rest.addAll(registry.closure(shape));
    rest.removeAll(ordered);
    ordered.addAll(rest);
    boolean changed = store.setValue(id, "_shape", new TypedValue(primary, "string"));
    changed |= store.setValue(id, "_shapes", new TypedValue(Json.write(ordered), "json"));
    return changed;
  }

  /**
   * The existing node a record of {@code shape} with {@code values} is, by identity; null when
   * none.
   */
  String match(String shape, Map<String, TypedValue> values, YamlNode at, String label)
      throws SQLException {
    for (String s : registry.closure(shape)) {
      Shape def = registry.find(s).orElseThrow();
      if (!def.identity().isEmpty()
          && def.identity().stream().allMatch(f -> values.get(f) != null)) {
        Map<String, TypedValue> all = new LinkedHashMap<>();
        def.identity().forEach(f -> all.put(f, values.get(f)));
        String id = store.find(s, all);
        if (id != null) {
          return id;
        }
      }
      String found = null;
      for (String f : def.identityAny()) {
        if (values.get(f) == null) {
          continue;
        }
        String id = store.find(s, Map.of(f, values.get(f)));
        if (id != null && found == null) {
          found = id;
        } else if (id != null && !id.equals(found)) {
          warnings.add(
              new ImportWarning(
                  at.location(),
                  label
                      + ": matches node "
                      + found
                      + " and, by '"
                      + f
                      + "', node "
                      + id
                      + "; updated "
                      + found
                      + " and left "
                      + id
                      + " alone"));
        }
      }
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** A stable id for a new node: from its identity values, else from the whole record. */
  String newId(Record r) {
    for (String s : registry.closure(r.shape())) {
      Shape def = registry.find(s).orElseThrow();
      if (!def.identity().isEmpty()
          && def.identity().stream().allMatch(f -> r.values().get(f) != null)) {
        List<Object> parts = new ArrayList<>(List.of("identity", s));
        def.identity().forEach(f -> parts.add(List.of(f, r.values().get(f).canonical())));
        return GraphStore.hashId(parts);
      }
      for (String f : def.identityAny()) {
        if (r.values().get(f) != null) {
          return GraphStore.hashId(List.of("identity_any", s, f, r.values().get(f).canonical()));
        }
      }
    }
    Map<String, Object> all = new TreeMap<>();
    r.values().forEach((k, v) -> all.put(k, v == null ? null : v.canonical()));
    r.extras().forEach((k, v) -> all.put("?" + k, v == null ? null : v.canonical()));
    return GraphStore.hashId(List.of("record", r.shape(), all));
  }

  /**
   * The node a single relation value names (see the class comment), creating it when its identity
   * allows.
   */
  String resolve(YamlNode item, Link link) throws SQLException {
    String target = link.relation().target();
    String text = item.text();
    if (NODE_ID.matcher(text).matches() && store.nodeExists(text)) {
      if (!store.shapesOf(text).contains(target)) {
        throw new InvalidRecordException(
            InvalidRecordException.Problem.RELATION,
            item,
            link.label(),
            link.relation().name(),
            "node '" + text + "' is not a " + target,
            "point the relation at a " + target + " record");
      }
      return text;
    }
    String creatable = null;
    for (String s : registry.closure(target)) {
      Shape def = registry.find(s).orElseThrow();
      List<String> keys = new ArrayList<>(def.identityAny());
      if (def.identity().size() == 1) {
        keys.add(0, def.identity().get(0));
        if (creatable == null) {
          creatable = def.identity().get(0);
        }
      }
      for (String f : keys) {
        TypedValue v;
        try {
          v = TypedValue.coerce(registry.fields(s).get(f).type(), item);
        } catch (TypedValue.NotCoercible e) {
          continue;
        }
        String id = store.find(target, Map.of(f, v));
        if (id != null) {
          return id;
        }
      }
    }
    if (creatable != null) {
      FieldType type = registry.fields(target).get(creatable).type();
      TypedValue v;
      try {
        v = TypedValue.coerce(type, item);
      } catch (TypedValue.NotCoercible e) {
        throw new InvalidRecordException(
            InvalidRecordException.Problem.VALUE,
            item,
            link.label(),
            link.relation().name(),
            e.getMessage() + ", and " + target + "." + creatable + " is " + type.yamlName(),
            null);
      }
      Map<String, TypedValue> values = new LinkedHashMap<>();
      values.put(creatable, v);
      Map<String, FieldType> types = Map.of(creatable, type);
      String where = link.label() + " > " + link.relation().name();
      return save(
          new Record(
              item, where + " (" + target + ")", target, null, values, types, Map.of(), Map.of()));
    }
    throw new InvalidRecordException(
        InvalidRecordException.Problem.RELATION,
        item,
        link.label(),
        link.relation().name(),
        "no " + target + " record has the id or an identity value '" + text + "'",
        "import that " + target + " too, write it inline as a mapping, or use its node id");
  }

  String known() {
    return registry.shapes().isEmpty()
        ? "(no shapes are defined)"
        : String.join(", ", registry.shapes().keySet());
  }
}
