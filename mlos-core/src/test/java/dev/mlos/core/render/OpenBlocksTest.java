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
          "text with ``` inside"
        }) {
      assertEquals(s, OpenBlocks.closed(s), s);
    }
  }
}
