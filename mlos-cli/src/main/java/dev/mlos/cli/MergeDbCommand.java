package dev.mlos.cli;

import dev.mlos.core.dbtext.MergeDriver;
import dev.mlos.core.dbtext.SchemaMismatchException;
import dev.mlos.core.dbtext.TextMerge;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlos merge-db}: git's merge driver for the database's text form, as {@code mvn
 * mlos:merge-db} is for Maven users. {@code mlos init} registers it in the clone's git
 * configuration; git runs it, a person does not.
 */
@Command(
    name = "merge-db",
    mixinStandardHelpOptions = true,
    description = {
      "Git's merge driver for the database's text form (mlos.db.sql): merges BASE, OURS and THEIRS"
          + " row by row and writes the result over OURS. Rows both branches added get distinct"
          + " ids with every reference rewritten; a row both changed in different columns keeps"
          + " both changes, and a JSON list both changed (a need's tags) keeps each side's"
          + " additions and removals. Another column both changed differently, or merged rows that"
          + " break a rule of the database, are conflicts marked around their lines.",
      "mlos init registers it in the clone's .git/config (merge.mlos-db.driver); git runs it.",
      "Exit codes: 0 merged, 1 conflicts (or refused: the schemas differ), 2 bad arguments."
    })
public final class MergeDbCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BASE", description = "The common ancestor (git's %%O).")
  Path base;

  @Parameters(
      index = "1",
      paramLabel = "OURS",
      description = "Ours (git's %%A); the merged text is written over it.")
  Path ours;

  @Parameters(index = "2", paramLabel = "THEIRS", description = "Theirs (git's %%B).")
  Path theirs;

  @Parameters(
      index = "3",
      arity = "0..1",
      paramLabel = "PATH",
      description = "The file's path in the repository (git's %%P), for messages.")
  String path = "mlos.db.sql";

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    TextMerge.Result r;
    try {
      r =
          TextMerge.mergeFiles(
              base.toAbsolutePath(), ours.toAbsolutePath(), theirs.toAbsolutePath());
    } catch (SchemaMismatchException e) {
      // Refused by a rule (the schemas must agree), not broken: ours is left as it was.
      err.println(MergeDriver.notMerged(path, e, CliSuggestions.INSTANCE));
      err.flush();
      return Main.REFUSED;
    }
    for (String line : MergeDriver.summary(path, r, CliSuggestions.INSTANCE)) {
      err.println(line);
    }
    err.flush();
    return r.clean() ? Main.OK : Main.REFUSED;
  }

  /**
   * The command {@code mlos init} registers: this jar's {@code merge-db}, git's placeholders (the
   * core writes it, so that {@code mvn mlos:init} recognises it and replaces it once the jar is
   * gone).
   */
  static String driverCommand(Path jar) {
    return dev.mlos.core.dbtext.GitMergeDriver.jarCommand(jar);
  }

  /**
   * True for a command in the form {@code mlos init} writes whose jar is the {@code mlos} command's
   * (this jar or another version's): it is updated to this jar's path. A command in that form whose
   * jar is gone is replaced by the core; one whose jar exists and is not mlos's (the user's), and
   * one {@code mvn mlos:init} registered (it works wherever Maven runs), are kept.
   */
  static boolean registeredByMlos(String command) {
    Path jar = dev.mlos.core.dbtext.GitMergeDriver.jarOf(command);
    return jar != null
        && jar.isAbsolute()
        && dev.mlos.core.dbtext.LauncherDrivers.isMlosCommandJar(jar);
  }
}
