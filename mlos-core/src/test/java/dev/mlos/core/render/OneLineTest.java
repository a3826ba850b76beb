package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlos.core.testing.NastyStrings;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code mlos.oneLine} against the FreeMarker function the ML OS pack's {@code _lib.ftl} had
 * before.
 */
class OneLineTest {
  private static final String OLD =
      """
      <#function oneLine text max>
        <#local t = text?replace("\\\\s+", " ", "r")?trim>
        <#if t?length gt max>
          <#return t[0..<(max - 3)]?trim + "...">
        </#if>
        <#return t>
      </#function>
      """;

  private final Configuration configuration = configuration();
  private final Template old = template("old", OLD + "${oneLine(text, max)}");
  private final Template now = template("now", "${mlos.oneLine(text, max)}");
  private final MlosFunctions mlos = new MlosFunctions(Path.of("/ws"), Path.of("/ws"), Map.of());

  private static Configuration configuration() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setNumberFormat("computer");
    c.setLocale(Locale.ROOT);
    c.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
    c.setLogTemplateExceptions(false);
    return c;
  }

  private Template template(String name, String text) {
    try {
      return new Template(name, text, configuration);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private String render(Template t, Object text, Object max) throws Exception {
    Map<String, Object> model = new HashMap<>();
    model.put("text", text);
    model.put("max", max);
    model.put("mlos", mlos);
    StringWriter out = new StringWriter();
    t.process(model, out);
    return out.toString();
  }

  @Test
  void sameAsTheFreeMarkerFunctionOnNastyStrings() throws Exception {
    SplittableRandom r = new SplittableRandom(424242);
    for (int i = 0; i < 20_000; i++) {
      String text = NastyStrings.next(r, r.nextInt(4) == 0 ? 80 : 20);
      int max = 3 + r.nextInt(r.nextBoolean() ? 10 : 60);
      String expected = withoutHalfAnEmoji(text, max, render(old, text, max));
      assertEquals(expected, render(now, text, max), text + " / " + max);
      assertEquals(expected, MarkdownText.oneLine(text, max));
    }
  }

  /**
   * The FreeMarker function cut between the two halves of an emoji, whose first half the page then
   * held as '?': mlos.oneLine cuts before the emoji instead.
   */
  private static String withoutHalfAnEmoji(String text, int max, String old) {
    String t = MarkdownText.collapseRegexSpace(text).trim();
    boolean splits =
        t.length() > max
            && max > 3
            && Character.isHighSurrogate(t.charAt(max - 4))
            && Character.isLowSurrogate(t.charAt(max - 3));
    if (splits && old.endsWith("...")) {
      String kept = old.substring(0, old.length() - 3);
      if (!kept.isEmpty() && Character.isHighSurrogate(kept.charAt(kept.length() - 1))) {
        return kept.substring(0, kept.length() - 1).trim() + "...";
      }
    }
    return old;
  }

  @Test
  void aCutNeverSplitsAnEmoji() {
    // PROBLEM.md showed 'aaaa?...' for a description cut at 400 in the middle of an emoji.
    String text = "a".repeat(396) + "\uD83D\uDE00".repeat(5);
    assertEquals("a".repeat(396) + "...", MarkdownText.oneLine(text, 400));
    assertEquals("ab\uD83D\uDE00...", MarkdownText.oneLine("ab\uD83D\uDE00\uD83D\uDE00cdef", 8));
  }

  @Test
  void sameAsTheFreeMarkerFunctionOnNumbersAndShortMaxima() throws Exception {
    for (Object text : new Object[] {123456789, 12345678901L, 1.5, 0.000001, -42}) {
      for (Object max : new Object[] {3, 4, 5, 8, 100}) {
        assertEquals(render(old, text, max), render(now, text, max), text + " / " + max);
      }
    }
    // no cut needed: any maximum is fine, as before
    for (Object max : new Object[] {3, 3.5, 7.5}) {
      assertEquals(render(old, " a  b ", max), render(now, " a  b ", max));
    }
    for (Object max : new Object[] {1, 2, 1.5}) {
      assertEquals(render(old, "\t a \n", max), render(now, "\t a \n", max));
    }
  }

  @Test
  void refusesAMaximumThatCannotCut() {
    assertThrows(Exception.class, () -> render(now, "abcdefgh", 2));
    assertThrows(Exception.class, () -> render(now, "abcdefgh", 5.5));
  }
}
