package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.ShownText;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A need titled with a zero-width space alone, or a task described with a soft hyphen and a word
 * joiner (rows from before schema mlos V19, which refuses them, or written with its triggers off),
 * is shown by its fallback: PROBLEM.md linked such a need as {@code [U+200B](needs/1-untitled.md)},
 * a link no one could see, and its page had an empty heading.
 */
class InvisibleTitlePagesTest {
  @TempDir Path dir;

  @Test
  void aTitleOfOnlyInvisibleCharactersIsShownByItsFallback() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.oldRows(
        "UPDATE needs SET title = char(8203) WHERE id = 1",
        "UPDATE tasks SET description = char(173, 8288) WHERE id = 1");

    w.compile();

    String problem = w.read("PROBLEM.md");
    assertTrue(problem.contains("[need 1](needs/1-untitled.md)"), problem);
    // The words the command line and the MCP server show for it too.
    assertTrue(
        problem.contains("[" + ShownText.needTitle(1, "\u200B") + "](needs/1-untitled.md)"),
        problem);
    assertFalse(problem.contains("[\u200B]"), problem);
    String page = w.read("needs/1-untitled.md");
    assertTrue(page.startsWith("# Need 1\n") || page.contains("\n# Need 1\n"), page);
    assertTrue(page.contains(": " + ShownText.NO_DESCRIPTION), page);
    assertFalse(page.contains("# \u200B"), page);
  }
}
