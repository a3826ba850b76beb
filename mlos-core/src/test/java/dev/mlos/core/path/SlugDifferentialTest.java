package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.testing.NastyStrings;
import java.text.Normalizer;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SlugDifferentialTest {
  /** The regex-based implementation Slug had before; the reference for the new one. */
  private static final class Reference {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");

    static String of(String value, int maxLength) {
      if (value == null) {
        return Slug.UNTITLED;
      }
      String decomposed = Normalizer.normalize(value, Normalizer.Form.NFKD);
      String stripped = MARKS.matcher(decomposed).replaceAll("");
      String lower = transliterate(stripped.toLowerCase(Locale.ROOT));
      String slug = NOT_ALNUM.matcher(lower).replaceAll("-");
      slug = trimDashes(slug);
      if (slug.length() > maxLength) {
        slug = trimDashes(slug.substring(0, maxLength));
      }
      return slug.isEmpty() ? Slug.UNTITLED : slug;
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

  @Test
  void randomStringsMatchTheRegexVersion() {
    SplittableRandom random = new SplittableRandom(7_2024L);
    for (int n = 0; n < 20_000; n++) {
      String s = NastyStrings.next(random, 30);
      int max = 1 + random.nextInt(70);
      assertEquals(Reference.of(s, max), Slug.of(s, max), () -> escape(s) + " max " + max);
    }
  }

  @Test
  void randomAsciiStringsMatchTheRegexVersion() {
    SplittableRandom random = new SplittableRandom(99L);
    for (int n = 0; n < 20_000; n++) {
      char[] chars = new char[random.nextInt(90)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) random.nextInt(0x80);
      }
      String s = new String(chars);
      int max = 1 + random.nextInt(70);
      assertEquals(Reference.of(s, max), Slug.of(s, max), () -> escape(s) + " max " + max);
    }
  }

  @Test
  void everyCodePointAloneAndBetweenLettersMatchesTheRegexVersion() {
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if ((cp > 0x3FFFF && cp < 0xE0000) || cp > 0xE0FFF) {
        continue; // unassigned and private-use planes
      }
      String c = new String(Character.toChars(cp));
      for (String s : new String[] {c, "A" + c + "b", "ab" + c}) {
        assertEquals(Reference.of(s, 60), Slug.of(s, 60), () -> escape(s));
      }
    }
  }

  @Test
  void nullMatchesTheRegexVersion() {
    assertEquals(Reference.of(null, 5), Slug.of(null, 5));
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder("input: ");
    s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04X", c)));
    return sb.toString();
  }
}
