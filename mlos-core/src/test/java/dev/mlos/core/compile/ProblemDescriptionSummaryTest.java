package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROBLEM.md shows each open need's description as its first paragraph with the paragraph's
 * markdown kept: a team writes descriptions as markdown (a heading, a list of steps, a code block,
 * a table), and the page used to show the whole of it cut to one escaped line, its punctuation
 * included ({@code \#\# Context ... \- step \`\`\`bash}). Nothing of a description may become the
 * page's own structure: the page's headings stay the title and one per need.
 */
class ProblemDescriptionSummaryTest {
  @TempDir Path dir;

  @Test
  void theFirstParagraphIsShownWithItsMarkdownAndNothingElseOfTheDescription() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.sql(
        need(
            1,
            "Checkout fails on Safari",
            "## Context\n\nThe *checkout* button does nothing on **Safari 17**; see"
                + " [the report](https://example.org/r/1) and `cart.js`.\n\n"
                + "Steps:\n\n- open the cart\n- press `Pay`\n\n```bash\nnpm test\n```\n\n"
                + "| browser | works |\n|---|---|\n| Safari | no |\n\n# Not a heading of the page\n"),
        need(2, "Steps first", "- one\n- two\n"),
        need(3, "Table first", "| a | b |\n|---|---|\n| 1 | 2 |\n"),
        need(4, "Paragraph then table", "Before the table.\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
        need(5, "Raw HTML", "Click <details><summary>here</summary> and **more**\n"),
        need(6, "Lines joined", "First line,\nsecond line\\\nthird   line.\n\nSecond paragraph.\n"),
        need(7, "Plain", "עברית ועוד: a plain line with an RTL word."));
    w.compile();
    String page = w.read("PROBLEM.md");

    assertTrue(
        page.contains(
            "\n\nThe _checkout_ button does nothing on **Safari 17**; see"
                + " [the report](https://example.org/r/1) and `cart.js`.\n\n"),
        page);
    assertFalse(page.contains("Steps:"), page);
    assertFalse(page.contains("npm test"), page);
    // a description that starts with a list: its items' words (escaped on one line, the markers
    // read as punctuation: '\- one - two'); with a table: its text on one line, escaped
    assertTrue(page.contains("\n\none; two\n"), page);
    assertTrue(page.contains("\n\n\\| a \\| b \\| \\|---\\|---\\| \\| 1 \\| 2 \\|\n"), page);
    assertTrue(page.contains("\n\nBefore the table.\n"), page);
    // raw HTML is not passed on (a <details> left open folds the rest of the page on GitHub)
    assertTrue(page.contains("\n\nClick here and more\n"), page);
    assertTrue(page.contains("\n\nFirst line, second line third line.\n"), page);
    assertTrue(page.contains("\n\nעברית ועוד: a plain line with an RTL word.\n"), page);

    List<String> headings = new ArrayList<>();
    for (Node n : Parser.builder().build().parse(page).getDescendants()) {
      if (n instanceof Heading h) {
        headings.add(h.getLevel() + " " + h.getText());
      }
    }
    assertEquals(8, headings.size(), headings.toString());
    assertEquals("1 Open needs", headings.get(0));
  }

  /**
   * A need created without --priority is headed {@code ## P- · need 9: ...} on PROBLEM.md, the
   * first place a newcomer meets the "P-", and the page's first line explained only 1 to 5. It now
   * says what P- means when the page lists such a need, and only then (an unchanged page for a team
   * that gives every need a priority).
   */
  @Test
  void aPageListingANeedWithoutAPrioritySaysWhatPDashMeans() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.sql(need(1, "Has one", "Text."));
    w.compile();
    String withPriorities = w.read("PROBLEM.md");
    assertTrue(
        withPriorities.contains("most urgent first (priority 1 is critical, 5 is background).\n"),
        withPriorities);

    w.sql(
        "INSERT INTO needs (id, title, status, created_at, updated_at) VALUES (9, 'No priority yet',"
            + " 'identified', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')");
    w.compile();
    String page = w.read("PROBLEM.md");

    assertTrue(page.contains("\n## P- · need 9: "), page);
    assertTrue(
        page.contains(
            "most urgent first (priority 1 is critical, 5 is background; P- marks a need with no"
                + " priority yet, listed last).\n"),
        page);
  }

  private static String need(long id, String title, String description) {
    return "INSERT INTO needs (id, title, description, status, priority, scope, created_at,"
        + " updated_at) VALUES ("
        + id
        + ", "
        + sql(title)
        + ", "
        + sql(description)
        + ", 'active', 2, 'web', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')";
  }

  private static String sql(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
