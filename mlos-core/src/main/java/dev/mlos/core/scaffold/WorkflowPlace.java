package dev.mlos.core.scaffold;

import dev.mlos.core.path.GitCheckout;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;

/**
 * Where the scaffold's GitHub Actions workflow goes: GitHub runs only the workflows in {@code
 * .github/workflows} at the root of the repository, so for a workspace in a subdirectory of its
 * repository the workflow is written there, running the build in the workspace's directory. When
 * git ignores the workspace (it lies under another project's {@code target/}, say) or cannot tell,
 * nothing is written outside the workspace: the workflow goes into the workspace, for when it is a
 * repository of its own, and {@link #warning} says so.
 *
 * @param root the directory whose {@code .github/workflows} receives the workflow
 * @param directory the workspace relative to {@code root}, '/'-separated; "" when they are the same
 * @param repository the git repository's root, or null when the workspace is in none
 * @param warning what the user must do for GitHub to run the workflow, or null
 */
record WorkflowPlace(Path root, String directory, Path repository, String warning) {

  /** The place for the workspace at {@code realWorkspaceRoot} (a real path). */
  static WorkflowPlace of(Path realWorkspaceRoot) {
    Path repository = GitCheckout.rootOf(realWorkspaceRoot);
    if (repository == null || repository.equals(realWorkspaceRoot)) {
      return new WorkflowPlace(realWorkspaceRoot, "", repository, null);
    }
    String directory = WorkspacePath.relative(repository, realWorkspaceRoot);
    if (directory.contains("${{") || ("/" + directory).contains("/!")) {
      // GitHub evaluates ${{ ... }} in a workflow's values, and upload-artifact reads a path that
      // starts with '!' as an exclusion: no such name goes into a workflow mlos writes.
      return new WorkflowPlace(
          realWorkspaceRoot,
          "",
          repository,
          "the workspace's directory in the repository ("
              + directory
              + ") holds `${{` (GitHub evaluates it in a workflow) or a name starting with `!` (an"
              + " exclusion to upload-artifact), so "
              + Scaffolder.WORKFLOW
              + " was written in the workspace, not at the repository root; rename the directory,"
              + " or write the job at the root by hand");
    }
    Boolean ignored = GitCheckout.ignores(repository, realWorkspaceRoot);
    if (Boolean.FALSE.equals(ignored)) {
      return new WorkflowPlace(repository, directory, repository, null);
    }
    return new WorkflowPlace(
        realWorkspaceRoot,
        "",
        repository,
        "the workspace lies in the git repository "
            + repository
            + " (at "
            + directory
            + "/), which "
            + (ignored == null ? "git could not tell whether it ignores" : "ignores it")
            + ", so "
            + Scaffolder.WORKFLOW
            + " was written in the workspace, not at the repository root; GitHub runs only the"
            + " workflows in the repository root's .github/workflows. It works as it is once the"
            + " workspace is a repository of its own; to guard it from "
            + repository
            + ", move it to "
            + repository.resolve(Scaffolder.WORKFLOW)
            + " and give its run steps `working-directory: "
            + directory
            + "` and its upload `path: "
            + directory
            + "/target/mlos/`");
  }

  /** The workflow job's {@code defaults:} lines (each run step in the workspace), or "". */
  String defaults() {
    return directory.isEmpty()
        ? ""
        : "    defaults:\n      run:\n        working-directory: " + quoted(directory) + "\n";
  }

  /** Where the guard's reports are, relative to the repository root, for the upload step. */
  String reports() {
    return directory.isEmpty() ? "target/mlos/" : quoted(directory + "/target/mlos/");
  }

  /**
   * What to do when the workspace is in a subdirectory and a workflow of that name already exists
   * at the repository root (it is kept): null otherwise.
   */
  String whenKept() {
    if (directory.isEmpty()) {
      return null;
    }
    return root.resolve(Scaffolder.WORKFLOW)
        + " exists and was kept; GitHub runs only the workflows at the repository root, so this"
        + " workspace is guarded in CI only once a job there installs mlos and runs `mvn -B -ntp"
        + " verify` with `working-directory: "
        + directory
        + "` (reports in "
        + directory
        + "/target/mlos/)";
  }

  /** {@code text} as a single-quoted YAML scalar. */
  private static String quoted(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
