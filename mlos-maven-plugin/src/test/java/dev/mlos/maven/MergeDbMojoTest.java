package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.dbtext.MergeDriver;
import dev.mlos.core.dbtext.TextMerge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring of {@code mlos:merge-db}: git's three files in, the merge over ours, conflicts and
 * refusals as failures.
 */
@MojoTest
class MergeDbMojoTest {
  private static final Path SCRATCH = Path.of("target", "mojo-tests");
  private static final String TABLE = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\n";

  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void files() throws IOException {
    ScratchWorkspace.fresh(SCRATCH);
    Path ws = Files.createDirectories(SCRATCH.resolve("merge"));
    Files.writeString(
        ws.resolve("o"),
        DatabaseText.HEADER
            + "\n"
            + TABLE
            + "INSERT INTO \"t\" VALUES(1,'a');\nPRAGMA user_version = 0;\n");
    Files.writeString(
        ws.resolve("a"),
        DatabaseText.HEADER
            + "\n"
            + TABLE
            + "INSERT INTO \"t\" VALUES(1,'ours');\nPRAGMA user_version = 0;\n");
    Files.writeString(
        ws.resolve("b"),
        DatabaseText.HEADER
            + "\n"
            + TABLE
            + "INSERT INTO \"t\" VALUES(1,'theirs');\nPRAGMA user_version = 0;\n");
    Files.writeString(
        ws.resolve("c"),
        DatabaseText.HEADER
            + "\n"
            + TABLE
            + "INSERT INTO \"t\" VALUES(1,'a');\nINSERT INTO \"t\" VALUES(2,'new');\nPRAGMA user_version = 0;\n");
    Files.writeString(
        ws.resolve("d"), DatabaseText.HEADER + "\n" + TABLE + "PRAGMA user_version = 3;\n");
  }

  private static String file(String name) throws IOException {
    return Files.readString(SCRATCH.resolve("merge").resolve(name));
  }

  @Test
  @Basedir("target/mojo-tests/merge")
  @InjectMojo(goal = "merge-db")
  @MojoParameter(name = "mergeBase", value = "target/mojo-tests/merge/o")
  @MojoParameter(name = "mergeOurs", value = "target/mojo-tests/merge/a")
  @MojoParameter(name = "mergeTheirs", value = "target/mojo-tests/merge/c")
  void aCleanMergeIsWrittenOverOurs(MergeDbMojo mojo) throws Exception {
    mojo.setLog(log);
    mojo.execute();
    assertTrue(
        file("a")
            .contains("INSERT INTO \"t\" VALUES(1,'ours');\nINSERT INTO \"t\" VALUES(2,'new');\n"),
        file("a"));
  }

  @Test
  @Basedir("target/mojo-tests/merge")
  @InjectMojo(goal = "merge-db")
  @MojoParameter(name = "mergeBase", value = "target/mojo-tests/merge/o")
  @MojoParameter(name = "mergeOurs", value = "target/mojo-tests/merge/a")
  @MojoParameter(name = "mergeTheirs", value = "target/mojo-tests/merge/b")
  void aConflictFailsTheGoalSoGitReportsIt(MergeDbMojo mojo) throws Exception {
    mojo.setLog(log);
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().contains("CONFLICT t 1: changed on both sides"), e.getMessage());
    assertTrue(
        file("a")
            .contains(
                "<<<<<<< ours\nINSERT INTO \"t\" VALUES(1,'ours');\n=======\nINSERT INTO \"t\" VALUES(1,'theirs');\n>>>>>>> theirs\n"),
        file("a"));
  }

  @Test
  @Basedir("target/mojo-tests/merge")
  @InjectMojo(goal = "merge-db")
  @MojoParameter(name = "mergeBase", value = "target/mojo-tests/merge/o")
  @MojoParameter(name = "mergeOurs", value = "target/mojo-tests/merge/a")
  @MojoParameter(name = "mergeTheirs", value = "target/mojo-tests/merge/d")
  void differentSchemasAreRefusedAndOursIsLeftAlone(MergeDbMojo mojo) throws Exception {
    mojo.setLog(log);
    String before = file("a");
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        e.getMessage()
            .contains("have different schemas (ours: user_version 0; theirs: user_version 3;"),
        e.getMessage());
    assertEquals(before, file("a"));
  }

  /**
   * Text forms of a real mlos database: the base, and theirs where a newer mlos's migration ran.
   */
  private static void realSides() throws Exception {
    Path dir = SCRATCH.resolve("merge");
    Path db = dir.resolve("real.db");
    new dev.mlos.core.init.Initializer()
        .init(
            new dev.mlos.core.init.InitRequest(
                db, java.util.List.of("mlos"), java.util.List.of(), null));
    try (java.sql.Connection c = dev.mlos.core.db.Database.at(db).open(false)) {
      String text = DatabaseText.dump(c, db);
      Files.writeString(dir.resolve("real-base.sql"), text);
      Files.writeString(dir.resolve("real-ours.sql"), text);
      try (java.sql.Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO schema_migrations (schema_set, version, description, checksum)"
                + " VALUES ('mlos', 99, 'from the future', 'x')");
      }
      Files.writeString(dir.resolve("real-theirs.sql"), DatabaseText.dump(c, db));
    }
  }

  /**
   * A teammate's newer mlos wrote theirs: the refusal named the fix in the core's words ("run
   * `init`"), no command a Maven user has. It names the file, the versions, and Maven's fix: the
   * plugin's version in pom.xml, then {@code mvn mlos:init}.
   */
  @Test
  @Basedir("target/mojo-tests/merge")
  @InjectMojo(goal = "merge-db")
  @MojoParameter(name = "mergeBase", value = "target/mojo-tests/merge/real-base.sql")
  @MojoParameter(name = "mergeOurs", value = "target/mojo-tests/merge/real-ours.sql")
  @MojoParameter(name = "mergeTheirs", value = "target/mojo-tests/merge/real-theirs.sql")
  @MojoParameter(name = "mergePath", value = "ws/mlos.db.sql")
  void aSideANewerMlosWroteIsRefusedInMavensWords(MergeDbMojo mojo) throws Exception {
    realSides();
    mojo.setLog(log);
    String before = file("real-ours.sql");

    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

    String m = e.getMessage();
    assertTrue(m.startsWith("ws/mlos.db.sql: not merged: The two sides of"), m);
    assertTrue(
        m.matches(
            "(?s).*theirs records schema set mlos at version 99, and this mlos knows only up to"
                + " V\\d+ \\(a teammate upgraded mlos\\).*"),
        m);
    // Run without a POM here (as the driver's branch for a text form no pom.xml is above): the
    // mlos command first, then the goal; never the core's bare `init`.
    assertTrue(
        m.contains(
            "run the new mlos's `mlos init` in the workspace (or `mvn mlos:init` where a pom.xml"
                + " builds it) in this clone"),
        m);
    assertTrue(m.contains("ours: user_version 0, migrations mlos V"), m);
    assertFalse(m.contains("`init`"), m);
    assertTrue(
        m.contains(
            "For Maven, upgrading this mlos means raising the version of the mlos-maven-plugin in"
                + " the workspace's pom.xml"),
        m);
    assertEquals(before, file("real-ours.sql"), "ours is left as it was");
  }

  @Test
  void withoutAProjectPomTheNextStepNamesTheMlosCommand() throws IOException {
    // A user trial: a workspace with no pom.xml (merged by the driver's branch without a POM) was
    // told to run `mvn mlos:init -Dmlos.pullText`, which needs a POM.
    TextMerge.Result conflict =
        TextMerge.mergeFiles(
            SCRATCH.resolve("merge/o"), SCRATCH.resolve("merge/a"), SCRATCH.resolve("merge/b"));
    MavenProject standalone = new MavenProject(); // what Maven runs a goal in without a POM
    String words =
        String.join(
            "\n", MergeDriver.summary("mlos.db.sql", conflict, MergeDbMojo.wording(standalone)));
    assertTrue(
        words.endsWith(
            "take its rows into the database with `mlos init --pull-text` in the workspace (or `mvn"
                + " mlos:init -Dmlos.pullText` where a pom.xml builds it)"),
        words);

    Path pom = Files.writeString(SCRATCH.resolve("merge/pom.xml"), "<project/>");
    MavenProject built = new MavenProject();
    built.setFile(pom.toFile());
    words =
        String.join("\n", MergeDriver.summary("mlos.db.sql", conflict, MergeDbMojo.wording(built)));
    assertTrue(
        words.endsWith("take its rows into the database with `mvn mlos:init -Dmlos.pullText`"),
        words);
  }

  @Test
  void theRegisteredCommandFindsTheMergedFilesWorkspaceAndPassesGitsPlaceholders() {
    String command = MergeDbMojo.driverCommand("dev.mlos", "mlos-maven-plugin", "1.2.3");
    assertEquals(
        "mlos_ws=$(dirname -- %P); until [ -f \"$mlos_ws\"/pom.xml ] || [ \"$mlos_ws\" = . ];"
            + " do mlos_ws=$(dirname -- \"$mlos_ws\"); done; if [ -f \"$mlos_ws\"/pom.xml ];"
            + " then mvn -q -B -N -f \"$mlos_ws\"/pom.xml dev.mlos:mlos-maven-plugin:merge-db"
            + " -Dmlos.mergeBase=%O -Dmlos.mergeOurs=%A -Dmlos.mergeTheirs=%B -Dmlos.mergePath=%P;"
            + " else mvn -q -B -N dev.mlos:mlos-maven-plugin:1.2.3:merge-db"
            + " -Dmlos.mergeBase=%O -Dmlos.mergeOurs=%A -Dmlos.mergeTheirs=%B -Dmlos.mergePath=%P;"
            + " fi",
        command,
        "no workspace: the POM above the merged file declares the version; this one without");
    assertTrue(
        MergeDbMojo.registeredByMlos(
            MergeDbMojo.driverCommand("dev.mlos", "mlos-maven-plugin", "0.9-SNAPSHOT"),
            "dev.mlos",
            "mlos-maven-plugin"),
        "another version's command is updated");
    assertTrue(
        MergeDbMojo.registeredByMlos(
            "mvn -q -B -N -f 'ws dir'/pom.xml dev.mlos:mlos-maven-plugin:0.9:merge-db"
                + " -Dmlos.mergeBase=%O -Dmlos.mergeOurs=%A -Dmlos.mergeTheirs=%B"
                + " -Dmlos.mergePath=%P",
            "dev.mlos", "mlos-maven-plugin"),
        "an older mlos's command, pinned to one workspace, is updated");
    assertFalse(
        MergeDbMojo.registeredByMlos(
            command.replace("then mvn ", "then ./mvnw "), "dev.mlos", "mlos-maven-plugin"),
        "a user's edit is kept");
    assertFalse(
        MergeDbMojo.registeredByMlos(
            command.replace(":1.2.3:", ":1.2.3 -X:"), "dev.mlos", "mlos-maven-plugin"),
        "a user's edit is kept");
  }
}
