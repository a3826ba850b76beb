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
 * every GLOB class of schema mlos V20's triggers (which replace V19's) hold the same code points,
 * so neither takes a text the other refuses.
 */
class InvisibleTextTest {
  static final String V20 = "dev/mlos/core/schema/mlos/V20__blank_and_ignorable_texts.sql";

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
  void theMigrationsClassesAreTheEnginesList() throws Exception {
    String sql;
    try (InputStream in = InvisibleText.class.getClassLoader().getResourceAsStream(V20)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Each check: <text> NOT GLOB ('*[^' || <class> || ']*'), the class of what shows nothing,
    // then <text> GLOB ('*[^' || <class> || ']*'), V13's white space (left to V13's words); a
    // class is char(N) and char(A) || '-' || char(B) joined by ||.
    Matcher glob =
        Pattern.compile(
                "(new\\.[a-z_]+|j\\.value) (NOT )?GLOB \\('\\*\\[\\^' \\|\\| (.+?) \\|\\|"
                    + " '\\]\\*'\\)")
            .matcher(sql);
    Pattern item = Pattern.compile("char\\(([0-9]+)\\)(?: \\|\\| '-' \\|\\| char\\(([0-9]+)\\))?");
    TreeSet<Integer> whiteSpace = new TreeSet<>();
    for (int cp = 0; cp <= 0x10FFFF; cp++) {
      if (Character.isWhitespace(cp)) {
        whiteSpace.add(cp);
      }
    }
    int shows = 0;
    int blank = 0;
    while (glob.find()) {
      TreeSet<Integer> set = new TreeSet<>();
      String items = glob.group(3);
      Matcher m = item.matcher(items);
      int end = 0;
      while (m.find()) {
        assertEquals(end == 0 ? 0 : end + 4, m.start(), "not a char(...) range at " + m.start());
        end = m.end();
        int from = Integer.parseInt(m.group(1));
        int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        assertTrue(from <= to, items);
        // A '-', ']' or '^' in the class would be read as GLOB's own.
        for (int cp = from; cp <= to; cp++) {
          assertTrue(cp != '-' && cp != ']' && cp != '^', items);
          assertTrue(set.add(cp), "U+" + Integer.toHexString(cp) + " twice in " + items);
        }
      }
      assertEquals(items.length(), end, "a class not in the form read: " + items);
      if (glob.group(2) != null) {
        assertEquals(javaSet(), set);
        shows++;
      } else {
        assertEquals(whiteSpace, set);
        blank++;
      }
    }
    assertEquals(10, shows, "V20's ten texts judged");
    assertEquals(10, blank);
    assertEquals(20, sql.split(" GLOB \\(", -1).length - 1, "a GLOB not in the form read");
  }

  /**
   * The pattern V20 builds, run by SQLite itself: a text of any one code point of the list shows
   * nothing to the database as to the engine, and one of the code points either side of each range
   * shows (a range one short at either end, or a class SQLite reads otherwise, fails here).
   */
  @Test
  void sqliteReadsTheClassAsTheEngineReadsTheList() throws Exception {
    String sql;
    try (InputStream in = InvisibleText.class.getClassLoader().getResourceAsStream(V20)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher shows =
        Pattern.compile("NOT GLOB (\\('\\*\\[\\^' \\|\\| .+? \\|\\| '\\]\\*'\\))").matcher(sql);
    assertTrue(shows.find());
    TreeSet<Integer> probes = new TreeSet<>();
    for (int[] range : InvisibleText.SHOWS_NOTHING) {
      probes.add(range[0] - 1);
      probes.add(range[0]);
      probes.add(range[1]);
      probes.add(range[1] + 1);
    }
    probes.remove(0);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:");
        java.sql.PreparedStatement ps =
            c.prepareStatement("SELECT char(?) NOT GLOB " + shows.group(1))) {
      for (int cp : probes) {
        if (cp >= 0xD800 && cp <= 0xDFFF) {
          continue;
        }
        ps.setInt(1, cp);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(
              InvisibleText.showsNothing(cp), rs.getInt(1) == 1, "U+" + Integer.toHexString(cp));
        }
      }
    }
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
          0x200B, 0x200C, 0x200D, 0x00AD, 0x2060, 0x00A0, 0x2007, 0x202F, 0xFE0F, 0x3164, 0x2800,
          0xE0080, 0xE0FFF, 0xFFF0
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
