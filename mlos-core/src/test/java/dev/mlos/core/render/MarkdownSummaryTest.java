package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The cases of {@link MarkdownSummary} that PROBLEM.md's test does not reach. */
class MarkdownSummaryTest {
  @Test
  void aPlainLineIsShownAsItIs() {
    assertEquals("Same database, same boot.", MarkdownSummary.of("Same database, same boot.", 400));
  }

  @Test
  void headingsOfEitherFormAndDefinitionsBeforeTheParagraphArePassedOver() {
    assertEquals(
        "The *why*.",
        MarkdownSummary.of("Context\n=======\n\n[r]: https://example.org\n\nThe *why*.\n", 400));
    assertEquals("Text.", MarkdownSummary.of("<!-- a note -->\n\nText.", 400));
  }

  @Test
  void aParagraphTooLongForTheIndexIsItsWordsCutAndEscaped() {
    String words = "word ".repeat(100);
    assertEquals(
        "Bold word word word word word word wo...", MarkdownSummary.of("**Bold** " + words, 40));
  }

  @Test
  void anInvisibleCharacterOrAParagraphThatWouldNotStandAloneIsShownAsText() {
    // U+FEFF is shown as U+FFFD, as mlos.inline shows it
    assertEquals("a \ufffdb c", MarkdownSummary.of("a `\ufeffb`\nc\n\n- x", 400));
    // raw HTML is left out: its words only
    assertEquals("a b", MarkdownSummary.of("a <pre>b", 400));
  }
}
