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
    // Java lower-cases a word-final capital sigma to the final form (ΟΔΟΣ to οδος), which a
    // case-insensitive file system takes as the letter σ: one name, one key.
    return isAscii(lower) ? lower : composed(lower.replace('\u03c2', '\u03c3'));
  }

  /**
   * {@code path} in Unicode's composed form (NFC), case kept: the form macOS compares names in
   * (café with é, or with e and a combining accent). The path itself when it is already so (every
   * ASCII path is).
   */
  public static String composed(String path) {
    return isAscii(path) || Normalizer.isNormalized(path, Normalizer.Form.NFC)
        ? path
        : Normalizer.normalize(path, Normalizer.Form.NFC);
  }

  /** Whether {@code s} holds ASCII only (no Unicode form or case question beyond A-Z). */
  public static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
