package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  @Test
  void rawHtmlLeftOpenInAListItemOrQuoteIsShownAsText() {
    // It ends with its item in the markdown, but the HTML it becomes keeps the comment (or the
    // <pre>, <script>) open: the rest of the page was hidden.
    assertEquals("- \\<!-- hidden", OpenBlocks.closed("- <!-- hidden"));
    assertEquals("> \\<pre>\n> x\n\nafter", OpenBlocks.closed("> <pre>\n> x\n\nafter"));
    assertEquals("1. \\<script>\n2. b", OpenBlocks.closed("1. <script>\n2. b"));
    assertEquals("- <!-- closed -->\n- x", OpenBlocks.closed("- <!-- closed -->\n- x"));
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
          "<pretend> is no pre"
        }) {
      assertEquals(s, OpenBlocks.closed(s), s);
    }
  }
}
