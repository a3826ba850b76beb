package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Search's fold of a text of Latin letters is made from a table of each letter's fold; it must be
 * what the whole way (lower-casing, NFD, the accents dropped, NFC) makes of the same text, or a
 * search would find other hits for a French or German text than for the same words beside a Greek
 * one.
 */
class TextFoldTest {
  @Test
  void theTableMakesWhatTheWholeWayMakesOfEveryLatinText() {
    Random random = new Random(20261207);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        text.append((char) random.nextInt(0x180));
      }
      String s = text.toString();
      assertEquals(TextFold.normalised(s), TextFold.fold(s), () -> s.codePoints().toString());
    }
    for (char c = 0; c < 0x180; c++) {
      String s = "x" + c + c + "Y";
      assertEquals(TextFold.normalised(s), TextFold.fold(s), "U+" + Integer.toHexString(c));
    }
  }

  @Test
  void latinTextsFoldAsSearchPromises() {
    assertEquals("cafe uber strasse", TextFold.fold("CAFÉ Über STRASSE"));
    assertEquals("istanbul", TextFold.fold("İSTANBUL"));
    assertEquals("ßøı", TextFold.fold("ßØı"));
    // Past the table: the whole way, the same rules.
    assertEquals("cafe σοφοσ", TextFold.fold("Cafe\u0301 ΣΟΦΟΣ"));
  }
}
