package dev.mlos.core.guard.report;

import dev.mlos.core.path.GitCheckout;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a workspace sits in its git checkout. Code scanning (SARIF) and GitHub's annotations both
 * resolve paths against the repository root, while the guard reports paths relative to the
 * workspace root; for a workspace in a subdirectory of the repository, every path needs the
 * workspace's place in front of it.
 *
 * @param repositoryRoot the nearest directory at or above the workspace root holding {@code .git}
 *     (a directory, or the file a linked worktree or submodule has; {@link GitCheckout#rootOf});
 *     the workspace root itself when there is none
 * @param workspacePrefix the workspace root relative to {@code repositoryRoot}, '/'-separated with
 *     a trailing '/', or "" when they are the same
 */
public record RepositoryLocation(Path repositoryRoot, String workspacePrefix) {

  /**
   * The location of {@code workspaceRoot}, read through symbolic links (as git sees the checkout).
   */
  public static RepositoryLocation of(Path workspaceRoot) {
    Path root = workspaceRoot.toAbsolutePath().normalize();
    try {
      root = root.toRealPath();
    } catch (IOException e) {
      // Not there (yet): the path as given.
    }
    Path repository = GitCheckout.rootOf(root);
    if (repository != null) {
      String rel = WorkspacePath.relative(repository, root);
      return new RepositoryLocation(repository, rel.isEmpty() ? "" : rel + "/");
    }
    return new RepositoryLocation(root, "");
  }

  /** {@code workspacePath} (relative to the workspace root) relative to the repository root. */
  public String repositoryPath(String workspacePath) {
    return workspacePrefix + workspacePath;
  }
}
