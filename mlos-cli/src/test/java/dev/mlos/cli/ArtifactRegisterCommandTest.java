package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code artifact register} of a path that differs from an artifact's only in case: two files on
 * Linux, one on a teammate's Mac, where one of the two artifacts drifted at every guard.
 */
class ArtifactRegisterCommandTest {
  @TempDir Path dir;

  @Test
  void aSecondSpellingOfAnArtifactsPathIsRefusedNamingItAndTheFix() throws Exception {
    InProcess.ok(dir, "init");
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/Spec.md"), "# Spec\n");
    Files.writeString(dir.resolve("docs/spec.md"), "# spec\n");
    InProcess.ok(dir, "artifact", "register", "docs/Spec.md", "--as", "alice");

    InProcess.Run refused =
        InProcess.run(dir, Main.REFUSED, "artifact", "register", "docs/spec.md", "--as", "alice");

    assertTrue(refused.err().startsWith("refused (artifact.path): "), refused.err());
    assertTrue(
        refused.err().contains("'docs/spec.md' and artifact 1's path 'docs/Spec.md' differ only"),
        refused.err());
    assertTrue(refused.err().contains("register it as 'docs/Spec.md'"), refused.err());
  }
}
