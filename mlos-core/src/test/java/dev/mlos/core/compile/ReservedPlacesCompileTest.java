package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.schema.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-row output pattern whose row values land on the database's own files or in git's {@code
 * .git}: the configuration cannot see it, so the page is refused when it is written, and the other
 * pages are written.
 */
class ReservedPlacesCompileTest {
  @TempDir Path dir;

  /** A workspace at {@code dir} whose database {@code dbName} lies in it, with one per-row view. */
  private TestWorkspace workspace(String dbName, String output, String nameOfNeed1)
      throws Exception {
    TestWorkspace w = new TestWorkspace(dir, dir.resolve(dbName));
    try (Connection c = Database.at(w.db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      Migrator.forSet("mlos-compiler").migrate(c);
    }
    w.seed();
    w.write("t.ftl", "${row.id}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: '"
            + output
            + "'\n    each: needs\n    queries:\n      needs: SELECT id, CASE id WHEN 1 THEN '"
            + nameOfNeed1
            + "' ELSE 'n' || id END AS name FROM needs ORDER BY id\n");
    return w;
  }

  @Test
  void aRowThatNamesTheDatabasesJournalIsRefusedAndTheOthersAreWritten() throws Exception {
    TestWorkspace w = workspace("mlos.db", "{name}.db-journal", "mlos");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains(
                "'mlos.db-journal' is the database's rollback journal: compiled pages are never"
                    + " written over the database"),
        e.getMessage());
    assertTrue(e.getMessage().contains("[view 'mine', row"), e.getMessage());
    assertFalse(
        w.exists("mlos.db-journal") && w.read("mlos.db-journal").startsWith("---"),
        "no page in the journal");
    assertTrue(w.exists("n2.db-journal"), "the other rows' pages are written");
    // The guard says the same, and never to move the journal out of the way.
    dev.mlos.core.guard.Violation v =
        new dev.mlos.core.guard.Guard()
            .check(new dev.mlos.core.guard.GuardRequest(w.config())).violations().stream()
                .filter(x -> x.path().equals("mlos.db-journal"))
                .findFirst()
                .orElseThrow();
    assertTrue(v.message().contains("whose path is the database's rollback journal"), v.message());
    assertTrue(v.fixTemplate().startsWith("change the view's output pattern"), v.fixTemplate());
  }

  @Test
  void theDatabaseIsComparedCaseInsensitively() throws Exception {
    TestWorkspace w = workspace("Mlos.db", "{name}.db", "mlos");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertTrue(e.getMessage().contains("'mlos.db' is the workspace's database"), e.getMessage());
  }

  @Test
  void aRowThatLeadsIntoGitIsRefused() throws Exception {
    TestWorkspace w = workspace("mlos.db", ".{name}/config.md", "git");
    Files.createDirectories(dir.resolve(".git"));

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertEquals(1, e.conflicts().size(), e.getMessage());
    assertTrue(e.getMessage().contains("'.git/config.md' is in git's own '.git'"), e.getMessage());
    assertFalse(w.exists(".git/config.md"));
    assertTrue(w.exists(".n2/config.md"));
  }

  /**
   * A row that named the workspace's mlos.yaml was a conflict with a file in the way, whose fix was
   * to move the workspace's settings out of the way.
   */
  @Test
  void aRowThatNamesTheConfigurationFileIsRefusedAndMlosYamlIsKept() throws Exception {
    TestWorkspace w = workspace("mlos.db", "{name}.yaml", "MLOS");
    String settings = w.read("mlos.yaml");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertTrue(
        e.getMessage().contains("'mlos.yaml' is the workspace's configuration file"),
        e.getMessage());
    assertFalse(e.getMessage().contains("out of the way"), e.getMessage());
    assertEquals(settings, w.read("mlos.yaml"));
    assertTrue(w.exists("n2.yaml"), "the other rows' pages are written");
  }
}
