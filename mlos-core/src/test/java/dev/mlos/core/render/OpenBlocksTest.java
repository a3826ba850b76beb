package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A description that opens a code fence or an HTML comment and never closes it would, in any
 * CommonMark renderer, turn the rest of its need's page (parent, tasks, relationships, history)
 * into code or hide it.
 */
class OpenBlocksTest {
  @Test
  void aFenceOrCommentLeftOpenIsClosedAtTheEnd() {
    assertEquals("intro\n```\nfence\n```", OpenBlocks.closed("intro\n```\nfence"));
    assertEquals("````sh\nx\n```\n````", OpenBlocks.closed("````sh\nx\n```\n"));
    assertEquals("  ~~~\nx\n~~~", OpenBlocks.closed("  ~~~\nx"));
    assertEquals("a\n<!-- hidden\nrest\n-->", OpenBlocks.closed("a\n<!-- hidden\nrest"));
    assertEquals("```\n<!-- in code\n```", OpenBlocks.closed("```\n<!-- in code"));
  }

  @Test
  void anHtmlBlockThatRunsToAnEndMarkerOrADetailsLeftOpenIsClosedAtTheEnd() {
    // A <pre> or <script> left open ran to the end of the page as raw HTML (GitHub drops a
    // script with all it holds), and an open <details> folded the tasks and history away.
    assertEquals("a\n<pre>\nx\n\nrest\n</pre>", OpenBlocks.closed("a\n<pre>\nx\n\nrest"));
    assertEquals(
        "<SCRIPT type=x>\nhidden\n</script>", OpenBlocks.closed("<SCRIPT type=x>\nhidden"));
    assertEquals("<?php\nx\n?>", OpenBlocks.closed("<?php\nx"));
    assertEquals("<![CDATA[\nx\n]]>", OpenBlocks.closed("<![CDATA[\nx"));
    assertEquals("<!DOCTYPE\nx\n>", OpenBlocks.closed("<!DOCTYPE\nx"));
    assertEquals(
        "<details><summary>s</summary>\n\nhidden\n</details>",
        OpenBlocks.closed("<details><summary>s</summary>\n\nhidden"));
    assertEquals(
        "<details>\n<details>\nx\n</details>\n</details>",
        OpenBlocks.closed("<details>\n<details>\nx\n</details>"));
  }

  @Test
  void whatCommonMarkLeavesOpenIsClosedThoughTheLinesSeemClosed() {
    // CommonMark ends a fence on a line with spaces and tabs after it only: an em space, U+3000
    // or U+2028 there left the fence open to the end of the page.
    assertEquals("```\nx\n```\u2003\n```", OpenBlocks.closed("```\nx\n```\u2003"));
    assertEquals("```\nx\n```\u2028\n```", OpenBlocks.closed("```\nx\n```\u2028"));
    // A fence opening whose info string holds U+2028 was no fence to the line pattern.
    assertEquals("```\u2028sh\nx\n```", OpenBlocks.closed("```\u2028sh\nx"));
    // The first fence ends with its list item, so the last line opens a fence at the top level.
    assertEquals("- a\n  ```\n\nb\n```\n```", OpenBlocks.closed("- a\n  ```\n\nb\n```"));
  }

  /**
   * A fence that opens on a list item's own line was no fence to the lines: an HTML comment, a
   * {@code <details>} or a {@code <?} inside it was taken for raw HTML left open, and a closing
   * line the author never wrote ({@code -->}, {@code </details>}, {@code ?>}) was added after the
   * item, where it ends the list and shows as text on the page. Inside the item's fence is code.
   */
  @Test
  void whatAListItemsFenceHoldsIsCodeAndGetsNoClosingLine() {
    for (String html : new String[] {"<!-- x", "<details>", "<?php x"}) {
      String text = "1. ```\n   " + html + "\n   y";
      assertEquals(text, OpenBlocks.closed(text), html);
      assertEquals(text, SafeMarkdown.block(text), html);
      assertEquals(
          "<ol>\n<li>\n<pre><code>"
              + html.replace("<", "&lt;").replace(">", "&gt;")
              + "\ny</code></pre>\n</li>\n</ol>\n",
          html(SafeMarkdown.block(text)),
          "the code block and nothing after it");
      String bullet = "- ~~~~ sh\n  " + html + "\n  ~~~~\n- b";
      assertEquals(bullet, OpenBlocks.closed(bullet), html);
    }
    // The item ends at a line indented less than its content, and its fence with it: a comment
    // opened after it is closed as before, and a fence after it is the text's own.
    assertEquals("1. ```\n   code\n\n<!-- x\n-->", OpenBlocks.closed("1. ```\n   code\n\n<!-- x"));
    assertEquals("10.  ```\n     a\n```\nb\n```", OpenBlocks.closed("10.  ```\n     a\n```\nb"));
    // Closed in the item (up to three spaces past its content), what follows is read as before.
    assertEquals(
        "- ```\n  x\n     ```\n<!-- y\n-->", OpenBlocks.closed("- ```\n  x\n     ```\n<!-- y"));
  }

  /**
   * A fence that opens on a later line of a list item, indented as its content ({@code 10. Steps:}
   * then {@code ```}), was not seen: at four columns it was no fence, and the {@code <details>}
   * inside it got a {@code </details>} added after the list, shown as text; at up to three it was
   * the text's own fence, never closed where the item ends it, and two fence lines the author never
   * wrote were added, an empty code block on the page. It is the item's code now, as on its marker
   * line; what flexmark reads is the check.
   */
  @Test
  void aFenceOnALaterLineOfAListItemIsTheItemsCode() {
    for (String html : new String[] {"<!-- x", "<details>", "<?php x"}) {
      for (String text :
          new String[] {
            "10. Steps:\n    ```\n    " + html + "\n\nafter",
            "- a\n  ```\n  " + html + "\nafter",
            "1. a\n\n   ```\n   " + html + "\n   y",
            "- a\n  - b\n    ~~~\n    " + html + "\n  c"
          }) {
        assertEquals(text, OpenBlocks.closed(text), text);
        assertEquals(text, SafeMarkdown.block(text), text);
        String shown = html(SafeMarkdown.block(text));
        assertTrue(
            shown.contains("<pre><code>" + html.replace("<", "&lt;").replace(">", "&gt;")), shown);
        assertFalse(shown.contains("<pre><code></code></pre>"), "no empty code block: " + shown);
      }
    }
    // A marker that cannot interrupt a paragraph (a number other than 1) starts no item: the fence
    // after it is the text's own, and gets its closing line, as flexmark reads it.
    String text = "text\n2) x\n   ```\n   <!-- a\nb";
    assertEquals(text + "\n```", OpenBlocks.closed(text));
    assertFalse(html(text).contains("<ol"), html(text));
    assertTrue(html(text).contains("<pre><code>&lt;!-- a\nb</code></pre>"), html(text));
    // A thematic break is no item either.
    assertEquals("- - -\n  ```\nx\n```", OpenBlocks.closed("- - -\n  ```\nx"));
  }

  private static String html(String markdown) {
    return com.vladsch.flexmark.html.HtmlRenderer.builder()
        .build()
        .render(com.vladsch.flexmark.parser.Parser.builder().build().parse(markdown));
  }

  @Test
  void aTildeFenceWithATildeInItsInfoStringIsOneFence() {
    // CommonMark opens a fence at '~~~ ~' (a tilde fence's info string may hold tildes) and never
    // closes one there; what is inside is code, not HTML to mend, and only '~~~' closes it.
    String text = "~~~ ~\n</details>\n- ```\n<script>\n  ```\n~~~ ~\ntext\n``` x`y";
    assertEquals(text + "\n~~~", OpenBlocks.closed(text));
  }

  @Test
  void rawHtmlTheMarkdownEndsButABrowserDoesNotIsShownAsText() {
    // Each ends in the markdown (with its list item or quote, at another raw-text end tag, at a
    // blank line) but the HTML it becomes keeps the comment, script, textarea or attribute value
    // open: a browser read the rest of the page into it, and GitHub dropped it all.
    assertEquals("- \\<!-- hidden", OpenBlocks.closed("- <!-- hidden"));
    assertEquals("> \\<textarea>\n> x\n\nafter", OpenBlocks.closed("> <textarea>\n> x\n\nafter"));
    assertEquals("1. \\<script>\n2. b", OpenBlocks.closed("1. <script>\n2. b"));
    assertEquals("\\<script>\nx\n</pre>", OpenBlocks.closed("<script>\nx\n</pre>"));
    assertEquals("\\<div title=\"\n\nx", OpenBlocks.closed("<div title=\"\n\nx"));
    assertEquals("a \\<textarea> b", OpenBlocks.closed("a <textarea> b"));
    // Its mends made '<?' a block of its own at the end, which ran on into the page's headings.
    String mended =
        OpenBlocks.closed("b\">\n<pre>\n>\n<!-->\n--!>\n1) <!--\n<textarea>\n  - b\n<?");
    assertTrue(mended.endsWith("\n?>"), mended);
    // What a browser closes is left as it is.
    for (String s :
        new String[] {
          "- <!-- closed -->\n- x",
          "> <pre>\n> x\n</pre>\n\nafter",
          "a <b>bold</b> <br>",
          "<div title=\"x\">\n</div>"
        }) {
      assertEquals(s, OpenBlocks.closed(s), s);
    }
  }

  @Test
  void textNestedDeeperThanAnyPageNeedsIsShownAsCodeWithoutRunningTheStackOut() {
    // 8,000 nested list items and a fence: the parser recursed once per level and threw a
    // StackOverflowError, failing the page (and the compile).
    String deep = "- ".repeat(OpenBlocks.MAX_PARSED / 2 - 10) + "```";
    assertEquals(MarkdownText.codeBlock(deep, "text"), OpenBlocks.closed(deep));
    // Within the limit it is read as before: the fence ends with its quote, the comment after it
    // is closed.
    String quote = ">".repeat(OpenBlocks.MAX_NESTING_PREFIX - 1) + " ```\n<!--";
    assertEquals(quote + "\n-->", OpenBlocks.closed(quote));
  }

  @Test
  void textThatClosesWhatItOpensIsLeftAsItIs() {
    for (String s :
        new String[] {
          "",
          "plain\n",
          "```\ncode\n```\n",
          "~~~~\n~~~\n~~~~",
          "<!-- one line -->\ntext",
          "<!--\nmany\nlines -->\n",
          "    ```\nindented code, not a fence",
          "``` not`a fence\ntext",
          "- ```\n  in a list item",
          "text with ``` inside",
          "a < b and <b>bold</b>",
          "<pre>one line</pre>\nmore",
          "<pre>\nx\n</PRE>\n",
          "<details>\n<summary>s</summary>\nx\n</details>\n",
          "```\n<details>\n```",
          "<!-- <details> -->",
          "<pretend> is no pre</pretend>"
        }) {
      assertEquals(s, OpenBlocks.closed(s), s);
    }
  }

  @Test
  void anElementTheTextOpensAndLeavesOpenIsShownAsText() {
    // A browser reopens <s>, <a>, <b> in every paragraph after (the page's tasks and history
    // struck through, linked, bold); a <div hidden> or <template> hid them; GitHub closes none.
    assertEquals("a \\<s>struck", OpenBlocks.closed("a <s>struck"));
    assertEquals(
        "see \\<a href=\"https://x.example\">here",
        OpenBlocks.closed("see <a href=\"https://x.example\">here"));
    assertEquals("\\<b>x <i>y</i>", OpenBlocks.closed("<b>x <i>y</i>"));
    assertEquals("\\<div hidden>\n\nrest", OpenBlocks.closed("<div hidden>\n\nrest"));
    assertEquals("- \\<template>\n- b", OpenBlocks.closed("- <template>\n- b"));
    // Left open inside an HTML block: the block becomes a paragraph, then the tag is text.
    assertEquals("\\<div>\\<b>x</div>", OpenBlocks.closed("<div><b>x</div>"));
    assertEquals("a `</s>` \\<s>b", OpenBlocks.closed("a `</s>` <s>b"));
    assertEquals("List\\<String> is generic", OpenBlocks.closed("List<String> is generic"));
    assertEquals("x \\<u/> y", OpenBlocks.closed("x <u/> y"));
    assertEquals("> \\<pre>\n> x\n\nafter", OpenBlocks.closed("> <pre>\n> x\n\nafter"));
    // What it closes, it keeps: across paragraphs and blocks too.
    for (String s :
        new String[] {
          "press <kbd>Ctrl</kbd>+<kbd>C</kbd>",
          "<b>bold\n\nstill</b>",
          "<div align=\"center\">\n\n![logo](logo.png)\n\n</div>",
          "<ul><li>a<li>b</ul>",
          "<p>a paragraph",
          "<svg><path d=\"M0 0\"/></svg>",
          "x<br/>y <img src=\"a.png\"> <hr>",
          "<table><tr><td>a</table>",
          "`<s>` in code, and <!-- <s> --> in a comment"
        }) {
      assertEquals(s, OpenBlocks.closed(s), s);
    }
  }

  @Test
  void aTextLongerThanTheParserReadsIsMendedPartByPart() {
    // Over 16,384 characters the lines were all that was followed: a comment in a list item,
    // and a <s> left open, hid or struck the rest of the page.
    String words = "word ".repeat(4000).strip();
    assertEquals(
        words + "\n\n- \\<!-- hidden\n\nmore",
        OpenBlocks.closed(words + "\n\n- <!-- hidden\n\nmore"));
    assertEquals(words + "\n\na \\<s>b", OpenBlocks.closed(words + "\n\na <s>b"));
    // One block longer than the parser reads, with raw HTML in it: shown as code.
    String oneBlock = "x".repeat(17_000) + "\n- <!--";
    assertEquals(MarkdownText.codeBlock(oneBlock, "text"), OpenBlocks.closed(oneBlock));
    // Left as they are: a long log in a fence, a <details> around parts far apart, plain text.
    String log =
        "<details><summary>Log</summary>\n\n```\n"
            + "<div class=\"x\">\n".repeat(2000)
            + "```\n\n"
            + words
            + "\n\n</details>";
    assertEquals(log, OpenBlocks.closed(log));
    String plain = ("Para <b>bold</b>.\n\n- item\n\n```\ncode\n```\n\n").repeat(1500).strip();
    assertEquals(plain, OpenBlocks.closed(plain));
    String longParagraph = "x".repeat(17_000) + " </b>\n\nmore <b>x</b>";
    assertEquals(longParagraph, OpenBlocks.closed(longParagraph));
  }

  @Test
  void aLongHostileTextPastTheReadingBudgetIsShownAsCode() {
    // 100,000 characters of fences in list items and comments, read part by part: the parser
    // reads at most as much as for eight reads of 16,384 characters, then shows the text as code.
    // (What that bound costs is the benchmark's to measure, not a timed test's.)
    String hostile = "- ```\n- <!--\n\n".repeat(7000);
    assertEquals(MarkdownText.codeBlock(hostile, "text"), OpenBlocks.closed(hostile));
    // More elements open at once than any page needs: shown as code, without a quadratic search.
    String tags = "<b>".repeat(3000) + "<i>".repeat(3000) + "</b>".repeat(3000);
    assertEquals(MarkdownText.codeBlock(tags, "text"), OpenBlocks.closed(tags));
  }
}
