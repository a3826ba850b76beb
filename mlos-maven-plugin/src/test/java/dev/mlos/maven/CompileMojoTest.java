package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring of {@code mlos:compile} and {@code mlos:clean}: the workspace's settings reach the core,
 * the summary reaches the log, a broken config is a MojoExecutionException naming the file and
 * line. What the compiler writes is tested in mlos-core.
 */
@MojoTest
class CompileMojoTest {
  private static final Path WS = Path.of("target", "mojo-tests-compile", "workspace");

  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void workspaceWithADatabase() throws IOException {
    ScratchWorkspace.withOneNeed(WS);
  }

  @Test
  @Basedir("target/mojo-tests-compile/workspace")
  @InjectMojo(goal = "compile")
  void compilesTheWorkspaceAndLogsASummary(CompileMojo mojo) throws Exception {
    mojo.setLog(log);
    mojo.execute();

    assertTrue(Files.isRegularFile(WS.resolve("PROBLEM.md")));
    assertTrue(Files.isRegularFile(WS.resolve("needs/1-boot-the-kernel.md")));
    assertTrue(
        log.text().contains("Compiled: 6 views, 5 files: 5 written, 0 unchanged, 0 deleted"),
        log.text());
  }

  /**
   * A compile that fails on a conflict (a file of the user's where a page goes) has written the
   * other pages; the log said nothing of them before the build failed.
   */
  @Test
  @Basedir("target/mojo-tests-compile/workspace")
  @InjectMojo(goal = "compile")
  void aConflictLogsWhatTheCompileWroteBeforeTheBuildFails(CompileMojo mojo) throws Exception {
    Files.writeString(WS.resolve("PROBLEM.md"), "my own notes\n");
    mojo.setLog(log);

    Exception e = assertThrows(Exception.class, mojo::execute);

    assertTrue(
        e.getMessage().contains("'PROBLEM.md' exists and is not a compiled artifact"),
        e.getMessage());
    assertTrue(
        log.text().contains("  needs             1 files: 1 written, 0 unchanged"), log.text());
    // The refused page is counted, in the line mlos compile prints too (CompileResult).
    assertTrue(
        log.text().contains("  problem           1 files: 0 written, 0 unchanged, 1 conflict\n"),
        log.text());
    assertTrue(
        log.text().contains("Compiled: 6 views, 5 files: 4 written, 0 unchanged, 1 conflict, "),
        log.text());
    assertTrue(Files.readString(WS.resolve("PROBLEM.md")).equals("my own notes\n"));
  }

  /**
   * A page on a registered artifact's file: the fix said "unregister the artifact (mlos artifact
   * remove 3)" in the core's words, as if the plugin had that command; it says whose command it is.
   */
  @Test
  @Basedir("target/mojo-tests-compile/workspace")
  @InjectMojo(goal = "compile")
  void aPageOnAnArtifactNamesTheCommandThatUnregistersItAsNoGoals(CompileMojo mojo)
      throws Exception {
    Files.writeString(WS.resolve("PROBLEM.md"), "my own notes\n");
    try (Connection c = Database.at(WS.resolve("mlos.db").toAbsolutePath()).open(false);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO artifacts (id, title, file_path, artifact_type)"
              + " VALUES (3, 'Mine', 'PROBLEM.md', 'document')");
    }
    mojo.setLog(log);

    Exception e = assertThrows(Exception.class, mojo::execute);

    assertTrue(
        e.getMessage().contains("'PROBLEM.md' is the file of artifact 3: a compile never writes"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "unregister it with `mlos artifact remove 3` (no goal of the plugin unregisters"
                    + " one) and move its file away; then run `mvn mlos:compile` again"),
        e.getMessage());
    assertFalse(e.getMessage().contains("(mlos artifact remove 3)"), e.getMessage());
    assertTrue(Files.readString(WS.resolve("PROBLEM.md")).equals("my own notes\n"));
  }

  @Test
  @Basedir("target/mojo-tests-compile/workspace")
  @InjectMojo(goal = "compile")
  void aBrokenMlosYamlIsABrokenBuildNamingFileAndLine(CompileMojo mojo) throws Exception {
    Files.writeString(WS.resolve("mlos.yaml"), "workspace: ok\nviewz: {}\n");
    mojo.setLog(log);

    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

    assertTrue(e.getMessage().contains("mlos.yaml:2:1"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key 'viewz'"), e.getMessage());
    assertFalse(Files.exists(WS.resolve("PROBLEM.md")));
  }

  @Test
  @Basedir("target/mojo-tests-compile/workspace")
  @InjectMojo(goal = "compile")
  @MojoParameter(name = "outputDirectory", value = "docs")
  void theOutputDirectoryParameterWinsOverTheDefault(CompileMojo mojo) throws Exception {
    mojo.setLog(log);
    mojo.execute();
    assertTrue(Files.isRegularFile(WS.resolve("docs/PROBLEM.md")));
    assertFalse(Files.exists(WS.resolve("PROBLEM.md")));
  }

  @Test
  @Basedir("target/mojo-tests-compile/workspace")
  @InjectMojo(goal = "clean")
  void cleanDeletesWhatTheCompileWrote(CleanMojo clean) throws Exception {
    new Compiler()
        .compile(
            new CompileRequest(new ConfigLoader().load(WS, ConfigOverrides.none()), null),
            Reporter.SILENT);
    assertTrue(Files.isRegularFile(WS.resolve("PROBLEM.md")));
    clean.setLog(log);

    clean.execute();

    assertFalse(Files.exists(WS.resolve("PROBLEM.md")));
    assertTrue(Files.isRegularFile(WS.resolve("seed.sql")));
    assertTrue(log.text().contains("Cleaned: 5 files deleted, 0 kept"), log.text());
  }

  /**
   * Past the 20 kept files each kind of warning names, the log said nowhere which the others were:
   * it says how many were kept in all and that -X lists them (as it does the deleted).
   */
  @Test
  @Basedir("target/mojo-tests-compile/workspace")
  @InjectMojo(goal = "clean")
  void pastTwentyKeptFilesTheCleanSaysHowManyAndThatDashXListsThem(CleanMojo clean)
      throws Exception {
    try (Connection c = Database.at(WS.resolve("mlos.db").toAbsolutePath()).open(false);
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO needs (title, status) WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i"
              + " + 1 FROM n WHERE i < 26) SELECT 'Need ' || i, 'active' FROM n");
    }
    new Compiler()
        .compile(
            new CompileRequest(new ConfigLoader().load(WS, ConfigOverrides.none()), null),
            Reporter.SILENT);
    try (java.util.stream.Stream<Path> pages = Files.list(WS.resolve("needs"))) {
      for (Path page : pages.toList()) {
        Files.writeString(page, Files.readString(page) + "my notes\n");
      }
    }
    clean.setLog(log);

    clean.execute();

    assertTrue(log.text().contains("\n26 files kept in all (-X lists them)\n"), log.text());
  }

  /**
   * The page cap of one view is set as maxPageBytes is: the POM's maxPagesPerView (or
   * -Dmlos.maxPagesPerView) over mlos.yaml's max_pages_per_view. Past it the build is broken,
   * naming the view, the query and the setting.
   */
  @Test
  @Basedir("target/mojo-tests-compile/workspace")
  @InjectMojo(goal = "compile")
  @MojoParameter(name = "maxPagesPerView", value = "2")
  void theMaxPagesPerViewParameterReachesTheCompile(CompileMojo mojo) throws Exception {
    try (Connection c = Database.at(WS.resolve("mlos.db").toAbsolutePath()).open(false);
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO needs (id, title, status) VALUES (2, 'Two', 'active')");
      st.execute("INSERT INTO needs (id, title, status) VALUES (3, 'Three', 'active')");
    }
    Files.writeString(WS.resolve("mlos.yaml"), "max_pages_per_view: 1000\n");
    mojo.setLog(log);

    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

    assertTrue(e.getMessage().contains("View 'needs'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("stopped at row 3 (2 rows so far), past the page cap of 2 pages"),
        e.getMessage());
    assertTrue(e.getMessage().contains("max_pages_per_view"), e.getMessage());
  }

  @Test
  @Basedir("target/mojo-tests-compile/workspace")
  @InjectMojo(goal = "compile")
  void aRenameThatDeletesManyPagesLogsTwentyAndACount(CompileMojo mojo) throws Exception {
    // Issue 22 item 15: a rename-heavy compile logged one "Deleted" line per page (5,000 of them).
    try (Connection c = Database.at(WS.resolve("mlos.db").toAbsolutePath()).open(false);
        Statement st = c.createStatement()) {
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 60)"
              + " INSERT INTO needs (id, title, status) SELECT i, 'Need ' || i, 'active' FROM n");
    }
    WorkspaceConfig config = new ConfigLoader().load(WS, ConfigOverrides.none());
    new Compiler().compile(new CompileRequest(config, null), Reporter.SILENT);
    try (Connection c = Database.at(WS.resolve("mlos.db").toAbsolutePath()).open(false);
        Statement st = c.createStatement()) {
      st.execute("UPDATE needs SET title = 'Renamed ' || id");
    }
    mojo.setLog(log);
    mojo.execute();

    long deletedLines = log.lines.stream().filter(l -> l.startsWith("Deleted ")).count();
    Assertions.assertEquals(20, deletedLines, log.text());
    assertTrue(
        log.text().contains("... and 40 more files deleted (no longer produced; -X lists them)"),
        log.text());
    assertTrue(log.text().contains("60 deleted"), log.text());
  }
}
