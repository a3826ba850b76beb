package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlos ready} and {@code mlos need show} of a need titled with a zero-width space alone and
 * a task described with a soft hyphen and a word joiner (rows from before schema mlos V19, or
 * written with its triggers off): the text answers printed the stored text, an empty-looking title,
 * where the compiled pages show {@code need 1} and {@code no description}; they show the same words
 * now. {@code --json} keeps the stored values (the rows' columns, for scripts).
 */
class InvisibleTitleWordsTest {
  @TempDir Path dir;

  @Test
  void readyAndNeedShowWordAnInvisibleTitleAsThePagesDo() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "Boots", "--priority", "2", "--scope", "kernel");
    InProcess.ok(dir, "need", "move", "1", "active");
    InProcess.ok(dir, "need", "move", "1", "actionable");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Pin the toolchain");
    InProcess.ok(dir, "need", "create", "Docs", "--priority", "3");
    InProcess.ok(dir, "need", "move", "2", "active");
    InProcess.ok(dir, "need", "move", "2", "actionable");
    OldTextRows.write(
        dir.resolve("mlos.db"),
        "UPDATE needs SET title = char(8203), scope = char(8203) WHERE id = 1",
        "UPDATE needs SET title = char(8203) WHERE id = 2",
        "UPDATE tasks SET description = char(173, 8288) WHERE id = 1");

    String since = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    assertEquals(
        "2 ready:\n"
            + "  task 1  no description  (P2 task of need 1, open since "
            + since
            + ")\n"
            + "  need 2  need 2  (P3 actionable need with no live task, waiting since "
            + since
            + ")",
        InProcess.ok(dir, "ready").out().strip());

    String show = InProcess.ok(dir, "need", "show", "1").out();
    assertTrue(show.startsWith("need 1 [actionable] P2 need 1 (scope -)\n"), show);
    assertTrue(show.contains("\n  task 1 [open] P2 no description (need 1)"), show);
    assertFalse(show.contains("\u200B") || show.contains("\u00AD"), show);

    JsonNode json =
        new ObjectMapper().readTree(InProcess.ok(dir, "need", "show", "1", "--json").out());
    assertEquals("\u200B", json.get("title").asText(), "--json: the stored value");
  }
}
