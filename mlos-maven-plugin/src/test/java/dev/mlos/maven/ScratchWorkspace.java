package dev.mlos.maven;

import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A workspace under the module's target/ for Mojo tests (the harness needs a fixed basedir), made
 * afresh before each test so a failed run leaves its evidence until the next one.
 */
final class ScratchWorkspace {
  private ScratchWorkspace() {}

  /** Deletes {@code dir} and everything in it, then creates it empty. */
  static void fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
  }

  /** {@code workspace} (made afresh) with an ML OS database holding one active need. */
  static void withOneNeed(Path workspace) throws IOException {
    fresh(workspace.getParent());
    Files.createDirectories(workspace);
    Path seed = workspace.resolve("seed.sql");
    Files.writeString(
        seed,
        "INSERT INTO needs (id, title, status, priority, scope) VALUES (1, 'Boot the kernel', 'active', 1, 'kernel');\n");
    new Initializer()
        .init(
            new InitRequest(
                workspace.resolve("mlos.db").toAbsolutePath(),
                List.of("mlos"),
                List.of(seed.toAbsolutePath()),
                null));
  }
}
