package dev.mlos.core.path;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Deterministic ASCII slugs for file names: the same input gives the same slug on every machine,
 * whatever its locale.
 */
public final class Slug {
  /** What an input with no letters or digits becomes. */
  public static final String UNTITLED = "untitled";

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");

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
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
    }
    if (value == null) {
      return UNTITLED;
    }
    String decomposed = Normalizer.normalize(value, Normalizer.Form.NFKD);
    // Strip marks before lower-casing so 'İ' (I + combining dot) becomes a plain 'i'.
    String stripped = MARKS.matcher(decomposed).replaceAll("");
    String lower = transliterate(stripped.toLowerCase(Locale.ROOT));
    String slug = NOT_ALNUM.matcher(lower).replaceAll("-");
    slug = trimDashes(slug);
    if (slug.length() > maxLength) {
      slug = trimDashes(slug.substring(0, maxLength));
    }
    return slug.isEmpty() ? UNTITLED : slug;
  }

  private static String transliterate(String lower) {
    StringBuilder sb = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      switch (c) {
        case 'ß' -> sb.append("ss");
        case 'æ' -> sb.append("ae");
        case 'ø' -> sb.append('o');
        case 'œ' -> sb.append("oe");
        case 'ł' -> sb.append('l');
        case 'đ', 'ð' -> sb.append('d');
        case 'þ' -> sb.append("th");
        case 'ı' -> sb.append('i');
        default -> sb.append(c);
      }
    }
    return sb.toString();
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
