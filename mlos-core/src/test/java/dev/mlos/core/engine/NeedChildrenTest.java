package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A need's detail names its children: a team that cut its work into a hierarchy of needs (a root
 * need, its parts, their parts) saw each need's parent in {@code mlos need show} and {@code
 * get_need}, and no way down from a need to its parts but the compiled page.
 */
class NeedChildrenTest {
  @TempDir Path dir;
  Engine engine;

  @BeforeEach
  void open() {
    engine = Engine.open(EngineDatabase.create(dir.resolve("mlos.db")), Actor.person("maria"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private Need child(String title, long parent) {
    return engine.createNeed(new NeedSpec(title, null, null, null, List.of(), parent, null));
  }

  @Test
  void aNeedListsItsChildrenInIdOrderAndCountsThemAll() {
    Need root = engine.createNeed(NeedSpec.titled("Reproducible baseline"));
    Need data = child("Clean training corpus", root.id());
    Need eval = child("Evaluation harness", root.id());
    Need split = child("Held-out test split frozen", eval.id());

    NeedDetail d = engine.getNeed(root.id());

    assertEquals(List.of(data.id(), eval.id()), d.children().stream().map(Need::id).toList());
    assertEquals(2, d.childrenTotal());
    assertEquals("Evaluation harness", d.children().get(1).title());
    assertEquals(
        List.of(split.id()), engine.getNeed(eval.id()).children().stream().map(Need::id).toList());
    assertEquals(List.of(), engine.getNeed(split.id()).children());
  }

  @Test
  void pastTheListsLimitTheTotalSaysHowManyThereAre() {
    Need root = engine.createNeed(NeedSpec.titled("Root"));
    for (int i = 1; i <= Engine.NEED_CHILDREN_ROWS + 3; i++) {
      child("Part " + i, root.id());
    }

    NeedDetail d = engine.getNeed(root.id());

    assertEquals(Engine.NEED_CHILDREN_ROWS, d.children().size());
    assertEquals(Engine.NEED_CHILDREN_ROWS + 3, d.childrenTotal());
    assertEquals("Part 1", d.children().get(0).title());
  }
}
