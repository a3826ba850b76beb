package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsOnSemicolonsOutsideStringsCommentsAndTriggerBodies() {
    String sql =
        """
        -- a comment; not a statement
        CREATE TABLE a (x TEXT DEFAULT 'a;b');
        /* block; comment
           over lines */
        INSERT INTO a VALUES ('it''s; fine');
        CREATE TRIGGER t BEFORE INSERT ON a
        BEGIN
          SELECT CASE WHEN new.x = 'z' THEN RAISE(ABORT, 'no; z') END;
          SELECT 1;
        END;
        SELECT "odd;name" FROM a
        """;
    List<SqlScript.Statement> st = SqlScript.parse("t.sql", sql).statements();
    assertEquals(4, st.size());
    assertEquals(2, st.get(0).line());
    assertEquals("CREATE TABLE a (x TEXT DEFAULT 'a;b');", st.get(0).sql());
    assertEquals(5, st.get(1).line());
    assertEquals(6, st.get(2).line());
    assertEquals(true, st.get(2).sql().endsWith("SELECT 1;\nEND;"));
    assertEquals(11, st.get(3).line());
    assertEquals("SELECT \"odd;name\" FROM a", st.get(3).sql());
  }

  @Test
  void emptyAndCommentOnlyScriptsHaveNoStatements() {
    assertEquals(List.of(), SqlScript.parse("e.sql", "").statements());
    assertEquals(List.of(), SqlScript.parse("c.sql", "-- only\n/* comments */\n;\n").statements());
  }
}
