package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.cli.Main;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first boot prompt of a server took 1.3 s (3-9 s on a busy machine): its first context-pack
 * render and the tokenizer. The server now does both ahead of it, once the session opens; the
 * warm-up renders the server agent's own pack and writes nothing (no row, no page, no byte of the
 * database). How much it saves is measured by hand (bench/RESULTS.md), not timed here.
 */
class BootPromptWarmTest {
  @TempDir Path dir;

  private void run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--workspace";
    all[args.length + 1] = dir.toString();
    assertEquals(Main.OK, Main.run(all), String.join(" ", args));
  }

  @Test
  void theWarmUpRendersTheAgentsOwnPackAndWritesNothing() throws Exception {
    run("init");
    run("agent", "register", "builder");
    run("agent", "register", "reviewer");
    run("need", "create", "Boots the same way", "--as", "alice");
    WorkspaceConfig config =
        new ConfigLoader(BootPromptWarmTest.class.getClassLoader())
            .load(dir, ConfigOverrides.none());
    CompiledViews views = new CompiledViews(config, BootPromptWarmTest.class.getClassLoader());
    byte[] db = Files.readAllBytes(dir.resolve("mlos.db"));
    List<String> files = files();

    try (Engine engine = Engine.open(dir.resolve("mlos.db"), Actor.agent(2))) {
      ContextPacks packs = new ContextPacks(views);
      String own = packs.warm(2L).orElseThrow();
      // The same pack, but for the time it was compiled at (the two renders may straddle a second).
      assertEquals(withoutTime(packs.markdown(engine.getAgent(2))), withoutTime(own));
      assertTrue(own.contains("compiled_at: "), own);
      assertTrue(packs.warm(null).isPresent(), "without --agent: the first pack compiled");

      new BootPrompt(engine, views, config, 2L).warm();
    }

    assertArrayEquals(db, Files.readAllBytes(dir.resolve("mlos.db")), "the database is unchanged");
    assertEquals(files, files(), "no page or other file written");
  }

  private static String withoutTime(String markdown) {
    return markdown.replaceAll("(?m)^compiled_at: .*$", "compiled_at: (time)");
  }

  /** The workspace's files, but SQLite's own -wal and -shm, which a reader may create. */
  private List<String> files() throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .filter(p -> !p.endsWith("-wal") && !p.endsWith("-shm"))
          .sorted()
          .toList();
    }
  }
}
