package dev.mlos.core.path;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Deterministic ASCII slugs for file names: the same input gives the same slug on every machine,
 * whatever its locale.
 */
public final class Slug {
  /** What an input with no letters or digits becomes. */
  public static final String UNTITLED = "untitled";

  private Slug() {}

  /**
   * Slug of {@code value}: NFKD-normalised with diacritics stripped, a few letters that do not
   * decompose transliterated (ß→ss, æ→ae, ø→o, œ→oe, ł→l, đ/ð→d, þ→th, ı→i), lower-cased with
   * {@link Locale#ROOT}, every run of characters outside {@code [a-z0-9]} replaced by one '-',
   * leading and trailing '-' removed, truncated to {@code maxLength} without leaving a trailing
   * '-'. An empty result (or a {@code null} value) becomes {@value #UNTITLED}. For example {@code
   * "Ünïcödé Straße"} → {@code unicode-strasse}, {@code "../../etc/passwd"} → {@code etc-passwd}.
   *
   * @throws IllegalArgumentException when {@code maxLength} is less than 1
   */
  public static String of(String value, int maxLength) {
    String slug = bare(value, maxLength);
    return slug.isEmpty() ? UNTITLED : slug;
  }

  /**
   * The slug {@link #of} gives, but empty where it gives {@value #UNTITLED} for a value with no
   * letter or digit left (and for {@code null}): for a caller that names such a value otherwise.
   *
   * @throws IllegalArgumentException when {@code maxLength} is less than 1
   */
  public static String bare(String value, int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
    }
    if (value == null) {
      return "";
    }
    String lower;
    if (isAscii(value)) {
      // NFKD leaves ASCII unchanged and no ASCII character is a mark.
      lower = value.toLowerCase(Locale.ROOT);
    } else {
      String decomposed = Normalizer.normalize(value, Normalizer.Form.NFKD);
      // Strip marks before lower-casing so 'İ' (I + combining dot) becomes a plain 'i'.
      lower = stripMarks(decomposed).toLowerCase(Locale.ROOT);
    }
    String slug = dashed(lower);
    if (slug.length() > maxLength) {
      slug = trimDashes(slug.substring(0, maxLength));
    }
    return slug;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code s} without the code points of Unicode category M (Mn, Mc, Me), as regex \p{M} sees them.
   */
  private static String stripMarks(String s) {
    StringBuilder sb = null;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (isMark(cp)) {
        if (sb == null) {
          sb = new StringBuilder(s.length()).append(s, 0, i);
        }
      } else if (sb != null) {
        sb.append(s, i, next);
      }
      i = next;
    }
    return sb == null ? s : sb.toString();
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }

  /**
   * Transliterates {@code lower}, replaces every run of characters outside {@code [a-z0-9]} with
   * one '-' and drops leading and trailing '-'.
   */
  private static String dashed(String lower) {
    StringBuilder sb = new StringBuilder(lower.length());
    boolean gap = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      String letters;
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        letters = null;
      } else {
        letters = transliterated(c);
        if (letters.isEmpty()) {
          gap = true;
          continue;
        }
      }
      if (gap && sb.length() > 0) {
        sb.append('-');
      }
      gap = false;
      if (letters == null) {
        sb.append(c);
      } else {
        sb.append(letters);
      }
    }
    return sb.toString();
  }

  /**
   * ASCII letters for a lower-case letter that does not decompose into one (ß→ss, æ→ae, ø→o, œ→oe,
   * ł→l, đ/ð→d, þ→th, ı→i); empty for any other character.
   */
  public static String transliterated(char c) {
    return switch (c) {
      case 'ß' -> "ss";
      case 'æ' -> "ae";
      case 'ø' -> "o";
      case 'œ' -> "oe";
      case 'ł' -> "l";
      case 'đ', 'ð' -> "d";
      case 'þ' -> "th";
      case 'ı' -> "i";
      default -> "";
    };
  }

  private static String trimDashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }
}
