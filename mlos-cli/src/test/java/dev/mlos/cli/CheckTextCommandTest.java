package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.core.dbtext.DatabaseText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlos check-text --base REV} in this JVM, on a real git repository. */
class CheckTextCommandTest {
  @TempDir Path dir;

  private Path text;

  private void git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of("-c", "user.name=t", "-c", "user.email=t@example.org"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out);
  }

  /** A workspace keeping mlos.db.sql, a need in it, committed on main. */
  @BeforeEach
  void setUp() throws Exception {
    text = dir.resolve("mlos.db.sql");
    Files.writeString(text, DatabaseText.HEADER + "\n");
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "Boot reproducibly");
    InProcess.ok(dir, "compile");
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
  }

  private int handEdit(String prefix, String from, String to) throws Exception {
    List<String> l = new ArrayList<>(Files.readAllLines(text, StandardCharsets.UTF_8));
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).startsWith(prefix)) {
        assertTrue(l.get(i).contains(from), l.get(i));
        l.set(i, l.get(i).replace(from, to));
        Files.writeString(text, String.join("\n", l) + "\n", StandardCharsets.UTF_8);
        return i + 1;
      }
    }
    throw new AssertionError("no line " + prefix);
  }

  @Test
  void aNeedResolvedByHandIsRefusedWithItsLineTheRuleAndTheFix() throws Exception {
    int at = handEdit("INSERT INTO \"needs\" VALUES(1,", "'identified'", "'resolved'");

    InProcess.Run r = InProcess.run(dir, Main.REFUSED, "check-text", "--base", "main");

    List<String> err = r.err().lines().toList();
    assertEquals(
        "mlos.db.sql:"
            + at
            + ": need: identified -> resolved is not allowed (needs 1 changed by hand since main)",
        err.get(0),
        r.err());
    assertTrue(
        err.get(1).startsWith("  fix: restore line " + at + " to its version at main"), r.err());
    assertTrue(err.get(2).startsWith("refused (dbtext.hand_edit_breaks_rule): 1 of the 1 row(s)"));
    // The closing fix on its own line, as every refusal of the command line puts it.
    assertTrue(err.get(3).startsWith("  fix: make each change with mlos"), r.err());
    assertEquals(4, err.size(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void changesMadeWithMlosPassSilently() throws Exception {
    InProcess.ok(dir, "need", "create", "Second need");
    InProcess.ok(dir, "compile");

    InProcess.Run r = InProcess.ok(dir, "check-text", "--base", "main");

    assertEquals("", r.out());
    assertEquals("", r.err());
  }

  @Test
  void itsJsonListsTheRefusedRows() throws Exception {
    int at = handEdit("INSERT INTO \"needs\" VALUES(1,", "'identified'", "'resolved'");

    InProcess.Run r = InProcess.run(dir, Main.REFUSED, "check-text", "--base", "main", "--json");

    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("mlos.db.sql", json.get("path").asText());
    JsonNode x = json.get("refused").get(0);
    assertEquals(at, x.get("line").asInt());
    assertEquals("needs", x.get("table").asText());
    assertEquals("need: identified -> resolved is not allowed", x.get("rule").asText());
    // The rows are the JSON's: stderr has only the exit code's refusal and its fix, as every
    // command's refusal (it repeated each row, with its fix, before them).
    List<String> err = r.err().lines().toList();
    assertEquals(2, err.size(), r.err());
    assertTrue(err.get(0).startsWith("refused (dbtext.hand_edit_breaks_rule): 1 of the 1 row(s)"));
    assertTrue(err.get(1).startsWith("  fix: make each change with mlos"), r.err());
  }

  /** Clean with --json: the JSON on stdout, nothing on stderr, exit 0. */
  @Test
  void itsJsonOfACleanChangeIsAllItPrints() throws Exception {
    InProcess.ok(dir, "need", "create", "Second need");
    InProcess.ok(dir, "compile");

    InProcess.Run r = InProcess.ok(dir, "check-text", "--base", "main", "--json");

    assertEquals(0, new ObjectMapper().readTree(r.out()).get("refused").size());
    assertEquals("", r.err());
  }

  @Test
  void aBaseThatIsNoRevisionIsABadArgumentNamingTheOption() throws Exception {
    InProcess.Run none = InProcess.run(dir, Main.BROKEN, "check-text", "--base", "origin/nope");
    assertTrue(none.err().startsWith("error: --base 'origin/nope' names no commit"), none.err());
    assertTrue(none.err().contains("\n  fix: "), none.err());

    InProcess.Run option = InProcess.run(dir, Main.BROKEN, "check-text", "--base=-x");
    assertTrue(option.err().contains("starts with '-'"), option.err());
  }
}
