package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A page is capped at its UTF-8 size, whichever of the writer's methods FreeMarker calls. */
class PageWriterTest {
  // 1 + 2 + 3 + 4 bytes: a, é, €, and an emoji (a surrogate pair).
  private static final String TEXT = "a\u00e9\u20ac\uD83D\uDE80";

  @Test
  void writesUpToTheCapAreKeptAndTheOneBeyondIsRefused() throws Exception {
    PageWriter w = new PageWriter(20);
    w.write(TEXT, 0, TEXT.length()); // 10 bytes
    w.write(("x" + TEXT).toCharArray(), 1, TEXT.length()); // 20 bytes
    assertEquals(TEXT + TEXT, w.toString());
    assertThrows(PageWriter.LimitReached.class, () -> w.write('a'));
    assertThrows(PageWriter.LimitReached.class, () -> w.write("\u00e9", 0, 1));
    assertEquals(TEXT + TEXT, w.toString());
  }

  @Test
  void eachMethodCountsBytesNotChars() throws Exception {
    PageWriter w = new PageWriter(10);
    w.write(TEXT, 1, 3); // é, €, the emoji's first half: 2 + 3 + 2 bytes
    w.write('a'); // 8
    assertEquals("\u00e9\u20ac\uD83Da", w.toString());
    assertThrows(PageWriter.LimitReached.class, () -> w.write(new char[] {'\uDE80', 'b'}, 0, 2));
    w.write(new char[] {'\uDE80'}, 0, 1); // 10
    assertEquals("\u00e9\u20ac\uD83Da\uDE80", w.toString());
    assertThrows(PageWriter.LimitReached.class, () -> w.write('b'));
  }
}
