package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.testing.NastyStrings;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MarkdownTextTest {
  /** The regex-based implementation this class had before; the reference for the new one. */
  private static final class Reference {
    static String inline(String s) {
      String one = s.replaceAll("\\s+", " ").strip();
      StringBuilder out = new StringBuilder(one.length() + 8);
      for (int i = 0; i < one.length(); i++) {
        char c = one.charAt(i);
        switch (c) {
          case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '!' -> out.append('\\').append(c);
          default -> out.append(c);
        }
      }
      return out.toString();
    }

    static String mermaidLabel(String s) {
      String one = s.replaceAll("\\s+", " ").strip();
      StringBuilder out = new StringBuilder("\"");
      for (int i = 0; i < one.length(); i++) {
        char c = one.charAt(i);
        switch (c) {
          case '"' -> out.append("#quot;");
          case '#' -> out.append("#35;");
          case '<' -> out.append("#lt;");
          case '>' -> out.append("#gt;");
          default -> out.append(c);
        }
      }
      return out.append('"').toString();
    }
  }

  private static final List<String> EDGES =
      List.of(
          "",
          " ",
          "\t\n\u000B\f\r ",
          "\u2003",
          "\u00A0",
          "\u00A0x\u00A0",
          "\u2003 x \u2003",
          "\u001C\u001Dx\u001E\u001F",
          " \u2003 a \t\u2003\t b \u3000 ",
          "a\u0085b",
          "\uFEFFa\uFEFF",
          "\u2028a\u2029",
          "a  b\n\nc",
          "🚀 \t🚀",
          "\uD83D \uDE80",
          "[x](y) | *z* <b>\"q\"#1!",
          // Nothing to change (returned as it is), and one change away from it.
          "Kernel boots reproducibly",
          "x",
          "a\u2003b",
          "a\u00A0 b",
          "a b\u0085",
          "a  b",
          "a b!",
          "a\tb",
          "\u00e9t\u00e9 \u4e2d\u6587 \uD83D\uDE80");

  @Test
  void edgeCasesMatchTheRegexVersion() {
    for (String s : EDGES) {
      assertEquals(Reference.inline(s), MarkdownText.inline(s), () -> escape(s));
      assertEquals(Reference.inline(s), MarkdownText.cell(s), () -> escape(s));
      assertEquals(Reference.mermaidLabel(s), MarkdownText.mermaidLabel(s), () -> escape(s));
    }
  }

  @Test
  void randomStringsMatchTheRegexVersion() {
    SplittableRandom random = new SplittableRandom(20240607L);
    for (int n = 0; n < 20_000; n++) {
      String s = NastyStrings.next(random, 24);
      assertEquals(Reference.inline(s), MarkdownText.inline(s), () -> escape(s));
      assertEquals(Reference.inline(s), MarkdownText.cell(s), () -> escape(s));
      assertEquals(Reference.mermaidLabel(s), MarkdownText.mermaidLabel(s), () -> escape(s));
    }
  }

  @Test
  void everyBmpCharacterBetweenLettersAndAtTheEndsMatchesTheRegexVersion() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      for (String s : new String[] {"a" + c + "b", c + "a" + c, "a " + c + " b", c + " " + c}) {
        assertEquals(Reference.inline(s), MarkdownText.inline(s), () -> escape(s));
        assertEquals(Reference.mermaidLabel(s), MarkdownText.mermaidLabel(s), () -> escape(s));
      }
    }
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder("input: ");
    s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04X", c)));
    return sb.toString();
  }
}
