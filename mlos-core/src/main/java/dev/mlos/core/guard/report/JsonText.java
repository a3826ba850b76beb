package dev.mlos.core.guard.report;

import dev.mlos.core.view.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Indented JSON of plain values (maps, lists, strings, numbers, booleans, null), for report files.
 */
final class JsonText {
  private JsonText() {}

  /** {@code value} as JSON indented by two spaces, ending with a newline. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.append('\n').toString();
  }

  private static void write(Object v, StringBuilder out, int depth) {
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      out.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        indent(out, depth + 1);
        out.append(Json.write(String.valueOf(e.getKey()))).append(": ");
        write(e.getValue(), out, depth + 1);
        out.append(it.hasNext() ? ",\n" : "\n");
      }
      indent(out, depth);
      out.append('}');
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      out.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        indent(out, depth + 1);
        write(l.get(i), out, depth + 1);
        out.append(i + 1 < l.size() ? ",\n" : "\n");
      }
      indent(out, depth);
      out.append(']');
    } else {
      // Scalars and empty containers: the compact writer escapes strings (control characters as
      // \\uXXXX), so the output is valid JSON.
      out.append(Json.write(v));
    }
  }

  private static void indent(StringBuilder out, int depth) {
    out.append("  ".repeat(depth));
  }
}
