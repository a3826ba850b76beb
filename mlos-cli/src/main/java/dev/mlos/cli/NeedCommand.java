package dev.mlos.cli;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Edge;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.KeyedWrite;
import dev.mlos.core.engine.Need;
import dev.mlos.core.engine.NeedChange;
import dev.mlos.core.engine.NeedDetail;
import dev.mlos.core.engine.NeedSpec;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.engine.Task;
import dev.mlos.core.engine.TaskSpec;
import dev.mlos.core.engine.Written;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlos need ...}: create, show, change, move, defer, resume and graduate needs. */
@Command(
    name = "need",
    mixinStandardHelpOptions = true,
    description =
        "Needs: create, show, update, move along the lifecycle, defer, resume, graduate into tasks.",
    subcommands = {
      NeedCommand.Create.class,
      NeedCommand.Show.class,
      NeedCommand.Update.class,
      NeedCommand.Move.class,
      NeedCommand.Defer.class,
      NeedCommand.Resume.class,
      NeedCommand.Graduate.class
    })
public final class NeedCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Record a need; it starts identified.")
  static final class Create extends WriteCommand {
    @Parameters(index = "0", paramLabel = "TITLE", description = "What is needed, in one line.")
    String title;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "What the need is, in a few sentences (markdown).")
    String description;

    @Option(names = "--priority", paramLabel = "1..5", description = "1 critical .. 5 background.")
    Integer priority;

    @Option(
        names = "--scope",
        paramLabel = "SCOPE",
        description =
            "The need's scope, one line (such as kernel): lenses filter by it, exactly (Kernel is"
                + " another scope).")
    String scope;

    @Option(
        names = "--tag",
        paramLabel = "TAG",
        split = ",",
        description = "A tag (repeat, or comma-separated).")
    List<String> tags = new ArrayList<>();

    @Option(
        names = "--parent",
        paramLabel = "NEED_ID",
        description = "The need this one is a part of.")
    Long parent;

    @Option(
        names = "--source-transcript",
        paramLabel = "PATH",
        description =
            "Where the need came from: a transcript's path or URL (--clear source_transcript removes it).")
    String sourceTranscript;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      if (sourceTranscript != null && sourceTranscript.isBlank()) {
        // Was stored as an empty transcript; the engine refuses it in its own words too.
        throw new UsageException(
            "--source-transcript is empty",
            "name the transcript (a path or URL), or leave the option out");
      }
      if (description != null && description.isBlank()) {
        // Was stored as an empty description, which MCP's tools refuse.
        throw new UsageException(
            "--description is empty", "give the text, or leave the option out");
      }
      KeyedWrite<Need> w =
          engine
              .once(request.id)
              .createNeed(
                  new NeedSpec(
                      title, description, priority, scope, tags, parent, sourceTranscript));
      return new Printed(
          request.json(Rows.need(w.row()), w), "Created " + Words.need(w.row()) + request.words(w));
    }

    @picocli.CommandLine.Mixin RequestIdOption request = new RequestIdOption();
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "A need with its tasks, relationships, recent history and the statuses it may move to.")
  static final class Show extends EngineCommand {
    @Parameters(index = "0", paramLabel = "NEED_ID", description = "The need's id.")
    long id;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      NeedDetail d = engine.getNeed(id);
      StringBuilder t = new StringBuilder(Words.need(d.need()));
      if (d.need().parentId() != null) {
        t.append("\nparent: need ").append(d.need().parentId());
      }
      if (!d.children().isEmpty()) {
        t.append("\nchildren:");
        for (Need child : d.children()) {
          t.append("\n  ").append(Words.need(child));
        }
        if (d.childrenTotal() > d.children().size()) {
          t.append("\n  ... and ")
              .append(d.childrenTotal() - d.children().size())
              .append(" more (the first ")
              .append(d.children().size())
              .append(" by id are listed)");
        }
      }
      if (d.need().description() != null) {
        t.append('\n').append(Words.block("description", d.need().description()));
      }
      t.append("\nnext statuses: ")
          .append(d.nextStatuses().isEmpty() ? "(none)" : String.join(", ", d.nextStatuses()));
      t.append("\ntasks:");
      if (d.tasks().isEmpty()) {
        t.append(" (none)");
      }
      for (Task task : d.tasks()) {
        t.append("\n  ").append(Words.task(task));
      }
      if (!d.edges().isEmpty()) {
        t.append("\nrelationships:");
        for (Edge e : d.edges()) {
          // Its id, which `mlos history relationship:ID` and nothing else in the text names.
          t.append("\n  ").append(e.words()).append("  (relationship ").append(e.id()).append(')');
        }
      }
      if (!d.history().isEmpty()) {
        t.append("\nrecent history:");
        for (dev.mlos.core.engine.HistoryEntry h : d.history()) {
          t.append("\n  ").append(Words.history(h));
        }
      }
      return new Printed(Rows.needDetail(d), t.toString());
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = "Change a need's fields (not its status: see move).")
  static final class Update extends WriteCommand {
    @Parameters(index = "0", paramLabel = "NEED_ID", description = "The need's id.")
    long id;

    @Option(names = "--title", paramLabel = "TEXT", description = "The need's new title, one line.")
    String title;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "The need's new description (markdown); --clear description removes it.")
    String description;

    @Option(
        names = "--priority",
        paramLabel = "1..5",
        description = "The need's new priority, 1 (most urgent) to 5.")
    Integer priority;

    @Option(
        names = "--scope",
        paramLabel = "SCOPE",
        description =
            "The need's scope, one line (such as kernel): lenses filter by it, exactly (Kernel is"
                + " another scope).")
    String scope;

    @Option(
        names = "--parent",
        paramLabel = "NEED_ID",
        description = "The need this one is a part of.")
    Long parent;

    @Option(
        names = "--source-transcript",
        paramLabel = "PATH",
        description =
            "Where the need came from: a transcript's path or URL (--clear source_transcript removes it).")
    String sourceTranscript;

    @Option(
        names = "--tags",
        paramLabel = "TAG",
        split = ",",
        description = "Replace all tags with these (comma-separated).")
    List<String> tags;

    @Option(
        names = "--add-tag",
        paramLabel = "TAG",
        split = ",",
        description = "A tag to add (repeat it, or separate by commas).")
    List<String> addTags = new ArrayList<>();

    @Option(
        names = "--remove-tag",
        paramLabel = "TAG",
        split = ",",
        description = "A tag to remove (repeat it, or separate by commas).")
    List<String> removeTags = new ArrayList<>();

    @Option(
        names = "--clear",
        paramLabel = "FIELD",
        split = ",",
        completionCandidates = Clearable.class,
        description = "Set to empty (comma-separated): ${COMPLETION-CANDIDATES}.")
    List<String> clear = new ArrayList<>();

    /**
     * The fields --clear empties, for its help and its refusal alike: the engine's clearable fields
     * and tags (emptied as {@code --tags} with none would).
     */
    static final class Clearable implements Iterable<String> {
      static final List<String> FIELDS =
          Stream.concat(NeedChange.CLEARABLE.stream(), Stream.of("tags")).sorted().toList();

      @Override
      public Iterator<String> iterator() {
        return FIELDS.iterator();
      }
    }

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      NeedChange c =
          NeedChange.none()
              .title(title)
              .description(description)
              .priority(priority)
              .scope(scope)
              .parent(parent)
              .sourceTranscript(sourceTranscript)
              .tags(tags)
              .addTags(addTags)
              .removeTags(removeTags);
      if (title == null
          && description == null
          && priority == null
          && scope == null
          && parent == null
          && sourceTranscript == null
          && tags == null
          && addTags.isEmpty()
          && removeTags.isEmpty()
          && clear.isEmpty()) {
        // Was answered "Updated need N" with nothing changed.
        throw new UsageException(
            "nothing to change (a status changes with `mlos need move`)",
            "give --title, --description, --priority, --scope, --parent, --source-transcript,"
                + " --tags, --add-tag, --remove-tag or --clear");
      }
      if (sourceTranscript != null && sourceTranscript.isBlank()) {
        // Was stored as an empty transcript: removing the one recorded is --clear's work.
        throw new UsageException(
            "--source-transcript is empty",
            "name the transcript (a path or URL), or pass --clear source_transcript to remove the"
                + " one recorded");
      }
      if (description != null && description.isBlank()) {
        throw new UsageException(
            "--description is empty",
            "give the text, or pass --clear description to remove the one recorded");
      }
      if (tags != null && tags.stream().allMatch(String::isBlank)) {
        // `--tags ''` reads as "no tags", but it is one empty tag, refused by the tag rule without
        // a word of the option that removes them.
        throw new UsageException(
            "--tags is empty", "give the tags, or pass --clear tags to remove every tag");
      }
      if (clear.contains("tags") && (tags != null || !addTags.isEmpty())) {
        throw new UsageException(
            "--clear tags and --tags/--add-tag contradict each other",
            "pass --clear tags alone to remove every tag, or --tags/--add-tag to set them");
      }
      for (String f : clear) {
        if (!Clearable.FIELDS.contains(f)) {
          throw new RefusedException(
              "input",
              "--clear " + RefusedException.quoted(f) + ": not a field --clear can empty",
              Clearable.FIELDS,
              null);
        }
        c = "tags".equals(f) ? c.tags(List.of()) : c.clear(f);
      }
      return Words.written(engine.updateNeed(id, c), "Updated ", "holds these values already");
    }
  }

  @Command(
      name = "move",
      mixinStandardHelpOptions = true,
      description =
          "Move a need along its lifecycle (identified, active, actionable, in_progress, resolved, deferred).")
  static final class Move extends WriteCommand {
    @Parameters(index = "0", paramLabel = "NEED_ID", description = "The need's id.")
    long id;

    @Parameters(
        index = "1",
        paramLabel = "STATUS",
        description = "The status to move to; a refusal lists the moves allowed now.")
    String status;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      Written<Need> w = engine.moveNeed(id, status, reason());
      Printed p = Words.written(w, "Moved ", "is " + status + " already");
      // A deferred need moved to active lands where its tasks put it (schema V16), as a resumed one
      // does: say where and why, as resume and the MCP tool's moved_on do (a trial: "Moved need 4
      // [in_progress]" after `need move 4 active`, and no word of why).
      String movedOn = Words.movedOn(w, status);
      if (movedOn.isEmpty()) {
        return p;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) p.data();
      data.put("moved_on", movedOn);
      return new Printed(data, p.text() + "\n  " + movedOn);
    }
  }

  @Command(
      name = "defer",
      mixinStandardHelpOptions = true,
      description = "Set a need aside (deferred); resume brings it back.")
  static final class Defer extends WriteCommand {
    @Parameters(index = "0", paramLabel = "NEED_ID", description = "The need's id.")
    long id;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      return Words.written(engine.deferNeed(id, reason()), "Deferred ", "is deferred already");
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = {
        "Bring a deferred need back: to identified when it was identified, else to active.",
        "A need with tasks (not cancelled) moves on to where they put it: actionable when none has"
            + " started, in_progress when one has and work is still open, resolved when all its"
            + " work was done meanwhile. Without tasks, whatever made it actionable is"
            + " re-established by moving it on (need move ID actionable)."
      })
  static final class Resume extends WriteCommand {
    @Parameters(index = "0", paramLabel = "NEED_ID", description = "The need's id.")
    long id;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      Need n = engine.resumeNeed(id, reason());
      return new Printed(Rows.need(n), "Resumed " + Words.need(n) + Words.whereResumed(n));
    }
  }

  @Command(
      name = "graduate",
      mixinStandardHelpOptions = true,
      description = {
        "Cut an actionable need into tasks, in one step.",
        "Refused when the need has live tasks already (someone graduated it): --more adds to them.",
        "Example: mlos need graduate 4 --task 'Write the parser' --task-priority 2 --task 'Test it'"
      })
  static final class Graduate extends WriteCommand {
    @Parameters(index = "0", paramLabel = "NEED_ID", description = "The need's id.")
    long id;

    /**
     * {@code --task} and {@code --task-priority} are read in command-line order by {@link
     * GraduateTasks} (the fields only carry the options' help): a priority belongs to the --task
     * just before it. picocli's argument groups joined a priority given before a --task to that
     * task, and read a second priority as a new task without a description.
     */
    @Option(
        names = "--task",
        required = true,
        paramLabel = "DESCRIPTION",
        parameterConsumer = GraduateTasks.Consumer.class,
        description = "A task to create (repeat for more tasks).")
    List<String> taskOptions;

    @Option(
        names = "--task-priority",
        paramLabel = "1..5",
        parameterConsumer = GraduateTasks.Consumer.class,
        description =
            "Priority of the --task just before it (at most one each; default: the need's).")
    List<String> taskPriorityOptions;

    final GraduateTasks tasks = new GraduateTasks();

    @Option(
        names = "--more",
        description =
            "Add these tasks to the need's live ones (without it, a need with live tasks is refused).")
    boolean more;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      List<TaskSpec> specs = tasks.specs();
      KeyedWrite<List<Task>> w = engine.once(request.id).graduate(id, specs, more);
      List<Task> created = w.row();
      StringBuilder t =
          new StringBuilder(
              "Graduated need "
                  + id
                  + " into "
                  + created.size()
                  + " task(s)"
                  + request.words(w)
                  + ":");
      for (Task task : created) {
        t.append("\n  ").append(Words.task(task));
      }
      Map<String, Object> json = new java.util.LinkedHashMap<>();
      json.put("tasks", created.stream().map(Rows::task).toList());
      return new Printed(request.json(json, w), t.toString());
    }

    @picocli.CommandLine.Mixin RequestIdOption request = new RequestIdOption();
  }
}
