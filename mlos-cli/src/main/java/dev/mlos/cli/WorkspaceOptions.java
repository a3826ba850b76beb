package dev.mlos.cli;

import dev.mlos.core.MlosException;
import dev.mlos.core.RemedyWording;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.graph.GraphImporter;
import dev.mlos.core.init.Initializer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --workspace}: which workspace a command works on. Unset: the nearest directory holding an
 * {@code mlos.yaml}, from the current directory upwards. Its {@code database:} setting (default
 * {@code mlos.db} next to it) gives the database, through the core's one config loader.
 */
public final class WorkspaceOptions {
  /** Upward search stops after this many parents (a hostile or looping mount cannot spin it). */
  private static final int MAX_PARENTS = 256;

  @Option(
      names = "--workspace",
      paramLabel = "DIR",
      description =
          "The workspace directory (holding mlos.yaml). Default: the nearest one from the current directory upwards.")
  Path workspace;

  /** The command this is mixed into, for its stderr; null when made by hand. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** Where notices go when made by hand (InitCommand sets its own stderr); else System.err. */
  PrintWriter err;

  private boolean databaseNoticeSaid;

  /**
   * The workspace root: {@code --workspace}, else the nearest directory with an {@code mlos.yaml}.
   */
  public Path root() {
    if (workspace != null) {
      if (workspace.toString().isBlank()) {
        throw new MlosException(
            "--workspace is empty",
            "pass the directory that holds mlos.yaml (--workspace . for this one), or leave the"
                + " option out to use the nearest one from here upwards");
      }
      Path dir = workspace.toAbsolutePath().normalize();
      if (Files.isRegularFile(dir)) {
        Path parent = dir.getParent() == null ? dir : dir.getParent();
        throw new MlosException(
            "--workspace "
                + MlosException.quoted(workspace.toString())
                + ": a file, not a directory",
            "pass the directory that holds mlos.yaml: --workspace " + shellWord(parent));
      }
      if (!Files.isDirectory(dir)) {
        throw new MlosException(
            "--workspace "
                + MlosException.quoted(workspace.toString())
                + (Files.exists(dir)
                    ? ": not a directory (a FIFO, socket or device)"
                    : ": no such directory"),
            Files.exists(dir)
                ? "pass the directory that holds mlos.yaml"
                : "pass the directory that holds mlos.yaml, or create it with: mlos init --workspace "
                    + shellWord(workspace));
      }
      return dir;
    }
    Path start = Path.of("").toAbsolutePath().normalize();
    Path found = nearest(start);
    if (found != null) {
      return found;
    }
    throw new MlosException(
        "No workspace: no mlos.yaml in " + start + " or any directory above it",
        "pass --workspace DIR, or create a workspace here with: mlos init");
  }

  /**
   * The nearest directory from {@code start} upwards that holds an {@code mlos.yaml}, or null: the
   * workspace a command run in {@code start} without {@code --workspace} uses.
   */
  static Path nearest(Path start) {
    Path dir = start;
    for (int i = 0; dir != null && i < MAX_PARENTS; i++, dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mlos.yaml"))) {
        return dir;
      }
    }
    return null;
  }

  /**
   * {@code path} as one word for a POSIX shell, so a fix that names it works when pasted: a
   * directory such as {@code my ws} or {@code a;b} is quoted, not split or run.
   */
  static String shellWord(Path path) {
    return RemedyWording.shellWord(path.toString());
  }

  /** The workspace's merged configuration (the core's loader: {@code mlos.yaml} over the pack). */
  public WorkspaceConfig config() {
    WorkspaceConfig config =
        new ConfigLoader(WorkspaceOptions.class.getClassLoader())
            .load(root(), ConfigOverrides.none());
    // A database outside the workspace (a shared one, by the database: setting) is said once per
    // command, before anything opens it, so nobody migrates another database unawares.
    if (config.databaseNotice() != null && !databaseNoticeSaid) {
      databaseNoticeSaid = true;
      PrintWriter to =
          err != null
              ? err
              : mixee != null
                  ? mixee.commandLine().getErr()
                  : new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
      to.println("note: " + dev.mlos.core.LogText.line(config.databaseNotice()));
      to.flush();
    }
    return config;
  }

  /** The configuration of a workspace whose database must already exist. */
  public WorkspaceConfig existingDatabase() {
    WorkspaceConfig config = config();
    if (!Files.isRegularFile(config.database())) {
      if (Files.exists(config.database())) {
        // Was "does not exist", with mlos init as the fix, for a directory or a device.
        throw new MlosException(
            "Database "
                + config.database()
                + " is not a file (a directory or a device) (workspace "
                + config.root()
                + ")",
            "point `database:` in the workspace's mlos.yaml at a SQLite file");
      }
      Path root = config.root();
      if (workspace != null && !Files.exists(root.resolve("mlos.yaml"))) {
        // --workspace named a directory with neither a database nor an mlos.yaml: more likely a
        // wrong directory than a workspace to create, and init there writes both into it.
        Path above = root.getParent() == null ? null : nearest(root.getParent());
        throw new MlosException(
            "No database: "
                + config.database()
                + " does not exist (workspace "
                + root
                + ", which holds no mlos.yaml either: it may not be the workspace you meant)",
            "pass --workspace the directory that holds the workspace's mlos.yaml"
                + (above == null
                    ? ""
                    : " (the nearest above is " + above + ": --workspace " + shellWord(above) + ")")
                + "; or, to make this directory a workspace, create it with: mlos init --workspace "
                + shellWord(root));
      }
      throw new MlosException(
          "No database: " + config.database() + " does not exist (workspace " + root + ")",
          "create it with: mlos init --workspace " + shellWord(root));
    }
    return config;
  }

  /**
   * The configuration of a workspace whose database must exist and hold the engine's tables (needs,
   * tasks, agents, artifacts): its pack must have the {@code mlos} schema. Another pack's database
   * is refused here, naming the pack and what it offers; the engine would call it "not an mlos
   * database" and suggest {@code mlos init}, which changes nothing on such a workspace.
   *
   * @param command the command that needs the engine, as the user typed it ({@code mlos ready})
   */
  public WorkspaceConfig engineDatabase(String command) {
    WorkspaceConfig config = existingDatabase();
    if (config.schemas().contains(Initializer.DEFAULT_SET)) {
      return config;
    }
    String pack = config.pack() == null ? "none" : config.pack().name();
    String where =
        config.configFile() == null
            ? ""
            : " (its "
                + config.configFile().getFileName()
                + ", "
                + config.configFile()
                + ", says pack: "
                + pack
                + ")";
    String offers =
        config.schemas().contains(GraphImporter.SCHEMA_SET)
            ? "its graph is read and written by "
                + dev.mlos.core.RemedyWording.code(
                    "mlos mcp --workspace " + shellWord(config.root()))
                + " (tools graph_search, graph_get, graph_upsert) and imported by `mlos import"
                + " PATH`; `mlos compile` writes its views"
            : "`mlos compile` writes its views and `mlos mcp` serves them as resources";
    throw new MlosException(
        "The workspace "
            + config.root()
            + " is of pack '"
            + pack
            + "'"
            + where
            + "; `"
            + command
            + "` works on the mlos pack's tables (needs, tasks, agents, artifacts, history),"
            + " which this workspace does not have",
        offers
            + ". For needs and tasks, create a workspace of pack mlos elsewhere: mlos init"
            + " --workspace DIR");
  }
}
