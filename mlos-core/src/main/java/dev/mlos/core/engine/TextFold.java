package dev.mlos.core.engine;

import java.sql.SQLException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Text compared without regard to case or Unicode normalisation, for {@code search}: SQLite's
 * {@code LIKE} folds ASCII letters only, so {@code ü} did not find {@code Ü}, nor did a {@code
 * café} whose é is one code point find one written as e and a combining accent, as macOS writes it.
 */
final class TextFold {
  private TextFold() {}

  /**
   * {@code s} lower-cased without regard to locale, in the composed form (NFC), with the Greek
   * final sigma {@code ς} read as {@code σ} and the Turkish {@code İ} (i and a dot above,
   * lower-cased) as {@code i}. Letter by letter, as {@code LIKE} folds ASCII: {@code ß} does not
   * find {@code SS}.
   */
  static String fold(String s) {
    // Java lower-cases a capital sigma at the end of a word to ς and elsewhere to σ, so without
    // this 'Σ' did not find 'ΟΔΟΣ' nor 'ΟΔΟΣ' find 'ΟΔΟΣΤΡΩΜΑ' (Unicode's case folding does it
    // too).
    String folded = s.toLowerCase(Locale.ROOT).replace('\u03C2', '\u03C3');
    // The Turkish capital İ lower-cases to i and a combining dot above: 'istanbul' did not find
    // 'İstanbul', nor 'İSTANBUL' 'ISTANBUL' (Unicode's Turkic case folding reads it as i). The
    // dotless ı stays a letter of its own, as ß does.
    if (folded.indexOf('\u0307') >= 0) {
      folded = folded.replace("i\u0307", "i");
    }
    return Normalizer.isNormalized(folded, Normalizer.Form.NFC)
        ? folded
        : Normalizer.normalize(folded, Normalizer.Form.NFC);
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
