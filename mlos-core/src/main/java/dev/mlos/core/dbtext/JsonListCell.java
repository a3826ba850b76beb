package dev.mlos.core.dbtext;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mlos.core.view.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cell both sides of a merge changed whose value is a JSON list of scalars (a need's {@code
 * tags}, a lens's {@code scopes}, an agent's {@code assigned_tasks}), merged three-way as a list
 * ({@link TableShape#columnMerge}): one teammate tagged a need "ui" and another "perf", and the
 * merged need has both tags.
 *
 * <p>The merged list is the base's elements that neither side removed, in the base's order, then
 * the elements ours added in ours' order, then those theirs added in theirs' order, each once. Only
 * when all three cells are texts holding one JSON array of scalars (strings, numbers, true, false,
 * null) with no element twice: a nested array or object, an invalid JSON text, a list that repeats
 * an element (where removing one of two copies is a change a set cannot hold) is no list to merge,
 * and the row stays a conflict. Elements are compared as values for strings (one string JSON
 * escapes one way on one side and another way on the other is one element) and as written for
 * numbers ({@code 1} and {@code 1.0} are two). An order one side gave the base's elements is not
 * kept: the base's order is; but when all three are lists of strings in ascending order (as the
 * engine writes a need's tags), so is the merged list, the same whichever side is ours.
 */
final class JsonListCell {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonListCell() {}

  /**
   * The merged list as compact JSON text (as mlos writes a list), or null when a cell is not a JSON
   * list of distinct scalars.
   *
   * @param base the cell's value on the base (a {@link RowInserts.Parsed} value)
   * @param ours its value on ours
   * @param theirs its value on theirs
   */
  static String merge(Object base, Object ours, Object theirs) {
    Map<String, String> b = elements(base);
    Map<String, String> o = b == null ? null : elements(ours);
    Map<String, String> t = o == null ? null : elements(theirs);
    if (t == null) {
      return null;
    }
    Map<String, String> merged = new LinkedHashMap<>();
    b.forEach(
        (key, json) -> {
          if (o.containsKey(key) && t.containsKey(key)) {
            merged.put(key, json);
          }
        });
    for (Map<String, String> side : List.of(o, t)) {
      side.forEach(
          (key, json) -> {
            if (!b.containsKey(key)) {
              merged.putIfAbsent(key, json);
            }
          });
    }
    List<String> keys = new java.util.ArrayList<>(merged.keySet());
    if (sortedStrings(b) && sortedStrings(o) && sortedStrings(t)) {
      // Lists the engine keeps sorted (a need's tags) stay sorted, and the merge gives the same
      // bytes whichever side is ours.
      keys.sort(null);
    }
    StringBuilder out = new StringBuilder("[");
    for (String key : keys) {
      out.append(out.length() == 1 ? "" : ",").append(merged.get(key));
    }
    return out.append(']').toString();
  }

  /** True when every element of {@code list} is a string, in ascending order (as Java sorts). */
  private static boolean sortedStrings(Map<String, String> list) {
    String last = null;
    for (String key : list.keySet()) {
      if (!key.startsWith("s") || (last != null && last.compareTo(key) >= 0)) {
        return false;
      }
      last = key;
    }
    return true;
  }

  /**
   * The elements of the JSON array {@code cell}, in order, each by its identity ("s" and a string's
   * value, "n" and a number as written, "l" and true, false or null) with its JSON text as mlos
   * writes it; null when the cell is no text, no JSON array, holds more than one value, an array or
   * object inside, or an element twice.
   */
  private static Map<String, String> elements(Object cell) {
    if (!(cell instanceof String text)) {
      return null; // NULL, a number, a blob, or a text the line writes as CAST(X'..' AS TEXT)
    }
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      for (JsonToken tok = p.nextToken(); tok != JsonToken.END_ARRAY; tok = p.nextToken()) {
        String key;
        String json;
        if (tok == JsonToken.VALUE_STRING) {
          String value = p.getText();
          if (!wellFormed(value)) {
            return null; // half a surrogate pair (an escape of one) has no UTF-8 to write it in
          }
          key = "s" + value;
          json = Json.write(value);
        } else if (tok == JsonToken.VALUE_NUMBER_INT
            || tok == JsonToken.VALUE_NUMBER_FLOAT
            || tok == JsonToken.VALUE_TRUE
            || tok == JsonToken.VALUE_FALSE
            || tok == JsonToken.VALUE_NULL) {
          json = p.getText();
          key =
              (tok == JsonToken.VALUE_NUMBER_INT || tok == JsonToken.VALUE_NUMBER_FLOAT ? "n" : "l")
                  + json;
        } else {
          return null; // an array or object inside (or the text ended): no list of scalars
        }
        if (out.putIfAbsent(key, json) != null) {
          return null; // an element twice
        }
      }
      return p.nextToken() == null ? out : null;
    } catch (IOException e) {
      return null; // not JSON
    }
  }

  /** False when {@code s} holds a surrogate that is not half of a pair. */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
