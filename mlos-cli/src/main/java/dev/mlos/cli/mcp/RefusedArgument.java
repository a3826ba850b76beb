package dev.mlos.cli.mcp;

import dev.mlos.core.Remedy;
import dev.mlos.core.engine.RefusedException;
import java.util.Map;

/**
 * The tool argument a core refusal is about, named in the refusal's words as {@link ToolCall} names
 * a bad argument ({@code argument 'file_path': ...}). The core words a refusal for every client and
 * names the value only (the path, the tag); a tool has several arguments it may be about.
 * move_artifact named {@code file_path} and register_artifact, refused for the same path by the
 * same rule, did not. One table for every write tool: a refusal is named here when its rule, for
 * that tool, can be about one argument only; a rule that may be about several (update_need's {@code
 * need.tags}: {@code tags}, {@code add_tags} or {@code remove_tags}; {@code need.text}: the
 * description or the source_transcript) is left as the core words it, which name the field.
 */
final class RefusedArgument {
  private RefusedArgument() {}

  /** Tool, then the rule, then the argument its refusals are about. */
  private static final Map<String, Map<String, String>> TABLE =
      Map.of(
          "register_artifact",
          Map.of("artifact.path", "file_path", "artifact.file", "file_path"),
          "move_artifact",
          Map.of("artifact.path", "file_path", "artifact.file", "file_path"),
          "create_need",
          Map.of("need.tags", "tags", "request.id", "request_id", "request.reused", "request_id"),
          "graduate_need",
          Map.of("request.id", "request_id", "request.reused", "request_id"),
          "update_need",
          Map.of("need.parent", "parent_need_id"));

  /**
   * {@code e} with the argument of {@code tool} it is about named first, or {@code e} when its rule
   * is about no one argument of that tool. Its rule, fix and remedies are kept.
   */
  static RefusedException named(String tool, RefusedException e) {
    String argument = TABLE.getOrDefault(tool, Map.of()).get(e.rule());
    String prefix = "argument '" + argument + "': ";
    if (argument == null || e.getMessage().startsWith(prefix)) {
      return e;
    }
    String message = prefix + e.getMessage();
    RefusedException named =
        e.fixGiven()
            ? new RefusedException(e.rule(), message, e.allowed(), e.subject(), e.fixTemplate())
            : new RefusedException(e.rule(), message, e.allowed(), e.subject());
    return (RefusedException) named.suggesting(e.remedies().toArray(new Remedy[0]));
  }
}
