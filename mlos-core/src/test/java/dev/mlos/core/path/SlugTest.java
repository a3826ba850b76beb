package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlugTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "../../etc/passwd|etc-passwd",
        "Ünïcödé Straße|unicode-strasse",
        "İstanbul|istanbul",
        "ISTANBUL ırmak|istanbul-irmak",
        "GROSSE STRAẞE|grosse-strasse",
        "Hello, World!|hello-world",
        "  --Already--slugged--  |already-slugged",
        "Task #42: Fix the ‘bug’|task-42-fix-the-bug",
        "Æsir Øresund Œuvre Łódź Þór|aesir-oresund-oeuvre-lodz-thor",
        "ﬁnal ①|final-1",
        "C:\\Windows\\System32|c-windows-system32",
        "Crème brûlée|creme-brulee",
      })
  void producesAsciiSlugs(String input, String expected) {
    assertEquals(expected, Slug.of(input, 80));
  }

  @Test
  void inputsWithoutLettersOrDigitsBecomeUntitled() {
    for (String input : List.of("", "   ", "---", "🚀🚀", "日本語", "!!!")) {
      assertEquals("untitled", Slug.of(input, 80), input);
    }
    assertEquals("untitled", Slug.of(null, 80));
  }

  @Test
  void truncatesWithoutLeavingATrailingDash() {
    assertEquals("hello", Slug.of("hello world", 6));
    assertEquals("hello-w", Slug.of("hello world", 7));
    assertEquals("h", Slug.of("hello world", 1));
    String slug = Slug.of("a b c d e f g h i j k l m n o p", 10);
    assertTrue(slug.length() <= 10 && !slug.endsWith("-"), slug);
  }

  @Test
  void everySlugIsASafeFileNameSegment() {
    List<String> nasty =
        List.of("..", ".", "/", "a/b", "CON", "x\u0000y", "tab\tname", "emoji 🚀 name", "İı");
    for (String input : nasty) {
      String slug = Slug.of(input, 40);
      assertTrue(slug.matches("[a-z0-9]+(-[a-z0-9]+)*"), input + " -> " + slug);
      WorkspacePath.of("docs/" + slug + ".md");
    }
  }

  @Test
  void rejectsANonPositiveMaxLength() {
    assertThrows(IllegalArgumentException.class, () -> Slug.of("x", 0));
  }
}
