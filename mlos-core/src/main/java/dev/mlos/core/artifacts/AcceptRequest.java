package dev.mlos.core.artifacts;

import dev.mlos.core.config.WorkspaceConfig;
import java.util.List;
import java.util.Objects;

/**
 * An accept: records the current hash of drifted artifacts after a person reviewed them.
 *
 * @param config the workspace (its root and database)
 * @param names artifacts to accept, each an id ({@code 12} or {@code #12}) or a {@code file_path}
 *     relative to the workspace root (every row with that path)
 * @param all accept every registered artifact whose file drifted; then {@code names} must be empty
 */
public record AcceptRequest(WorkspaceConfig config, List<String> names, boolean all) {
  public AcceptRequest {
    Objects.requireNonNull(config, "config");
    names =
        names == null
            ? List.of()
            : names.stream().filter(n -> n != null && !n.isBlank()).map(String::trim).toList();
  }
}
