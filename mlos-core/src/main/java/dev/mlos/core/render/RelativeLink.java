package dev.mlos.core.render;

import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;

/**
 * The relative path from the directory of one file to another, as {@code mlos.link} and {@code
 * mlos.linkFile} write it, computed with {@code java.nio} (resolve, normalize, relativize).
 *
 * <p>It is the only implementation: a second one on strings was measured to save 0.1 s of CPU over
 * the 450,000 links of 100,000 need pages, 0.3% of a cold compile's CPU (bench/RESULTS.md, "What
 * RelativeLink.fast bought"), and was deleted.
 */
final class RelativeLink {
  private RelativeLink() {}

  /**
   * The path from the directory of {@code outputDirectory/current} to {@code base/target}
   * (normalized), '\' made '/', "." when they are the same.
   *
   * @param outputDirectory absolute and normalized
   */
  static String of(Path outputDirectory, Path base, String current, String target) {
    Path from = outputDirectory.resolve(current).getParent();
    Path to = base.resolve(target).normalize();
    String rel = WorkspacePath.relative(from, to);
    return rel.isEmpty() ? "." : rel;
  }
}
