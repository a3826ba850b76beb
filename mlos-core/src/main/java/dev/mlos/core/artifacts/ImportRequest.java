package dev.mlos.core.artifacts;

import dev.mlos.core.config.WorkspaceConfig;
import java.util.List;
import java.util.Objects;

/**
 * An import of files as artifacts.
 *
 * @param config the workspace (its root and database)
 * @param paths files or glob patterns, relative to the workspace root ('/' or '\' separators; an
 *     absolute path inside the root is accepted); a pattern contains one of <code>* ? [ {</code>
 * @param artifactType the type to give every file (overriding {@link ArtifactType#detect}), or null
 */
public record ImportRequest(WorkspaceConfig config, List<String> paths, ArtifactType artifactType) {
  public ImportRequest {
    Objects.requireNonNull(config, "config");
    paths = List.copyOf(paths);
  }

  /**
   * A request from an adapter's arguments: {@code paths} null is no paths, {@code type} null or
   * blank lets mlos derive each file's type from its name.
   *
   * @throws dev.mlos.core.MlosException when {@code type} is not an artifact type
   */
  public static ImportRequest of(WorkspaceConfig config, List<String> paths, String type) {
    return new ImportRequest(
        config,
        paths == null ? List.of() : paths,
        type == null || type.isBlank() ? null : ArtifactType.parse(type));
  }
}
