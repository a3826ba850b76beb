package dev.mlos.core.engine;

import java.util.List;
import java.util.Locale;

/**
 * One row of one of the four entity tables, e.g. {@code need:5}.
 *
 * @param type {@code need}, {@code task}, {@code artifact} or {@code agent}
 * @param id the row id
 */
public record EntityRef(String type, long id) implements Comparable<EntityRef> {
  /** The entity types an edge can connect, in this order. */
  public static final List<String> TYPES = List.of("need", "task", "artifact", "agent");

  /**
   * Validates the reference.
   *
   * @throws RefusedException (rule {@code input}) for an unknown type or an id below 1
   */
  public EntityRef {
    check(type, id, TYPES, "entity type ", " is not one of ");
  }

  /**
   * Refuses (rule {@code input}) a {@code type} not among {@code types}, in the words {@code
   * before} the quoted type, {@code after} it and the types, or an {@code id} below 1.
   */
  static void check(String type, long id, List<String> types, String before, String after) {
    if (type == null || !types.contains(type)) {
      throw new RefusedException(
          "input",
          before + RefusedException.quoted(type) + after + String.join(", ", types),
          types,
          null);
    }
    if (id < 1) {
      String message = type + " id " + id + " is not a row id (1 or more)";
      // The four entity kinds have a place that lists their ids: the way on from a wrong one.
      throw TYPES.contains(type)
          ? (RefusedException)
              new RefusedException("input", message, List.of(), null, "{0}")
                  .suggesting(dev.mlos.core.Remedy.findIds(type))
          : new RefusedException("input", message, List.of(), null);
    }
  }

  /** {@code need:<id>}. */
  public static EntityRef need(long id) {
    return new EntityRef("need", id);
  }

  /** {@code task:<id>}. */
  public static EntityRef task(long id) {
    return new EntityRef("task", id);
  }

  /** {@code artifact:<id>}. */
  public static EntityRef artifact(long id) {
    return new EntityRef("artifact", id);
  }

  /** {@code agent:<id>}. */
  public static EntityRef agent(long id) {
    return new EntityRef("agent", id);
  }

  /**
   * Parses {@code need:5} (also {@code need/5} or {@code need 5}; the type is case-insensitive).
   *
   * @throws RefusedException (rule {@code input}) when the text is not of that form
   */
  public static EntityRef parse(String text) {
    return parse(text, TYPES, EntityRef::new);
  }

  /**
   * Parses {@code <type>:<id>} as {@link #parse(String)} does; {@code make} validates the type
   * (lower-cased) against its own list.
   */
  static <T> T parse(
      String text, List<String> types, java.util.function.BiFunction<String, Long, T> make) {
    String s = text == null ? "" : text.strip();
    int sep = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ':' || c == '/' || c == ' ') {
        sep = i;
        break;
      }
    }
    if (sep < 1) {
      throw new RefusedException(
          "input",
          RefusedException.quoted(s) + " is not an entity reference like need:5",
          types,
          null);
    }
    String digits = s.substring(sep + 1).strip();
    String type = s.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!digits.matches("[0-9]{1,18}")) {
      if (types.contains(type)) {
        // The type is right, the id is not (need:-1, need:abc): say so, with where such ids are
        // listed, not the list of types as if the type were wrong (a trial).
        String message =
            RefusedException.quoted(s)
                + " names no "
                + type
                + ": its id "
                + RefusedException.quoted(digits)
                + " is not a row id; ids are whole numbers from 1, as mlos prints them ("
                + type
                + ":5)";
        throw TYPES.contains(type)
            ? (RefusedException)
                new RefusedException("input", message, List.of(), null, "{0}")
                    .suggesting(dev.mlos.core.Remedy.findIds(type))
            : new RefusedException("input", message, List.of(), null);
      }
      throw new RefusedException(
          "input",
          RefusedException.quoted(s) + " is not an entity reference like need:5",
          types,
          null);
    }
    return make.apply(type, Long.parseLong(digits));
  }

  /** {@code need:5}. */
  @Override
  public String toString() {
    return type + ":" + id;
  }

  /** Words for messages: {@code need 5}. */
  public String words() {
    return type + " " + id;
  }

  @Override
  public int compareTo(EntityRef o) {
    int c = Integer.compare(TYPES.indexOf(type), TYPES.indexOf(o.type));
    return c != 0 ? c : Long.compare(id, o.id);
  }
}
