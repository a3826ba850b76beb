package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.cli.Main;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's background recompile: one that failed is tried again a few times, so the last write
 * of a session does not leave the files stale for want of a next write.
 */
class AfterWritesTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

  private String log() {
    return logged.toString(StandardCharsets.UTF_8);
  }

  private void awaitLog(Predicate<String> done) throws InterruptedException {
    for (int i = 0; i < 600 && !done.test(log()); i++) {
      Thread.sleep(50);
    }
    assertTrue(done.test(log()), log());
  }

  private WorkspaceConfig workspace() throws Exception {
    assertEquals(Main.OK, Main.run("init", "--workspace", dir.toString()));
    Files.writeString(
        dir.resolve("mlos.yaml"),
        "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: MINE.md\n"
            + "    queries:\n      needs: SELECT id, title FROM needs ORDER BY id\n");
    // A template the compile refuses, as a lock held too long by another process would refuse it.
    Files.writeString(dir.resolve("t.ftl"), "<#list needs as n>${n.title}\n");
    return new ConfigLoader(AfterWritesTest.class.getClassLoader())
        .load(dir, ConfigOverrides.none());
  }

  private AfterWrites afterWrites(WorkspaceConfig config, long delayMillis) {
    return new AfterWrites(config, true, delayMillis, 0, null, uri -> {}, log);
  }

  @Test
  void aFailedRecompileIsTriedAgainWithoutAnotherWrite() throws Exception {
    WorkspaceConfig config = workspace();
    try (AfterWrites after = afterWrites(config, 300)) {
      after.written();
      awaitLog(l -> l.contains("; tried again in 300 ms"));
      Files.writeString(dir.resolve("t.ftl"), "Needs: <#list needs as n>${n.title}</#list>\n");
      awaitLog(l -> l.contains("mlos mcp: recompiled: "));
    }
    assertTrue(Files.readString(dir.resolve("MINE.md")).contains("Needs: "), log());
  }

  @Test
  void retriesStopAfterAFewAndTheNextWriteTriesAgain() throws Exception {
    WorkspaceConfig config = workspace();
    try (AfterWrites after = afterWrites(config, 50)) {
      after.written();
      awaitLog(l -> l.contains("; the next write tries again"));
      String all = log();
      assertTrue(all.contains("tried again in 50 ms"), all);
      assertTrue(all.contains("tried again in 100 ms"), all);
      assertTrue(all.contains("tried again in 200 ms"), all);
      assertEquals(
          AfterWrites.RETRIES + 1, all.split("background recompile failed", -1).length - 1, all);
    }
  }

  /**
   * A recompile that wrote every page but one too large for max_page_bytes (a row's huge text) was
   * logged as failed and tried again three times, each a full render of the same rows to the same
   * refusal. It now says what was not written and waits for the next write.
   */
  @Test
  void aPageTooLargeIsSaidOnceAndNotTriedAgain() throws Exception {
    assertEquals(Main.OK, Main.run("init", "--workspace", dir.toString()));
    Files.writeString(
        dir.resolve("mlos.yaml"),
        "pack: none\nmax_page_bytes: 1 KiB\nviews:\n"
            + "  big:\n    template: big.ftl\n    output: BIG.md\n"
            + "  small:\n    template: small.ftl\n    output: SMALL.md\n");
    Files.writeString(dir.resolve("big.ftl"), "<#list 1..2000 as i>x</#list>\n");
    Files.writeString(dir.resolve("small.ftl"), "small\n");
    WorkspaceConfig config =
        new ConfigLoader(AfterWritesTest.class.getClassLoader()).load(dir, ConfigOverrides.none());
    try (AfterWrites after = afterWrites(config, 50)) {
      after.written();
      awaitLog(l -> l.contains("not tried again before the next write"));
      Thread.sleep(500);
    }
    String all = log();
    assertTrue(all.contains("mlos mcp: recompiled, but 1 page was not written"), all);
    assertTrue(all.contains("  - BIG.md [view 'big', template big.ftl]: 2,001 bytes"), all);
    assertEquals(1, all.split("recompiled, but", -1).length - 1, all);
    assertTrue(!all.contains("tried again in"), all);
    assertTrue(Files.exists(dir.resolve("SMALL.md")), "the other page is written");
  }

  /**
   * A recompile stopped at max_pages_per_view (a view whose query counts far past it) was logged as
   * failed and tried again three times, each rendering up to the cap again to the same row. It now
   * says why, with the fix, and waits for the next write.
   */
  @Test
  void aViewPastItsPageCapIsSaidOnceAndNotTriedAgain() throws Exception {
    assertEquals(Main.OK, Main.run("init", "--workspace", dir.toString()));
    Files.writeString(
        dir.resolve("mlos.yaml"),
        "pack: none\nmax_pages_per_view: 2\nviews:\n"
            + "  counted:\n    template: c.ftl\n    output: c/{n}.md\n    each: n\n"
            + "    queries:\n      n: WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c"
            + " WHERE n < 100000000) SELECT n FROM c\n");
    Files.writeString(dir.resolve("c.ftl"), "${row.n}\n");
    WorkspaceConfig config =
        new ConfigLoader(AfterWritesTest.class.getClassLoader()).load(dir, ConfigOverrides.none());
    try (AfterWrites after = afterWrites(config, 50)) {
      after.written();
      awaitLog(l -> l.contains("not tried again before the next write"));
      Thread.sleep(500);
    }
    String all = log();
    assertTrue(
        all.contains("mlos mcp: recompile stopped (the write itself is saved): View 'counted'"),
        all);
    assertTrue(all.contains("stopped at row 3 (2 rows so far)"), all);
    assertTrue(all.contains("mlos mcp: fix: make the query return fewer rows"), all);
    assertEquals(1, all.split("recompile stopped", -1).length - 1, all);
    assertTrue(!all.contains("tried again in"), all);
    assertTrue(!Files.exists(dir.resolve("c/3.md")), "no page past the cap");
  }
}
