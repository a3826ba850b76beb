package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring of {@code mlos:import}: the paths and the type reach the core, what was registered,
 * updated and skipped reaches the log, and missing or bad arguments are a broken setup naming the
 * fix. Import itself (globs, hashing, the graph pack) is tested in mlos-core.
 */
@MojoTest
class ImportMojoTest {
  private static final Path WS = Path.of("target", "mojo-tests-import", "workspace");

  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void workspaceWithDocs() throws IOException {
    ScratchWorkspace.withOneNeed(WS);
    Files.createDirectories(WS.resolve("docs"));
    Files.writeString(WS.resolve("docs/a.md"), "# A\n");
    Files.writeString(WS.resolve("docs/b.md"), "# B\n");
    Files.writeString(WS.resolve("docs/notes.txt"), "not matched\n");
  }

  /** (file_path, artifact_type) of every registered artifact, in path order. */
  static List<String> artifacts(Path workspace) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + workspace.resolve("mlos.db"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT file_path, artifact_type FROM artifacts ORDER BY file_path")) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    return out;
  }

  @Test
  @Basedir("target/mojo-tests-import/workspace")
  @InjectMojo(goal = "import")
  @MojoParameter(name = "paths", value = "docs/*.md")
  void registersTheMatchedFilesAndARerunChangesNothing(ImportMojo mojo) throws Exception {
    mojo.setLog(log);
    mojo.execute();

    assertEquals(List.of("docs/a.md document", "docs/b.md document"), artifacts(WS));
    assertTrue(log.text().contains("Registered docs/a.md as artifact "), log.text());
    assertTrue(
        log.text().contains("Imported: 2 added, 0 updated, 0 unchanged, 0 skipped"), log.text());

    log.lines.clear();
    Files.writeString(WS.resolve("docs/b.md"), "# B, revised\n");
    mojo.execute();
    assertTrue(log.text().contains("Updated docs/b.md (artifact "), log.text());
    assertTrue(
        log.text().contains("Imported: 0 added, 1 updated, 1 unchanged, 0 skipped"), log.text());
    assertEquals(2, artifacts(WS).size(), "re-running registers nothing twice");
  }

  /**
   * -Dmlos.import split as Maven split it (docs/a.md,docs/b.md is two paths), except a comma
   * written \, which is part of a path: Maven split docs/a,b.md into docs/a and b.md, and no form
   * of the property could name it. Given, the property replaces the POM's paths.
   */
  @Test
  @Basedir("target/mojo-tests-import/workspace")
  @InjectMojo(goal = "import")
  @MojoParameter(name = "paths", value = "docs/notes.txt")
  @MojoParameter(name = "importPaths", value = "docs/a\\,b.md,docs/a.md")
  void aCommaWrittenBackslashCommaIsPartOfAPathAndThePropertyReplacesThePomsPaths(ImportMojo mojo)
      throws Exception {
    Files.writeString(WS.resolve("docs/a,b.md"), "# A and B\n");
    mojo.setLog(log);
    mojo.execute();
    assertEquals(List.of("docs/a,b.md document", "docs/a.md document"), artifacts(WS));
  }

  @Test
  @Basedir("target/mojo-tests-import/workspace")
  @InjectMojo(goal = "import")
  @MojoParameter(name = "paths", value = "docs/notes.txt")
  @MojoParameter(name = "type", value = "context_pack")
  void theTypeParameterOverridesTheDerivedType(ImportMojo mojo) throws Exception {
    mojo.setLog(log);
    mojo.execute();
    assertEquals(List.of("docs/notes.txt context_pack"), artifacts(WS));
  }

  @Test
  @Basedir("target/mojo-tests-import/workspace")
  @InjectMojo(goal = "import")
  @MojoParameter(name = "paths", value = "docs/notes.bin")
  void aFileWithoutAGuessedTypeSaysSoInsteadOfNull(ImportMojo mojo) throws Exception {
    Files.write(WS.resolve("docs/notes.bin"), new byte[] {0, 1, 2, (byte) 0xff});
    mojo.setLog(log);
    mojo.execute();
    assertEquals(List.of("docs/notes.bin null"), artifacts(WS));
    assertTrue(
        log.text()
            .contains(
                "Registered docs/notes.bin as artifact 1 (no type: its name suggests none;"
                    + " -Dmlos.import.type sets one)"),
        log.text());
    assertFalse(log.text().contains("(null)"), log.text());
  }

  @Test
  @Basedir("target/mojo-tests-import/workspace")
  @InjectMojo(goal = "import")
  @MojoParameter(name = "paths", value = "docs/a.md")
  @MojoParameter(name = "type", value = "novel")
  void anUnknownTypeIsABrokenSetupAndRegistersNothing(ImportMojo mojo) throws Exception {
    mojo.setLog(log);
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(e.getMessage().contains("'novel' is not an artifact type"), e.getMessage());
    assertEquals(List.of(), artifacts(WS));
  }

  @Test
  @Basedir("target/mojo-tests-import/workspace")
  @InjectMojo(goal = "import")
  void noPathsIsABrokenSetupThatSaysHowToNameThem(ImportMojo mojo) throws Exception {
    mojo.setLog(log);
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("Nothing to import: no paths given."), e.getMessage());
    // One shell word: unquoted, zsh would stop at the pattern ('no matches found').
    assertTrue(e.getMessage().contains("'-Dmlos.import=docs/**/*.md,src/**'"), e.getMessage());
    assertEquals(List.of(), artifacts(WS));
  }

  /**
   * A file the artifact rules refuse (two spellings of one file on macOS and Windows) failed the
   * build as a broken setup, "The database refused the import: ...": it is a rule violated, a
   * MojoFailureException naming the rule, with its fix.
   */
  @Test
  @Basedir("target/mojo-tests-import/workspace")
  @InjectMojo(goal = "import")
  @MojoParameter(name = "paths", value = "docs/*.md")
  void aFileARuleRefusesFailsTheBuildAsAViolationNamingTheRule(ImportMojo mojo) throws Exception {
    Files.writeString(WS.resolve("docs/A.md"), "# A again\n");
    mojo.setLog(log);
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        e.getMessage().startsWith("refused (artifact.path): 'docs/A.md' and 'docs/a.md' differ"),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith("  Fix: rename one of the two files, or leave one out"),
        e.getMessage());
    assertEquals(List.of(), artifacts(WS));
  }
}
