package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.artifacts.ArtifactImporter;
import dev.mlos.core.artifacts.ImportRequest;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring of {@code mlos:accept}: the named (or all) drifted artifacts get their new hash recorded
 * and the log says which; no name, or a name that matches nothing, is a broken setup that records
 * nothing. Acceptance itself is tested in mlos-core.
 */
@MojoTest
class AcceptMojoTest {
  private static final Path WS = Path.of("target", "mojo-tests-accept", "workspace");

  private final RecordingLog log = new RecordingLog();
  private String oldHash;

  @BeforeEach
  void twoRegisteredArtifactsOneDrifted() throws Exception {
    ScratchWorkspace.withOneNeed(WS);
    Files.createDirectories(WS.resolve("docs"));
    Files.writeString(WS.resolve("docs/a.md"), "# A\n");
    Files.writeString(WS.resolve("docs/b.md"), "# B\n");
    new ArtifactImporter()
        .importFiles(
            new ImportRequest(
                new ConfigLoader().load(WS, ConfigOverrides.none()),
                List.of("docs/a.md", "docs/b.md"),
                null));
    oldHash = recordedHash("docs/a.md");
    Files.writeString(WS.resolve("docs/a.md"), "# A, reviewed and changed\n");
  }

  private static String recordedHash(String path) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + WS.resolve("mlos.db"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT content_hash FROM artifacts WHERE file_path = '" + path + "'")) {
      assertTrue(rs.next(), path + " is registered");
      return rs.getString(1);
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  @Basedir("target/mojo-tests-accept/workspace")
  @InjectMojo(goal = "accept")
  @MojoParameter(name = "names", value = "docs/a.md")
  void acceptingANamedArtifactRecordsItsNewHash(AcceptMojo mojo) throws Exception {
    mojo.setLog(log);
    mojo.execute();

    String newHash = recordedHash("docs/a.md");
    assertTrue(
        newHash.endsWith(sha256(WS.resolve("docs/a.md"))) && !newHash.equals(oldHash), newHash);
    assertTrue(log.text().contains("Accepted docs/a.md (artifact "), log.text());
    assertTrue(log.text().contains(oldHash + " -> " + newHash), log.text());
    assertTrue(
        log.text().contains("Accepted 1 artifact(s). Views that show artifacts may now be stale"),
        log.text());

    log.lines.clear();
    mojo.execute();
    assertTrue(log.text().contains("Unchanged docs/a.md (artifact "), log.text());
    assertTrue(log.text().contains("Accepted 0 artifact(s)"), log.text());
  }

  @Test
  @Basedir("target/mojo-tests-accept/workspace")
  @InjectMojo(goal = "accept")
  @MojoParameter(name = "all", value = "true")
  void allAcceptsEveryDriftedArtifactOnly(AcceptMojo mojo) throws Exception {
    String bHash = recordedHash("docs/b.md");
    mojo.setLog(log);
    mojo.execute();
    assertTrue(recordedHash("docs/a.md").endsWith(sha256(WS.resolve("docs/a.md"))));
    assertEquals(bHash, recordedHash("docs/b.md"), "an artifact that did not drift keeps its hash");
    assertTrue(log.text().contains("Accepted 1 artifact(s)"), log.text());
  }

  @Test
  @Basedir("target/mojo-tests-accept/workspace")
  @InjectMojo(goal = "accept")
  void nothingNamedIsABrokenSetupThatRecordsNothing(AcceptMojo mojo) throws Exception {
    mojo.setLog(log);
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(e.getMessage().contains("Nothing to accept"), e.getMessage());
    assertEquals(oldHash, recordedHash("docs/a.md"));
  }

  @Test
  @Basedir("target/mojo-tests-accept/workspace")
  @InjectMojo(goal = "accept")
  @MojoParameter(name = "names", value = "docs/a.md,docs/missing.md")
  void aNameThatMatchesNoArtifactIsNamedAndNothingIsAccepted(AcceptMojo mojo) throws Exception {
    mojo.setLog(log);
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(
        e.getMessage().contains("No registered artifact matches 'docs/missing.md'"),
        e.getMessage());
    // Was: "list them with `SELECT id, file_path FROM artifacts`", which needs the sqlite3 shell.
    assertTrue(
        e.getMessage()
            .contains(
                "name artifacts by file_path (relative to the workspace root) or id: `mvn"
                    + " mlos:guard` lists every drifted artifact with the command that accepts it"),
        e.getMessage());
    assertFalse(e.getMessage().contains("SELECT"), e.getMessage());
    assertEquals(oldHash, recordedHash("docs/a.md"), "the other name is not accepted either");
  }
}
