package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context pack never inlines a file in git's own {@code .git}: its config holds a remote's URL,
 * with a token in it as often as not, and the pack is a page the team commits and pushes. The
 * engine refuses to register such a file, but a row written with the sqlite3 shell, or pulled in a
 * teammate's text form (the pull copies rows without the schema's checks), or a link inside the
 * workspace leading there, reached the page before.
 */
class GitDirectoryReadTest {
  @TempDir Path dir;

  private static final String CONFIG =
      "[remote \"origin\"]\n\turl = https://bob:ghp_SECRET-TOKEN@github.com/team/repo\n";

  private TestWorkspace withGitConfig() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Files.createDirectories(w.root.resolve(".git"));
    w.write(".git/config", CONFIG);
    return w;
  }

  @Test
  void anArtifactRowInDotGitIsListedNotInlined() throws Exception {
    TestWorkspace w = withGitConfig();
    // The seed's architect reaches artifact 1 (docs/boot.md); its row now names git's config, as
    // a row from before schema V17 (which refuses it) or one a pull copied.
    w.oldRows("UPDATE artifacts SET file_path = '.git/config' WHERE id = 1");

    w.compile();

    String pack = w.read("context/1-architect.md");
    assertFalse(pack.contains("SECRET-TOKEN"), pack);
    assertTrue(
        pack.contains("not read: '.git/config' is in git's own '.git', which no page shows"), pack);
  }

  @Test
  void aLinkInsideTheWorkspaceLeadingIntoDotGitIsNotFollowedIntoAPage() throws Exception {
    TestWorkspace w = withGitConfig();
    Files.delete(w.root.resolve("docs/boot.md"));
    Files.createSymbolicLink(w.root.resolve("docs/boot.md"), Path.of("../.GIT/config"));
    Files.move(w.root.resolve(".git"), w.root.resolve(".GIT"));

    w.compile();

    String pack = w.read("context/1-architect.md");
    assertFalse(pack.contains("SECRET-TOKEN"), pack);
    assertTrue(
        pack.contains("not read: 'docs/boot.md' is in git's own '.GIT', which no page shows"),
        pack);
  }
}
