package dev.mlos.core.dbtext;

import dev.mlos.core.path.GitCheckout;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Registers the {@code mlos-db} merge driver in a clone's git configuration. Git does not clone its
 * configuration, so {@code .gitattributes} ({@code mlos.db.sql merge=mlos-db}, written by the
 * scaffold) names a driver that each clone must define: {@code mlos:init} does it here, in the
 * repository's own configuration ({@code git config --local}), only when the workspace's text form
 * is tracked by that repository (so a workspace that merely lies inside another repository's work
 * tree never configures it), and only when the setting is missing or an mlos wrote it (another
 * version's command is updated). A command the user wrote or edited is kept, with a warning. So is
 * another launcher's working command ({@link LauncherDrivers}: {@code mvn mlos:init}'s, or the
 * {@code mlos} command's ({@link #jarCommand}) while its jar is there), as an information: both
 * merge alike. Once the jar of a command in the {@code mlos} command's form is gone (an upgrade
 * moved or deleted it, and every merge would fail with "Unable to access jarfile") it is replaced.
 * Without {@code git} on the path nothing happens.
 *
 * <p>One repository may hold several workspaces, each with its own text form, and git keeps one
 * command per driver name. So the command names no workspace: {@link #inWorkspaceOfMergedFile}
 * finds, when git runs it, the workspace that holds the merged file (git's {@code %P}), and every
 * workspace registers the same command.
 *
 * <p>The same registration defines the {@code mlos-page} driver ({@link #PAGES}) that {@code
 * .gitattributes} names for compiled pages: they are build output, rewritten by the compile from
 * the merged rows, so a merge keeps our side of a page both branches recompiled instead of
 * conflicting on it ({@code true}: git leaves its {@code %A}, ours, as the result). A clone that
 * does not define it merges pages line by line, as git does for a driver it does not know.
 */
public final class GitMergeDriver {
  /** The driver's name, as {@code .gitattributes} refers to it. */
  public static final String NAME = "mlos-db";

  /**
   * What a command given to {@link #inWorkspaceOfMergedFile} marks as the directory of the
   * workspace that holds the merged file, relative to the work tree's top.
   */
  public static final String WORKSPACE = "@workspace@";

  /** The shell variable the driver's first lines set to the merged file's workspace. */
  private static final String VARIABLE = "mlos_ws";

  /** The compiled pages' driver's name, as {@code .gitattributes} refers to it. */
  public static final String PAGES = "mlos-page";

  /**
   * The compiled pages' driver's command: git takes its {@code %A} (ours, untouched) as the merged
   * page and, on exit 0, no conflict.
   */
  public static final String PAGES_COMMAND = "true";

  private static final long TIMEOUT_SECONDS = 30;

  private static final String JAR_PREFIX = "java -jar ";
  private static final String JAR_SUFFIX = " merge-db %O %A %B %P";
  private static final String PLAIN_WORD = "[A-Za-z0-9_./:=@%+-]+";

  private GitMergeDriver() {}

  /** What the registration did. */
  public enum Outcome {
    /** The driver was set (or updated from an older mlos's command). */
    REGISTERED,
    /** It was already set to this command. */
    UNCHANGED,
    /**
     * A driver of that name with a command of the user's exists (one no mlos launcher writes, or
     * the {@code mlos} command's form naming a jar that is not mlos's): kept, worth a warning.
     */
    KEPT_USERS,
    /**
     * A driver of that name with another mlos launcher's command that works exists ({@code mvn
     * mlos:init}'s, or the {@code mlos} command's while its jar is there): kept, an information,
     * since it merges as this one does (a team may use both launchers).
     */
    KEPT_LAUNCHERS,
    /** Not applicable: no text form, not a git work tree, or no git. */
    NOT_APPLICABLE
  }

  /**
   * What the registration did.
   *
   * @param outcome what happened
   * @param message one line for a log; for {@link Outcome#KEPT_USERS}, the kept drivers' lines
   *     alone, for a warning
   * @param attributes what {@code .gitattributes} lacks for the drivers to be used (the line to add
   *     for the text form, the {@code merge=mlos-page} of the compiled pages' lines), for a warning
   *     whatever the outcome: a driver registered long ago is used no more than a new one while no
   *     line names it; empty when nothing is missing
   * @param alsoRegistered for {@link Outcome#KEPT_USERS}, the lines of a driver this call
   *     registered or of another launcher's it kept beside the user's (an information, not part of
   *     the warning); else empty
   */
  public record Registration(
      Outcome outcome, String message, String attributes, String alsoRegistered) {
    /** A registration with nothing missing from {@code .gitattributes}. */
    public Registration(Outcome outcome, String message) {
      this(outcome, message, "", "");
    }

    /** A registration that kept no driver while it registered another. */
    public Registration(Outcome outcome, String message, String attributes) {
      this(outcome, message, attributes, "");
    }
  }

  /**
   * Registers the driver for the workspace at {@code root}.
   *
   * @param root the workspace directory
   * @param textForm the workspace's text form ({@link DatabaseText#fileOf}); nothing happens when
   *     it does not exist
   * @param command the command git runs, with git's {@code %O %A %B %P}; the same for every
   *     workspace of the repository (see {@link #inWorkspaceOfMergedFile}), since git keeps one
   *     command per driver name
   * @param mine true for a command an mlos (of any version) registered, which may be updated; any
   *     other command in the setting was written by the user and is kept
   */
  public static Registration register(
      Path root, Path textForm, String command, java.util.function.Predicate<String> mine) {
    return register(root, textForm, command, mine, Map.of());
  }

  /**
   * Registers the drivers, as {@link #register(Path, Path, String, java.util.function.Predicate)}
   * does, and names in {@link Registration#attributes} the compiled pages no {@code .gitattributes}
   * line sends to the {@code mlos-page} driver (a workspace an older mlos set up: its lines say
   * {@code text eol=lf linguist-generated=true} only).
   *
   * @param pages a page of each view (a path relative to {@code root}, as git matches it) with the
   *     {@code .gitattributes} line the scaffold writes for that view's pages
   */
  public static Registration register(
      Path root,
      Path textForm,
      String command,
      java.util.function.Predicate<String> mine,
      Map<String, String> pages) {
    if (!Files.isRegularFile(textForm)) {
      return new Registration(
          Outcome.NOT_APPLICABLE, "no " + textForm.getFileName() + ": no merge driver needed");
    }
    Result inside = git(root, "rev-parse", "--is-inside-work-tree");
    if (inside == null || inside.code != 0 || !inside.out.strip().equals("true")) {
      return new Registration(
          Outcome.NOT_APPLICABLE, "not inside a git work tree: merge driver not registered");
    }
    // Only a text form this repository tracks: a workspace that merely lies inside some other
    // repository's work tree (an untracked directory, a build's scratch area) must not configure
    // it.
    Result tracked =
        git(
            root,
            "ls-files",
            "--error-unmatch",
            "--",
            // Literal: as a pattern, a backslash in the name (my\\db.db.sql) escaped the next
            // character, and a tracked text form read as untracked.
            ":(literal)" + root.toAbsolutePath().relativize(textForm.toAbsolutePath()));
    if (tracked == null || tracked.code != 0) {
      return new Registration(
          Outcome.NOT_APPLICABLE,
          textForm.getFileName()
              + " is not tracked by git (yet): merge driver not registered;"
              + " the first init after it is committed registers it");
    }
    String relative = root.toAbsolutePath().relativize(textForm.toAbsolutePath()).toString();
    String attributes = joined(unused(root, relative), pagesUnused(root, pages));
    Registration pageDriver =
        define(
            root,
            PAGES,
            "mlos compiled page: ours kept, the compile rewrites it from the merged rows",
            "the compiled pages",
            PAGES_COMMAND,
            PAGES_COMMAND::equals);
    Registration text =
        define(
            root,
            NAME,
            "mlos database text form, merged row by row",
            textForm.getFileName().toString(),
            command,
            mine);
    // One outcome for both: a kept driver of the user's is worth a warning, a new one a line.
    if (pageDriver.outcome() == Outcome.UNCHANGED
        || pageDriver.outcome() == Outcome.NOT_APPLICABLE) {
      return new Registration(text.outcome(), text.message(), attributes);
    }
    if (text.outcome() == Outcome.KEPT_USERS || pageDriver.outcome() == Outcome.KEPT_USERS) {
      // The warning holds the kept drivers alone: one registered in the same run (an older
      // workspace's first init of a newer mlos adds mlos-page beside a kept mlos-db) is a line of
      // its own, not a "warning: registered ..." with the warning's text on the line after it.
      List<String> kept = new ArrayList<>();
      List<String> registered = new ArrayList<>();
      for (Registration r : List.of(pageDriver, text)) {
        if (r.outcome() == Outcome.KEPT_USERS) {
          kept.add(r.message());
        } else if (r.outcome() == Outcome.REGISTERED || r.outcome() == Outcome.KEPT_LAUNCHERS) {
          registered.add(r.message());
        }
      }
      return new Registration(
          Outcome.KEPT_USERS, String.join("\n", kept), attributes, String.join("\n", registered));
    }
    if (text.outcome() == Outcome.KEPT_LAUNCHERS) {
      return new Registration(
          Outcome.KEPT_LAUNCHERS, pageDriver.message() + "\n" + text.message(), attributes);
    }
    Outcome outcome =
        text.outcome() == Outcome.NOT_APPLICABLE ? pageDriver.outcome() : Outcome.REGISTERED;
    return new Registration(outcome, pageDriver.message() + "\n" + text.message(), attributes);
  }

  private static String joined(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
  }

  /**
   * Sets {@code merge.<name>.driver} to {@code command} unless it holds it already or holds a
   * command {@code mine} does not recognise (the user's, kept).
   */
  private static Registration define(
      Path root,
      String driver,
      String description,
      String forWhat,
      String command,
      java.util.function.Predicate<String> mine) {
    String key = "merge." + driver + ".driver";
    Result current = git(root, "config", "--local", "--get", key);
    String existing = current != null && current.code == 0 ? current.out.strip() : null;
    if (command.equals(existing)) {
      return new Registration(Outcome.UNCHANGED, "git merge driver " + driver + " is registered");
    }
    String replaced = null;
    if (existing != null && !mine.test(existing)) {
      Path jar = driver.equals(NAME) ? jarOf(existing) : null;
      Path where = jar == null ? null : asGitRunsIt(root, jar);
      if (where == null || Files.isRegularFile(where)) {
        String launcher = driver.equals(NAME) ? LauncherDrivers.launcherOf(existing, where) : null;
        String instead =
            " to use this one instead, `git config --unset "
                + key
                + "` and run init again (it would register `"
                + command
                + "`)";
        if (launcher != null) {
          // A team using both launchers: each clone keeps whichever registered first, and both
          // merge alike, so this is no warning.
          return new Registration(
              Outcome.KEPT_LAUNCHERS,
              "git merge driver "
                  + driver
                  + " is "
                  + launcher
                  + "'s (`"
                  + existing
                  + "`): kept, since it merges as this one does"
                  + (jar == null
                      ? ";"
                      : " while "
                          + where
                          + " exists (an init after that jar is moved or deleted replaces it);")
                  + instead);
        }
        return new Registration(
            Outcome.KEPT_USERS,
            "git merge driver "
                + driver
                + " is already defined as `"
                + existing
                + (jar != null
                    ? "`, whose jar "
                        + where
                        + " is not the `mlos` command's (written by hand?): kept;"
                    : driver.equals(NAME)
                        ? "` (not a command an mlos launcher writes: by hand?): kept;"
                        : "` (by hand): kept;")
                + instead);
      }
      // The mlos command's driver whose jar an upgrade moved or deleted: every merge of the text
      // form would fail with "Unable to access jarfile" while it stays.
      replaced =
          "replaced the git merge driver "
              + driver
              + " `"
              + existing
              + "`, whose jar "
              + where
              + " no longer exists (moved or deleted, as by an upgrade of mlos): ";
    }
    Result name = git(root, "config", "--local", "merge." + driver + ".name", description);
    Result set = git(root, "config", "--local", key, command);
    if (name == null || set == null || name.code != 0 || set.code != 0) {
      return new Registration(
          Outcome.NOT_APPLICABLE,
          "git config failed, merge driver "
              + driver
              + " not registered: "
              + (set == null ? "" : set.err.strip()));
    }
    return new Registration(
        Outcome.REGISTERED,
        (replaced == null ? "" : replaced)
            + "registered the git merge driver "
            + driver
            + " for "
            + forWhat
            + " in this clone's git config, for every workspace of the repository ("
            + command
            + ")");
  }

  /**
   * The {@code mlos} command's driver command: its jar's {@code merge-db}, with git's placeholders.
   * Here, not in the command's adapter, so that {@code mvn mlos:init} recognises it too.
   */
  public static String jarCommand(Path jar) {
    return JAR_PREFIX + shellQuote(jar.toString()) + JAR_SUFFIX;
  }

  /**
   * The jar of a command in the form {@link #jarCommand} writes ({@code java -jar <jar> merge-db %O
   * %A %B %P}, the jar a plain word or one single-quoted word), or null for any other command (one
   * the user wrote: kept as it is).
   */
  public static Path jarOf(String command) {
    if (!command.startsWith(JAR_PREFIX)
        || !command.endsWith(JAR_SUFFIX)
        || command.length() <= JAR_PREFIX.length() + JAR_SUFFIX.length()) {
      return null;
    }
    String word = command.substring(JAR_PREFIX.length(), command.length() - JAR_SUFFIX.length());
    String path;
    if (word.matches(PLAIN_WORD)) {
      path = word;
    } else if (word.matches("'(?:[^']|'\\\\'')*'")) {
      path = word.substring(1, word.length() - 1).replace("'\\''", "'");
    } else {
      return null;
    }
    try {
      return Path.of(path);
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  /**
   * {@code jar} as git would run it: a relative path from the top of the work tree, where git runs
   * drivers; null when where that is is unknown.
   */
  private static Path asGitRunsIt(Path root, Path jar) {
    if (jar.isAbsolute()) {
      return jar;
    }
    Result top = git(root, "rev-parse", "--show-toplevel");
    if (top == null || top.code != 0 || top.out.strip().isEmpty()) {
      return null;
    }
    return Path.of(top.out.strip()).resolve(jar);
  }

  /**
   * Whether {@code dir} lies inside a git work tree (false without {@code git} on the path): where
   * a workspace without a text form would have its binary database committed by {@code git add -A}.
   */
  public static boolean insideWorkTree(Path dir) {
    Result inside = git(dir, "rev-parse", "--is-inside-work-tree");
    return inside != null && inside.code == 0 && inside.out.strip().equals("true");
  }

  /**
   * What to add when no {@code .gitattributes} line sends the text form to the driver (a workspace
   * an older mlos set up): git would merge it line by line, conflicting on adjacent rows and on two
   * branches' new ids. Empty when the attribute is there.
   */
  private static String unused(Path root, String relative) {
    Result attr = git(root, "check-attr", "merge", "--", relative);
    if (attr == null || attr.code != 0 || attr.out.strip().endsWith(": merge: " + NAME)) {
      return "";
    }
    return "no .gitattributes line names the merge driver "
        + NAME
        + " for "
        + relative
        + ", so git merges the file line by line: add `"
        + GitCheckout.attributePattern(
            "/" + GitCheckout.pattern(WorkspacePath.slashed(Path.of(relative))))
        + " text eol=lf merge="
        + NAME
        + "` to the .gitattributes beside it (or at the top of the repository) and commit it";
  }

  /**
   * What to change when no {@code .gitattributes} line sends some of {@code pages} to the {@code
   * mlos-page} driver: git merges those pages line by line, and they conflict in every merge whose
   * branches both recompiled them. Empty when every page's line names it (or without git).
   */
  private static String pagesUnused(Path root, Map<String, String> pages) {
    if (pages.isEmpty()) {
      return "";
    }
    List<String> args = new ArrayList<>(List.of("check-attr", "merge", "--"));
    args.addAll(pages.keySet());
    Result attr = git(root, args.toArray(String[]::new));
    if (attr == null || attr.code != 0) {
      return "";
    }
    List<String> answers = attr.out.lines().toList();
    List<String> lines = new ArrayList<>(pages.values());
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < lines.size() && i < answers.size(); i++) {
      if (!answers.get(i).endsWith(": merge: " + PAGES)) {
        missing.add(lines.get(i));
      }
    }
    if (missing.isEmpty()) {
      return "";
    }
    return "no .gitattributes line names the merge driver "
        + PAGES
        + " for the compiled pages "
        + String.join(", ", missing.stream().map(l -> l.split(" ", 2)[0]).toList())
        + ", so git merges them line by line and they conflict whenever both branches recompiled"
        + " them: add ` merge="
        + PAGES
        + "` to their lines in the .gitattributes beside the workspace (the lines `mlos init"
        + " --git` and the scaffold write: "
        + String.join(", ", missing.stream().map(l -> "`" + l + "`").toList())
        + ") and commit it";
  }

  /**
   * A driver command that runs {@code inWorkspace} for the workspace holding the merged file,
   * whichever workspace registered it: its first lines walk up from the directory of git's {@code
   * %P} (which git passes shell-quoted, relative to the top of the work tree, where it runs
   * drivers) to the nearest directory holding {@code marker}, and {@link #WORKSPACE} in {@code
   * inWorkspace} stands for that directory. A text form kept below its workspace ({@code
   * data/mlos.db.sql}) is found the same way. A text form in no such directory (a workspace of
   * another launcher, a database shared by workspaces) is merged by {@code elsewhere}, which needs
   * no workspace.
   *
   * @param marker a file every workspace of the launcher has at its top (plain name, no quoting
   *     needed)
   * @param inWorkspace the command for a file inside a workspace, with git's placeholders and
   *     {@link #WORKSPACE}
   * @param elsewhere the command for a file in no workspace, with git's placeholders
   */
  public static String inWorkspaceOfMergedFile(
      String marker, String inWorkspace, String elsewhere) {
    if (!marker.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("not a plain file name: " + marker);
    }
    String v = "\"$" + VARIABLE + "\"";
    String found = "[ -f " + v + "/" + marker + " ]";
    return VARIABLE
        + "=$(dirname -- %P); until "
        + found
        + " || [ "
        + v
        + " = . ]; do "
        + VARIABLE
        + "=$(dirname -- "
        + v
        + "); done; if "
        + found
        + "; then "
        + inWorkspace.replace(WORKSPACE, v)
        + "; else "
        + elsewhere
        + "; fi";
  }

  /** {@code text} in single quotes for sh, unless it is plainly safe. */
  public static String shellQuote(String text) {
    if (text.matches(PLAIN_WORD)) {
      return text;
    }
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private record Result(int code, String out, String err) {}

  private static Result git(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.add("-C");
    command.add(dir.toAbsolutePath().toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
      p.getOutputStream().close();
      // Small outputs (a path, a config value): read after exit is safe below the pipe's size.
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readNBytes(1 << 16), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readNBytes(1 << 16), StandardCharsets.UTF_8);
      return new Result(p.exitValue(), out, err);
    } catch (IOException e) {
      return null; // no git on the path
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
