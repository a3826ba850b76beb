package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring of {@code mlos:init}: parameters reach the core, results reach the log, core errors become
 * MojoExecutionException. The schema itself is tested in mlos-core.
 */
@MojoTest
class InitMojoTest {
  /** Per-test scratch area under the module's target/, so a failed run leaves evidence. */
  private static final Path SCRATCH = Path.of("target", "mojo-tests");

  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void freshScratch() throws IOException {
    ScratchWorkspace.fresh(SCRATCH);
    Files.createDirectories(SCRATCH.resolve("workspace"));
    Files.createDirectories(SCRATCH.resolve("explicit"));
  }

  @Test
  @Basedir("target/mojo-tests/workspace")
  @InjectMojo(goal = "init")
  void createsTheDatabaseAtTheDefaultPathInTheProjectBasedir(InitMojo mojo) throws Exception {
    mojo.setLog(log);
    mojo.execute();

    Path db = SCRATCH.resolve("workspace/mlos.db").toAbsolutePath();
    assertTrue(Files.isRegularFile(db), "expected " + db);
    assertTrue(log.text().contains("Created database " + db), log.text());
  }

  /**
   * An upgrade trial: an MCP server of an older mlos left running through the upgrade wrote on with
   * its old code, and init said nothing. Maven's init warns, naming the other process.
   */
  @Test
  @Basedir("target/mojo-tests/workspace")
  @InjectMojo(goal = "init")
  void anUpgradeWarnsOfAnotherProcessThatHasTheDatabaseOpen(InitMojo mojo) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/self/fd")), "a process table to read (Linux)");
    Path db = SCRATCH.resolve("workspace/mlos.db").toAbsolutePath();
    try (java.sql.Connection c = dev.mlos.core.db.Database.at(db).open(true)) {
      dev.mlos.core.schema.Migrator.forSet("mlos").migrate(c); // no compiler tables: an old mlos
    }
    Process holder =
        new ProcessBuilder("sleep", "120")
            .redirectInput(db.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      mojo.setLog(log);
      mojo.execute();
    } finally {
      holder.destroyForcibly().waitFor();
    }

    assertTrue(log.text().contains("Upgraded database " + db), log.text());
    assertTrue(
        log.text()
            .contains(
                "[warn] 1 other process has "
                    + db.toRealPath()
                    + " open: pid "
                    + holder.pid()
                    + " (sleep 120)"),
        log.text());
  }

  /**
   * A database mlos.yaml puts outside the workspace (a shared one) is used, and the build log says
   * where it is, once per goal, before init migrates it.
   */
  @Test
  @Basedir("target/mojo-tests/workspace")
  @InjectMojo(goal = "init")
  void aDatabaseOutsideTheWorkspaceIsSaidOnceInTheLog(InitMojo mojo) throws Exception {
    Files.writeString(
        SCRATCH.resolve("workspace/mlos.yaml"), "workspace: w\ndatabase: ../explicit/shared.db\n");
    mojo.setLog(log);
    mojo.execute();
    mojo.workspaceConfig();

    Path db = SCRATCH.resolve("explicit").toRealPath().resolve("shared.db");
    assertTrue(Files.isRegularFile(db), "expected " + db);
    String said = "[warn] the database is " + db + ", outside the workspace ";
    assertTrue(log.text().startsWith(said), log.text());
    assertEquals(log.text().indexOf(said), log.text().lastIndexOf(said), log.text());
    assertTrue(log.text().contains("mlos.yaml, line 2 says"), log.text());
  }

  @Test
  @Basedir("target/mojo-tests/workspace")
  @InjectMojo(goal = "init")
  @MojoParameter(name = "seedScripts", value = "seed/a.sql,seed/b.sql")
  void parametersDefaultAndConvertAsDocumented(InitMojo mojo) throws Exception {
    File basedir = SCRATCH.resolve("workspace").toFile();
    // Unset database and schemas come from the workspace: mlos.db next to the POM, the pack's
    // schemas.
    assertEquals(
        basedir.toPath().resolve("mlos.db").toAbsolutePath().normalize(),
        mojo.workspaceConfig().database());
    assertEquals(List.of("mlos"), mojo.workspaceConfig().schemas());
    // A comma-separated value (as -Dmlos.seed gives it) is a list of files relative to basedir.
    assertEquals(
        List.of(
            new File(basedir, "seed/a.sql").getAbsoluteFile(),
            new File(basedir, "seed/b.sql").getAbsoluteFile()),
        MojoExtension.getVariableValueFromObject(mojo, "seedScripts"));
    assertNull(MojoExtension.getVariableValueFromObject(mojo, "backupDirectory"));
  }

  /**
   * A TaskEngine database whose rows do not fit is refused by a rule with nothing changed: a failed
   * build (MojoFailureException), as every refusal, not a broken one.
   */
  @Test
  @InjectMojo(goal = "init")
  @MojoParameter(name = "database", value = "target/mojo-tests/legacy/tasks.db")
  void anAdoptionRefusedForTheUsersRowsFailsTheBuildAsARefusal(InitMojo mojo) throws Exception {
    Path db = SCRATCH.resolve("legacy/tasks.db").toAbsolutePath();
    Files.createDirectories(db.getParent());
    Files.deleteIfExists(db);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE tasks (id INTEGER PRIMARY KEY, description TEXT, status TEXT)");
      s.execute("INSERT INTO tasks VALUES (7, 'Ship it', 'blocked')");
    }
    byte[] before = Files.readAllBytes(db);
    mojo.setLog(log);

    org.apache.maven.plugin.MojoFailureException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.apache.maven.plugin.MojoFailureException.class, mojo::execute);

    assertTrue(e.getMessage().startsWith("refused (adopt.taskengine): Database "), e.getMessage());
    assertTrue(e.getMessage().contains("status 'blocked' has no mlos equivalent (row 7)"));
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(db)), "nothing changed");
  }

  @Test
  @InjectMojo(goal = "init")
  @MojoParameter(name = "database", value = "target/mojo-tests/explicit/state.db")
  void secondRunReportsUpToDate(InitMojo mojo) throws Exception {
    mojo.setLog(log);
    mojo.execute();
    log.lines.clear();
    mojo.execute();

    Path db = SCRATCH.resolve("explicit/state.db").toAbsolutePath();
    assertTrue(log.text().contains("Database " + db + " is up to date"), log.text());
    assertFalse(log.text().contains("Backup"), log.text());
  }

  @Test
  @InjectMojo(goal = "init")
  @MojoParameter(name = "database", value = "target/mojo-tests/no-such-dir/mlos.db")
  @MojoParameter(name = "skip", value = "true")
  void skipDoesNothingButSaySo(InitMojo mojo) throws Exception {
    mojo.setLog(log);
    mojo.execute();

    assertEquals(1, log.lines.size(), log.text());
    assertTrue(log.text().contains("mlos.skip"), log.text());
    assertFalse(Files.exists(SCRATCH.resolve("no-such-dir")));
  }

  @Test
  @InjectMojo(goal = "init")
  @MojoParameter(name = "database", value = "target/mojo-tests/no-such-dir/mlos.db")
  void missingDirectoryIsBrokenAndNamesThePath(InitMojo mojo) {
    mojo.setLog(log);
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

    String db = SCRATCH.resolve("no-such-dir/mlos.db").toAbsolutePath().toString();
    assertTrue(e.getMessage().contains(db), e.getMessage());
    assertFalse(Files.exists(SCRATCH.resolve("no-such-dir")));
  }

  /** Runs git in the scratch workspace, a repository of its own (not this checkout's). */
  private static String git(String... args) throws Exception {
    Path ws = SCRATCH.resolve("workspace").toAbsolutePath();
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", ws.toString()));
    command.addAll(List.of("-c", "user.name=t", "-c", "user.email=t@example.org"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out);
    return out;
  }

  /**
   * A workspace whose text form git tracks, with {@code merge.mlos-db.driver} set to what the
   * {@code mlos} command's init registers for {@code jar}.
   */
  private static String workspaceWithTheMlosCommandsDriver(Path jar) throws Exception {
    Path ws = SCRATCH.resolve("workspace");
    Files.writeString(ws.resolve("mlos.db.sql"), dev.mlos.core.dbtext.DatabaseText.HEADER + "\n");
    Files.writeString(ws.resolve(".gitattributes"), "/mlos.db.sql text eol=lf merge=mlos-db\n");
    git("init", "-q", "-b", "main");
    git("add", "mlos.db.sql", ".gitattributes");
    git("commit", "-q", "-m", "workspace");
    String cli = dev.mlos.core.dbtext.GitMergeDriver.jarCommand(jar);
    git("config", "merge.mlos-db.driver", cli);
    return cli;
  }

  /**
   * After an upgrade moved or deleted the jar the {@code mlos} command registered as the merge
   * driver, init kept it ("works wherever that command runs") and every merge of mlos.db.sql failed
   * with "Unable to access jarfile": it registers this plugin's merge-db in its place.
   */
  @Test
  @Basedir("target/mojo-tests/workspace")
  @InjectMojo(goal = "init")
  void theMlosCommandsMergeDriverWhoseJarIsGoneIsReplaced(InitMojo mojo) throws Exception {
    Path gone = SCRATCH.resolve("old/mlos.jar").toAbsolutePath();
    String stale = workspaceWithTheMlosCommandsDriver(gone);
    mojo.setLog(log);

    mojo.execute();

    assertTrue(
        log.text()
            .contains(
                "replaced the git merge driver mlos-db `"
                    + stale
                    + "`, whose jar "
                    + gone
                    + " no longer exists (moved or deleted, as by an upgrade of mlos): registered the"
                    + " git merge driver mlos-db for mlos.db.sql in this clone's git config, for every"
                    + " workspace of the repository ("
                    + git("config", "--get", "merge.mlos-db.driver").strip()
                    + ")"),
        log.text());
    assertTrue(
        git("config", "--get", "merge.mlos-db.driver").contains(":merge-db -Dmlos.mergeBase=%O"),
        "this plugin's merge-db");
    assertFalse(log.text().contains("[warn] git merge driver"), log.text());
  }

  /**
   * The {@code mlos} command's driver whose jar is there merges as this plugin's does: kept (a team
   * may use both launchers), said as an information, not a warning each init; with how to use
   * Maven's instead.
   */
  @Test
  @Basedir("target/mojo-tests/workspace")
  @InjectMojo(goal = "init")
  void theMlosCommandsMergeDriverWhoseJarExistsIsKeptAsAnInformation(InitMojo mojo)
      throws Exception {
    Path jar = mlosCommandsJar(SCRATCH.resolve("tools/mlos.jar").toAbsolutePath());
    String cli = workspaceWithTheMlosCommandsDriver(jar);
    mojo.setLog(log);

    mojo.execute();

    assertTrue(
        log.text()
            .contains(
                "git merge driver mlos-db is the `mlos` command's (`"
                    + cli
                    + "`): kept, since it merges as this one does while "
                    + jar
                    + " exists"),
        log.text());
    assertFalse(log.text().contains("[warn] git merge driver"), log.text());
    assertEquals(cli + "\n", git("config", "--get", "merge.mlos-db.driver"));
  }

  /**
   * A driver in the {@code mlos} command's form whose jar exists but is not mlos's is the user's:
   * kept, with a warning naming the setting.
   */
  @Test
  @Basedir("target/mojo-tests/workspace")
  @InjectMojo(goal = "init")
  void aDriverWhoseJarIsNotMlossIsKeptWithAWarning(InitMojo mojo) throws Exception {
    Path jar = Files.createDirectories(SCRATCH.resolve("tools")).resolve("other.jar");
    Files.writeString(jar, "not a jar");
    String users = workspaceWithTheMlosCommandsDriver(jar.toAbsolutePath());
    mojo.setLog(log);

    mojo.execute();

    assertTrue(
        log.text()
            .contains(
                "[warn] git merge driver mlos-db is already defined as `"
                    + users
                    + "`, whose jar "
                    + jar.toAbsolutePath()
                    + " is not the `mlos` command's (written by hand?): kept; to use this one"
                    + " instead, `git config --unset merge.mlos-db.driver` and run init again"),
        log.text());
    assertEquals(users + "\n", git("config", "--get", "merge.mlos-db.driver"));
  }

  /** A jar whose manifest names the {@code mlos} command's main class, as its jar's does. */
  private static Path mlosCommandsJar(Path jar) throws IOException {
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "dev.mlos.cli.Main");
    Files.createDirectories(jar.getParent());
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new java.util.zip.ZipEntry("x.txt"));
      out.closeEntry();
    }
    return jar;
  }
}
