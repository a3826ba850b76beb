package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A #list over a lazy ?filter is charged a step for each entry it reads (so a #break ends it early,
 * BuiltInStepLimitTest.aListOfALazyFilterIsChargedWhatItReads), and one that never matches still
 * stops at the bound, at its line. Asserted under a smaller bound than a compile's: reaching 250
 * million steps took 40 s of lambda calls on a busy machine.
 */
class LazyListStepBoundTest {
  @TempDir Path ws;

  @Test
  void aListOfALazyFilterThatNeverMatchesStopsAtTheBound() throws Exception {
    Files.writeString(
        ws.resolve("t.ftl"), "${1}\n<#list (1..2000000000)?filter(x -> x < 0) as x>${x}</#list>\n");
    TemplateEngine engine =
        new TemplateEngine(getClass().getClassLoader(), ws, ws, Map.of(), 1 << 20, 2_000_000);

    TemplateRenderException e =
        assertThrows(
            TemplateRenderException.class,
            () -> engine.render("pages", "workspace/t.ftl", Map.of(), "p/3.md", "id=3"));

    assertTrue(e.getMessage().startsWith("View 'pages', template t.ftl:2:"), e.getMessage());
    assertTrue(
        e.getMessage().contains("stopped rendering page p/3.md after 2,000,000 template steps"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("a built-in, + or comparison over a huge range, sequence or"),
        e.getMessage());
    assertTrue(
        e.fix().startsWith("bound what the built-in, + or comparison at that line works on"),
        e.fix());
  }
}
