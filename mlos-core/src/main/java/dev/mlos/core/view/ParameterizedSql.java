package dev.mlos.core.view;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL with {@code :name} parameters rewritten to JDBC's {@code ?}, remembering which name goes
 * where. Values are always bound, never pasted into the text. Names may be dotted ({@code
 * :row.id}). String literals, quoted identifiers and comments are skipped, so {@code ':x'} or
 * {@code -- :x} are left alone.
 */
public record ParameterizedSql(String original, String jdbcSql, List<String> parameterNames) {

  public ParameterizedSql {
    parameterNames = List.copyOf(parameterNames);
  }

  public static ParameterizedSql parse(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    List<String> names = new ArrayList<>();
    for (SqlTokens.Token t : SqlTokens.of(sql)) {
      if (t.kind() == SqlTokens.Kind.PARAMETER) {
        names.add(sql.substring(t.start() + 1, t.end()));
        out.append('?');
      } else {
        out.append(sql, t.start(), t.end());
      }
    }
    return new ParameterizedSql(sql, out.toString(), names);
  }
}
