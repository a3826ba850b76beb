package dev.mlos.maven;

import dev.mlos.core.artifacts.ArtifactImporter;
import dev.mlos.core.artifacts.ArtifactType;
import dev.mlos.core.artifacts.ImportRequest;
import dev.mlos.core.artifacts.ImportResult;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.graph.GraphImportRequest;
import dev.mlos.core.graph.GraphImportResult;
import dev.mlos.core.graph.GraphImporter;
import dev.mlos.core.graph.ImportWarning;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Imports files into the database. In a workspace whose pack is {@code agentos-graph}, the files
 * are records (YAML or JSON naming their {@code _shape}) imported into the graph; otherwise they
 * are registered as {@code artifacts}, with their SHA-256 as {@code content_hash}. Idempotent:
 * re-running updates only what changed.
 */
@Mojo(name = "import", threadSafe = true)
public class ImportMojo extends AbstractMlosMojo {

  /**
   * Files, directories or glob patterns ({@code docs/**}{@code /*.md}) relative to the workspace
   * root. Comma-separated on the command line: {@code -Dmlos.import=docs/**,src/*.py}.
   */
  @Parameter(property = "mlos.import")
  private List<String> paths;

  /**
   * Artifact type for every imported file ({@code document, code, config, context_pack,
   * transcript, image, schema}), instead of the type mlos derives from the file name. Artifacts
   * only.
   */
  @Parameter(property = "mlos.import.type")
  private String type;

  @Override
  protected void run() throws MojoExecutionException {
    if (paths == null || paths.isEmpty()) {
      throw new MojoExecutionException("Nothing to import: no paths given." + System.lineSeparator()
          + "  Fix: name files or patterns, e.g. -Dmlos.import=docs/**/*.md,src/**");
    }
    WorkspaceConfig config = workspaceConfig();
    if (config.pack() != null && "agentos-graph".equals(config.pack().name())) {
      List<Path> sources = paths.stream().map(Path::of).toList();
      GraphImportResult r = new GraphImporter().importRecords(GraphImportRequest.forWorkspace(config, sources, Instant.now()));
      for (ImportWarning w : r.warnings()) {
        getLog().warn(w.describe());
      }
      getLog().info("Imported " + r.summary());
      return;
    }
    ArtifactType artifactType = type == null || type.isBlank() ? null : ArtifactType.parse(type);
    ImportResult r = new ArtifactImporter().importFiles(new ImportRequest(config, paths, artifactType));
    r.added().forEach(a -> getLog().info("Registered " + a.path() + " as artifact " + a.id() + " (" + a.artifactType() + ")"));
    r.updated().forEach(a -> getLog().info("Updated " + a.path() + " (artifact " + a.id() + ")"));
    r.skipped().forEach(s -> getLog().info("Skipped " + s));
    getLog().info("Imported: " + r.added().size() + " added, " + r.updated().size() + " updated, "
        + r.unchanged().size() + " unchanged, " + r.skipped().size() + " skipped");
  }
}
