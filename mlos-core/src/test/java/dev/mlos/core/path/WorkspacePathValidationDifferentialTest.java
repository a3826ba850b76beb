package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.testing.NastyStrings;
import dev.mlos.core.testing.OldImplementations;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkspacePathValidationDifferentialTest {
  private static final String[] PATH_PIECES = {
    "/", "/", "/", ".", ".", "..", "a", "b", "C", "z", "Z", "0", ":", "\\", "\u0000", "\n",
    "\u007f", "\u0085", "é", "🚀", "-", "_", "md", " ",
  };

  @Test
  void randomPathLikeStringsAreJudgedLikeTheRegexVersion() {
    SplittableRandom random = new SplittableRandom(424242L);
    for (int n = 0; n < 50_000; n++) {
      int length = random.nextInt(10);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < length; i++) {
        sb.append(PATH_PIECES[random.nextInt(PATH_PIECES.length)]);
      }
      check(sb.toString());
    }
  }

  @Test
  void randomNastyStringsAreJudgedLikeTheRegexVersion() {
    SplittableRandom random = new SplittableRandom(1337L);
    for (int n = 0; n < 20_000; n++) {
      check(NastyStrings.next(random, 20));
    }
  }

  @Test
  void edgeCasesAreJudgedLikeTheRegexVersion() {
    String[] edges = {
      null,
      "",
      "a",
      "/",
      "//",
      "a/",
      "/a",
      ".",
      "..",
      "...",
      "./a",
      "a/.",
      "a/..",
      "a/../b",
      "a//b",
      "C:",
      "c:x",
      "C:/x",
      "ü:",
      "1:",
      ":",
      "a:",
      "aa:",
      "C:\n",
      "\u0130:",
      "a/b/c.md",
      "x".repeat(240),
      "x".repeat(241),
      "a/".repeat(120),
      "a/".repeat(119) + "b",
    };
    for (String s : edges) {
      check(s);
    }
  }

  private static void check(String s) {
    String actual;
    try {
      assertEquals(s, WorkspacePath.of(s).value());
      actual = null;
    } catch (InvalidPathException e) {
      actual = e.reason();
    }
    assertEquals(OldImplementations.workspacePathProblem(s), actual, () -> "input: " + s);
  }
}
