package dev.mlos.core.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub runs only the workflows at the repository root: a workspace scaffolded in a subdirectory
 * of its repository gets its workflow there, running in the workspace's directory; one the
 * repository ignores (under another project's target/) keeps it in the workspace and is told why.
 * Real git repositories in a temporary directory.
 */
class ScaffoldWorkflowPlaceTest {
  @TempDir Path dir;

  private static ScaffoldResult scaffold(Path root) {
    return new Scaffolder()
        .scaffold(new ConfigLoader().load(root, ConfigOverrides.none()), "0.1.0-SNAPSHOT");
  }

  private static void gitInit(Path dir) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("git", "init", "-q", dir.toString()).inheritIO().start();
    } catch (IOException e) {
      assumeTrue(false, "git is not installed");
      return;
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "git init " + dir);
  }

  @Test
  void atTheRepositoryRootTheWorkflowIsTheWorkspacesAsBefore() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    gitInit(repo);

    ScaffoldResult r = scaffold(repo);

    assertTrue(r.written().contains(".github/workflows/mlos.yml"), r.written().toString());
    String workflow = Files.readString(repo.resolve(".github/workflows/mlos.yml"));
    assertFalse(workflow.contains("working-directory"), workflow);
    assertTrue(workflow.contains("run: mvn -B -ntp verify"), workflow);
    assertTrue(workflow.contains("path: target/mlos/ }"), workflow);
    assertEquals(List.of(), r.warnings());
  }

  @Test
  void inASubdirectoryTheWorkflowGoesToTheRepositoryRootAndRunsInTheWorkspace() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    gitInit(repo);
    Path ws = Files.createDirectories(repo.resolve("teams/kernel ws"));

    ScaffoldResult r = scaffold(ws);

    assertTrue(r.written().contains("../../.github/workflows/mlos.yml"), r.written().toString());
    assertFalse(Files.exists(ws.resolve(".github")), "no workflow GitHub never runs");
    String workflow = Files.readString(repo.resolve(".github/workflows/mlos.yml"));
    assertTrue(
        workflow.contains(
            "    defaults:\n      run:\n        working-directory: 'teams/kernel ws'\n    env:\n"),
        workflow);
    assertTrue(workflow.contains("path: 'teams/kernel ws/target/mlos/' }"), workflow);
    assertTrue(workflow.contains("run: mvn -B -ntp verify"), workflow);
    assertTrue(
        r.nextSteps().stream()
            .anyMatch(s -> s.startsWith("CI: ") && s.endsWith(" in teams/kernel ws")),
        r.nextSteps().toString());
    assertEquals(List.of(), r.warnings());
    assertTrue(Files.isRegularFile(ws.resolve("mlos.yaml")), "the rest stays in the workspace");
  }

  @Test
  void aWorkflowAtTheRootIsKeptAndTheScaffoldSaysWhatTheWorkspaceNeeds() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    gitInit(repo);
    Files.createDirectories(repo.resolve(".github/workflows"));
    Files.writeString(repo.resolve(".github/workflows/mlos.yml"), "mine\n");
    Path ws = Files.createDirectories(repo.resolve("sub"));

    ScaffoldResult r = scaffold(ws);

    assertEquals(List.of("../.github/workflows/mlos.yml"), r.kept());
    assertEquals("mine\n", Files.readString(repo.resolve(".github/workflows/mlos.yml")));
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    assertTrue(
        r.warnings().get(0).contains("GitHub runs only the workflows at the repository root"));
    assertTrue(r.warnings().get(0).contains("`working-directory: sub`"), r.warnings().get(0));
    // The next steps said the kept workflow 'builds mlos ..., then runs `mvn -B verify` in sub',
    // which it does not (in a repository of two workspaces, it runs in the first one).
    String ci = r.nextSteps().stream().filter(s -> s.startsWith("CI: ")).findFirst().orElseThrow();
    assertFalse(ci.contains("builds mlos"), ci);
    assertTrue(
        ci.endsWith(
            " was kept as it was (not this scaffold's): make sure a job in it installs mlos and"
                + " runs `mvn -B verify` in sub"),
        ci);
  }

  /**
   * The scaffold run a second time in a subdirectory (a newcomer repeating the README's command)
   * warned that the workflow it had written itself the first time "exists and was kept" and that
   * the workspace is guarded only once a job there runs in it, which that workflow does; and the
   * next steps called it "not this scaffold's". A workflow holding what this scaffold writes for
   * this workspace is its own: no warning. One that differs still gets both.
   */
  @Test
  void aSecondScaffoldDoesNotWarnAboutTheWorkflowTheFirstOneWrote() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    gitInit(repo);
    Path ws = Files.createDirectories(repo.resolve("sub"));
    scaffold(ws);

    ScaffoldResult again = scaffold(ws);

    assertTrue(again.kept().contains("../.github/workflows/mlos.yml"), again.kept().toString());
    assertEquals(List.of(), again.warnings());
    String ci =
        again.nextSteps().stream().filter(s -> s.startsWith("CI: ")).findFirst().orElseThrow();
    assertTrue(ci.contains("builds mlos") && ci.endsWith(" in sub"), ci);

    Path workflow = repo.resolve(".github/workflows/mlos.yml");
    Files.writeString(workflow, Files.readString(workflow).replace("'sub'", "'other'"));
    ScaffoldResult edited = scaffold(ws);
    assertEquals(1, edited.warnings().size(), edited.warnings().toString());
    assertTrue(edited.warnings().get(0).contains("exists and was kept"), edited.warnings().get(0));
  }

  @Test
  void aWorkspaceTheRepositoryIgnoresKeepsItsWorkflowAndIsToldWhy() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    gitInit(repo);
    Files.writeString(repo.resolve(".gitignore"), "target/\n");
    Path ws = Files.createDirectories(repo.resolve("target/it/ws"));

    ScaffoldResult r = scaffold(ws);

    assertTrue(r.written().contains(".github/workflows/mlos.yml"), r.written().toString());
    assertFalse(Files.exists(repo.resolve(".github")), "nothing written outside the workspace");
    assertFalse(
        Files.readString(ws.resolve(".github/workflows/mlos.yml")).contains("working-directory"));
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    String w = r.warnings().get(0);
    assertTrue(w.contains("which ignores it"), w);
    assertTrue(
        w.contains("GitHub runs only the workflows in the repository root's .github/workflows"), w);
    assertTrue(w.contains("`working-directory: target/it/ws`"), w);
  }

  @Test
  void aDirectoryNameGitHubWouldEvaluateIsNeverWrittenIntoTheWorkflow() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    gitInit(repo);
    for (String name : new String[] {"${{ github.token }}", "!ws"}) {
      Path ws = Files.createDirectories(repo.resolve(name));

      ScaffoldResult r = scaffold(ws);

      assertFalse(Files.exists(repo.resolve(".github")), name + ": nothing at the root");
      assertFalse(
          Files.readString(ws.resolve(".github/workflows/mlos.yml")).contains(name),
          name + ": not in the workflow");
      assertTrue(
          r.warnings().stream().anyMatch(w -> w.contains("rename the directory")),
          r.warnings().toString());
    }
  }
}
