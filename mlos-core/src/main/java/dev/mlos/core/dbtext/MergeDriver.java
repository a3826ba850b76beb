package dev.mlos.core.dbtext;

import dev.mlos.core.LogText;
import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The {@code mlos-db} merge driver as a plain program, for a git that should not start Maven:
 * {@code java -cp <mlos-core and sqlite-jdbc jars> dev.mlos.core.dbtext.MergeDriver %O %A %B %P}.
 * It runs {@link TextMerge#mergeFiles} and exits 0 when the merge is clean, 1 when rows conflict
 * (the file then holds git's markers around those rows), 2 when the merge is refused or broken (the
 * file is left as ours). Messages go to stderr, which git shows.
 */
public final class MergeDriver {
  private MergeDriver() {}

  /**
   * Git's placeholders: base, ours (overwritten with the result), theirs, and the file's path for
   * messages.
   */
  public static void main(String[] args) {
    System.exit(run(args, System.err));
  }

  /**
   * What {@link #main} does, with its exit code returned: 0 clean, 1 conflicts, 2 refused or
   * broken.
   */
  public static int run(String[] args, PrintStream err) {
    if (args.length < 3 || args.length > 4) {
      err.println("usage: MergeDriver <base> <ours> <theirs> [<path>]  (git: %O %A %B %P)");
      return 2;
    }
    String name = args.length == 4 ? args[3] : "mlos.db.sql";
    try {
      TextMerge.Result r =
          TextMerge.mergeFiles(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
      // A plain program has no tool to speak for: the core's own words name the next step.
      for (String line : summary(name, r, RemedyWording.OPERATIONS)) {
        // Git shows it, and a CI log may: a line begins with the file's path.
        err.println(dev.mlos.core.TerminalText.of(line));
      }
      return r.clean() ? 0 : 1;
    } catch (MlosException e) {
      err.println(dev.mlos.core.TerminalText.of(notMerged(name, e, RemedyWording.OPERATIONS)));
      return 2;
    }
  }

  /**
   * The result in lines a terminal can show: what was renumbered, each conflict, and the next step
   * (taking the text form into the database), worded by {@code wording}.
   */
  public static java.util.List<String> summary(
      String path, TextMerge.Result r, RemedyWording wording) {
    String name = LogText.line(path);
    String pull = wording.word(Remedy.pullTextForm());
    java.util.List<String> out = new java.util.ArrayList<>();
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    r.renumbered().forEach(x -> counts.merge(x.table(), 1L, Long::sum));
    if (!counts.isEmpty()) {
      out.add(
          name
              + ": rows theirs added under ids ours used got new ids (references rewritten): "
              + counts);
    }
    if (r.notes().contains(TextMerge.RULES_NOT_CHECKED)) {
      out.add(name + ": " + TextMerge.RULES_NOT_CHECKED);
    }
    java.util.List<String> byColumn =
        r.notes().stream().filter(n -> n.startsWith(TextMerge.MERGED_BY_COLUMN)).toList();
    for (int i = 0; i < byColumn.size(); i++) {
      if (i == 20) {
        out.add("  ... and " + (byColumn.size() - 20) + " more rows merged column by column");
        break;
      }
      // Both changes are kept; each side's line is in its own commit for a review of the result.
      out.add("  " + name + ": " + byColumn.get(i));
    }
    for (int i = 0; i < r.conflicts().size(); i++) {
      if (i == 20) {
        out.add("  ... and " + (r.conflicts().size() - 20) + " more");
        break;
      }
      TextMerge.Conflict c = r.conflicts().get(i);
      int line = r.conflictLine(i);
      // file:line first, as compilers and git grep write it, so an editor or terminal opens it.
      out.add(
          "  "
              + (line > 0 ? name + ":" + line + ": " : "")
              + "CONFLICT "
              + c.table()
              + " "
              + c.key()
              + ": "
              + c.reason());
    }
    if (r.clean()) {
      out.add(
          name
              + ": merged row by row. Take its rows into the database: run "
              + pull
              + ", then compile");
    } else {
      long rules = r.conflicts().stream().filter(c -> c.rule() != null).count();
      if (rules > 0) {
        out.add(
            name
                + ": "
                + rules
                + " row(s) are valid on their own side but break a rule the database enforces once"
                + " merged; the first marker line of each block names the rule: keep the line of"
                + " one side (or neither) so that the rule holds");
      }
      out.add(
          name
              + ": "
              + r.conflicts().size()
              + " row(s) conflict; each is marked with <<<<<<< / ======= / >>>>>>> around its line"
              + " (the lines above)");
      out.add(
          "  fix: keep one line per block (or neither where its marker line says a side deleted the"
              + " row) and delete the marker lines, then `git add "
              + name
              + "`, finish the merge (`git commit`, or `git rebase --continue` in a pull"
              + " --rebase) and take its rows into the database with "
              + pull);
    }
    // Each line on its own: a row's key and a conflict's reason are the sides' values.
    return out.stream().map(LogText::line).toList();
  }

  /**
   * The refusal of a merge, as git shows it on a pull: the file's path ({@code %P}: a name from the
   * repository, which a teammate chose) and the message each on one line, the fix on its own.
   */
  public static String notMerged(String path, MlosException e, RemedyWording wording) {
    String fix = e.fix(wording);
    return LogText.line(path)
        + ": not merged: "
        + LogText.line(e.getMessage())
        + (fix == null ? "" : System.lineSeparator() + "  Fix: " + LogText.line(fix));
  }
}
