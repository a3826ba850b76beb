package freemarker.core;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mlos's, not FreeMarker's: the part of {@link MlosBuiltInCosts} that charges a built-in method
 * kept instead of called where it is named ({@code <#assign m = s?matches>}, a list or hash of
 * them, a function's argument, {@code (s?matches)(...)}): the regular expression and pad charges
 * are made where the call names the built-in, so {@code m('(.*a){12}')} ran for hours and {@code
 * pad(2000000000)} built the whole string before anything was charged. Such a built-in is wrapped
 * where it is evaluated, so the method it gives is charged on every call the same as a direct one,
 * wherever it is called from; a built-in called where it is named is left as it was.
 */
final class MlosHeldBuiltIns {
  private MlosHeldBuiltIns() {}

  /**
   * The built-ins whose method's work grows with their target or what the call gives it, beyond
   * what its result is charged: a search, a comparison or a sort over the target, a regular
   * expression, a pad's length. (Those whose result is a string or date too, such as {@code
   * ?string}, {@code ?date} and {@code ?dedent}, are left as they are: wrapping would hide it.)
   */
  private static final Set<String> TARGET_SIZED =
      Set.of(
          "seq_contains",
          "seqContains",
          "seq_index_of",
          "seqIndexOf",
          "seq_last_index_of",
          "seqLastIndexOf",
          "join",
          "sort_by",
          "sortBy",
          "starts_with",
          "startsWith",
          "ends_with",
          "endsWith",
          "remove_beginning",
          "removeBeginning",
          "remove_ending",
          "removeEnding",
          "ensure_ends_with",
          "ensureEndsWith");

  private static boolean held(BuiltIn b) {
    return TARGET_SIZED.contains(b.key)
        || MlosComparisonCosts.SEARCH.contains(b.key)
        || MlosRegexCosts.REGEX.contains(b.key)
        || MlosBuiltInCosts.makesLength(b.key);
  }

  /** The fields of a tree node's class that may hold an expression, looked up once per class. */
  private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

  /**
   * Adds to {@code changes} the wrapping of every held built-in {@code node} keeps, except a method
   * call's target ({@code callTarget}), which {@link MlosBuiltInCosts} charges where it is called.
   */
  static void plan(TemplateObject node, Field callTarget, List<Runnable> changes) {
    for (Field f : FIELDS.computeIfAbsent(node.getClass(), MlosHeldBuiltIns::fields)) {
      if (f.equals(callTarget) && node instanceof MethodCall) {
        continue;
      }
      Object value = read(f, node);
      if (value instanceof BuiltIn b && held(b)) {
        // Only if nothing else wrapped it first (a + or ${...} charging it as their input).
        changes.add(
            () -> {
              if (read(f, node) == b) {
                write(f, node, wrap(b));
              }
            });
      } else if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) instanceof BuiltIn b && held(b)) {
            int at = i;
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) list;
            changes.add(
                () -> {
                  if (items.get(at) == b) {
                    items.set(at, wrap(b));
                  }
                });
          }
        }
      } else if (value instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (e.getValue() instanceof BuiltIn b && held(b)) {
            @SuppressWarnings("unchecked")
            Map.Entry<Object, Object> entry = (Map.Entry<Object, Object>) e;
            changes.add(
                () -> {
                  if (entry.getValue() == b) {
                    entry.setValue(wrap(b));
                  }
                });
          }
        }
      }
    }
  }

  private static Expression wrap(BuiltIn b) {
    return MlosBuiltInCosts.keptMethod(b, b.key);
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> found = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        Class<?> t = f.getType();
        boolean holds =
            t.isAssignableFrom(Expression.class)
                || List.class.isAssignableFrom(t)
                || Map.class.isAssignableFrom(t);
        if (holds && !Modifier.isStatic(f.getModifiers()) && !f.getName().equals("parent")) {
          f.setAccessible(true);
          found.add(f);
        }
      }
    }
    return List.copyOf(found);
  }

  private static Object read(Field f, Object owner) {
    try {
      return f.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Field f, Object owner, Object value) {
    try {
      f.set(owner, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
