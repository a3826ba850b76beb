package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.ShownText;
import dev.mlos.core.db.OldRows;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A need titled with a zero-width space alone, a task described with a soft hyphen and a word
 * joiner, a scope of a zero-width space (rows from before schema mlos V19, which refuses them, or
 * written with its triggers off) come back from the engine as stored, and each record words them as
 * the compiled pages do ({@link ShownText}): the command line and the MCP server showed the stored
 * text, which looks like no title at all.
 */
class InvisibleTitleAnswersTest {
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

  private long actionable(String title) {
    long id = engine.createNeed(NeedSpec.titled(title)).id();
    engine.moveNeed(id, "active", null);
    engine.moveNeed(id, "actionable", null);
    return id;
  }

  @Test
  void readyWorkAndANeedShowTheirFallbacksWhereTheStoredTextShowsNothing() {
    long graduated = actionable("one");
    engine.graduate(graduated, List.of(TaskSpec.of("first step")));
    long waiting = actionable("two");
    long blocked = actionable("three");
    long blocker = engine.createNeed(NeedSpec.titled("four")).id();
    engine.relate(new EntityRef("need", blocker), new EntityRef("need", blocked), "blocks", null);
    OldRows.write(
        db,
        "UPDATE needs SET title = char(8203), scope = char(8203) WHERE id = " + graduated,
        "UPDATE needs SET title = char(8203) WHERE id IN (" + waiting + ", " + blocked + ")",
        "UPDATE needs SET title = ' ' || char(65279) WHERE id = " + blocker,
        "UPDATE tasks SET description = char(173, 8288) WHERE need_id = " + graduated);

    ReadyWork w = engine.readyWork(ReadyQuery.everyone());

    ReadyItem task = w.items().stream().filter(i -> i.kind().equals("task")).findFirst().get();
    assertEquals("\u00AD\u2060", task.title(), "the stored value, as it is");
    assertEquals("no description", task.shownTitle());
    assertEquals("no description", task.shortTitle());
    // The reason named the need as 'U+200B' and its scope as U+200B: both left out now.
    assertTrue(task.reason().startsWith("P- task of need 1, open since "), task.reason());
    assertFalse(task.reason().contains("\u200B"), task.reason());
    ReadyItem need = w.items().stream().filter(i -> i.kind().equals("need")).findFirst().get();
    assertEquals("need " + waiting, need.shownTitle());
    assertEquals("need " + waiting, need.shortTitle());
    BlockedItem b = w.blocked().get(0);
    assertEquals("need " + blocked, b.shownTitle());
    assertEquals("need " + blocker, b.blockers().get(0).shownTitle());

    NeedDetail d = engine.getNeed(graduated);
    assertEquals("\u200B", d.need().title());
    assertEquals("need " + graduated, d.need().shownTitle());
    assertEquals("no description", d.tasks().get(0).shownDescription());
  }

  @Test
  void aTextThatShowsAnythingIsShownAsItIs() {
    // A zero-width joiner inside an emoji, a zero-width non-joiner in Persian: text, not nothing.
    assertEquals(
        "\uD83D\uDC68\u200D\uD83D\uDC69", ShownText.needTitle(1, "\uD83D\uDC68\u200D\uD83D\uDC69"));
    assertEquals(
        "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
        ShownText.taskDescription("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"));
    assertEquals("need 3", ShownText.needTitle(3, null));
    assertEquals("docs/a.md", ShownText.artifactTitle("\u200B", "docs/a.md"));
    assertEquals("untitled artifact", ShownText.artifactTitle(" ", null));
    assertEquals("no description", ShownText.title("task", 9, "\u200B\u200B"));
  }
}
