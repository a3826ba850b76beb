package dev.mlos.cli;

import dev.mlos.core.LogText;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardFix;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.Violation;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlos guard}: the core guard, as {@code mvn mlos:guard} runs it with its defaults (every
 * violation class fails), without Maven. Exit 1 when a compiled file was edited by hand, is stale
 * or missing, a registered artifact drifted, or a graph record file differs from what was imported.
 */
@Command(
    name = "guard",
    mixinStandardHelpOptions = true,
    description = {
      "Check the workspace's files against the database (what `mvn mlos:guard` does).",
      "Exit 1 lists every violation: hand-edited, stale, missing or unknown compiled files, drifted or missing artifacts,"
          + " record files changed, gone or new since the graph import."
    })
public final class GuardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin WorkspaceOptions workspace;
  @Mixin Output output;

  @Option(
      names = {"-v", "--verbose"},
      description =
          "Also print what the guard found on stderr (which views it rendered and why), as mvn mlos:guard logs it.")
  boolean verbose;

  @Override
  public Integer call() {
    WorkspaceConfig config = workspace.existingDatabase();
    PrintWriter err = spec.commandLine().getErr();
    // Warnings (a compile that stopped half way) reach stderr; info lines only with --verbose.
    GuardReport report =
        new Guard(GuardCommand.class.getClassLoader())
            .check(new GuardRequest(config), Failures.reporter(err, verbose));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("workspace", report.workspace());
    data.put("checked_files", report.checkedCount());
    data.put(
        "violations",
        report.violations().stream()
            .map(
                v -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("class", v.violationClass().name());
                  m.put("path", v.path());
                  m.put("line", v.line());
                  m.put("message", v.message());
                  m.put("fix", v.fix(CliSuggestions.INSTANCE));
                  m.put("count", v.count());
                  // A hand edit's lines, so stderr need not repeat each violation for --json.
                  m.put("diff", v.diff() == null || v.diff().isEmpty() ? null : v.diff());
                  return m;
                })
            .toList());
    if (verbose && report.staleChecked()) {
      // What the Maven log says after its summary: why pages were or were not rendered.
      err.println(
          !report.rendered()
              ? "info: nothing changed since the last compile, so no page is stale"
              : "info: "
                  + report.notRendered()
                  + " page(s) not rendered: their rows, and everything else they are rendered"
                  + " from, are as the last compile recorded them");
      err.flush();
    }
    if (report.isClean()) {
      output.print(
          spec.commandLine().getOut(),
          data,
          "Guard: " + report.checkedCount() + " files checked, no violations");
      return Main.OK;
    }
    if (output.json()) {
      // Stdout holds every violation with its fix and diff: stderr says only the refusal.
      output.print(spec.commandLine().getOut(), data, "");
    }
    for (Violation v :
        output.json() ? List.<Violation>of() : GuardReport.shownOnConsole(report.violations())) {
      err.println(v.headline());
      if (v.diff() != null && !v.diff().isEmpty()) {
        // A hand-edited line is anyone's text: an ESC in it would drive the terminal.
        err.println(LogText.lines(v.diff().stripTrailing(), "", System.lineSeparator()));
      }
      err.println("  fix: " + LogText.line(v.fix(CliSuggestions.INSTANCE)));
    }
    String notShown =
        GuardReport.notShownLine(report.violations(), "`mlos guard --json` lists them");
    if (notShown != null && !output.json()) {
      err.println(notShown);
    }
    // The fix on its own line, as every other refusal of the command prints it (a trial: the one
    // fix a failed guard ends with was folded into the count line).
    err.println(
        String.format(
            Locale.ROOT,
            "refused (guard): %s in %d checked files",
            GuardReport.countLine(report.violations()),
            report.checkedCount()));
    err.println("  fix: " + GuardFix.of(report.violations(), CliSuggestions.INSTANCE));
    err.flush();
    return Main.REFUSED;
  }
}
