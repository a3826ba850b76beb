package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A need's title or scope, a task's description and a lens's scope must show some text: one of only
 * invisible characters (a zero-width space, a soft hyphen, a word joiner, a no-break space, a
 * variation selector, a Hangul filler, tag characters) was taken, since Java's isBlank() calls none
 * of them blank, and PROBLEM.md then linked the need with no text. The engine refuses it first,
 * naming the first such character; a title holding them beside visible text stays text.
 */
class ShownTextTest {
  /** Tag characters U+E0001 (language tag) and U+E0061 (tag small a): two UTF-16 units each. */
  static final String TAGS = "\uDB40\uDC01\uDB40\uDC61";

  @TempDir Path dir;
  Path db;
  Engine engine;

  @BeforeEach
  void open() {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    engine = Engine.open(db, Actor.person("alice"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aTitleOfOnlyInvisibleCharactersIsRefusedNamingTheFirst() {
    RefusedException e = refused("need.title", () -> engine.createNeed(NeedSpec.titled("\u200B")));
    assertEquals(
        "need title holds only spaces or invisible characters (the first is U+200B ZERO WIDTH"
            + " SPACE)",
        e.getMessage());
    assertEquals("give the need title words, on one line", e.fix());
    for (String invisible :
        List.of(
            "\u00AD",
            "\u2060",
            "\u00A0",
            "\u2007",
            "\u202F",
            "\uFE0F",
            "\uFE00",
            "\u3164",
            TAGS,
            " \u200B\u00AD\u2060\u00A0 ",
            "\uFEFF",
            // A blank braille cell and reserved default-ignorable code points (schema mlos V20).
            "\u2800",
            "\u2800 \u2800",
            "\uDB40\uDC80",
            "\uDB43\uDFFF",
            "\uFFF0")) {
      refused("need.title", () -> engine.createNeed(NeedSpec.titled(invisible)));
    }
    // The space first is passed over: the character named is the one that cannot be seen.
    assertEquals(
        "need title holds only spaces or invisible characters (the first is U+00AD SOFT HYPHEN)",
        refused("need.title", () -> engine.createNeed(NeedSpec.titled(" \u00AD"))).getMessage());
    assertEquals(
        "need title holds only spaces or invisible characters (the first is U+2800 BRAILLE PATTERN"
            + " BLANK)",
        refused("need.title", () -> engine.createNeed(NeedSpec.titled("\u2800"))).getMessage());
    assertEquals(
        "need title holds only spaces or invisible characters (the first is U+E0001 LANGUAGE"
            + " TAG)",
        refused("need.title", () -> engine.createNeed(NeedSpec.titled(TAGS))).getMessage());
    // White space alone keeps its words.
    assertEquals(
        "need title is blank",
        refused("need.title", () -> engine.createNeed(NeedSpec.titled(" \u3000 "))).getMessage());

    Need n = engine.createNeed(NeedSpec.titled("visible"));
    RefusedException update =
        refused(
            "need.title", () -> engine.updateNeed(n.id(), NeedChange.none().title("\u2060\u00A0")));
    assertEquals(
        "need "
            + n.id()
            + ": need title holds only spaces or invisible characters (the first is U+2060 WORD"
            + " JOINER)",
        update.getMessage());
    assertEquals("visible", engine.getNeed(n.id()).need().title());
    assertEquals(
        List.of("1"), EngineDatabase.rows(db, "SELECT count(*) FROM needs"), "nothing stored");
  }

  @Test
  void aScopeOfOnlyInvisibleCharactersIsRefusedOnCreateAndUpdate() {
    RefusedException e =
        refused(
            "need.scope", () -> engine.createNeed(NeedSpec.titled("n").withScope("\u00A0\u200B")));
    assertEquals(
        "scope holds only spaces or invisible characters (the first is U+00A0 NO-BREAK SPACE)",
        e.getMessage());
    assertEquals(
        "give the scope words (a path or an area, 'kernel/boot'), or leave it out", e.fix());
    Need n = engine.createNeed(NeedSpec.titled("n").withScope("kernel"));
    assertEquals(
        "need "
            + n.id()
            + ": scope holds only spaces or invisible characters (the first is U+FE0F VARIATION"
            + " SELECTOR-16)",
        refused("need.scope", () -> engine.updateNeed(n.id(), NeedChange.none().scope("\uFE0F")))
            .getMessage());
    assertEquals("kernel", engine.getNeed(n.id()).need().scope());
    refused(
        "lens.scopes",
        () -> engine.setLens(LensSpec.forAgentType("architect").withScopes(List.of("\u3164"))));
  }

  @Test
  void aTaskDescriptionOfOnlyInvisibleCharactersIsRefusedOnGraduateAndUpdate() {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    RefusedException e =
        refused(
            "task.description",
            () -> engine.graduate(n.id(), List.of(TaskSpec.of("\u200B\u200B"))));
    assertEquals(
        "need "
            + n.id()
            + ": task description holds only spaces or invisible characters (the first is U+200B"
            + " ZERO WIDTH SPACE)",
        e.getMessage());
    assertEquals("give the task description words, on one line", e.fix());
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("write it"))).get(0);
    refused("task.description", () -> engine.updateTask(t.id(), "\u00AD", null));
    assertEquals("write it", engine.getTask(t.id()).description());
  }

  /** Beside visible text these characters are text: an emoji's joiner, Persian's non-joiner. */
  @Test
  void invisibleCharactersBesideVisibleTextAreKept() {
    String family = "\uD83D\uDC69\u200D\uD83D\uDC67";
    String persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";
    for (String title : List.of("a\u200Db", family, persian, "\u200Bx\u200B", "x\u00A0")) {
      Need n = engine.createNeed(NeedSpec.titled(title).withScope("s" + title));
      assertEquals(title.strip(), engine.getNeed(n.id()).need().title());
      assertEquals(("s" + title).strip(), engine.getNeed(n.id()).need().scope());
    }
  }

  /**
   * A file named by a zero-width space alone, registered without a title, had it as its title: the
   * engine took it and schema mlos V19 refused it in its own words ('artifact: title must show some
   * text'), naming neither the file the title came from nor the character. The engine refuses it
   * first, as it refuses a name of white space only.
   */
  @Test
  void aFileNameThatShowsNothingIsNoTitle() throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("docs"));
    java.nio.file.Files.writeString(dir.resolve("docs/\u200B"), "x\n");
    RefusedException e =
        refused(
            "artifact.text",
            () ->
                engine.registerArtifact(
                    ArtifactPlaces.defaults(dir), ArtifactSpec.of("docs/\u200B")));
    assertEquals(
        "artifact title, taken from the file name of 'docs/\u200B' when none is given, must show"
            + " some text; the name holds only spaces or invisible characters (the first is U+200B"
            + " ZERO WIDTH SPACE)",
        e.getMessage());
    assertEquals("give the artifact a title, on one line", e.fix());
    assertEquals(List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM artifacts"));
    assertEquals(
        "Spacer",
        engine
            .registerArtifact(
                ArtifactPlaces.defaults(dir), ArtifactSpec.of("docs/\u200B").withTitle("Spacer"))
            .artifact()
            .title());
  }
}
