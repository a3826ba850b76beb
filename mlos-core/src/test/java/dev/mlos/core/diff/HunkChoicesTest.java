package dev.mlos.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Recovering a text from two later versions of it, each with one more change. */
class HunkChoicesTest {
  private static final String BASE = "title\nupdated: 1\ndesc: old\n\nbody one\nbody two\nend\n";

  @Test
  void findsTheOriginalBetweenTwoVersionsThatChangedDifferentLinesEvenAdjacentOnes() {
    String byDatabase =
        BASE.replace("updated: 1", "updated: 2").replace("body two", "body two, new");
    String byHand = BASE.replace("desc: old", "desc: mine").replace("end\n", "end\nadded line\n");

    assertEquals(Optional.of(BASE), HunkChoices.find(byDatabase, byHand, 12, BASE::equals));
  }

  @Test
  void findsNothingWhenBothChangedTheSameLine() {
    String byDatabase = BASE.replace("body one", "body one (db)");
    String byHand = BASE.replace("body one", "body one (hand)");

    assertEquals(Optional.empty(), HunkChoices.find(byDatabase, byHand, 12, BASE::equals));
  }

  @Test
  void triesEveryCombinationOfAtMostTheGivenNumberOfHunksAndNoMore() {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      a.append("a").append(i).append("\nsame\n");
      b.append("b").append(i).append("\nsame\n");
    }
    List<String> tried = new ArrayList<>();
    assertEquals(
        Optional.empty(), HunkChoices.find(a.toString(), b.toString(), 5, t -> !tried.add(t)));
    assertEquals(32, tried.size());
    assertEquals(32, tried.stream().distinct().count());
    tried.clear();
    assertEquals(
        Optional.empty(), HunkChoices.find(a.toString(), b.toString(), 4, t -> !tried.add(t)));
    assertEquals(0, tried.size(), "5 hunks are more than 4: nothing is tried");
  }
}
