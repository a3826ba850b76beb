package dev.mlos.core.graph.shape;

import java.util.List;

/**
 * One shape as declared in its file: only its own fields and relations. What it inherits through
 * {@code also} is resolved by {@link ShapeRegistry}.
 *
 * @param name the shape's name, e.g. {@code book}
 * @param source the file it came from
 * @param description what the shape is, for its index page (may be empty)
 * @param fields its own fields, in file order
 * @param relations its own relations, in file order
 * @param identity fields that together identify a record (all must match); may be empty
 * @param identityAny fields of which any one identifies a record; may be empty
 * @param also shapes this shape implies, in file order
 * @param title the field whose value titles a record's page, or null for the default
 */
public record Shape(
    String name,
    String source,
    String description,
    List<Field> fields,
    List<Relation> relations,
    List<String> identity,
    List<String> identityAny,
    List<String> also,
    String title) {

  /** A typed field. {@code shape} is the shape that declares it. */
  public record Field(String name, FieldType type, String shape) {}

  /**
   * A relation to records of {@code target}; {@code many} for {@code target[]}. {@code shape}
   * declares it.
   */
  public record Relation(String name, String target, boolean many, String shape) {}

  public Shape {
    fields = List.copyOf(fields);
    relations = List.copyOf(relations);
    identity = List.copyOf(identity);
    identityAny = List.copyOf(identityAny);
    also = List.copyOf(also);
  }
}
