package dev.mlos.cli.mcp;

import dev.mlos.core.Remedy;
import dev.mlos.core.engine.RefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one tool call, read with the types the tool's input schema already enforced (the
 * SDK validates before the handler runs); a value of another shape is still refused here with the
 * argument's name, never a ClassCastException.
 */
final class ToolCall {
  private final Map<String, Object> args;

  ToolCall(Map<String, Object> args) {
    this.args = args == null ? Map.of() : args;
  }

  boolean has(String name) {
    return args.get(name) != null;
  }

  String text(String name) {
    Object v = args.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    throw bad(name, "a string");
  }

  Long id(String name) {
    Object v = args.get(name);
    if (v == null) {
      return null;
    }
    Long n = exactLong(v);
    if (n != null && n >= 1) {
      return n;
    }
    String kind = idKind(name);
    RefusedException e =
        new RefusedException(
            "input",
            "argument '"
                + name
                + "' must be an integer id of 1 or more (at most "
                + Long.MAX_VALUE
                + ")",
            List.of(),
            null,
            // An agent passing 1e30 or 0 was told the rule and no way on.
            "pass "
                + name
                + " as a whole number, the id a row is shown with (need 5: 5)"
                + (kind == null ? "" : "; {0}"));
    throw kind == null ? e : (RefusedException) e.suggesting(Remedy.findIds(kind));
  }

  /**
   * The kind of row an id argument names ({@code need} for {@code parent_need_id}), or null when
   * the call does not say: an edge's end is of the kind its {@code source_type} or {@code
   * target_type} names.
   */
  private String idKind(String name) {
    String kind =
        switch (name) {
          case "source_id", "target_id" -> {
            Object type = args.get(name.replace("_id", "_type"));
            yield type instanceof String s ? s : null;
          }
          default -> name.endsWith("need_id") ? "need" : name.replace("_id", "");
        };
    return kind != null && dev.mlos.core.engine.EntityRef.TYPES.contains(kind) ? kind : null;
  }

  Integer integer(String name) {
    Object v = args.get(name);
    if (v == null) {
      return null;
    }
    Long n = exactLong(v);
    if (n != null && n > -1_000_000_000L && n < 1_000_000_000L) {
      return n.intValue();
    }
    throw bad(name, "an integer");
  }

  /**
   * The exact integer value of a JSON number, or null when it has a fraction or lies outside a
   * long. A number beyond a long arrives as a BigInteger (or a double): narrowing it would wrap
   * (2^64 + 5 became task 5) or saturate, and act on another row than the one named.
   */
  private static Long exactLong(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (!(v instanceof Number n)) {
      return null;
    }
    if (n instanceof Double d && (d.isNaN() || d.isInfinite())
        || n instanceof Float f && (f.isNaN() || f.isInfinite())) {
      return null;
    }
    try {
      return new java.math.BigDecimal(n.toString()).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  boolean flag(String name) {
    Object v = args.get(name);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw bad(name, "true or false");
  }

  List<String> texts(String name) {
    Object v = args.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object o : list) {
        if (!(o instanceof String s)) {
          throw bad(name, "a list of strings");
        }
        out.add(s);
      }
      return out;
    }
    throw bad(name, "a list of strings");
  }

  List<Map<String, Object>> objects(String name) {
    Object v = args.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> list) {
      List<Map<String, Object>> out = new ArrayList<>(list.size());
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> m)) {
          throw bad(name, "a list of objects");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        out.add(typed);
      }
      return out;
    }
    throw bad(name, "a list of objects");
  }

  /** An object argument (a JSON object), or null when absent. */
  Map<String, Object> object(String name) {
    Object v = args.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw bad(name, "an object");
        }
        out.put(k, e.getValue());
      }
      return out;
    }
    throw bad(name, "an object");
  }

  /** A required id; the schema requires it, so its absence is a client that ignored the schema. */
  long requiredId(String name) {
    Long v = id(name);
    if (v == null) {
      throw new RefusedException("input", "argument '" + name + "' is required", List.of(), null);
    }
    return v;
  }

  private static RefusedException bad(String name, String what) {
    return new RefusedException(
        "input", "argument '" + name + "' must be " + what, List.of(), null);
  }

  /** The fields update_need changes. */
  static final List<String> NEED_FIELDS =
      List.of(
          "title",
          "description",
          "priority",
          "scope",
          "tags",
          "add_tags",
          "remove_tags",
          "parent_need_id",
          "source_transcript",
          "clear");

  /** Arguments that name things to change: empty, they change nothing. */
  private static final java.util.Set<String> NAME_LISTS =
      java.util.Set.of("clear", "add_tags", "remove_tags");

  /**
   * update_need's change: the fields named, and those {@code clear} empties; {@code add_tags} and
   * {@code remove_tags} go to the engine as the command's {@code --add-tag} and {@code
   * --remove-tag} do, applied to the tags it reads in the same transaction, so two agents adding
   * different tags at once both keep theirs (with {@code tags}, read and written back, the later
   * one won).
   */
  dev.mlos.core.engine.NeedChange needChange() {
    return new dev.mlos.core.engine.NeedChange(
        text("title"),
        text("description"),
        integer("priority"),
        text("scope"),
        id("parent_need_id"),
        text("source_transcript"),
        texts("tags"),
        texts("add_tags"),
        texts("remove_tags"),
        has("clear") ? java.util.Set.copyOf(texts("clear")) : java.util.Set.of());
  }

  /**
   * Refuses a call that gives none of {@code names}: nothing would change. {@code note} says what
   * else the caller may have meant. An empty {@code clear} names no field (it was answered with the
   * need, as if changed, where the command's empty {@code --clear} is refused), and an empty {@code
   * add_tags} or {@code remove_tags} no tag; an empty {@code tags} empties the tags, so it counts.
   */
  void requireAny(String note, List<String> names) {
    if (names.stream().noneMatch(n -> has(n) && !(NAME_LISTS.contains(n) && texts(n).isEmpty()))) {
      throw new RefusedException(
          "input",
          "nothing to change (" + note + ")",
          List.of(),
          null,
          "give "
              + String.join(", ", names.subList(0, names.size() - 1))
              + " or "
              + names.get(names.size() - 1));
    }
  }
}
