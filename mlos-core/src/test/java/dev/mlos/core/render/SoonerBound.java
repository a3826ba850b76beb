package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * For tests of the template bound outside this package: renders a workspace's template {@code
 * t.ftl} for page {@code p/3.md} of view {@code pages} (row {@code id=3}, as the compile tests name
 * it) through a {@link TemplateEngine} bounded at {@link #STEPS}, where a compile's bound of 250
 * million steps took 15 to 40 s to reach. The wiring of the bound into a compile is tested by the
 * compile tests that reach it quickly.
 */
public final class SoonerBound {
  private SoonerBound() {}

  /** The bound of these renders. */
  public static final long STEPS = 20_000_000;

  /** Its words in the refusal: {@code "after 20,000,000 template steps"}. */
  public static final String AFTER = "after 20,000,000 template steps";

  /** The refusal of rendering {@code template} in {@code workspace} (made if missing). */
  public static TemplateRenderException stopped(Path workspace, String template) {
    try {
      Files.createDirectories(workspace);
      Files.writeString(workspace.resolve("t.ftl"), template);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TemplateEngine engine =
        new TemplateEngine(
            SoonerBound.class.getClassLoader(), workspace, workspace, Map.of(), 16L << 20, STEPS);
    return assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () ->
            assertThrows(
                TemplateRenderException.class,
                () ->
                    engine.render(
                        "pages",
                        "workspace/t.ftl",
                        Map.of("row", Map.of("id", 3)),
                        "p/3.md",
                        "id=3")));
  }
}
