package dev.mlos.cli;

import dev.mlos.core.MlosException;
import dev.mlos.core.artifacts.ImportRequest;
import dev.mlos.core.artifacts.ImportResult;
import dev.mlos.core.artifacts.WorkspaceImport;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.graph.GraphImportResult;
import dev.mlos.core.graph.ImportWarning;
import dev.mlos.core.path.WorkspacePath;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlos import}: the core's workspace import, as {@code mvn mlos:import} runs it, without
 * Maven. Files become artifacts (the mlos pack), or records go into the graph (agentos-graph).
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import files (what `mvn mlos:import` does): register them as artifacts, titled from their"
          + " front matter or first heading (the mlos pack), or import records into the graph"
          + " (the agentos-graph pack; each record file read is recorded with its SHA-256, and"
          + " mlos guard fails when one changes, goes or is added without an import).",
      "Example: mlos import docs 'notes/**/*.md'"
    })
public final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin WorkspaceOptions workspace;
  @Mixin Output output;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description =
          "Files, directories or glob patterns (quote them: 'docs/**/*.md'), relative to the"
              + " workspace root. A directory leaves out hidden files and directories, target/,"
              + " node_modules/ and mlos.yaml; a pattern or a file's name takes them. A PATH that"
              + " names a file or directory as written is that one, glob characters and all.")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description =
          "The artifact type of every imported file (document, code, config, context_pack,"
              + " transcript, image or schema) instead of the one its name suggests. Refused for"
              + " graph records.")
  String type;

  @Override
  public Integer call() {
    WorkspaceConfig config = workspace.existingDatabase();
    refuseFromSubdirectory(config);
    WorkspaceImport.Outcome outcome =
        WorkspaceImport.run(ImportRequest.of(config, paths, type), Instant.now());
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> data = new LinkedHashMap<>();
    StringBuilder t = new StringBuilder();
    if (outcome.kind() == WorkspaceImport.Kind.GRAPH_RECORDS) {
      GraphImportResult r = outcome.records();
      PrintWriter err = spec.commandLine().getErr();
      for (ImportWarning w : r.warnings()) {
        err.println("warning: " + w.describe());
      }
      err.flush();
      data.put("kind", "graph_records");
      data.put("summary", r.summary());
      data.put("warnings", r.warnings().stream().map(ImportWarning::describe).toList());
      t.append("Imported ").append(r.summary());
    } else {
      ImportResult r = outcome.artifacts();
      data.put("kind", "artifacts");
      data.put("added", r.added().stream().map(ImportCommand::row).toList());
      data.put("updated", r.updated().stream().map(ImportCommand::row).toList());
      data.put("unchanged", r.unchanged().stream().map(ImportCommand::row).toList());
      data.put("skipped", r.skipped());
      for (ImportResult.ImportedArtifact a : r.added()) {
        t.append("Registered ")
            .append(a.path())
            .append(" as artifact ")
            .append(a.id())
            .append(" (")
            .append(
                a.artifactType() == null
                    ? "no type: its name suggests none; --type sets one"
                    : a.artifactType())
            .append(")\n");
      }
      for (ImportResult.ImportedArtifact a : r.updated()) {
        t.append("Updated ").append(a.path()).append(" (artifact ").append(a.id()).append(")\n");
      }
      for (String s : r.skipped()) {
        t.append("Skipped ").append(s).append('\n');
      }
      t.append("Imported: ")
          .append(r.added().size())
          .append(" added, ")
          .append(r.updated().size())
          .append(" updated, ")
          .append(r.unchanged().size())
          .append(" unchanged, ")
          .append(r.skipped().size())
          .append(" skipped");
      if (!r.added().isEmpty() || !r.updated().isEmpty()) {
        t.append("\nViews that show artifacts are now stale: run `mlos compile`.");
      }
    }
    output.print(out, data, t.toString());
    return Main.OK;
  }

  /**
   * The paths are relative to the workspace root, as {@code mvn mlos:import}'s: run without {@code
   * --workspace} in a subdirectory ({@code cd notes && mlos import .}), they would name files from
   * the root, and {@code .} would import the whole workspace. Refused there, with the paths that
   * name what was meant.
   */
  private void refuseFromSubdirectory(WorkspaceConfig config) {
    if (workspace.workspace != null) {
      return;
    }
    Path root = config.root().toAbsolutePath().normalize();
    Path here = Path.of("").toAbsolutePath().normalize();
    if (here.equals(root) || !here.startsWith(root)) {
      return;
    }
    for (String p : paths) {
      String rel = fromRoot(root, here, p);
      if (rel.indexOf('\\') >= 0
          && root.resolve(rel).normalize().startsWith(root)
          && Files.exists(root.resolve(rel), LinkOption.NOFOLLOW_LINKS)) {
        // A name holding a backslash (Linux, macOS): named from the root, the import refuses it
        // too, so its fix, to rename it, is the one step (not the root's path, then the rename).
        throw new MlosException(
            WorkspacePath.backslashNameFound(rel),
            WorkspacePath.backslashNameFix(MlosException.quoted(rel), "import"));
      }
    }
    List<String> meant = meant(root, here, paths);
    throw new MlosException(
        "mlos import takes paths relative to the workspace root "
            + root
            + ", and it runs in "
            + WorkspacePath.relative(root, here)
            + "/ of it: '"
            + String.join(" ", paths)
            + "' would name files from the root",
        "name them from the root, and the root: "
            + dev.mlos.core.RemedyWording.code(
                "mlos import --workspace "
                    + WorkspaceOptions.shellWord(root)
                    + " "
                    + (meant.stream().anyMatch(m -> m.startsWith("-")) ? "-- " : "")
                    + String.join(" ", meant)));
  }

  /**
   * The paths from the root that {@code paths}, typed in {@code here}, were meant to name, each one
   * shell word as picocli reads it back ({@link CliSuggestions#argument}): from {@code here}, or as
   * typed when that names a file or directory from the root and none from {@code here} (the guard's
   * fix, {@code mlos import 'data/a b.yaml'}, pasted in a subdirectory: its path was turned into
   * {@code data/data/a b.yaml}, which names nothing).
   */
  static List<String> meant(Path root, Path here, List<String> paths) {
    List<String> meant = new ArrayList<>();
    for (String p : paths) {
      String rel = fromRoot(root, here, p);
      meant.add(CliSuggestions.argument(rel.isEmpty() ? "." : rel));
    }
    return meant;
  }

  /**
   * The path from the root {@code p}, typed in {@code here}, was meant to name ({@link #meant}).
   */
  private static String fromRoot(Path root, Path here, String p) {
    try {
      Path fromHere = here.resolve(p).normalize();
      return !Files.exists(fromHere)
              && fromHere.startsWith(root)
              && Files.exists(root.resolve(p).normalize())
              && root.resolve(p).normalize().startsWith(root)
          ? p
          : WorkspacePath.relative(root, fromHere);
    } catch (InvalidPathException notAPath) {
      return p;
    }
  }

  private static Map<String, Object> row(ImportResult.ImportedArtifact a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("file_path", a.path());
    m.put("title", a.title());
    m.put("artifact_type", a.artifactType());
    return m;
  }
}
