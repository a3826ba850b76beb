package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.PortableName;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One path rule for the compiler and the database (issue 22 item 4): every path of one shared list
 * is accepted by {@code artifacts.file_path} exactly when {@link WorkspacePath} accepts it, through
 * JDBC and through the plain {@code sqlite3} shell; control characters in transcripts are refused
 * too.
 */
class PathRuleTest {
  /** 3 names of 30 rockets: 183 UTF-16 units, 93 code points. */
  private static final String ASTRAL = ("🚀".repeat(30) + "/").repeat(3);

  /** The shared list: each path Java and SQLite must judge alike. */
  static final List<String> PATHS =
      List.of(
          "README.md",
          "docs/a.md",
          "a..b/c..md",
          ".hidden/x",
          "sprint 12/notes.md",
          "é/ü.md",
          "🚀/x.md",
          "a:b",
          "x/C:/y",
          "aux.md",
          "docs/CON",
          "nul.tar.gz",
          "Com1 .log",
          "lpt\u00b9",
          "console.md",
          "con x.md",
          "com10",
          "notes.",
          "dir /a.md",
          "why?.md",
          "a|b",
          "say\"hi\"",
          "<x>",
          "star*",
          "...",
          ".../a",
          "a/...",
          "",
          ".",
          "..",
          "./x",
          "./docs/a.md",
          "x/.",
          "x/./y",
          "a/..",
          "a/../b",
          "../outside.md",
          "docs/../../x",
          "/",
          "/etc/passwd",
          "//x",
          "a//b",
          "a/",
          "C:/x.md",
          "c:x",
          "Z:",
          "docs\\win.md",
          "\\x",
          "a\nb",
          "a\rb",
          "x\u0000y",
          "\u0000",
          "tab\there",
          "esc\u001b[31m",
          "bel\u0007",
          "del\u007f",
          "nel\u0085x",
          "c1\u009f",
          "nbsp\u00a0ok",
          "line\u2028sep",
          "a".repeat(240),
          "a".repeat(241),
          "d/".repeat(119) + "xy",
          // Characters outside the BMP count twice towards 240 (UTF-16, as Java counts); names stay
          // under 255 bytes.
          ASTRAL + "a".repeat(57),
          ASTRAL + "a".repeat(58),
          ("🚀".repeat(20) + "/").repeat(5) + "ab");

  private static final String[] PIECES = {
    "/", "/", "/", ".", ".", "..", "a", "b", "C", "z", ":", "\\", "\u0000", "\n", "\u007f",
    "\u0085", "é", "🚀", "-", "_", "md", " ", "aux", "Con", "lpt1", "?", "|",
  };

  @TempDir Path dir;

  /**
   * The rule of an artifact's path: a {@link WorkspacePath} whose every name a clone on Windows can
   * check out ({@link PortableName}, schema V18).
   */
  static boolean javaAccepts(String path) {
    try {
      WorkspacePath.of(path);
    } catch (InvalidPathException e) {
      return false;
    }
    return PortableName.problemWith(path) == null;
  }

  Connection migrated(Path file) {
    Connection c = Database.at(file).open(true);
    Migrator.forSet("mlos").migrate(c);
    return c;
  }

  static boolean sqlAccepts(PreparedStatement insert, String path) {
    try {
      insert.setString(1, path);
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      assertTrue(
          e.getMessage().contains("artifact: file_path must")
              || e.getMessage().contains("artifacts_file_path"),
          "a refused path names the rule: " + e.getMessage());
      return false;
    }
  }

  @Test
  void theSharedListIsJudgedAlikeThroughJdbc() throws Exception {
    try (Connection c = migrated(dir.resolve("jdbc.db"));
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO artifacts (title, file_path) VALUES ('a', ?)")) {
      for (String path : PATHS) {
        assertEquals(javaAccepts(path), sqlAccepts(insert, path), "path " + visible(path));
      }
    }
  }

  @Test
  void randomPathLikeStringsAreJudgedAlike() throws Exception {
    SplittableRandom random = new SplittableRandom(20261203L);
    try (Connection c = migrated(dir.resolve("random.db"));
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO artifacts (title, file_path) VALUES ('a', ?)")) {
      c.setAutoCommit(false);
      for (int n = 0; n < 3000; n++) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(9);
        for (int i = 0; i < length; i++) {
          sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        String path = sb.toString();
        assertEquals(javaAccepts(path), sqlAccepts(insert, path), "path " + visible(path));
      }
      c.commit();
    }
  }

  @Test
  void updatesAreJudgedByTheSameRule() throws Exception {
    try (Connection c = migrated(dir.resolve("update.db"));
        Statement s = c.createStatement();
        PreparedStatement update =
            c.prepareStatement("UPDATE artifacts SET file_path = ? WHERE id = 1")) {
      s.execute("INSERT INTO artifacts (title, file_path) VALUES ('a', 'ok.md')");
      for (String path : PATHS) {
        assertEquals(javaAccepts(path), sqlAccepts(update, path), "path " + visible(path));
      }
    }
  }

  @Test
  void theSharedListIsJudgedAlikeInTheShell() throws Exception {
    Path db = dir.resolve("shell.db");
    migrated(db).close();
    List<String> differ = new ArrayList<>();
    for (String path : PATHS) {
      SqliteShell.Result r =
          SqliteShell.run(
              db,
              "INSERT INTO artifacts (title, file_path) VALUES ('a', "
                  + sqlExpression(path)
                  + ");");
      if (r.ok() != javaAccepts(path)) {
        differ.add(
            visible(path)
                + " (shell "
                + (r.ok() ? "accepted" : "refused: " + r.err().strip())
                + ")");
      }
    }
    assertEquals(List.of(), differ);
  }

  @Test
  void aNameLongerThan255BytesIsRefused() throws Exception {
    // The limit of ext4, APFS and NTFS; WorkspacePath gets the same rule on branch rel (issue 22
    // item
    // 15), after which these two paths belong in PATHS.
    try (Connection c = migrated(dir.resolve("names.db"));
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO artifacts (title, file_path) VALUES ('a', ?)")) {
      assertTrue(sqlAccepts(insert, "d/" + "é".repeat(127)), "254 bytes");
      SQLException e =
          Assertions.assertThrows(
              SQLException.class,
              () -> {
                insert.setString(1, "d/" + "é".repeat(128));
                insert.executeUpdate();
              });
      assertTrue(
          e.getMessage()
              .contains("artifact: file_path must not have a name longer than 255 bytes in UTF-8"),
          e.getMessage());
    }
  }

  @Test
  void transcriptsRefuseControlCharactersOnly() throws Exception {
    Path db = dir.resolve("transcripts.db");
    migrated(db).close();
    String[] bad = {"t\nx", "t\u0000", "t\u001b[2J", "t\u0085"};
    for (String v : bad) {
      String e = sqlExpression(v);
      assertShellRefuses(
          db,
          "INSERT INTO needs (title, source_transcript) VALUES ('n', " + e + ");",
          "need: source_transcript must not contain control characters");
      assertShellRefuses(
          db,
          "INSERT INTO artifacts (title, source_transcript) VALUES ('a', " + e + ");",
          "artifact: source_transcript must not contain control characters");
      assertShellRefuses(
          db,
          "INSERT INTO agents (agent_type, session_transcript) VALUES ('janitor', " + e + ");",
          "agent: session_transcript must not contain control characters");
    }
    // Provenance text, not a workspace path: absolute paths and odd names are fine.
    SqliteShell.Result ok =
        SqliteShell.run(
            db,
            "INSERT INTO needs (title, source_transcript) VALUES ('n', '/home/me/.specstory/2026 x.md');"
                + "UPDATE needs SET status = 'active' WHERE id = 1; UPDATE needs SET status = 'actionable' WHERE id = 1;"
                + "INSERT INTO tasks (need_id, description, source_transcript) VALUES (1, 't', 'C:\\t.md');"
                + "INSERT INTO agents (agent_type, session_transcript) VALUES ('janitor', '../t.md');");
    assertTrue(ok.ok(), ok.err());
    assertShellRefuses(
        db,
        "INSERT INTO tasks (need_id, description, source_transcript) VALUES (1, 't', char(116, 10));",
        "task: source_transcript must not contain control characters");
    assertShellRefuses(
        db,
        "UPDATE tasks SET source_transcript = char(116, 0) WHERE id = 1;",
        "task: source_transcript must not contain control characters");
    assertShellRefuses(
        db,
        "UPDATE needs SET source_transcript = char(116, 13) WHERE id = 1;",
        "need: source_transcript must not contain control characters");
    assertShellRefuses(
        db,
        "UPDATE agents SET session_transcript = char(116, 27) WHERE id = 1;",
        "agent: session_transcript must not contain control characters");
  }

  private static void assertShellRefuses(Path db, String sql, String message) {
    SqliteShell.Result r = SqliteShell.run(db, sql);
    assertTrue(!r.ok() && r.err().contains(message), sql + " -> " + r.err());
  }

  /** The path as a SQL expression the shell can take: char() of its code points. */
  static String sqlExpression(String s) {
    if (s.isEmpty()) {
      return "''";
    }
    // char() takes at most 100 arguments: chunks of 50 code points, concatenated.
    int[] cps = s.codePoints().toArray();
    List<String> chunks = new ArrayList<>();
    for (int from = 0; from < cps.length; from += 50) {
      StringBuilder sb = new StringBuilder("char(");
      for (int i = from; i < Math.min(cps.length, from + 50); i++) {
        sb.append(i > from ? "," : "").append(cps[i]);
      }
      chunks.add(sb.append(')').toString());
    }
    return "(" + String.join(" || ", chunks) + ")";
  }

  private static String visible(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            cp ->
                sb.append(
                    cp < 32 || (cp >= 127 && cp < 160)
                        ? String.format("\\u%04x", cp)
                        : new String(Character.toChars(cp))));
    return sb.append('"').toString();
  }
}
