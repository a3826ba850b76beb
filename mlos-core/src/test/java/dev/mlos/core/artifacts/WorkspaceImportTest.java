package dev.mlos.core.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core, not the adapter, decides which importer a workspace's files go to. */
class WorkspaceImportTest {
  @TempDir Path root;

  private WorkspaceConfig config(String yaml) throws Exception {
    if (yaml != null) {
      Files.writeString(root.resolve("mlos.yaml"), yaml);
    }
    return new ConfigLoader().load(root, ConfigOverrides.none());
  }

  @Test
  void theGraphPackImportsRecordsEveryOtherWorkspaceArtifacts() throws Exception {
    assertEquals(
        WorkspaceImport.Kind.GRAPH_RECORDS,
        WorkspaceImport.kindOf(config("pack: agentos-graph\n")));
    assertEquals(WorkspaceImport.Kind.ARTIFACTS, WorkspaceImport.kindOf(config("pack: mlos\n")));
    assertEquals(
        WorkspaceImport.Kind.ARTIFACTS, WorkspaceImport.kindOf(config("pack: runtime-memory\n")));
    assertEquals(WorkspaceImport.Kind.ARTIFACTS, WorkspaceImport.kindOf(config("pack: none\n")));
    assertEquals(WorkspaceImport.Kind.ARTIFACTS, WorkspaceImport.kindOf(config(null)));
  }

  @Test
  void noPathsIsRefusedWithTheSettingThatNamesThem() throws Exception {
    MlosException e =
        assertThrows(
            MlosException.class,
            () -> WorkspaceImport.run(ImportRequest.of(config(null), null, null), Instant.EPOCH));
    assertEquals("Nothing to import: no paths given.", e.getMessage());
    assertEquals(List.of(Remedy.setting("import", "docs/**/*.md,src/**")), e.remedies());
  }

  @Test
  void aTypeThatIsNoArtifactTypeIsRefusedBeforeAnythingIsRead() throws Exception {
    WorkspaceConfig config = config(null);
    MlosException e =
        assertThrows(MlosException.class, () -> ImportRequest.of(config, List.of("x.md"), "novel"));
    assertEquals("'novel' is not an artifact type", e.getMessage());
    assertEquals(null, ImportRequest.of(config, List.of("x.md"), "  ").artifactType());
  }

  @Test
  void anArtifactTypeForAGraphWorkspaceIsRefusedNotIgnored() throws Exception {
    WorkspaceConfig config = config("pack: agentos-graph\n");
    MlosException e =
        assertThrows(
            MlosException.class,
            () ->
                WorkspaceImport.run(
                    ImportRequest.of(config, List.of("records.yaml"), "document"), Instant.EPOCH));
    assertEquals(
        "An artifact type (document) was given, but this workspace's pack imports graph records,"
            + " not artifacts: a record's shape comes from its file ('_shape').",
        e.getMessage());
  }

  @Test
  void aPackWithoutArtifactsIsToldItImportsNothingNotToRunInit() throws Exception {
    Files.createDirectories(root.resolve("memory"));
    WorkspaceConfig config = config("pack: runtime-memory\ndatabase: memory/tom_runtime.sqlite\n");
    new Initializer().init(new InitRequest(config.database(), config.schemas(), List.of(), null));
    Files.writeString(root.resolve("notes.md"), "# Notes\n");
    MlosException e =
        assertThrows(
            MlosException.class,
            () ->
                WorkspaceImport.run(
                    ImportRequest.of(config, List.of("notes.md"), null), Instant.EPOCH));
    assertEquals(
        "The workspace "
            + root
            + " is of pack 'runtime-memory', which imports nothing: an import registers files as"
            + " artifacts (pack mlos) or records into a graph (pack agentos-graph), and this"
            + " pack's database has neither",
        e.getMessage());
    assertEquals(List.of(Remedy.compile()), e.remedies());
    assertTrue(e.fix().contains("write this pack's rows with SQL"), e.fix());
  }

  /** mvn mlos:accept there failed with SQLite's "no such table: artifacts", and no fix. */
  @Test
  void anAcceptInAPackWithoutArtifactsSaysThereIsNothingToAccept() throws Exception {
    Files.createDirectories(root.resolve("memory"));
    WorkspaceConfig config = config("pack: runtime-memory\ndatabase: memory/tom_runtime.sqlite\n");
    new Initializer().init(new InitRequest(config.database(), config.schemas(), List.of(), null));
    MlosException e =
        assertThrows(
            MlosException.class,
            () -> new ArtifactAcceptor().accept(new AcceptRequest(config, List.of(), true)));
    assertEquals(
        "The workspace "
            + root
            + " is of pack 'runtime-memory', which has no artifacts: accept records the hash of a"
            + " reviewed artifact, a row of the mlos pack's artifacts table",
        e.getMessage());
    assertEquals(List.of(Remedy.compile()), e.remedies());
  }
}
