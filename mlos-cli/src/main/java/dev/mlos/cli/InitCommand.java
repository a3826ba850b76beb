package dev.mlos.cli;

import dev.mlos.core.MlosException;
import dev.mlos.core.adopt.LegacyAdoptionException;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.dbtext.GitMergeDriver;
import dev.mlos.core.dbtext.TextFormPull;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.InitResult;
import dev.mlos.core.init.Initializer;
import dev.mlos.core.scaffold.ScaffoldResult;
import dev.mlos.core.scaffold.Scaffolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlos init}: makes a directory a workspace without Maven. Writes a minimal {@code
 * mlos.yaml} when there is none (never overwrites one; its {@code workspace:} name pinned to the
 * directory's), then creates or upgrades the database through the core's {@link Initializer},
 * exactly as {@code mvn mlos:init} does.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create the workspace's database (and an mlos.yaml when there is none), or bring it up to date.",
      "Safe to run again: an up-to-date database is left untouched."
    })
public final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--workspace",
      paramLabel = "DIR",
      description = "The workspace directory (created if missing). Default: the current directory.")
  Path workspace;

  @Option(
      names = "--pack",
      paramLabel = "NAME",
      description =
          "The pack written into a new mlos.yaml (mlos, agentos-graph, runtime-memory, or none for"
              + " views of your own). Default: mlos.")
  String pack;

  @Option(
      names = "--seed",
      paramLabel = "FILE",
      split = ",",
      description = "SQL files run once, when the database is created.")
  List<Path> seeds = new ArrayList<>();

  @Option(
      names = "--pull-text",
      description = {
        "After a git pull or merge changed the database's text form (mlos.db.sql): merge its rows"
            + " into the database, three-way against the text the last compile wrote, and do"
            + " nothing else. Agents' MCP servers may keep running: a write they make meanwhile"
            + " waits for the pull and is kept. Refused (exit 1, nothing changed) when a row conflicts or the"
            + " merged rows break a rule of the database."
      })
  boolean pullText;

  @Option(
      names = "--git",
      description = {
        "Also write what keeps the workspace in git, as the Maven scaffold does: .gitignore (the"
            + " binary database stays out), .gitattributes (the text form merged row by row) and"
            + " the database's text form mlos.db.sql, each only when it does not exist."
      })
  boolean git;

  @Mixin Output output;

  @Override
  public Integer call() {
    if (pullText) {
      return pull();
    }
    if (workspace != null && workspace.toString().isBlank()) {
      // An unset shell variable must not scaffold whatever directory the command runs in.
      throw new UsageException(
          "--workspace is empty",
          "pass the directory to create the workspace in (--workspace . for this one), or leave"
              + " the option out");
    }
    Path root = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new UsageException(
          "--workspace "
              + MlosException.quoted(workspace.toString())
              + " is a file, not a directory",
          "pass the directory to create the workspace in (a new one is created)");
    }
    if (workspace == null) {
      refuseInsideAnotherWorkspace(root);
    }
    boolean wroteConfig = false;
    requireBuiltInPack();
    try {
      Files.createDirectories(root);
      Path yaml = root.resolve("mlos.yaml");
      if (!Files.exists(yaml)) {
        // The name is pinned, so a clone under another directory name is the same workspace (its
        // compiled files stay its own instead of becoming UNKNOWN).
        String name =
            Scaffolder.workspaceName(
                root.getFileName() == null ? "workspace" : root.getFileName().toString());
        String body =
            "# mlos workspace (written by mlos init). See docs/configuration.md.\n"
                + "workspace: "
                + Scaffolder.workspaceYaml(name)
                + "\n"
                + "database: mlos.db\n"
                + "pack: "
                + (pack == null ? "mlos" : pack)
                + "\n";
        wroteConfig = writeNew(yaml, body);
        if (!wroteConfig && pack != null) {
          throw new UsageException(
              "--pack applies only to a new mlos.yaml, and "
                  + yaml
                  + " was written a moment ago by another process (another mlos init)",
              "edit its 'pack:' instead, or leave --pack out");
        }
      } else if (pack != null) {
        throw new UsageException(
            "--pack applies only to a new mlos.yaml, and " + yaml + " exists",
            "edit its 'pack:' instead, or leave --pack out");
      }
    } catch (IOException e) {
      throw new MlosException(
          "Cannot write " + root.resolve("mlos.yaml") + ": " + e.getMessage(),
          "check that the directory is writable",
          e);
    }
    WorkspaceOptions ws = new WorkspaceOptions();
    ws.workspace = root;
    ws.err = spec.commandLine().getErr();
    WorkspaceConfig config;
    try {
      config = ws.config();
    } catch (RuntimeException e) {
      // The mlos.yaml this run wrote does not load (--pack names a built-in pack that does not):
      // it goes, so the command run again after the fix works, instead of refusing --pack for an
      // existing mlos.yaml.
      if (wroteConfig) {
        try {
          Files.deleteIfExists(root.resolve("mlos.yaml"));
        } catch (IOException ignored) {
          // The error below still names the file and the problem.
        }
      }
      throw e;
    }
    ScaffoldResult gitFiles = git ? new Scaffolder().gitFiles(config) : null;
    List<Path> seedFiles = seeds.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    InitResult result;
    try {
      result =
          new Initializer()
              .init(
                  new InitRequest(
                      config.database(),
                      config.schemas(),
                      seedFiles,
                      null,
                      config.stateDirectory()));
    } catch (LegacyAdoptionException e) {
      // Rows of the user's that do not fit are refused by a rule, nothing changed: exit 1, as
      // every refusal (it exited 2, the code of a broken setup).
      return Failures.refused(spec.commandLine().getErr(), e.rule(), e);
    } catch (dev.mlos.core.dbtext.TrackedTextForm.MissingException e) {
      // No empty database in place of the text form git tracks: refused by a rule, nothing written.
      return Failures.refused(spec.commandLine().getErr(), e.rule(), e);
    }

    // Git does not clone .git/config: each clone's init defines the merge drivers that
    // .gitattributes names for the text form and the compiled pages (when the workspace keeps a
    // text form in git).
    GitMergeDriver.Registration driver = registerMergeDriver(config);

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("workspace", root.toString());
    data.put("database", config.database().toString());
    data.put("config_written", wroteConfig);
    data.put("created", result.created());
    data.put("applied_migrations", result.appliedMigrations());
    data.put("backup", result.backup() == null ? null : result.backup().toString());
    data.put("rebuilt_from", result.rebuiltFrom() == null ? null : result.rebuiltFrom().toString());
    data.put("actions", result.actions());
    data.put("warnings", result.warnings());
    data.put(
        "merge_driver",
        driver == null
            ? null
            : driver.alsoRegistered().isEmpty()
                ? driver.message()
                : driver.alsoRegistered() + "\n" + driver.message());
    data.put(
        "merge_driver_attributes",
        driver == null || driver.attributes().isEmpty() ? null : driver.attributes());

    StringBuilder text = new StringBuilder();
    if (wroteConfig) {
      // The name is the directory's, pinned for every clone and recorded by every page: a team's
      // first init in a clone named after its owner ('alice/') named the team's workspace so.
      text.append("Wrote ")
          .append(root.resolve("mlos.yaml"))
          .append(" (workspace: ")
          .append(config.name())
          .append(", from the directory's name; every clone and compiled page keeps it: change")
          .append(" `workspace:` there before the first compile if the team knows it by another")
          .append(" name)\n");
    }
    text.append(result.headline(config.database()));
    if (result.backup() != null) {
      text.append("\nBackup written to ").append(result.backup());
    }
    for (String m : result.appliedMigrations()) {
      text.append("\nApplied migration ").append(m);
    }
    for (String a : result.actions()) {
      text.append('\n').append(a);
    }
    if (driver != null
        && (driver.outcome() == GitMergeDriver.Outcome.REGISTERED
            || driver.outcome() == GitMergeDriver.Outcome.KEPT_LAUNCHERS)) {
      text.append('\n').append(driver.message());
    } else if (driver != null && !driver.alsoRegistered().isEmpty()) {
      text.append('\n').append(driver.alsoRegistered());
    }
    if (gitFiles != null) {
      data.put("git_files_written", gitFiles.written());
      data.put("git_files_kept", gitFiles.kept());
      for (String f : gitFiles.written()) {
        text.append("\nWrote ").append(f);
      }
      for (String f : gitFiles.kept()) {
        text.append("\nKept ").append(f).append(" as it was");
      }
      for (String step : gitFiles.nextSteps(CliSuggestions.INSTANCE)) {
        text.append("\nnext: ").append(step);
      }
    } else if (!Files.exists(DatabaseText.fileOf(config.database().toAbsolutePath()))
        && GitMergeDriver.insideWorkTree(root)) {
      // README's quick start runs mlos init; in a git repository `git add -A` would then commit
      // the binary database (which git cannot merge) and no text form: say so once, with the way.
      spec.commandLine()
          .getErr()
          .println(
              "note: "
                  + root
                  + " is in a git repository, and this workspace keeps no text form of its"
                  + " database: `git add -A` would commit the binary database, which git cannot"
                  + " merge. To keep it in git, run `mlos init --git` (writes .gitignore,"
                  + " .gitattributes and the text form; docs/cli.md)");
      spec.commandLine().getErr().flush();
    }
    for (String w : result.warnings()) {
      spec.commandLine().getErr().println("warning: " + w);
      spec.commandLine().getErr().flush();
    }
    if (driver != null && !driver.attributes().isEmpty()) {
      // Whatever the registration did: a driver no .gitattributes line names is never used.
      spec.commandLine().getErr().println("warning: " + driver.attributes());
      spec.commandLine().getErr().flush();
    }
    if (driver != null && driver.outcome() == GitMergeDriver.Outcome.KEPT_USERS) {
      spec.commandLine().getErr().println("warning: " + driver.message());
      spec.commandLine().getErr().flush();
    }
    output.print(spec.commandLine().getOut(), data, text.toString());
    return Main.OK;
  }

  /**
   * Without {@code --workspace}, init makes the current directory a workspace. Every other command
   * uses the nearest workspace from the current directory upwards, so a new workspace made in a
   * subdirectory of one (a user who ran {@code cd docs && mlos init}) would silently take over
   * every later command run there, with an empty database of its own, and the outer workspace's
   * guard and compile would stop looking into it. That is refused; a nested workspace made on
   * purpose names its directory.
   */
  private static void refuseInsideAnotherWorkspace(Path root) {
    if (Files.exists(root.resolve("mlos.yaml")) || root.getParent() == null) {
      return;
    }
    Path outer = WorkspaceOptions.nearest(root.getParent());
    if (outer == null) {
      return;
    }
    throw new MlosException(
        "mlos init would make "
            + root
            + " a new workspace inside the workspace "
            + outer
            + " (its mlos.yaml): every mlos command run from here would then use the new, empty"
            + " database instead of that workspace's, and that workspace would stop compiling and"
            + " guarding this directory",
        "to bring that workspace's database up to date, run "
            + dev.mlos.core.RemedyWording.code(
                "mlos init --workspace " + WorkspaceOptions.shellWord(outer))
            + "; to create a nested workspace here on purpose, run `mlos init --workspace .`");
  }

  /**
   * {@code --pack} names a built-in pack (or {@code none}): checked before anything is created, so
   * a misspelt pack leaves no directory and no {@code mlos.yaml} behind, and the message names the
   * option rather than a file this run would have written.
   */
  private void requireBuiltInPack() {
    if (pack == null || pack.equals(ConfigLoader.NO_PACK)) {
      return;
    }
    List<String> packs = new ConfigLoader(InitCommand.class.getClassLoader()).availablePacks();
    // The fix, on its own line: the packs that work when passed.
    String choices =
        "pass one of the built-in packs: "
            + String.join(", ", packs)
            + " (or "
            + ConfigLoader.NO_PACK
            + ", with views of your own in mlos.yaml)";
    if (!pack.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
      throw new UsageException(
          "--pack "
              + MlosException.quoted(pack)
              + " is not a pack name (lower-case letters, digits, '-' and '_')",
          choices);
    }
    if (!packs.contains(pack)) {
      throw new UsageException(
          "--pack " + MlosException.quoted(pack) + ": there is no built-in pack of that name",
          choices);
    }
  }

  /**
   * Registers {@code mlos merge-db} of this jar as the clone's {@code mlos-db} merge driver; null
   * when this command does not run from a jar (a development build's classes directory). A driver
   * {@code mvn mlos:init} registered is kept (said as an information), and so is the user's own
   * (with a warning).
   */
  private static GitMergeDriver.Registration registerMergeDriver(WorkspaceConfig config) {
    Path jar;
    try {
      jar = Path.of(InitCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
    if (!jar.getFileName().toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
      return null;
    }
    return GitMergeDriver.register(
        config.root(),
        DatabaseText.fileOf(config.database().toAbsolutePath()),
        MergeDbCommand.driverCommand(jar.toAbsolutePath().normalize()),
        MergeDbCommand::registeredByMlos,
        Scaffolder.pageAttributeLines(config));
  }

  /**
   * {@code --pull-text}: one core call, {@link TextFormPull#pull}, as {@code mlos:init} makes it.
   */
  private int pull() {
    if (pack != null || !seeds.isEmpty()) {
      throw new UsageException(
          "--pull-text takes no --pack or --seed: it only merges rows",
          "run mlos init --pull-text without --pack and --seed");
    }
    WorkspaceOptions ws = new WorkspaceOptions();
    ws.workspace = workspace;
    ws.err = spec.commandLine().getErr();
    WorkspaceConfig config = ws.existingDatabase();
    PrintWriter err = spec.commandLine().getErr();
    TextFormPull.PullResult result;
    try {
      result = TextFormPull.pull(config, Failures.reporter(err));
    } catch (TextFormPull.PullConflictException e) {
      return Failures.refused(err, e.rule(), e);
    } catch (TextFormPull.PullBreaksRuleException e) {
      return Failures.refused(err, e.rule(), e);
    } catch (dev.mlos.core.dbtext.PulledHandEdits.RefusedException e) {
      return Failures.refused(err, e.rule(), e);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("database", config.database().toString());
    data.put("database_replaced", result.databaseReplaced());
    data.put("actions", result.actions());
    data.put("tables", result.tables());
    output.print(spec.commandLine().getOut(), data, String.join("\n", result.actions()));
    return Main.OK;
  }

  /**
   * Writes a new file, or leaves one another process wrote since this one looked (several inits of
   * one new workspace at once: the later one said "Cannot write mlos.yaml: mlos.yaml" and "check
   * that the directory is writable", exit 2, though the file was there and fine).
   *
   * @return true when this call wrote the file; false when it was there and is kept as it is
   */
  static boolean writeNew(Path file, String body) throws IOException {
    try {
      Files.writeString(
          file,
          body,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    }
  }
}
