package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** {@link RelativeLink#of} against the java.nio reference {@link RelativeLink#byPath}. */
class RelativeLinkTest {
  private static final String[] SEGMENTS = {
    "a",
    "b",
    "docs",
    "needs",
    "need-1-x.md",
    "x y",
    "..",
    ".",
    "",
    "é",
    "日本",
    "a\\b",
    "\\",
    "-",
    "~",
    "a.b",
    "...",
    ".hidden",
    "%20",
    "🚀",
    "\u0000",
    "\t",
  };

  private static final Path[] OUTPUTS = {
    Path.of("/ws"),
    Path.of("/ws/out"),
    Path.of("/ws/out/deep"),
    Path.of("/"),
    Path.of("/w s/é/out"),
    Path.of("/ws/a"),
    Path.of("/ws/docs/needs"),
  };

  private static String randomPath(SplittableRandom r, boolean maybeAbsolute) {
    StringBuilder sb = new StringBuilder();
    if (maybeAbsolute && r.nextInt(8) == 0) {
      sb.append('/');
    }
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append('/');
      }
      // mostly plain segments, sometimes the odd ones
      sb.append(r.nextInt(3) == 0 ? SEGMENTS[r.nextInt(SEGMENTS.length)] : SEGMENTS[r.nextInt(5)]);
    }
    if (r.nextInt(10) == 0) {
      sb.append('/');
    }
    return sb.toString();
  }

  private static String outcome(Callable<String> c) {
    try {
      return "ok:" + c.call();
    } catch (Exception e) {
      return "error:" + e.getClass().getName();
    }
  }

  @Test
  void sameAsJavaNioOverRandomPaths() {
    SplittableRandom r = new SplittableRandom(20260101);
    int fast = 0;
    int total = 200_000;
    for (int k = 0; k < total; k++) {
      Path out = OUTPUTS[r.nextInt(OUTPUTS.length)];
      Path base =
          switch (r.nextInt(4)) {
            case 0 -> out;
            case 1 -> Path.of("/ws");
            case 2 -> Path.of("/ws/./out/../x");
            default -> r.nextBoolean() ? Path.of("rel/base") : Path.of("/");
          };
      Path outNorm = out.toAbsolutePath().normalize();
      String current = r.nextInt(5) == 0 ? randomPath(r, true) : randomPath(r, false) + "/f.md";
      String target = randomPath(r, true);
      String[] outSegs = RelativeLink.segments(outNorm);
      String[] baseSegs = RelativeLink.segments(base);
      String expected = outcome(() -> RelativeLink.byPath(outNorm, base, current, target));
      String actual =
          outcome(() -> RelativeLink.of(outNorm, outSegs, base, baseSegs, current, target));
      assertEquals(expected, actual, () -> out + " | " + base + " | " + current + " | " + target);
      if (baseSegs != null && RelativeLink.fast(outSegs, baseSegs, current, target) != null) {
        fast++;
      }
    }
    assertTrue(fast > total / 3, "the string path should handle most cases, handled " + fast);
  }

  @Test
  void typicalLinks() {
    Path out = Path.of("/ws");
    String[] segs = RelativeLink.segments(out);
    assertEquals(
        "../needs/need-2.md",
        RelativeLink.of(out, segs, out, segs, "tasks/task-1.md", "needs/need-2.md"));
    assertEquals(
        "need-2.md", RelativeLink.of(out, segs, out, segs, "needs/need-1.md", "needs/need-2.md"));
    assertEquals(".", RelativeLink.of(out, segs, out, segs, "needs/need-1.md", "needs"));
    assertEquals("../..", RelativeLink.of(out, segs, out, segs, "a/b/c.md", ""));
    assertEquals("a/b", RelativeLink.of(out, segs, out, segs, "c.md", "./a//b/"));
  }
}
