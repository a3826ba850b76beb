package dev.mlos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cursor was a plain offset, taken with any arguments: one handed back with another query, type
 * or agent silently skipped that many hits of the other list.
 */
class PageCursorTest {
  private static final List<String> KERNEL = List.of("search", "kernel", "");
  private static final String FIX =
      "call again without cursor to start from the first page, then pass each page's next_cursor";

  @Test
  void aCursorGivesBackItsOffsetForTheArgumentsItWasMadeFor() {
    for (int offset : new int[] {0, 1, 20, 49, 123_456, PageCursor.MAX_OFFSET}) {
      String c = PageCursor.of(offset, KERNEL);
      assertTrue(c.matches("[A-Za-z0-9_-]{18}"), c);
      assertEquals(offset, PageCursor.offset(c, KERNEL, "query and type"));
    }
    assertEquals(0, PageCursor.offset(null, KERNEL, "query and type"));
  }

  @Test
  void aCursorOfOtherArgumentsIsRefusedWithTheRuleAndTheFix() {
    String c = PageCursor.of(20, KERNEL);
    for (List<String> other :
        List.of(
            List.of("search", "kernel", "task"),
            List.of("search", "kerne", ""),
            List.of("ready_work", "kernel", ""),
            List.of("search", "kernel"),
            // Length-prefixed parts: the same characters cut elsewhere are other arguments.
            List.of("search", "kerne", "l"))) {
      PageCursor.InvalidCursorException e =
          assertThrows(
              PageCursor.InvalidCursorException.class,
              () -> PageCursor.offset(c, other, "query and type"),
              other.toString());
      assertEquals("input.cursor", e.rule());
      assertEquals(
          "cursor '"
              + c
              + "' pages another list: it was not given for this query and type (a next_cursor is"
              + " good only with the arguments of the call that gave it)",
          e.getMessage());
      assertEquals(FIX, e.fix());
    }
    List<String> withNull = Arrays.asList("ready_work", null);
    assertThrows(
        PageCursor.InvalidCursorException.class,
        () -> PageCursor.offset(PageCursor.of(3, withNull), List.of("ready_work", ""), "agent"),
        "an argument left out is not an empty one");
    assertEquals(3, PageCursor.offset(PageCursor.of(3, withNull), withNull, "agent"));
  }

  @Test
  void aGarbledForgedOrPlainNumberCursorIsRefused() {
    String c = PageCursor.of(20, KERNEL);
    byte[] bytes = Base64.getUrlDecoder().decode(c);
    ByteBuffer.wrap(bytes).putInt(1, 40);
    String moved = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    for (String bad :
        List.of(
            "20",
            "-1",
            "abc",
            "",
            c.substring(1),
            c + "A",
            c.replace(c.charAt(5), c.charAt(5) == 'x' ? 'y' : 'x'),
            moved,
            "AAAAAAAAAAAAAAAAAA",
            "!!!!!!!!!!!!!!!!!!",
            "x".repeat(10_000))) {
      PageCursor.InvalidCursorException e =
          assertThrows(
              PageCursor.InvalidCursorException.class,
              () -> PageCursor.offset(bad, KERNEL, "query and type"),
              bad);
      assertEquals(FIX, e.fix());
      assertTrue(e.getMessage().length() < 400, "a long cursor is not echoed whole");
    }
    assertEquals(
        "cursor '20' is not a page cursor (the next_cursor of the page before); a plain number was"
            + " the cursor of an older mlos",
        assertThrows(
                PageCursor.InvalidCursorException.class,
                () -> PageCursor.offset("20", KERNEL, "query"))
            .getMessage());
  }

  @Test
  void aSecondSpellingOfOneCursorIsNotTaken() {
    String c = PageCursor.of(7, KERNEL);
    // 13 bytes in 18 characters: the last holds 2 spare bits, which a decoder ignores.
    char last = c.charAt(17);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    String twin = c.substring(0, 17) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
    assertNotEquals(c, twin);
    assertThrows(
        PageCursor.InvalidCursorException.class, () -> PageCursor.offset(twin, KERNEL, "query"));
  }

  @Test
  void anOffsetBeyondTheBoundIsNeverMade() {
    assertThrows(IllegalArgumentException.class, () -> PageCursor.of(-1, KERNEL));
    assertThrows(
        IllegalArgumentException.class, () -> PageCursor.of(PageCursor.MAX_OFFSET + 1, KERNEL));
  }
}
