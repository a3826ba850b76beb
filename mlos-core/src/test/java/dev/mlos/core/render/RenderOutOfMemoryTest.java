package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A render that runs the Java heap out is a broken run, not a template error: the heap may be too
 * small for an honest compile, or the template may build huge text out of the page size limit's
 * sight. The message names both, the heap this process may use, and the fix of each.
 */
class RenderOutOfMemoryTest {
  @TempDir Path dir;

  private static final long MIB = 1L << 20;

  @Test
  void theMessageNamesTheHeapBothCausesAndBothFixes() {
    RenderOutOfMemoryException e =
        new RenderOutOfMemoryException(
            "pages", "t.ftl", false, "id=3", "p/3.md", 64 * MIB, MIB, new OutOfMemoryError());
    assertEquals(
        "View 'pages', template t.ftl (row id=3): ran out of memory rendering page p/3.md: this"
            + " Java process may use 64 MiB of heap, and the compile needed more at this page."
            + " Either the heap is too small for this compile (a large workspace, or a JVM started"
            + " with little heap), or the template builds more text for one page than any heap"
            + " holds (a captured #assign or an #attempt filled in a loop: FreeMarker keeps such"
            + " text in memory, where the page size limit does not see it). Nothing of this page"
            + " was written; the pages rendered before it were",
        e.getMessage());
    assertEquals(
        "give Java more heap and run `compile` again: a heap of 1024 MiB (-Xmx1024m for the JVM"
            + " that runs mlos); if it runs out again with more, the template builds too much: make"
            + " it build less for one page (a LIMIT in its query, no #list of many rows into a"
            + " captured #assign or an #attempt; a page itself is capped at max_page_bytes, 1 MiB)",
        e.fix());
    assertEquals(List.of(Remedy.compile(), Remedy.moreMemory(1024)), e.remedies());
    // Not a template error: nothing that words a template's fault takes it for one.
    assertFalse(MlosException.class.cast(e) instanceof TemplateRenderException);
  }

  /** A built-in pack's template is mlos's: its part of the fix is a report, not an edit. */
  @Test
  void aBuiltInTemplateAsksForAReportInsteadOfAnEdit() {
    RenderOutOfMemoryException e =
        new RenderOutOfMemoryException(
            "needs",
            "(built-in) templates/packs/mlos/need.ftl",
            true,
            null,
            "needs/1.md",
            4096 * MIB,
            MIB,
            new OutOfMemoryError());
    assertTrue(e.getMessage().contains("may use 4096 MiB of heap"), e.getMessage());
    assertTrue(
        e.fix(RemedyWording.OPERATIONS)
            .endsWith(
                "if it runs out again with more, this is a built-in template, which builds no such"
                    + " text on purpose: report it with this message"),
        e.fix());
    assertEquals(Remedy.moreMemory(8192), e.remedies().get(1));
  }

  /**
   * The heap is said in whole MiB, to the nearest (a serial collector reports -Xmx64m as 61.9 MiB),
   * the same for the same heap everywhere; the suggestion is twice it in 256 MiB steps, at least 1
   * GiB.
   */
  @Test
  void theHeapIsRoundedAndTheSuggestionIsDeterministic() {
    assertEquals(62, RenderOutOfMemoryException.heapMiB(64_880_640L));
    assertEquals(64, RenderOutOfMemoryException.heapMiB(64 * MIB));
    assertEquals(64, RenderOutOfMemoryException.heapMiB(64 * MIB + MIB / 2 - 1));
    assertEquals(65, RenderOutOfMemoryException.heapMiB(64 * MIB + MIB / 2));
    assertEquals(1024, RenderOutOfMemoryException.suggestedMiB(62));
    assertEquals(1024, RenderOutOfMemoryException.suggestedMiB(512));
    assertEquals(1280, RenderOutOfMemoryException.suggestedMiB(600));
    assertEquals(8192, RenderOutOfMemoryException.suggestedMiB(4096));
    // No overflow for a heap without a limit.
    assertTrue(
        RenderOutOfMemoryException.suggestedMiB(RenderOutOfMemoryException.heapMiB(Long.MAX_VALUE))
            > 0);
  }

  /**
   * The real thing, in a JVM of its own with a 48 MiB heap: a template that captures 80 million
   * characters (within the step bound) cannot fit there on any machine, and the render ends in this
   * exception, naming the heap that process had, instead of a bare OutOfMemoryError.
   */
  @Test
  void aRenderThatRunsTheHeapOutEndsInThisException() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Files.writeString(
        ws.resolve("t.ftl"),
        "<#assign s><#list 1..2000000 as i>0123456789012345678901234567890123456789</#list>"
            + "</#assign>${s?length}\n");
    Path log = dir.resolve("out.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Render.class.getName(),
                ws.toString()));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the render process ended");
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.startsWith("RenderOutOfMemoryException\n"), out);
    assertTrue(
        out.contains(
            "View 'pages', template t.ftl (row id=3): ran out of memory rendering page p/3.md:"
                + " this Java process may use "),
        out);
    assertTrue(out.contains("give Java more heap and run `compile` again: a heap of 1024"), out);
  }

  /** Renders {@code t.ftl} of the workspace {@code args[0]} and prints what it threw. */
  public static final class Render {
    public static void main(String[] args) {
      Path ws = Path.of(args[0]);
      TemplateEngine engine =
          new TemplateEngine(Render.class.getClassLoader(), ws, ws, Map.of(), MIB);
      try {
        engine.render("pages", "workspace/t.ftl", Map.of(), "p/3.md", "id=3");
        System.out.println("rendered");
      } catch (MlosException e) {
        System.out.println(e.getClass().getSimpleName());
        System.out.println(e.getMessage());
        System.out.println(e.fix());
      }
    }
  }
}
