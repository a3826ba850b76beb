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
