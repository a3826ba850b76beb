package dev.mlos.cli;

import dev.mlos.core.LogText;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.dbtext.TextFormReview;
import java.io.PrintWriter;
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
 * {@code mlos check-text --base REV}: the rows of the workspace's text form changed since a git
 * revision, judged by the database's triggers ({@link TextFormReview#review}), for CI on a pull
 * request: a rebuild restores rows before the triggers exist, so a row edited by hand would pass
 * every other check.
 */
@Command(
    name = "check-text",
    mixinStandardHelpOptions = true,
    description = {
      "Check the rows of mlos.db.sql changed since a git revision against the rules the database"
          + " enforces (its triggers), as CI does on a pull request: an added row is replayed as an"
          + " insert, a changed one as an update, a removed one as a delete, on the rows of the"
          + " base. A rebuild restores rows without the triggers, so a row edited by hand (a need"
          + " moved from identified straight to resolved, a blocks cycle, an over-long text) would"
          + " pass the compile and the guard. Unchanged rows are not judged.",
      "Prints nothing when every changed row keeps the rules. Each refused row:"
          + " mlos.db.sql:LINE: RULE, then its fix. With --json the rows and notes are printed"
          + " on stdout only; stderr has the closing refused line and its fix.",
      "Exit codes: 0 no changed row breaks a rule, 1 some do, 2 a bad --base, no git checkout,"
          + " or a text that is not a text form."
    })
public final class CheckTextCommand implements Callable<Integer> {
  /** How many refused rows are shown; the rest are counted. */
  static final int SHOWN = 50;

  @Spec CommandSpec spec;
  @Mixin WorkspaceOptions workspace;
  @Mixin Output output;

  @Option(
      names = "--base",
      required = true,
      paramLabel = "REV",
      description =
          "The git revision the change is made on (a pull request's base branch, such as"
              + " origin/main); a revision without mlos.db.sql judges every row as added.")
  String base;

  @Override
  public Integer call() {
    WorkspaceConfig config = workspace.config();
    PrintWriter err = spec.commandLine().getErr();
    TextFormReview.Result r;
    try {
      r = TextFormReview.review(DatabaseText.fileOf(config.database()), base);
    } catch (TextFormReview.BadRevisionException e) {
      err.println("error: --base " + LogText.line(e.getMessage()));
      err.println("  fix: " + LogText.line(e.fix(CliSuggestions.INSTANCE)));
      err.println("  see: mlos check-text --help");
      err.flush();
      return Main.BROKEN;
    }
    if (output.json()) {
      // The notes and the refused rows are the JSON's: printed on stderr as well, they came twice
      // to an agent reading both. The exit code's refusal line stays, as every command's does.
      output.print(spec.commandLine().getOut(), json(r), "");
    } else {
      for (String note : r.notes()) {
        err.println("note: " + r.path() + ": " + note);
      }
    }
    if (r.clean()) {
      err.flush();
      return Main.OK;
    }
    List<TextFormReview.Refusal> shown = output.json() ? List.of() : r.refusals();
    if (shown.size() > SHOWN) {
      shown = shown.subList(0, SHOWN);
    }
    for (TextFormReview.Refusal x : shown) {
      // The rule is a trigger's message, and the key comes from the file: escaped for a log.
      err.println(r.headline(x));
      err.println("  fix: " + LogText.line(r.fix(x)));
    }
    if (!output.json() && r.refusals().size() > shown.size()) {
      err.println(
          "  ... and "
              + (r.refusals().size() - shown.size())
              + " more (`mlos check-text --base ... --json` lists them)");
    }
    err.println("refused (" + TextFormReview.RULE + "): " + r.summary());
    // The fix on a line of its own, as every refusal of the command line puts it.
    err.println("  fix: " + TextFormReview.CLOSING_FIX);
    err.flush();
    return Main.REFUSED;
  }

  private static Map<String, Object> json(TextFormReview.Result r) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("path", r.path());
    data.put("base", r.base());
    data.put("judged", r.judged());
    data.put("notes", r.notes());
    data.put(
        "refused",
        r.refusals().stream()
            .map(
                x -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("line", x.line());
                  m.put("base_line", x.baseLine());
                  m.put("table", x.table());
                  m.put("key", x.key());
                  m.put("change", x.change());
                  m.put("rule", x.rule());
                  m.put("fix", r.fix(x));
                  return m;
                })
            .toList());
    return data;
  }
}
