package dev.mlos.core.frontmatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrontMatterBlockTest {
  /**
   * What locate returned before it parsed only the front matter: the whole text through flexmark.
   */
  static Optional<FrontMatterBlock> fullParse(String text) {
    return FrontMatterBlock.locate(FrontMatterBlock.parseMarkdown(text), text);
  }

  @Test
  void findsTheSameBlockAsParsingTheWholeText() {
    List<String> texts =
        List.of(
            "",
            "no front matter\n",
            "\n---\na: 1\n---\nbody\n",
            "---\na: 1\n---\nbody\n",
            "---\na: 1\n---",
            "---\na: 1\n...\nbody\n",
            "---\na: 1\n--- trailing\nbody\n",
            "---\na: 1\n----\nb: 2\n---\nbody\n",
            "---\na: |\n  literal\n  ---\n  more\nb: 2\n---\nbody\n",
            "---\na: 1\n   ---\nb: 2\n---\n# body\n",
            "---\na: 1\n.... not a close\n---\nbody\n",
            "---\na: 1\nnever closed\n",
            "---\n---\nbody\n",
            "---x\na: 1\n---\nbody\n",
            "----\na: 1\n---\nbody\n",
            "--- \na: 1\n---\nbody [link](x.md) and [another](y.md)\n",
            "---\n\na: 1\n\n---\nbody\n",
            "---\na: 1\n---\n---\nsecond\n---\n");
    for (String t : texts) {
      assertEquals(fullParse(t), FrontMatterBlock.locate(t), () -> "for " + t.replace("\n", "\\n"));
    }
  }

  @Test
  void aLargeBodyFullOfLinksDoesNotSlowItDown() {
    StringBuilder b =
        new StringBuilder("---\ntitle: big\ncompiled_at: x\ncontent_hash: y\n---\n# Big\n\n");
    for (int i = 0; i < 20_000; i++) {
      b.append("| ")
          .append(i)
          .append(" | [need ")
          .append(i)
          .append("](needs/")
          .append(i)
          .append("-x.md) | `open` |\n");
    }
    String text = b.toString();
    Optional<FrontMatterBlock> block =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> FrontMatterBlock.locate(text));
    assertTrue(block.isPresent() && block.get().closed());
    assertEquals("title: big\ncompiled_at: x\ncontent_hash: y\n", block.get().yaml());
  }
}
