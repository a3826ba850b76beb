package dev.mlos.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterizedSqlTest {
  @Test
  void namedParametersBecomePlaceholdersInOrder() {
    ParameterizedSql p =
        ParameterizedSql.parse(
            "SELECT * FROM t WHERE a = :scope AND b = :row.id OR :scope IS NULL");
    assertEquals("SELECT * FROM t WHERE a = ? AND b = ? OR ? IS NULL", p.jdbcSql());
    assertEquals(List.of("scope", "row.id", "scope"), p.parameterNames());
  }

  @Test
  void literalsIdentifiersAndCommentsAreLeftAlone() {
    String sql =
        "SELECT ':no', \"a:b\", [c:d], `e:f` -- :comment\n/* :block */ FROM t WHERE x = :yes";
    ParameterizedSql p = ParameterizedSql.parse(sql);
    assertEquals(List.of("yes"), p.parameterNames());
    assertEquals(sql.replace(":yes", "?"), p.jdbcSql());
  }

  @Test
  void escapedQuotesAndTrailingDotsDoNotConfuseIt() {
    ParameterizedSql p = ParameterizedSql.parse("SELECT 'it''s :x' WHERE y = :y.");
    assertEquals(List.of("y"), p.parameterNames());
    assertEquals("SELECT 'it''s :x' WHERE y = ?.", p.jdbcSql());
  }
}
