package dev.mlos.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputPatternTest {
  private static Map<String, Object> row(Object id, Object title) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("title", title);
    return r;
  }

  @Test
  void valuesAreSluggedSoTheyCannotLeaveTheWorkspace() {
    OutputPattern p = new OutputPattern("needs", "needs/{id}-{title}.md");
    assertEquals("needs/7-etc-passwd.md", p.apply(row(7L, "../../etc/passwd")).value());
    assertEquals(
        "needs/8-c-windows-system32.md", p.apply(row(8L, "C:\\Windows\\System32")).value());
    assertEquals("needs/9-untitled.md", p.apply(row(9L, "???")).value());
    assertEquals("needs/10-none.md", p.apply(row(10L, null)).value());
  }

  /**
   * A value with no ASCII letter or digit left is {@code untitled} beside other text of its name
   * ({@code needs/9-untitled.md}, as before), but where it is the whole name, two such values
   * shared one page: there it is named from the value's hash, the same on every machine.
   */
  @Test
  void aWholeNameWithNoLetterOrDigitIsNamedFromItsHash() {
    OutputPattern p = new OutputPattern("sessions", "sessions/{id}.md");
    assertEquals("sessions/untitled-cb3f91d5.md", p.apply(Map.of("id", "---")).value());
    assertEquals("sessions/untitled-d280d605.md", p.apply(Map.of("id", "שלום 🎉")).value());
    assertEquals("sessions/untitled-e3b0c442.md", p.apply(Map.of("id", "")).value());
    assertEquals("sessions/seance-1.md", p.apply(Map.of("id", "Séance 1 🎉")).value());
    assertEquals("sessions/none.md", p.apply(row(null, "x")).value());
    assertEquals(
        "x/untitled-cb3f91d5/untitled-d280d605",
        new OutputPattern("v", "x/{id}/{title}").apply(row("---", "שלום 🎉")).value());
    assertEquals(
        "untitled-cb3f91d5.d.md",
        new OutputPattern("v", "{id}.d.md").apply(row("---", "")).value());
    // Not a whole name: beside a literal or another placeholder, as before.
    assertEquals(
        "s-untitled.md", new OutputPattern("v", "s-{id}.md").apply(row("---", "")).value());
    assertEquals(
        "s/untitled-untitled.md",
        new OutputPattern("v", "s/{id}-{title}.md").apply(row("---", "!")).value());
    assertEquals(
        "s/untitleduntitled.md",
        new OutputPattern("v", "s/{id}{title}.md").apply(row("---", "!")).value());
  }

  @Test
  void theDirectoryAPatternWritesIntoIsItsLiteralPartBeforeAnyPlaceholder() {
    String[][] cases = {
      // pattern, directory, whether subdirectories vary per row
      {"PROBLEM.md", "", "false"},
      {"docs/index/ALL.md", "docs/index", "false"},
      {"needs/{id}-{title}.md", "needs", "false"},
      {"a/b{x}.md", "a", "false"},
      {"{id}.md", "", "false"},
      {"{scope}/needs/{id}.md", "", "true"},
      {"pages/{scope}/x.md", "pages", "true"},
      {"a/b{x}/c.md", "a", "true"},
    };
    for (String[] c : cases) {
      OutputPattern p = new OutputPattern("v", c[0]);
      assertEquals(c[1], p.directory(), c[0]);
      assertEquals(Boolean.parseBoolean(c[2]), p.directoryVaries(), c[0]);
    }
  }

  @Test
  void longValuesAreCut() {
    OutputPattern p = new OutputPattern("needs", "needs/{id}-{title}.md");
    String path = p.apply(row(1L, "word ".repeat(100))).value();
    assertTrue(path.length() <= "needs/1-.md".length() + OutputPattern.MAX_SEGMENT, path);
  }

  @Test
  void aMissingColumnNamesTheViewAndTheColumnsThereAre() {
    OutputPattern p = new OutputPattern("needs", "needs/{slug}.md");
    MlosException e = assertThrows(MlosException.class, () -> p.apply(row(1L, "x")));
    assertTrue(e.getMessage().contains("View 'needs'"), e.getMessage());
    assertTrue(e.getMessage().contains("no column 'slug' (it has: id, title)"), e.getMessage());
  }

  @Test
  void aValueNeverMakesAWindowsDeviceName() {
    OutputPattern p = new OutputPattern("pages", "pages/{title}.md");
    for (String device : new String[] {"CON", "con", "Nul", "PRN", "aux", "COM1", "lpt9", "com0"}) {
      String path = p.apply(row(1L, device)).value();
      assertEquals("pages/" + device.toLowerCase(Locale.ROOT) + "_.md", path, device);
    }
    // Only a whole name before the first dot is a device: these are ordinary names.
    assertEquals("pages/console.md", p.apply(row(1L, "console")).value());
    assertEquals("pages/com10.md", p.apply(row(1L, "COM10")).value());
    assertEquals(
        "pages/nul_/x.md",
        new OutputPattern("v", "pages/{title}/x.md").apply(row(1L, "NUL")).value());
    assertEquals(
        "pages/con_", new OutputPattern("v", "pages/{title}").apply(row(1L, "con")).value());
    assertEquals(
        "pages/a-con.md",
        new OutputPattern("v", "pages/a-{title}.md").apply(row(1L, "con")).value());
    assertEquals(
        "pages/conx.md", new OutputPattern("v", "pages/{title}x.md").apply(row(1L, "con")).value());
    assertEquals(
        "pages/con_.md",
        new OutputPattern("v", "pages/{id}{title}.md").apply(row("co", "n")).value(),
        "the value that completes the name gets the mark");
    assertEquals(
        "aux/1.md",
        new OutputPattern("v", "aux/{id}.md").apply(row(1L, "x")).value(),
        "a name the pattern spells out is the author's choice");
  }
}
