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
        "The _why_.",
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

  /**
   * PROBLEM.md gathers many people's paragraphs: one written {@code *a*} beside one written {@code
   * _b_} failed markdownlint's MD049 on the page, and prettier rewrote it (a hand edit to the
   * guard). Each is written as prettier writes it; a marker that cannot change without changing
   * what it means leaves the paragraph as its words.
   */
  @Test
  void emphasisIsWrittenAsPrettierWritesItOrTheParagraphIsShownAsItsWords() {
    assertEquals(
        "The _checkout_ fails for **guests**, _really_ **now**.",
        MarkdownSummary.of("The *checkout* fails for __guests__, _really_ **now**.", 400));
    assertEquals("_a **b** c_", MarkdownSummary.of("*a __b__ c*", 400));
    assertEquals("`*x*` stays code", MarkdownSummary.of("`*x*` stays code", 400));
    assertEquals("snake_case _and_ x", MarkdownSummary.of("snake_case *and* x", 400));
    // inside a word '_' is no emphasis: its words, markup dropped
    assertEquals("unbelievable it is", MarkdownSummary.of("un*believ*able it is\n", 400));
    assertEquals(null, MarkdownSummary.inPrettierStyle("un*believ*able"));
    assertEquals("a*b", MarkdownSummary.inPrettierStyle("a*b"));
  }

  @Test
  void aDescriptionThatStartsWithAListIsItsItemsJoined() {
    // Cut to one escaped line, the markers read as punctuation: "\\- one - two".
    assertEquals("one; two", MarkdownSummary.of("- one\n- two", 400));
    assertEquals(
        "Check the \\<b\\> tag; run make",
        MarkdownSummary.of("1. Check the `<b>` tag\n2. run *make*\n   - nested\n\nMore.", 400));
    assertEquals("a; b...", MarkdownSummary.of("- a\n- b\n- ccccccccc", 7));
  }

  @Test
  void aDescriptionTooLongOrDeepForTheParserIsShownAsItsLineWithoutFailingThePage() {
    // 30,000 nested lists ran the parser's stack out: PROBLEM.md, and the compile, failed.
    String deep = "- ".repeat(30_000) + "x";
    assertEquals(MarkdownText.inline(MarkdownText.oneLine(deep, 40)), MarkdownSummary.of(deep, 40));
    String longText = "First *paragraph*.\n\n" + "- item\n".repeat(5000);
    assertEquals("First _paragraph_.", MarkdownSummary.of(longText, 400));
  }
}
