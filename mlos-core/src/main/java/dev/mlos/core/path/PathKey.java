package dev.mlos.core.path;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How mlos tells whether two workspace paths name one file on some machine a team uses: lower-cased
 * ({@link Locale#ROOT}), as on the case-insensitive file systems of macOS and Windows, and, for a
 * path with a character outside ASCII, in Unicode's composed form (NFC), as macOS compares names:
 * {@code café.md} with a composed {@code é} and with {@code e} and a combining accent are one file
 * there and two on Linux, so two pages at those paths are a conflict, not two files that overwrite
 * each other on a teammate's Mac.
 */
public final class PathKey {
  private PathKey() {}

  /** The key of {@code path}: equal for two paths that may name one file. */
  public static String of(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      if (lower.charAt(i) >= 0x80) {
        // Java lower-cases a word-final capital sigma to the final form (ΟΔΟΣ to οδος), which a
        // case-insensitive file system takes as the letter σ: one name, one key.
        String folded = lower.replace('\u03c2', '\u03c3');
        return Normalizer.isNormalized(folded, Normalizer.Form.NFC)
            ? folded
            : Normalizer.normalize(folded, Normalizer.Form.NFC);
      }
    }
    return lower;
  }
}
