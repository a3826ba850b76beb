package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link RelativeLink#of}: the links templates write between pages. */
class RelativeLinkTest {
  @Test
  void typicalLinks() {
    Path out = Path.of("/ws");
    assertEquals(
        "../needs/need-2.md", RelativeLink.of(out, out, "tasks/task-1.md", "needs/need-2.md"));
    assertEquals("need-2.md", RelativeLink.of(out, out, "needs/need-1.md", "needs/need-2.md"));
    assertEquals(".", RelativeLink.of(out, out, "needs/need-1.md", "needs"));
    assertEquals("../..", RelativeLink.of(out, out, "a/b/c.md", ""));
    assertEquals("a/b", RelativeLink.of(out, out, "c.md", "./a//b/"));
  }

  /**
   * Plain paths are worked out on the strings: on paths made of the characters that matter (short
   * names, dots, slashes, backslashes, spaces, non-ASCII, NUL), the answer is java.nio's, or the
   * same exception, whether the link is to the output directory or to a workspace around it.
   */
  @Test
  void theStringShortcutGivesJavaNiosAnswerForAnyPath() {
    Path out = Path.of("/ws/out");
    Path root = Path.of("/ws");
    String alphabet = "ab//..\\ \u00e9\u0000~-";
    SplittableRandom random = new SplittableRandom(20261204L);
    int plain = 0;
    for (int n = 0; n < 100_000; n++) {
      // every other pair made of whole names, so common leading directories are frequent
      String current =
          (n % 2 == 0 ? names(random) : path(random, alphabet)) + (n % 4 == 0 ? "/x.md" : "x.md");
      String target = n % 2 == 0 ? names(random) : path(random, alphabet);
      if (RelativeLink.plain(current) && RelativeLink.plain(target)) {
        plain++;
      }
      for (Path base : new Path[] {out, root}) {
        String expected;
        try {
          expected = RelativeLink.withPaths(out, base, current, target);
        } catch (java.nio.file.InvalidPathException e) {
          assertThrows(
              java.nio.file.InvalidPathException.class,
              () -> RelativeLink.of(out, base, current, target));
          continue;
        }
        assertEquals(
            expected,
            RelativeLink.of(out, base, current, target),
            () -> current.replace("\0", "\\0") + " -> " + target.replace("\0", "\\0"));
      }
    }
    // the shortcut was taken often enough to mean something
    assertTrue(plain > 10_000, "plain pairs: " + plain);
  }

  @Test
  void plainPathsAreLinkedAsJavaNioLinksThem() {
    Path out = Path.of("/ws");
    for (String[] c :
        new String[][] {
          {"PROBLEM.md", "needs/1-a.md", "needs/1-a.md"},
          {"needs/1-a.md", "needs/2-b.md", "2-b.md"},
          {"needs/1-a.md", "artifacts/x/y.md", "../artifacts/x/y.md"},
          {"a/b/c/d.md", "a/b", ".."},
          {"a/b/c/d.md", "a/b/c", "."},
          {"a/b/c/d.md", "a/x/c", "../../x/c"},
          {"a/b.md", "a/b.md", "b.md"},
          {"a/b.md", "a/b.md/c", "b.md/c"},
          {"ab/c.md", "a/c.md", "../a/c.md"},
        }) {
      assertEquals(c[2], RelativeLink.of(out, out, c[0], c[1]), c[0] + " -> " + c[1]);
      assertEquals(c[2], RelativeLink.withPaths(out, out, c[0], c[1]), c[0] + " -> " + c[1]);
    }
  }

  private static String names(SplittableRandom random) {
    String[] names = {"a", "b", "ab", "x.md", ".", "..", "", ".a", "a.", "..."};
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(5);
    for (int i = 0; i < length; i++) {
      b.append(i == 0 ? "" : "/").append(names[random.nextInt(names.length)]);
    }
    return b.toString();
  }

  private static String path(SplittableRandom random, String alphabet) {
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(10);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
