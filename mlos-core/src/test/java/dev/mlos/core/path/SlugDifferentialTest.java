package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.testing.NastyStrings;
import dev.mlos.core.testing.OldImplementations;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlugDifferentialTest {
  @Test
  void randomStringsMatchTheRegexVersion() {
    SplittableRandom random = new SplittableRandom(7_2024L);
    for (int n = 0; n < 20_000; n++) {
      String s = NastyStrings.next(random, 30);
      int max = 1 + random.nextInt(70);
      assertEquals(
          OldImplementations.slug(s, max), Slug.of(s, max), () -> escape(s) + " max " + max);
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
      assertEquals(
          OldImplementations.slug(s, max), Slug.of(s, max), () -> escape(s) + " max " + max);
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
        assertEquals(OldImplementations.slug(s, 60), Slug.of(s, 60), () -> escape(s));
      }
    }
  }

  @Test
  void nullMatchesTheRegexVersion() {
    assertEquals(OldImplementations.slug(null, 5), Slug.of(null, 5));
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder("input: ");
    s.chars()
        .forEach(
            c ->
                sb.append(
                    c >= 0x20 && c < 0x7f
                        ? String.valueOf((char) c)
                        : String.format("\\u%04X", c)));
    return sb.toString();
  }
}
