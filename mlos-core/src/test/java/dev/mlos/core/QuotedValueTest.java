package dev.mlos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Issue 22 item 6: a value quoted in a message is cut, with its length, and cannot forge a log
 * line.
 */
class QuotedValueTest {
  @Test
  void shortValuesAreQuotedWhole() {
    assertEquals("'lots'", MlosException.quoted("lots"));
    assertEquals("''", MlosException.quoted(""));
    assertEquals("null", MlosException.quoted(null));
  }

  @Test
  void longValuesAreCutWithAnEllipsisAndTheirLength() {
    String v = "a".repeat(4 * 1024 * 1024);
    assertEquals("'" + "a".repeat(200) + "...' (4194304 characters)", MlosException.quoted(v));
    assertEquals("'" + "b".repeat(200) + "'", MlosException.quoted("b".repeat(200)));
  }

  @Test
  void aCharacterIsNeverCutInHalf() {
    String v = "a".repeat(199) + "\uD83D\uDE00" + "z";
    assertEquals("'" + "a".repeat(199) + "...' (202 characters)", MlosException.quoted(v));
  }

  @Test
  void controlCharactersAreEscapedSoAValueCannotStartALogLine() {
    assertEquals(
        "'x\\n::error ::forged\\t\\u001B[31m\\u0000'",
        MlosException.quoted("x\n::error ::forged\t\u001b[31m\u0000"));
  }

  /**
   * mlos.yaml's workspace: "x\u202Ey" was refused as 'x?y' with the right-to-left override raw,
   * which reversed the rest of the terminal's line.
   */
  @Test
  void bidirectionalControlsAndTheBomAreEscaped() {
    assertEquals("'x\\u202Ey\\u2066z\\uFEFF'", MlosException.quoted("x\u202Ey\u2066z\uFEFF"));
    assertEquals("'\u200e\u00e9'", MlosException.quoted("\u200e\u00e9"));
  }

  /**
   * An MCP client's JSON "\\ud800" (half of a surrogate pair, no character) was quoted raw, and
   * written to stdout in UTF-8 as '?': a refused resource URI or boot agent_id read 'mlos://x/?'.
   * It is escaped now, as a control character is, in the notation the client sent it in; a whole
   * pair (an emoji) stays as it is.
   */
  @Test
  void halfOfASurrogatePairIsEscapedAndAWholePairKept() {
    assertEquals(
        "'a\\uD800b\\uDC00\uD83D\uDE00\\uD83D'",
        MlosException.quoted("a\uD800b\uDC00\uD83D\uDE00\uD83D"));
    assertEquals(
        "'a\\uD800b\\uDC00\uD83D\uDE00\\uD83D'",
        dev.mlos.core.engine.RefusedException.quoted("a\uD800b\uDC00\uD83D\uDE00\uD83D"));
    // A pair at the cut is left out whole, not shown as two halves.
    assertEquals(
        "'" + "a".repeat(199) + "...'",
        dev.mlos.core.engine.RefusedException.quoted("a".repeat(199) + "\uD83D\uDE00z"));
  }
}
