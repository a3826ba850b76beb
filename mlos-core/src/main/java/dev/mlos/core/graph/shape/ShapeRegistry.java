package dev.mlos.core.graph.shape;

import dev.mlos.core.view.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The loaded, validated shapes, with {@code also} resolved: a shape's closure is itself followed by
 * every shape it implies (depth first, each once), and its effective fields and relations are its
 * own followed by those it inherits (the first declaration of a name wins). Built by {@link
 * ShapeLoader}, which has already refused cycles, unknown shapes and conflicting fields.
 */
public final class ShapeRegistry {
  private final Map<String, Shape> shapes;
  private final Map<String, List<String>> closures = new TreeMap<>();

  ShapeRegistry(Map<String, Shape> shapes) {
    this.shapes = Collections.unmodifiableMap(new TreeMap<>(shapes));
    for (String name : this.shapes.keySet()) {
      List<String> out = new ArrayList<>();
      collect(name, out);
      closures.put(name, List.copyOf(out));
    }
  }

  private void collect(String name, List<String> out) {
    if (out.contains(name)) {
      return;
    }
    out.add(name);
    for (String a : shapes.get(name).also()) {
      collect(a, out);
    }
  }

  /** Every shape by name, sorted. */
  public Map<String, Shape> shapes() {
    return shapes;
  }

  public Optional<Shape> find(String name) {
    return Optional.ofNullable(shapes.get(name));
  }

  /** {@code name} followed by every shape it implies through {@code also}. */
  public List<String> closure(String name) {
    return closures.get(name);
  }

  /** Whether a record of {@code shape} is also a record of {@code other}. */
  public boolean implies(String shape, String other) {
    return closure(shape).contains(other);
  }

  /** Own and inherited fields of {@code name} by field name, own first. */
  public Map<String, Shape.Field> fields(String name) {
    Map<String, Shape.Field> out = new LinkedHashMap<>();
    for (String s : closure(name)) {
      for (Shape.Field f : shapes.get(s).fields()) {
        out.putIfAbsent(f.name(), f);
      }
    }
    return out;
  }

  /** Own and inherited relations of {@code name} by relation name, own first. */
  public Map<String, Shape.Relation> relations(String name) {
    Map<String, Shape.Relation> out = new LinkedHashMap<>();
    for (String s : closure(name)) {
      for (Shape.Relation r : shapes.get(s).relations()) {
        out.putIfAbsent(r.name(), r);
      }
    }
    return out;
  }

  /**
   * The field that titles a record's page: the declared {@code title}, else a {@code title} or
   * {@code name} field.
   */
  public Optional<String> titleField(String name) {
    for (String s : closure(name)) {
      if (shapes.get(s).title() != null) {
        return Optional.of(shapes.get(s).title());
      }
    }
    Map<String, Shape.Field> fields = fields(name);
    return fields.containsKey("title")
        ? Optional.of("title")
        : fields.containsKey("name") ? Optional.of("name") : Optional.empty();
  }

  /**
   * The shape with everything resolved, as the JSON the importer stores in {@code settings} under
   * {@code shape:<name>} for the views: name, description, also, closure, identity, identity_any,
   * title_field, fields [{name, type, shape}] and relations [{name, target, many, shape}].
   */
  public String toJson(String name) {
    Shape s = shapes.get(name);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", s.name());
    out.put("description", s.description());
    out.put("also", s.also());
    out.put("closure", closure(name));
    out.put("identity", s.identity());
    out.put("identity_any", s.identityAny());
    out.put("title_field", titleField(name).orElse(null));
    List<Object> fields = new ArrayList<>();
    for (Shape.Field f : fields(name).values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("type", f.type().yamlName());
      m.put("shape", f.shape());
      fields.add(m);
    }
    out.put("fields", fields);
    List<Object> relations = new ArrayList<>();
    for (Shape.Relation r : relations(name).values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.name());
      m.put("target", r.target());
      m.put("many", r.many());
      m.put("shape", r.shape());
      relations.add(m);
    }
    out.put("relations", relations);
    return Json.write(out);
  }
}
