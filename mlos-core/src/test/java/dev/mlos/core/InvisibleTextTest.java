package dev.mlos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What shows nothing on a page is one list: the engine's ({@link InvisibleText#SHOWS_NOTHING}) and
 * every trim(...) list of schema mlos V19's triggers hold the same code points, so neither takes a
 * text the other refuses.
 */
class InvisibleTextTest {
  static final String V19 = "dev/mlos/core/schema/mlos/V19__shown_texts.sql";

  static TreeSet<Integer> javaSet() {
    TreeSet<Integer> set = new TreeSet<>();
    for (int[] range : InvisibleText.SHOWS_NOTHING) {
      for (int cp = range[0]; cp <= range[1]; cp++) {
        set.add(cp);
      }
    }
    return set;
  }

  @Test
  void theMigrationsTrimListsAreTheEnginesList() throws Exception {
    String sql;
    try (InputStream in = InvisibleText.class.getClassLoader().getResourceAsStream(V19)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Each trim: trim(<column>, (char(...) || char(...) ...)) = '', the list of what shows
    // nothing, then trim(<column>, char(...)) <> '', V13's white space (left to V13's words).
    Matcher trim =
        Pattern.compile(
                "trim\\((?:new\\.[a-z_]+|j\\.value), \\(?((?:char\\([0-9, ]+\\)(?: \\|\\| )?)+)\\)?\\)"
                    + " (=|<>) ''")
            .matcher(sql);
    Pattern charList = Pattern.compile("char\\(([0-9, ]+)\\)");
    TreeSet<Integer> whiteSpace = new TreeSet<>();
    for (int cp = 0; cp <= 0x10FFFF; cp++) {
      if (Character.isWhitespace(cp)) {
        whiteSpace.add(cp);
      }
    }
    int shows = 0;
    int blank = 0;
    while (trim.find()) {
      TreeSet<Integer> set = new TreeSet<>();
      Matcher m = charList.matcher(trim.group(1));
      int count = 0;
      while (m.find()) {
        String[] numbers = m.group(1).split(", ");
        assertTrue(numbers.length <= 127, "SQLite before 3.48 takes at most 127 arguments");
        for (String n : numbers) {
          set.add(Integer.parseInt(n.strip()));
          count++;
        }
      }
      assertEquals(set.size(), count, "a code point twice in " + trim.group());
      if (trim.group(2).equals("=")) {
        assertEquals(javaSet(), set);
        shows++;
      } else {
        assertEquals(whiteSpace, set);
        blank++;
      }
    }
    assertEquals(10, shows, "V19's ten texts judged");
    assertEquals(10, blank);
    assertEquals(
        20, sql.split("trim\\((new|j)\\.", -1).length - 1, "a trim(...) not in the form read");
  }

  @Test
  void theListHoldsJavasWhiteSpaceAndTheInvisibleCharactersAUserMeetsAndNoLetterButTheFillers() {
    TreeSet<Integer> set = javaSet();
    for (int cp = 0; cp <= 0x10FFFF; cp++) {
      if (Character.isWhitespace(cp)) {
        assertTrue(set.contains(cp), Integer.toHexString(cp));
      }
    }
    for (int cp :
        new int[] {
          0x200B, 0x200C, 0x200D, 0x00AD, 0x2060, 0x00A0, 0x2007, 0x202F, 0xFE0F, 0x3164
        }) {
      assertTrue(InvisibleText.showsNothing(cp), Integer.toHexString(cp));
    }
    // The Hangul fillers are letters to Unicode, and show nothing.
    List<Integer> fillers = List.of(0x115F, 0x1160, 0x3164, 0xFFA0);
    for (int cp : set) {
      assertEquals(fillers.contains(cp), Character.isLetterOrDigit(cp), Integer.toHexString(cp));
    }
    assertTrue(InvisibleText.showsNothing(""));
    assertTrue(InvisibleText.showsNothing("\uDB40\uDC01\uDB40\uDC7F"));
    assertFalse(InvisibleText.showsNothing("a\u200Db"));
    assertFalse(InvisibleText.showsNothing("\u200B."));
    assertFalse(InvisibleText.showsNothing("\uD800"), "a lone surrogate is left to its own rule");
  }
}
