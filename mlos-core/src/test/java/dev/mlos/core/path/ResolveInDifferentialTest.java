package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mlos.core.testing.OldImplementations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * resolveIn against the version that always ran realpath, on random trees of directories, files and
 * symlinks (inside, outside, dangling, looping, to the root and above it): same path or same error
 * for every path up to four segments deep; locateIn, sharing its directory cache between calls,
 * gives the same too and reports what is really at the target.
 */
class ResolveInDifferentialTest {
  private static final String[] NAMES = {"a", "b", "c", "x"};

  @TempDir Path tmp;

  @Test
  void randomTreesGiveTheSameResultsAsTheRealpathVersion() throws IOException {
    SplittableRandom random = new SplittableRandom(20250101L);
    List<String> values = new ArrayList<>();
    addPaths("", 4, values);
    for (int tree = 0; tree < 8; tree++) {
      Path base = Files.createDirectories(tmp.resolve("t" + tree));
      Path outside = Files.createDirectories(base.resolve("outside/o"));
      Files.writeString(base.resolve("outside/secret.txt"), "s");
      Path realRoot = Files.createDirectories(base.resolve("ws"));
      fill(random, realRoot, realRoot, outside, 3);
      List<Path> roots =
          new ArrayList<>(List.of(realRoot, base.resolve("ws/../ws"), base.resolve("missing")));
      roots.add(Files.createSymbolicLink(base.resolve("ws-link"), realRoot));
      roots.add(Files.createSymbolicLink(base.resolve("dangling-root"), base.resolve("nowhere")));
      roots.add(Files.writeString(base.resolve("file-root"), "f"));
      roots.add(realRoot.resolve("a")); // whatever fill made of it
      for (Path root : roots) {
        // locateIn shares what it learnt about directories between calls, as a compile does.
        Set<String> plainDirectories = new HashSet<>();
        for (String value : values) {
          WorkspacePath p = WorkspacePath.of(value);
          String expected = outcome(() -> OldImplementations.resolveIn(value, root));
          assertEquals(
              expected, outcome(() -> p.resolveIn(root)), () -> "root " + root + ", path " + value);
          assertEquals(
              expected,
              outcome(() -> located(p.locateIn(root, plainDirectories))),
              () -> "locateIn, root " + root + ", path " + value);
        }
      }
    }
  }

  private static void addPaths(String prefix, int depth, List<String> out) {
    if (depth == 0) {
      return;
    }
    for (String name : NAMES) {
      String value = prefix.isEmpty() ? name : prefix + "/" + name;
      out.add(value);
      addPaths(value, depth - 1, out);
    }
  }

  /** Fills {@code dir} with random entries named a, b, c (x is never created). */
  private static void fill(SplittableRandom random, Path root, Path dir, Path outside, int depth)
      throws IOException {
    for (String name : List.of("a", "b", "c")) {
      Path p = dir.resolve(name);
      int kind = random.nextInt(depth > 0 ? 12 : 10);
      switch (kind) {
        case 0 -> {} // nothing
        case 1 -> Files.writeString(p, "file");
        case 2 -> Files.createSymbolicLink(p, root);
        case 3 -> Files.createSymbolicLink(p, outside);
        case 4 -> Files.createSymbolicLink(p, outside.resolveSibling("secret.txt"));
        case 5 -> Files.createSymbolicLink(p, dir.resolve("nowhere"));
        case 6 -> Files.createSymbolicLink(p, p.getFileName()); // loops on itself
        case 7 -> Files.createSymbolicLink(p, Path.of("..")); // relative, one up
        case 8 -> Files.createSymbolicLink(p, root.getParent());
        case 9 -> Files.createSymbolicLink(p, root.resolve("b")); // may or may not exist
        default -> fill(random, root, Files.createDirectories(p), outside, depth - 1);
      }
    }
  }

  /** The target's path, after checking that what locateIn says it saw is what is there. */
  private static Path located(WorkspacePath.Target target) {
    if (target.looked()) {
      Path path = target.path();
      boolean exists = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
      assertEquals(exists, target.attributes() != null, () -> "existence of " + path);
      if (exists) {
        assertFalse(
            target.attributes().isSymbolicLink(), () -> path + " is a link, yet was looked at");
        assertEquals(
            Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS),
            target.attributes().isDirectory(),
            path::toString);
      }
    } else {
      assertNull(target.attributes());
    }
    return target.path();
  }

  private static String outcome(Supplier<Path> resolve) {
    try {
      return "ok " + resolve.get();
    } catch (InvalidPathException e) {
      return "rejected " + e.reason();
    }
  }
}
