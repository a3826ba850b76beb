package dev.mlos.core.engine;

import java.util.List;

/**
 * An artifact taken out of the database: its row as it was, and the edges that touched it, which
 * went with it. Its file is not touched.
 *
 * @param artifact the artifact as it was before the removal
 * @param edges the relationships that touched it, in id order, removed with it
 */
public record ArtifactRemoval(Artifact artifact, List<Edge> edges) {
  public ArtifactRemoval {
    edges = List.copyOf(edges);
  }
}
