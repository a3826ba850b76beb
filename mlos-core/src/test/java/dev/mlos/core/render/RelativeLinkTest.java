package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
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
}
