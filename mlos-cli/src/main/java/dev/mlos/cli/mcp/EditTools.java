package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.InputSchema.SHORT_TEXT;
import static dev.mlos.cli.mcp.InputSchema.id;
import static dev.mlos.cli.mcp.InputSchema.object;
import static dev.mlos.cli.mcp.InputSchema.oneOf;
import static dev.mlos.cli.mcp.InputSchema.priority;
import static dev.mlos.cli.mcp.InputSchema.props;
import static dev.mlos.cli.mcp.InputSchema.text;

import dev.mlos.cli.Rows;
import dev.mlos.core.engine.Artifact;
import dev.mlos.core.engine.ArtifactMoved;
import dev.mlos.core.engine.ArtifactMoves;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.ArtifactRemoval;
import dev.mlos.core.engine.Edge;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.EntityRef;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.path.WorkspacePath;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools that change or take back what others made: {@code update_task}, {@code move_artifact},
 * and {@code unrelate} and {@code remove_artifact} (the undoing of {@code relate} and {@code
 * register_artifact}), each one engine operation.
 */
final class EditTools {
  private EditTools() {}

  static SyncToolSpecification updateTask(McpTools tools, Engine engine) {
    return tools.write(
        "update_task",
        "Change a task's description or priority.",
        object(
            props("task_id", id(), "description", text(SHORT_TEXT), "priority", priority()),
            "task_id"),
        a ->
            CompactRows.compact(
                engine.updateTask(
                    a.requiredId("task_id"), a.text("description"), a.integer("priority"))));
  }

  /**
   * {@code move_artifact}: {@link ArtifactMoves#move}, the call {@code mlos artifact move} makes.
   * An agent that reorganised files registered each new path as a new artifact: the old one was
   * left missing (the guard failed) and the edges stayed on its id.
   */
  static SyncToolSpecification moveArtifact(McpTools tools, Engine engine, ArtifactPlaces places) {
    return tools.write(
        "move_artifact",
        "Record a registered file's new file_path after a move (id, edges kept).",
        object(
            props(
                "artifact_id",
                id(),
                "file_path",
                text(WorkspacePath.MAX_LENGTH),
                "reason",
                text(SHORT_TEXT)),
            "artifact_id",
            "file_path"),
        a -> moved(move(noted(engine, a), places, a)));
  }

  private static ArtifactMoved move(Engine engine, ArtifactPlaces places, ToolCall a) {
    return ArtifactMoves.move(engine, places, a.requiredId("artifact_id"), a.text("file_path"));
  }

  /** As {@code register_artifact} answers, plus where it was and whether it changed. */
  private static Map<String, Object> moved(ArtifactMoved m) {
    Artifact a = m.artifact();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", a.id());
    r.put("title", a.shownTitle());
    r.put("file_path", a.filePath());
    r.put("moved_from", m.fromPath());
    r.put("changed", m.changed()); // false: it had that path already, nothing written
    r.put("content_hash", a.contentHash());
    r.put("content_differs", m.contentDiffers());
    if (m.contentDiffers()) {
      // A move says where the file is, not that its new content was reviewed.
      r.put(
          "note",
          "the file differs from what was recorded (its SHA-256 is "
              + m.fileHash()
              + "): the recorded hash is kept, so the guard reports the change (ARTIFACT_DRIFT);"
              + " review it, then record it with `register_artifact` with `file_path` "
              + RefusedException.quoted(a.filePath()));
    }
    return r;
  }

  static List<SyncToolSpecification> removals(McpTools tools, Engine engine) {
    return List.of(
        tools.write(
            "unrelate",
            // The derived_from edge of a task to its own need is kept: the refusal says so.
            "Remove edge source -> target (removed: false if none).",
            object(
                props(
                    "source_type",
                    oneOf(EntityRef.TYPES),
                    "source_id",
                    id(),
                    "relationship_type",
                    oneOf(Engine.RELATIONSHIP_TYPES),
                    "target_type",
                    oneOf(EntityRef.TYPES),
                    "target_id",
                    id(),
                    "reason",
                    text(SHORT_TEXT)),
                "source_type",
                "source_id",
                "relationship_type",
                "target_type",
                "target_id"),
            a -> unrelate(engine, a)),
        tools.write(
            "remove_artifact",
            "Unregister an artifact and its edges (file kept).",
            object(props("artifact_id", id(), "reason", text(SHORT_TEXT)), "artifact_id"),
            a -> removeArtifact(engine, a)));
  }

  private static Object unrelate(Engine engine, ToolCall a) {
    EntityRef source = new EntityRef(a.text("source_type"), a.requiredId("source_id"));
    EntityRef target = new EntityRef(a.text("target_type"), a.requiredId("target_id"));
    Optional<Edge> removed = noted(engine, a).unrelate(source, target, a.text("relationship_type"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("removed", removed.isPresent());
    m.put("relationship", removed.map(Rows::edge).orElse(null));
    return m;
  }

  private static Object removeArtifact(Engine engine, ToolCall a) {
    ArtifactRemoval r = noted(engine, a).removeArtifact(a.requiredId("artifact_id"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.artifact().id());
    m.put("file_path", r.artifact().filePath());
    m.put("removed_relationships", r.edges().stream().map(Rows::edge).toList());
    return m;
  }

  /** The engine writing with the call's {@code reason}, which history records. */
  private static Engine noted(Engine engine, ToolCall a) {
    return a.has("reason") ? engine.as(engine.actor().withReason(a.text("reason"))) : engine;
  }
}
