package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another agent or a teammate's pulled mlos.db.sql wrote reaches the terminal of whoever runs
 * {@code mlos need show}, {@code history}, {@code search} or {@code ready}: a description, a task's
 * text, a history row's reason, written here by a raw SQL client as a hostile one would. Its escape
 * sequences (clear the screen, set the title, a hyperlink, a cursor moved over the lines before,
 * CSI as the C1 control U+009B) must be shown, not obeyed; {@code --json} keeps every value exact.
 */
class HostileTextOnStdoutTest {
  /** Each kind of sequence a description was seen to carry, and how the text shows it. */
  private static final String HOSTILE =
      "\u001b[2J\u001b]0;owned\u0007\u001b]8;;http://x\u001b\\here\u001b]8;;\u001b\\\u001b[3A"
          + "\u009b2J\b\b\u007f\u0085 end";

  private static final String SHOWN =
      "\\u001B[2J\\u001B]0;owned\\u0007\\u001B]8;;http://x\\u001B\\here\\u001B]8;;\\u001B\\\\u001B[3A"
          + "\\u009B2J\\u0008\\u0008\\u007F\\u0085 end";

  @TempDir Path dir;

  @BeforeEach
  void plantedByARawSqlClient() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "Boots", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "active", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "actionable", "--as", "alice");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Try it", "--as", "alice");
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.PreparedStatement need =
            c.prepareStatement("UPDATE needs SET description = ? WHERE id = 1");
        java.sql.PreparedStatement task =
            c.prepareStatement("UPDATE tasks SET description = ? WHERE id = 1");
        java.sql.PreparedStatement history =
            c.prepareStatement(
                "INSERT INTO history (entity, entity_id, operation, old_values, new_values, actor,"
                    + " session, reason) VALUES ('need', 1, 'update', json_object('status', 'a'),"
                    + " json_object('status', 'b'), 'person:eve', 's', ?)")) {
      need.setString(1, "before " + HOSTILE);
      need.executeUpdate();
      // A task's description is one line since schema V11: a hostile client drops the check for
      // its write and puts it back, as a row from before V11 holds it.
      String oneLine;
      try (java.sql.Statement s = c.createStatement();
          java.sql.ResultSet rs =
              s.executeQuery(
                  "SELECT sql FROM sqlite_schema WHERE name = 'tasks_one_line_update'")) {
        oneLine = rs.getString(1);
        s.execute("DROP TRIGGER tasks_one_line_update");
      }
      task.setString(1, "Try it " + HOSTILE);
      task.executeUpdate();
      try (java.sql.Statement s = c.createStatement()) {
        s.execute(oneLine);
      }
      history.setString(1, "why " + HOSTILE);
      history.executeUpdate();
    }
  }

  /**
   * Shown so since Output.forTerminal escaped each command's text (5d1e050c); now the command
   * line's stdout does it for whatever is printed, as its stderr does.
   */
  @Test
  void theTextShowsEverySequenceAsCharactersAndSendsNone() {
    String needShow = text("need", "show", "1");
    assertTrue(needShow.contains("before " + SHOWN), needShow);
    assertTrue(needShow.contains("why " + SHOWN), needShow);
    String history = text("history", "need:1");
    assertTrue(history.contains("why " + SHOWN), history);
    String search = text("search", "Try it");
    assertTrue(search.contains("Try it " + SHOWN.substring(0, 20)), search);
    String ready = text("ready");
    assertTrue(ready.contains("Try it \\u001B[2J"), ready);
    String taskShow = text("task", "show", "1");
    assertTrue(taskShow.contains("Try it " + SHOWN), taskShow);
  }

  /**
   * JSON already wrote ESC, BEL and BS as {@code \\u001B} and the like, which stay byte for byte;
   * DEL and the C1 controls (CSI U+009B, NEL U+0085) it wrote raw, and they are now the JSON
   * escapes {@code \\u009B}: the same characters to any JSON reader, none to a terminal.
   */
  @Test
  void jsonKeepsEveryValueAndItsC0EscapesAndEscapesC1() throws Exception {
    String out = json("need", "show", "1");
    assertEquals("before " + HOSTILE, Output.JSON.readTree(out).path("description").asText(), out);
    assertTrue(out.contains("\\u001B[2J\\u001B]0;owned\\u0007"), out);
    assertTrue(out.contains("\\u009B2J\\b\\b\\u007F\\u0085 end"), out);

    String history = json("history", "need:1");
    assertTrue(history.contains(escaped("why " + HOSTILE)), history);
    for (String[] args : new String[][] {{"search", "Try it"}, {"ready"}, {"task", "show", "1"}}) {
      String json = json(args);
      assertTrue(json.contains(escaped("Try it " + HOSTILE)), json);
    }
  }

  /**
   * A description's line that begins with {@code ::} was printed at the start of a line of {@code
   * need show}: in a CI job, GitHub Actions' runner took it for a command ({@code
   * ::stop-commands::} silences the job's own annotations, {@code ::add-mask::} hides a value), and
   * {@code ##[error]} counts anywhere in a line. The text shows both; the JSON keeps the value.
   */
  @Test
  void aDescriptionStartsNoCiRunnerCommand() throws Exception {
    String description = "see below\n::stop-commands::t0k\n  ::add-mask::main\nok ##[error]forged";
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.PreparedStatement need =
            c.prepareStatement("UPDATE needs SET description = ? WHERE id = 1")) {
      need.setString(1, description);
      need.executeUpdate();
    }
    String shown = text("need", "show", "1");
    assertTrue(
        shown.contains(
            "  see below\n  :\\u003Astop-commands::t0k\n    :\\u003Aadd-mask::main\n"
                + "  ok ##\\u005Berror]forged"),
        shown);
    String json = json("need", "show", "1");
    assertEquals(description, Output.JSON.readTree(json).path("description").asText(), json);
    for (String out : new String[] {shown, json}) {
      for (String line : out.split("\r?\n")) {
        assertTrue(!line.strip().startsWith("::") && !line.contains("##["), out);
      }
    }
  }

  /**
   * What {@code args --json} prints: no control character, and the bytes Jackson writes for the
   * values it holds (what mlos printed before), but DEL and the C1 controls as JSON escapes.
   */
  private String json(String... args) throws Exception {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = "--json";
    String out = InProcess.ok(dir, all).out();
    assertOnlyLineBreaks(out);
    assertEquals(
        Output.JSON.writeValueAsString(Output.JSON.readTree(out)) + System.lineSeparator(),
        unescapedC1(out),
        "the bytes Jackson writes, but for its C1 controls and DEL");
    return out;
  }

  /** {@code text} as a JSON string's content is printed now: Jackson's, C1 and DEL escaped. */
  private static String escaped(String text) throws Exception {
    String s = Output.JSON.writeValueAsString(text);
    StringBuilder b = new StringBuilder();
    for (char c : s.substring(1, s.length() - 1).toCharArray()) {
      b.append(
          c >= 0x7f && c <= 0x9f
              ? String.format(java.util.Locale.ROOT, "\\u%04X", (int) c)
              : String.valueOf(c));
    }
    return b.toString();
  }

  private static String unescapedC1(String json) {
    return json.replace("\\u007F", "\u007f")
        .replace("\\u0085", "\u0085")
        .replace("\\u009B", "\u009b")
        // "##[" (a CI runner's command anywhere in a line) is "##\u005B", the same to a reader.
        .replace("##\\u005B", "##[");
  }

  private String text(String... args) {
    String out = InProcess.ok(dir, args).out();
    assertOnlyLineBreaks(out);
    return out;
  }

  /** No control character reaches the terminal but the line break and the tab. */
  private static void assertOnlyLineBreaks(String out) {
    assertTrue(
        out.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'), out);
  }
}
