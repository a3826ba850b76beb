package dev.mlos.core.testing;

import java.util.SplittableRandom;

/**
 * Seeded random strings over an alphabet chosen to break text handling: every ASCII whitespace
 * character, the separators {@link Character#isWhitespace} knows but regex {@code \s} does not,
 * Unicode spaces that are and are not whitespace, markdown punctuation, emoji (surrogate pairs),
 * lone surrogates, CJK, accented and combining letters, and letters that slugging transliterates.
 */
public final class NastyStrings {
  private static final String[] PIECES = {
    // ASCII whitespace, i.e. regex \s: space, tab, LF, VT, FF, CR
    " ",
    "\t",
    "\n",
    "\u000B",
    "\f",
    "\r",
    // Character.isWhitespace, but not \s: FS GS RS US, and Unicode space/line/paragraph separators
    "\u001C",
    "\u001D",
    "\u001E",
    "\u001F",
    "\u2003",
    "\u2028",
    "\u2029",
    "\u3000",
    "\u1680",
    "\u2000",
    "\u200A",
    "\u205F",
    // neither: no-break spaces, NEL, BOM, zero-width space/joiner, other controls
    "\u00A0",
    "\u2007",
    "\u202F",
    "\u0085",
    "\uFEFF",
    "\u200B",
    "\u200D",
    "\u0000",
    "\u007F",
    // markdown and mermaid punctuation, path characters
    "\\",
    "`",
    "*",
    "_",
    "[",
    "]",
    "<",
    ">",
    "|",
    "#",
    "!",
    "\"",
    "'",
    "(",
    ")",
    "-",
    "--",
    ".",
    "..",
    "/",
    ":",
    ",",
    "&",
    "%",
    "~",
    "{",
    "}",
    "$",
    // letters and digits
    "a",
    "b",
    "z",
    "A",
    "Q",
    "Z",
    "0",
    "7",
    "9",
    "abc",
    "Title",
    "x1",
    // accented, special-cased and transliterated letters, combining marks
    "é",
    "Ü",
    "ñ",
    "İ",
    "ı",
    "ß",
    "ẞ",
    "æ",
    "Æ",
    "ø",
    "Ø",
    "œ",
    "Œ",
    "ł",
    "Ł",
    "đ",
    "ð",
    "þ",
    "Þ",
    "e\u0301",
    "\u0301",
    "\u0307",
    "\u0308\u0301",
    "Σ",
    "ς",
    "Ω",
    "Ж",
    "ﬁ",
    "①",
    "Ａ",
    "²",
    "ǅ",
    // CJK, RTL and other scripts
    "日本語",
    "中",
    "한",
    "ا",
    "א",
    "\u0E01",
    // emoji and other supplementary characters, including a supplementary combining mark
    "🚀",
    "👍🏽",
    "👩\u200D💻",
    "🇩🇪",
    "𝔘",
    "\uD834\uDD65",
    "𐐀",
    // lone surrogates
    "\uD83D",
    "\uDE80",
  };

  private NastyStrings() {}

  /** A string of 0 to {@code maxPieces} pieces; runs of whitespace are common. */
  public static String next(SplittableRandom random, int maxPieces) {
    int n = random.nextInt(maxPieces + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (random.nextInt(4) == 0) {
        // a run drawn from the whitespace-like pieces only
        int run = 1 + random.nextInt(4);
        for (int j = 0; j < run; j++) {
          sb.append(PIECES[random.nextInt(27)]);
        }
      } else {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return sb.toString();
  }
}
