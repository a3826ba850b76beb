package dev.mlos.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain-JDBC writes and reads for tests that check what the database itself keeps or refuses. */
public final class JdbcRows {
  private JdbcRows() {}

  /** Runs {@code sql}, one statement. */
  public static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Runs {@code sql} with {@code text} as its one parameter. */
  public static void insert(Connection c, String sql, String text) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, text);
      ps.executeUpdate();
    }
  }

  /** Every row of {@code sql}, each as its columns' text joined by '|' (null as "null"). */
  public static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }
}
