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

  /**
   * A text form is split while it is read (init on a large workspace): at every chunk size and
   * however the reader hands out its characters, the statements and their lines are those of the
   * whole text split at once, even where a chunk ends inside a literal, a comment or a trigger.
   */
  @Test
  void aScriptSplitWhileItIsReadGivesTheStatementsOfTheWholeText() throws Exception {
    String sql =
        """
        -- header; a comment
        CREATE TABLE a (x TEXT DEFAULT 'a;b');
        /* block; comment
           over lines */
        INSERT INTO a VALUES('it''s; fine' || char(10) || 'x');
        INSERT INTO a VALUES('two
        lines; in one literal');
        CREATE TRIGGER t BEFORE INSERT ON a
        BEGIN
          SELECT CASE WHEN new.x = 'z' THEN RAISE(ABORT, 'no; z') END;
          SELECT 1;
        END;
        SELECT "odd;name" FROM a;-- trailing
        INSERT INTO a VALUES('unterminated
        """;
    List<SqlScript.Statement> whole = SqlScript.parse("t.sql", sql).statements();
    assertEquals(6, whole.size(), whole.toString());
    for (int chunk = 1; chunk <= sql.length() + 1; chunk++) {
      for (int perRead : new int[] {1, 3, 7, 64 * 1024}) {
        List<SqlScript.Statement> streamed = new java.util.ArrayList<>();
        SqlScript.forEach(new Trickle(sql, perRead), chunk, streamed::add);
        assertEquals(whole, streamed, "chunk " + chunk + ", " + perRead + " per read");
      }
    }
  }

  /** A reader that hands out at most {@code perRead} characters at a time. */
  private static final class Trickle extends java.io.Reader {
    private final String text;
    private final int perRead;
    private int at;

    Trickle(String text, int perRead) {
      this.text = text;
      this.perRead = perRead;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (at >= text.length()) {
        return -1;
      }
      int n = Math.min(Math.min(len, perRead), text.length() - at);
      text.getChars(at, at + n, buf, off);
      at += n;
      return n;
    }

    @Override
    public void close() {}
  }
}
