package dev.mlos.maven;

import dev.mlos.core.artifacts.ImportRequest;
import dev.mlos.core.artifacts.ImportResult;
import dev.mlos.core.artifacts.WorkspaceImport;
import dev.mlos.core.graph.GraphImportResult;
import dev.mlos.core.graph.ImportWarning;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Imports files into the database ({@link WorkspaceImport}). In a workspace whose pack is {@code
 * agentos-graph}, the files are records (YAML or JSON naming their {@code _shape}) imported into
 * the graph, and each record file read is recorded with its SHA-256 (the guard's {@code
 * RECORD_DRIFT} fails when one changes, goes or is added without an import); otherwise they are
 * registered as {@code artifacts}, with their SHA-256 as {@code content_hash}. Idempotent:
 * re-running updates only what changed.
 */
@Mojo(name = "import", threadSafe = true)
public class ImportMojo extends AbstractMlosMojo {

  /**
   * Files, directories or glob patterns ({@code docs/**}{@code /*.md}) relative to the workspace
   * root, in the POM: one {@code <path>} each, a comma in it part of the path. A directory leaves
   * out hidden files and directories, {@code target/}, {@code node_modules/} and the workspace's
   * {@code mlos.yaml}; a pattern or a file's own name takes them. A path that names a file or
   * directory as it is written is that one, glob characters and all ({@code docs/[draft].md}); only
   * one that names none is a pattern. On the command line, {@code -Dmlos.import} names the paths
   * instead.
   */
  @Parameter private List<String> paths;

  /**
   * The paths to import on the command line, comma-separated: {@code
   * -Dmlos.import=docs/**,src/*.py} (what {@code <paths>} holds in the POM, which it replaces when
   * given). A comma that is part of a path is written {@code \,} and a path's <code>${</code> is
   * written <code>$\{</code> (Maven would read two paths, or an expression), in single quotes for
   * the shell: {@code '-Dmlos.import=data/a\,b.yaml'}.
   */
  @Parameter(property = "mlos.import")
  private String importPaths;

  /**
   * Artifact type for every imported file ({@code document, code, config, context_pack, transcript,
   * image, schema}), instead of the type mlos derives from the file name. Artifacts only: refused
   * in a workspace whose pack imports graph records ({@code agentos-graph}).
   */
  @Parameter(property = "mlos.import.type")
  private String type;

  @Override
  protected void run() {
    WorkspaceImport.Outcome outcome =
        WorkspaceImport.run(
            ImportRequest.of(
                workspaceConfig(),
                importPaths != null ? MavenPathList.split(importPaths) : paths,
                type),
            Instant.now());
    if (outcome.kind() == WorkspaceImport.Kind.GRAPH_RECORDS) {
      GraphImportResult r = outcome.records();
      for (ImportWarning w : r.warnings()) {
        getLog().warn(w.describe());
      }
      getLog().info("Imported " + r.summary());
      return;
    }
    ImportResult r = outcome.artifacts();
    r.added()
        .forEach(
            a ->
                getLog()
                    .info(
                        "Registered "
                            + a.path()
                            + " as artifact "
                            + a.id()
                            + " ("
                            + (a.artifactType() == null
                                ? "no type: its name suggests none; -Dmlos.import.type sets one"
                                : a.artifactType())
                            + ")"));
    r.updated().forEach(a -> getLog().info("Updated " + a.path() + " (artifact " + a.id() + ")"));
    r.skipped().forEach(s -> getLog().info("Skipped " + s));
    getLog()
        .info(
            "Imported: "
                + r.added().size()
                + " added, "
                + r.updated().size()
                + " updated, "
                + r.unchanged().size()
                + " unchanged, "
                + r.skipped().size()
                + " skipped");
  }
}
