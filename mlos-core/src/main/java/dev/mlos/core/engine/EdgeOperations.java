package dev.mlos.core.engine;

import static dev.mlos.core.engine.Engine.RELATIONSHIP_TYPES;
import static dev.mlos.core.engine.InputRules.MAX_TEXT;
import static dev.mlos.core.engine.InputRules.text;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Relating two entities with a typed edge. Reached through {@link Engine}, which documents each
 * operation.
 */
final class EdgeOperations extends EngineOperations {
  /**
   * Deepest nesting of a relationship's metadata: one level under SQLite's JSON limit ({@link
   * dev.mlos.core.view.Json#MAX_DEPTH}), as the history row holds it inside an object.
   */
  static final int MAX_METADATA_DEPTH = dev.mlos.core.view.Json.MAX_DEPTH - 1;

  EdgeOperations(StateStore store, Actor actor) {
    super(store, actor);
  }

  Written<Edge> relate(EntityRef source, EntityRef target, String type, String metadataJson) {
    if (type == null || !RELATIONSHIP_TYPES.contains(type)) {
      throw new RefusedException(
          "input",
          RefusedException.quoted(type) + " is not a relationship type",
          RELATIONSHIP_TYPES,
          source);
    }
    text(metadataJson, "metadata", MAX_TEXT, "relationship.metadata", source);
    String problem =
        metadataJson == null
            ? null
            : dev.mlos.core.view.Json.problemWith(metadataJson, MAX_METADATA_DEPTH);
    if (problem != null && problem.startsWith("is nested")) {
      throw new RefusedException(
          "relationship.metadata",
          "metadata " + problem,
          List.of(),
          source,
          "nest it at most " + MAX_METADATA_DEPTH + " levels deep, or leave the metadata out");
    }
    if (problem != null) {
      throw new RefusedException(
          "relationship.metadata",
          // Which of the three: a text that is no JSON, two values, or none.
          "metadata must be one JSON value; "
              + RefusedException.quoted(
                  metadataJson.length() > 80 ? metadataJson.substring(0, 80) + "..." : metadataJson)
              + " "
              + problem,
          List.of(),
          source,
          "pass one JSON value, an object such as {\"why\": \"...\"}, or leave the metadata out");
    }
    return write(
        null,
        () -> {
          if (source.equals(target)) {
            throw new RefusedException(
                "relationship.self",
                source.words() + " cannot be related to itself (" + type + ")",
                List.of(),
                source,
                "relate it to another need, task, artifact or agent: an edge joins two");
          }
          for (EntityRef end : List.of(source, target)) {
            if (!store.exists(end)) {
              throw missing(end);
            }
          }
          List<String> kinds = store.relationshipKinds(type);
          if (!kinds.contains(source.type() + "->" + target.type())) {
            throw new RefusedException(
                "relationship.kind",
                "a "
                    + type
                    + " edge cannot go from "
                    + article(source.type())
                    + " to "
                    + article(target.type())
                    + "; "
                    + type
                    + " connects "
                    + String.join(", ", kinds),
                kinds,
                source);
          }
          if (type.equals("derived_from")
              && source.type().equals("task")
              && target.type().equals("need")) {
            long own = taskOrRefuse(source.id()).needId();
            if (own != target.id()) {
              // The schema refuses it too, in words that named no fix.
              throw new RefusedException(
                  "relationship.kind",
                  source.words()
                      + " is derived_from need "
                      + own
                      + ", the need it was graduated from, and from no other",
                  List.of(),
                  source,
                  "relate it to "
                      + target.words()
                      + " with another type (references, blocks or enables); for work of "
                      + target.words()
                      + ", graduate it into tasks of its own");
            }
          }
          Optional<Edge> same = store.edge(source, target, type);
          if (same.isPresent()) {
            if (Objects.equals(same.get().metadata(), metadataJson)) {
              return new Written<>(same.get(), false);
            }
            throw new RefusedException(
                "relationship.exists",
                "relationship "
                    + same.get().id()
                    + " ("
                    + same.get().words()
                    + ") exists with other metadata",
                // The relationship in the way is named above: no value relate takes.
                List.of(),
                source,
                type.equals("derived_from")
                        && source.type().equals("task")
                        && target.type().equals("need")
                    // A task's edge to its own need cannot be removed (unrelate refuses it):
                    // removing it first was a fix that could not be followed.
                    ? "leave it: mlos keeps this edge as the task's graduation wrote it; record what"
                        + " the metadata says in an edge of another type (references)"
                    : "to change its metadata, remove it first (unrelate), then relate again with"
                        + " the new metadata");
          }
          if (type.equals("blocks") && store.blocksPath(target, source)) {
            throw new RefusedException(
                "relationship.cycle",
                source
                    + " blocks "
                    + target
                    + " would close a cycle of blocks edges ("
                    + target
                    + " already blocks "
                    + source
                    + ", directly or through others)",
                List.of(),
                source,
                "leave this edge out: the work already waits the other way; or first remove"
                    + " (unrelate) the blocks edge on the way from "
                    + target
                    + " to "
                    + source
                    + " that no longer holds");
          }
          long id;
          try {
            id = store.insertEdge(source, target, type, metadataJson);
          } catch (RefusedException e) {
            // The database alone knows the waits through a need and its open tasks (schema V7);
            // its trigger's words name neither the edge nor a way out.
            if (!e.rule().equals("relationship.cycle")) {
              throw e;
            }
            throw new RefusedException(
                "relationship.cycle",
                source
                    + " blocks "
                    + target
                    + " would close a cycle through a need and its tasks: "
                    + source
                    + " already waits for "
                    + target
                    + " (a need waits for its open tasks, and a task for what blocks its need)",
                List.of(),
                source,
                "leave this edge out: the work already waits the other way (a need cannot block"
                    + " its own open tasks; to order the tasks of one need, relate them to each"
                    + " other); or first remove (unrelate) a blocks edge through which "
                    + source
                    + " waits for "
                    + target
                    + ", if one no longer holds");
          }
          return new Written<>(store.edge(id).orElseThrow(), true);
        });
  }

  Optional<Edge> unrelate(EntityRef source, EntityRef target, String type) {
    if (type == null || !RELATIONSHIP_TYPES.contains(type)) {
      throw new RefusedException(
          "input",
          RefusedException.quoted(type) + " is not a relationship type",
          RELATIONSHIP_TYPES,
          source);
    }
    return write(
        null,
        () -> {
          for (EntityRef end : List.of(source, target)) {
            if (!store.exists(end)) {
              throw missing(end);
            }
          }
          Optional<Edge> edge = store.edge(source, target, type);
          // The schema refuses it too, in words for any writer and with no fix.
          if (edge.isPresent()
              && type.equals("derived_from")
              && source.type().equals("task")
              && target.type().equals("need")
              && taskOrRefuse(source.id()).needId() == target.id()) {
            throw new RefusedException(
                "relationship.kind",
                source.words()
                    + " derived_from "
                    + target.words()
                    + " is kept by mlos: it says which need the task was graduated from, for as"
                    + " long as the task exists",
                List.of(),
                source,
                "leave it; to stop the work of the task, cancel it (it stays derived_from its"
                    + " need, as history does)");
          }
          edge.ifPresent(e -> store.deleteEdge(e.id()));
          return edge;
        });
  }

  /** "a need", "an agent", "an artifact". */
  private static String article(String type) {
    return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
  }
}
