package dev.mlos.maven;

import dev.mlos.core.artifacts.AcceptRequest;
import dev.mlos.core.artifacts.AcceptResult;
import dev.mlos.core.artifacts.ArtifactAcceptor;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Records the current SHA-256 of registered artifacts that drifted, after a person has reviewed
 * them ({@code ARTIFACT_DRIFT} in {@code mlos:guard}). Leaves a history entry; never touches
 * compiled views.
 */
@Mojo(name = "accept", threadSafe = true)
public class AcceptMojo extends AbstractMlosMojo {

  /**
   * The artifacts to accept, each an id ({@code 12}) or a {@code file_path}. Comma-separated on the
   * command line: {@code -Dmlos.accept=docs/a.md,12}.
   */
  @Parameter(property = "mlos.accept")
  private List<String> names;

  /** Accept every drifted artifact. Must be given explicitly: {@code -Dmlos.accept.all}. */
  @Parameter(property = "mlos.accept.all", defaultValue = "false")
  private boolean all;

  @Override
  protected void run() {
    AcceptResult r =
        new ArtifactAcceptor()
            .accept(new AcceptRequest(workspaceConfig(), names == null ? List.of() : names, all));
    for (AcceptResult.AcceptedArtifact a : r.accepted()) {
      getLog()
          .info(
              "Accepted "
                  + a.path()
                  + " (artifact "
                  + a.id()
                  + "): "
                  + a.oldHash()
                  + " -> "
                  + a.newHash());
    }
    for (AcceptResult.AcceptedArtifact a : r.alreadyCurrent()) {
      getLog()
          .info(
              "Unchanged " + a.path() + " (artifact " + a.id() + "): its hash is already recorded");
    }
    getLog()
        .info(
            "Accepted "
                + r.accepted().size()
                + " artifact(s)"
                + (r.accepted().isEmpty()
                    ? ""
                    : ". Views that show artifacts may now be stale: run `mvn mlos:compile`."));
  }
}
