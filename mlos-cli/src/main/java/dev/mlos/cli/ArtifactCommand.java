package dev.mlos.cli;

import dev.mlos.cli.EngineCommand.Printed;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Artifact;
import dev.mlos.core.engine.ArtifactChange;
import dev.mlos.core.engine.ArtifactMoved;
import dev.mlos.core.engine.ArtifactMoves;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.ArtifactRegistration;
import dev.mlos.core.engine.ArtifactRemoval;
import dev.mlos.core.engine.ArtifactSpec;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlos artifact ...}: register workspace files and hash them again. */
@Command(
    name = "artifact",
    mixinStandardHelpOptions = true,
    description =
        "Artifacts: register a workspace file (mlos computes its hash), show one, retitle one,"
            + " re-hash one, move one to its file's new path, remove one.",
    subcommands = {
      ArtifactCommand.Register.class,
      ArtifactCommand.Show.class,
      ArtifactCommand.Update.class,
      ArtifactCommand.Rehash.class,
      ArtifactCommand.Move.class,
      ArtifactCommand.Remove.class
    })
public final class ArtifactCommand {

  static Printed printed(ArtifactRegistration r) {
    Artifact a = r.artifact();
    Map<String, Object> data = Rows.artifact(a);
    data.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
    // As mlos import and mvn mlos:accept say it: a trial rehashed a drifted artifact, as the
    // guard's fix said, and the next guard failed STALE on ARTIFACTS.md.
    String stale =
        r.outcome() == ArtifactRegistration.Outcome.UNCHANGED
            ? ""
            : "\nViews that show artifacts are now stale: run `mlos compile`.";
    return new Printed(
        data, words(a) + " (" + r.outcome().name().toLowerCase(Locale.ROOT) + ")" + stale);
  }

  /**
   * As {@link #printed(ArtifactRegistration)}, and when the file was unchanged and the title or
   * description given was not recorded (an unchanged file keeps them), a second line that says so
   * and names the command that changes them, and {@code not_recorded} in JSON: a trial's register
   * with a new title answered "(unchanged)" with the old title, and nothing said why.
   */
  static Printed printed(ArtifactRegistration r, ArtifactSpec asked) {
    Printed p = printed(r);
    List<String> kept = r.notRecorded(asked);
    if (kept.isEmpty()) {
      return p;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) p.data();
    data.put("not_recorded", kept);
    String options = String.join(" ", kept.stream().map(f -> "--" + f + " <" + f + ">").toList());
    return new Printed(
        data,
        p.text()
            + "\n  not recorded: the "
            + String.join(" and ", kept)
            + " given (the file is unchanged, and registering it again keeps what is recorded);"
            + " change "
            + (kept.size() == 1 ? "it" : "them")
            + " with `mlos artifact update "
            + r.artifact().id()
            + " "
            + options
            + "`");
  }

  static String words(Artifact a) {
    return "artifact "
        + a.id()
        + " "
        // A row written without the engine may have no file: it printed "null".
        + (a.filePath() == null ? "(no file)" : a.filePath())
        + " '"
        + a.shownTitle()
        + "'"
        + (a.type() == null ? "" : " [" + a.type() + "]")
        + (a.contentHash() == null ? "" : " sha256 " + a.contentHash().substring(0, 12));
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Register a file (path relative to the workspace root), or record it again after it changed.")
  static final class Register extends WriteCommand {
    @Parameters(
        index = "0",
        paramLabel = "FILE_PATH",
        description = "The file, relative to the workspace root.")
    String path;

    @Option(
        names = "--title",
        paramLabel = "TEXT",
        description =
            "The artifact's title (default: the file's name). A registered file takes it only"
                + " when its content changed (artifact update retitles it).")
    String title;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description =
            "What the file is. Without it a registered file keeps its description (artifact"
                + " update --clear description removes one).")
    String description;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "document, code, config, context_pack, transcript, image or schema.")
    String type;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      ArtifactSpec spec = ArtifactSpec.of(path).withTitle(title).withDescription(description);
      if (type != null) {
        spec = spec.withType(type);
      }
      try {
        return printed(
            engine.registerArtifact(
                ArtifactPlaces.of(config.root(), config.stateDirectory()), spec),
            spec);
      } catch (RefusedException e) {
        throw fromCurrentDirectory(e, config.root(), path, "mlos artifact register ");
      }
    }

    /**
     * A path given relative to a subdirectory of the workspace (`cd docs; mlos artifact register
     * spec.md`) names no file from the root: when it names one from the current directory, the
     * refusal says the path that works.
     */
    static RefusedException fromCurrentDirectory(
        RefusedException e, Path root, String path, String command) {
      Path cwd = Path.of("").toAbsolutePath().normalize();
      boolean aboutThePath = "artifact.file".equals(e.rule()) || "artifact.path".equals(e.rule());
      if (!aboutThePath || cwd.equals(root) || !cwd.startsWith(root)) {
        return e;
      }
      String relative;
      try {
        // By real paths, as the engine registers a file: a link on the way (inside the workspace
        // or out of it) gives the path the engine takes, or none.
        Path realRoot = root.toRealPath();
        Path file = cwd.resolve(path).toRealPath();
        if (!file.startsWith(realRoot)
            || file.equals(realRoot)
            || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          return e;
        }
        relative = WorkspacePath.relative(realRoot, file);
      } catch (java.io.IOException | java.nio.file.InvalidPathException notThere) {
        return e;
      }
      if (relative.equals(path)) {
        return e;
      }
      if (relative.indexOf('\\') >= 0) {
        // A name holding a backslash (Linux, macOS): no path from the root names it for mlos, so
        // the fix is the engine's own for such a file, to rename it.
        return new RefusedException(
            e.rule(),
            dev.mlos.core.path.WorkspacePath.backslashNameFound(relative),
            List.of(),
            e.subject(),
            dev.mlos.core.path.WorkspacePath.backslashNameFix(RefusedException.quoted(relative)));
      }
      return new RefusedException(
          e.rule(),
          withoutRootSuggestion(e.getMessage(), relative, root),
          List.of(),
          e.subject(),
          "from the current directory that file is "
              + relative
              + " in the workspace: run "
              + dev.mlos.core.RemedyWording.code(
                  command
                      // From a subdirectory named '-notes' or '@team', the path starts so: picocli
                      // would read it as an option or a file of arguments.
                      + (relative.startsWith("-") ? "-- " : "")
                      + CliSuggestions.argument(relative)));
    }

    /**
     * The engine answers {@code ./spec.md} with "register it as 'spec.md'", read from the workspace
     * root; typed in a subdirectory, that names another file than the fix line's (it contradicted
     * it), so that part gives way to the rule the fix line follows.
     */
    private static String withoutRootSuggestion(String message, String relative, Path root) {
      String suggestion = " (register it as ";
      int at = message.lastIndexOf(suggestion);
      if (at < 0
          || !message.endsWith(")")
          || message.startsWith(RefusedException.quoted(relative) + ")", at + suggestion.length())
          || message.startsWith(
              RefusedException.quoted(relative) + ",", at + suggestion.length())) {
        return message;
      }
      return message.substring(0, at)
          + " (a path is relative to the workspace root "
          + root.toAbsolutePath().normalize()
          + ", not to the current directory)";
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One artifact.")
  static final class Show extends EngineCommand {
    @Parameters(index = "0", paramLabel = "ARTIFACT_ID", description = "The artifact's id.")
    long id;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      Artifact a = engine.getArtifact(id);
      return new Printed(Rows.artifact(a), words(a));
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Change an artifact's title, description or type (its file and hash: see rehash).",
        "Example: mlos artifact update 2 --title \"Design notes\""
      })
  static final class Update extends WriteCommand {
    @Parameters(index = "0", paramLabel = "ARTIFACT_ID", description = "The artifact's id.")
    long id;

    @Option(names = "--title", paramLabel = "TEXT", description = "The new title, one line.")
    String title;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "The new description; --clear description removes it.")
    String description;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "document, code, config, context_pack, transcript, image or schema.")
    String type;

    @Option(
        names = "--clear",
        paramLabel = "FIELD",
        split = ",",
        description = "Set to empty: description.")
    List<String> clear = new ArrayList<>();

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      if (title == null && description == null && type == null && clear.isEmpty()) {
        throw new UsageException(
            "nothing to change (a changed file is recorded with `mlos artifact rehash`)",
            "give --title, --description, --type or --clear description");
      }
      if (description != null && description.isBlank()) {
        // The engine's fix says "clear description", which is --clear description here.
        throw new UsageException(
            "--description is empty",
            "give the text, or pass --clear description to remove the one recorded");
      }
      ArtifactChange c = ArtifactChange.none().title(title).description(description).type(type);
      for (String f : clear) {
        if (!f.equals("description")) {
          throw new RefusedException(
              "input",
              "--clear " + RefusedException.quoted(f) + ": not a field --clear can empty",
              List.of("description"),
              null);
        }
        c = c.withoutDescription();
      }
      return Words.written(engine.updateArtifact(id, c), "Updated ", "holds these values already");
    }
  }

  @Command(
      name = "rehash",
      mixinStandardHelpOptions = true,
      description = "Hash an artifact's file again and record it.")
  static final class Rehash extends WriteCommand {
    @Parameters(index = "0", paramLabel = "ARTIFACT_ID", description = "The artifact's id.")
    long id;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      return printed(
          engine.rehashArtifact(ArtifactPlaces.of(config.root(), config.stateDirectory()), id));
    }
  }

  @Command(
      name = "move",
      mixinStandardHelpOptions = true,
      description = {
        "Record an artifact's new path after its file was moved or renamed (git mv): its id, edges"
            + " and history stay. The file must be at the new path already; a file that changed"
            + " keeps the recorded hash, so the guard reports the change until `artifact rehash`"
            + " records it.",
        "Example: git mv docs/a.md docs/b.md && mlos artifact move 2 docs/b.md"
      })
  static final class Move extends WriteCommand {
    @Parameters(index = "0", paramLabel = "ARTIFACT_ID", description = "The artifact's id.")
    long id;

    @Parameters(
        index = "1",
        paramLabel = "NEW_PATH",
        description = "Where the file is now, relative to the workspace root.")
    String path;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      ArtifactMoved m;
      try {
        m =
            ArtifactMoves.move(
                engine, ArtifactPlaces.of(config.root(), config.stateDirectory()), id, path);
      } catch (RefusedException e) {
        // `cd docs && mlos artifact move 2 b.md`: the path that works from the root, as register's.
        throw Register.fromCurrentDirectory(
            e, config.root(), path, "mlos artifact move " + id + " ");
      }
      Artifact a = m.artifact();
      Map<String, Object> data = Rows.artifact(a);
      data.put("changed", m.changed());
      data.put("moved_from", m.fromPath());
      data.put("file_hash", m.fileHash());
      data.put("content_differs", m.contentDiffers());
      String differs =
          !m.contentDiffers()
              ? ""
              : "\n  the file differs from what was recorded (its SHA-256 is "
                  + m.fileHash().substring(0, 12)
                  + "..., the database says "
                  + a.contentHash().substring(0, 12)
                  + "...): the recorded hash is kept, so the guard reports the change"
                  + " (ARTIFACT_DRIFT); review it, then record it with `mlos artifact rehash "
                  + a.id()
                  + "`";
      if (!m.changed()) {
        return new Printed(
            data,
            "Nothing changed: artifact "
                + a.id()
                + " is at "
                + a.filePath()
                + " already (nothing written, no history row)"
                + differs);
      }
      return new Printed(
          data,
          "Moved artifact "
              + a.id()
              + " from "
              + (m.fromPath() == null ? "(no file)" : m.fromPath())
              + " to "
              + a.filePath()
              + ": "
              + words(a)
              + differs
              + "\nViews that show artifacts are now stale: run `mlos compile`.");
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = {
        "Unregister an artifact: its row and the edges that touch it go (history keeps them); the"
            + " file itself is not touched.",
        "Example: mlos artifact remove 2 --reason \"file deleted\""
      })
  static final class Remove extends WriteCommand {
    @Parameters(index = "0", paramLabel = "ARTIFACT_ID", description = "The artifact's id.")
    long id;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      ArtifactRemoval r = engine.removeArtifact(id);
      Map<String, Object> data = Rows.artifact(r.artifact());
      data.put("removed_relationships", r.edges().stream().map(Rows::edge).toList());
      int n = r.edges().size();
      return new Printed(
          data,
          "Removed "
              + words(r.artifact())
              + (n == 0 ? "" : " and its " + n + (n == 1 ? " relationship" : " relationships"))
              + "; the file is not touched");
    }
  }
}
