package dev.mlos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fix names its remedies by kind and value; each adapter words them, the core has its own words.
 */
class RemedyTest {
  private static final RemedyWording SHOUT =
      r -> r.kind().name() + (r.value() == null ? "" : "(" + r.value() + ")");

  @Test
  void placeholdersAreWordedByTheWordingGiven() {
    MlosException e =
        new MlosException("Database x: it does not exist", "run {0} to create it, or set {1}")
            .suggesting(Remedy.init(), Remedy.setting("database", null));
    assertEquals("run `init` to create it, or set `database`", e.fix());
    assertEquals("run RUN_INIT to create it, or set SET_SETTING", e.fix(SHOUT));
    assertEquals(
        "Database x: it does not exist"
            + System.lineSeparator()
            + "  Fix: run RUN_INIT to create it, or set SET_SETTING",
        e.describe(SHOUT));
  }

  @Test
  void onlyPlaceholdersOfGivenRemediesAreReplacedAndOnlyOnce() {
    // {1} has no remedy, {x} is no placeholder, and a worded remedy holding "{0}" is not read
    // again.
    RemedyWording braces = r -> "{0}";
    assertEquals(
        "a {0} b {1} c {x} {",
        Remedy.format("a {0} b {1} c {x} {", List.of(Remedy.compile()), braces));
    assertEquals(
        "run `accept docs/{0}.md`",
        Remedy.format("run {0}", List.of(Remedy.accept("docs/{0}.md")), RemedyWording.OPERATIONS));
  }

  @Test
  void aFixWithoutRemediesIsTextAsWritten() {
    MlosException e = new MlosException("m", "keep {0} as it is");
    assertEquals("keep {0} as it is", e.fix(SHOUT));
    assertEquals(List.of(), e.remedies());
  }

  @Test
  void onlyASettingHasAName() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Remedy(Remedy.Kind.RUN_COMPILE, "database", null));
    assertThrows(
        IllegalArgumentException.class, () -> new Remedy(Remedy.Kind.SET_SETTING, null, "x"));
  }
}
