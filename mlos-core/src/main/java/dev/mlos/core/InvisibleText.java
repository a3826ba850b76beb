package dev.mlos.core;

/**
 * The invisible characters that change how a line of text reads, named in one place for every
 * output and input rule that handles them: the bidirectional embedding, override and isolate
 * controls (U+202A..U+202E, U+2066..U+2069), which reorder the span after them ("Trojan Source"),
 * and U+FEFF, which makes two titles that look alike differ. The bidirectional marks (U+200E,
 * U+200F, U+061C) are not among them: they set the direction of the characters beside them, which
 * right-to-left scripts need, and reorder no span.
 */
public final class InvisibleText {
  private InvisibleText() {}

  /** An embedding, override or isolate control: U+202A..U+202E or U+2066..U+2069. */
  public static boolean reorders(char c) {
    return c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
  }

  /**
   * Whether {@code text}'s char at {@code i} is half of a surrogate pair without its other half (a
   * client's JSON {@code "\\ud800"}): no character, which an encoder to UTF-8 writes as '?', so a
   * message that quotes it raw says another text than the one sent.
   */
  public static boolean isHalfAPair(CharSequence text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    return Character.isLowSurrogate(c)
        && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
  }

  /** {@link #reorders}, or U+FEFF. */
  public static boolean isInvisible(char c) {
    return reorders(c) || c == '\uFEFF';
  }

  /**
   * The code points that show nothing on a page, as inclusive ranges: Java's white space ({@link
   * Character#isWhitespace}, what {@link String#isBlank} trims), the no-break spaces (U+00A0,
   * U+2007, U+202F), U+2800 BRAILLE PATTERN BLANK (a cell with no dot, drawn as a space) and every
   * default-ignorable code point of Unicode, assigned or reserved (U+00AD soft hyphen, U+034F,
   * U+061C, the Hangul fillers, U+17B4..U+17B5, the Mongolian selectors, U+200B..U+200F,
   * U+202A..U+202E, U+2060..U+206F, the variation selectors, U+FEFF, U+FFF0..U+FFF8,
   * U+1BCA0..U+1BCA3, U+1D173..U+1D17A, and U+E0000..U+E0FFF: the tag characters, the variation
   * selectors supplement and the reserved rest, which browsers draw as nothing). A title made only
   * of these renders as nothing: an empty heading, a link with no text. Schema mlos V20's triggers
   * refuse the same ranges, written as a GLOB class of char(...) ranges (a test holds the two
   * equal; V19 had a trim() list of the assigned ones, without U+2800); any other character shows,
   * so a title holding these beside visible text (a zero-width joiner in an emoji, a zero-width
   * non-joiner in Persian) is text.
   */
  static final int[][] SHOWS_NOTHING = {
    {0x0009, 0x000D},
    {0x001C, 0x0020},
    {0x00A0, 0x00A0},
    {0x00AD, 0x00AD},
    {0x034F, 0x034F},
    {0x061C, 0x061C},
    {0x115F, 0x1160},
    {0x1680, 0x1680},
    {0x17B4, 0x17B5},
    {0x180B, 0x180F},
    {0x2000, 0x200F},
    {0x2028, 0x202F},
    {0x205F, 0x206F},
    {0x2800, 0x2800},
    {0x3000, 0x3000},
    {0x3164, 0x3164},
    {0xFE00, 0xFE0F},
    {0xFEFF, 0xFEFF},
    {0xFFA0, 0xFFA0},
    {0xFFF0, 0xFFF8},
    {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A},
    {0xE0000, 0xE0FFF},
  };

  /** Whether code point {@code cp} is one of {@link #SHOWS_NOTHING}. */
  public static boolean showsNothing(int cp) {
    for (int[] range : SHOWS_NOTHING) {
      if (cp < range[0]) {
        return false;
      }
      if (cp <= range[1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code text} shows nothing: it is empty, or every code point in it is one of {@link
   * #SHOWS_NOTHING} (a text of white space, a zero-width space, a soft hyphen, tag characters).
   */
  public static boolean showsNothing(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!showsNothing(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /**
   * The first code point of {@code text} that is not white space (or the first, if all are), named
   * for a person who cannot see it: {@code U+200B ZERO WIDTH SPACE} (the name Unicode gives it, or
   * the code point alone where it has none). {@code text} is not empty.
   */
  public static String describeFirst(String text) {
    int cp = text.codePointAt(0);
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (!Character.isWhitespace(c)) {
        cp = c;
        break;
      }
      i += Character.charCount(c);
    }
    return describe(cp);
  }

  /** {@code cp} named for a person who cannot see it: {@code U+0009 CHARACTER TABULATION}. */
  public static String describe(int cp) {
    String name = Character.getName(cp);
    return String.format(java.util.Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name);
  }
}
