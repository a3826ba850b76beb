package dev.mlos.core.engine;

import java.sql.SQLException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Text compared without regard to case, accents or Unicode normalisation, for {@code search}:
 * SQLite's {@code LIKE} folds ASCII letters only, so {@code ü} did not find {@code Ü}, nor did a
 * {@code café} whose é is one code point find one written as e and a combining accent, as macOS
 * writes it. Accents were letters of their own ({@code cafe} did not find {@code Café}) except the
 * dot of the Turkish {@code İ}, which {@code istanbul} has to find: one rule now, every accent set
 * aside, as a graph pack's {@code graph_search} (FTS5's unicode61 tokenizer) does.
 */
final class TextFold {
  private TextFold() {}

  /**
   * {@code s} lower-cased without regard to locale ({@link Locale#ROOT}: a JVM started in a Turkish
   * locale lower-cases {@code I} to {@code ı}), with the Greek final sigma {@code ς} read as {@code
   * σ}, decomposed (NFD), without the combining diacritical marks U+0300..U+036F (the accents of
   * the Latin, Greek and Cyrillic scripts, the dot of {@code İ} among them), and composed again
   * (NFC). Letter by letter otherwise: {@code ß} does not find {@code SS}, nor {@code ı} (a letter,
   * not an i with an accent) {@code i}; the marks of other scripts (a kana's voicing mark, an Indic
   * vowel sign) stay, since they make another letter there.
   */
  static String fold(String s) {
    // Search folds every text that is not all ASCII on each call (no stored fold: the sqlite3
    // shell could not keep one), and normalising both ways cost some 12 us a kilobyte, seconds
    // over 100,000 descriptions of a language with accents. Below U+0180 (ASCII, Latin-1, Latin
    // Extended-A: no combining mark, no two letters that compose, lower-cased one by one) the fold
    // of a text is the folds of its characters, kept in a table; anything else takes the whole way.
    int n = s.length();
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= LATIN.length || LATIN[c] == 0) {
        return normalised(s);
      }
      out[i] = LATIN[c];
    }
    return new String(out);
  }

  /**
   * The fold of each character below U+0180, made the whole way once; 0 for one whose fold is not
   * one character, and for NUL: those take the whole way.
   */
  private static final char[] LATIN = new char[0x180];

  static {
    for (char c = 1; c < LATIN.length; c++) {
      String f = normalised(String.valueOf(c));
      LATIN[c] = f.length() == 1 ? f.charAt(0) : 0;
    }
  }

  /** {@link #fold} the whole way, for any text. */
  static String normalised(String s) {
    // Java lower-cases a capital sigma at the end of a word to ς and elsewhere to σ, so without
    // this 'Σ' did not find 'ΟΔΟΣ' nor 'ΟΔΟΣ' find 'ΟΔΟΣΤΡΩΜΑ' (Unicode's case folding does it
    // too).
    String folded = s.toLowerCase(Locale.ROOT).replace('\u03C2', '\u03C3');
    String decomposed = Normalizer.normalize(folded, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (c < '\u0300' || c > '\u036F') {
        out.append(c);
      }
    }
    return Normalizer.normalize(out, Normalizer.Form.NFC);
  }

  /**
   * {@code mlos_contains(text, needle)}: 1 when the folded {@code text} contains {@code needle}
   * (folded already, by the caller), else 0; 0 for a NULL text.
   */
  static final org.sqlite.Function CONTAINS =
      new org.sqlite.Function() {
        @Override
        protected void xFunc() throws SQLException {
          String text = value_text(0);
          String needle = value_text(1);
          result(text != null && needle != null && fold(text).contains(needle) ? 1 : 0);
        }
      };
}
