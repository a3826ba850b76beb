package dev.mlos.cli;

import dev.mlos.core.Reporter;
import dev.mlos.core.ShortList;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.CompileResult;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.compile.OutputConflictException;
import dev.mlos.core.compile.PagesTooLargeException;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.path.WorkspacePath;
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

/** {@code mlos compile}: the core compiler, as {@code mvn mlos:compile} runs it, without Maven. */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {
      "Compile the workspace's views from the database into its files (what `mvn mlos:compile` does).",
      "Unchanged pages are not rewritten; a file that is not a compiled artifact of the workspace is never overwritten.",
      "Prints a line per view (files written, unchanged, how many of those not rendered, conflicts, pages too large), then the summary.",
      "Exit 1 when a page is a conflict (such a file, or two rows on one path) or renders past max_page_bytes: the other pages are written, stderr names each."
    })
public final class CompileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin WorkspaceOptions workspace;
  @Mixin Output output;

  @Option(
      names = "--full",
      description = "Render every page, even when nothing changed since the last compile.")
  boolean full;

  @Option(
      names = {"-v", "--verbose"},
      description =
          "As `mvn mlos:compile` logs it: also print what the compile found on stderr (why it rendered pages, what it pruned).")
  boolean verbose;

  @Override
  public Integer call() {
    WorkspaceConfig config = workspace.existingDatabase();
    PrintWriter err = spec.commandLine().getErr();
    Reporter reporter = Failures.reporter(err, verbose);
    CompileResult r;
    try {
      r =
          new Compiler(CompileCommand.class.getClassLoader())
              .compile(new CompileRequest(config, null, false, full), reporter);
    } catch (OutputConflictException e) {
      // The never-clobber rule refused: nothing of the user's was overwritten. What the compile
      // wrote around the conflicts is said first, as a compile says it.
      if (e.written() != null) {
        print(config, e.written());
      }
      return Failures.refused(err, "compile.conflict", e);
    } catch (PagesTooLargeException e) {
      // A row renders past max_page_bytes: every other page is written, that one is not.
      if (e.written() != null) {
        print(config, e.written());
      }
      return Failures.refused(err, "compile.page_size", e);
    } catch (DatabaseText.TextFormChangedException e) {
      // A pulled or merged text form is never overwritten: it is merged in first.
      return Failures.refused(err, e.rule(), e);
    }
    print(config, r);
    return Main.OK;
  }

  /** {@code file} relative to the workspace root when it lies inside, else as it is. */
  private static String shown(WorkspaceConfig config, java.nio.file.Path file) {
    java.nio.file.Path root = config.root().toAbsolutePath().normalize();
    java.nio.file.Path f = file.toAbsolutePath().normalize();
    return f.startsWith(root) ? WorkspacePath.relative(root, f) : f.toString();
  }

  /** The compile's result on stdout: per view, the deleted files and the summary (or JSON). */
  private void print(WorkspaceConfig config, CompileResult r) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("workspace", config.name());
    data.put(
        "views",
        r.views().stream()
            .map(
                v -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("view", v.view());
                  m.put("pages", v.pages());
                  m.put("written", v.written());
                  m.put("unchanged", v.unchanged());
                  m.put("not_rendered", v.reused());
                  m.put("conflicts", v.conflicts());
                  m.put("too_large", v.tooLarge());
                  return m;
                })
            .toList());
    data.put("deleted", r.deleted());
    // Every file kept (edited by hand, or a link where a page no longer produced was): the
    // warnings name the first 20 of each kind only.
    List<String> kept =
        r.kept().stream()
            .map(p -> shown(config, config.outputDirectory().resolve(p)))
            .sorted()
            .toList();
    data.put("kept", kept);
    data.put(
        "text_form_written",
        r.textFormWritten() == null ? null : shown(config, r.textFormWritten()));
    data.put("summary", r.summary());
    StringBuilder t = new StringBuilder();
    for (CompileResult.ViewStats v : r.views()) {
      // The line mvn mlos:compile logs, "(2 not rendered)" and ", 1 conflict" included.
      t.append(v.line()).append('\n');
    }
    // Cut as mvn mlos:compile logs it: a renamed output pattern deletes every page of its view.
    ShortList deleted = ShortList.of(r.deleted());
    for (String path : deleted.shown()) {
      t.append("Deleted ").append(path).append(" (no longer produced)\n");
    }
    if (deleted.more() > 0) {
      t.append(deleted.moreLine("files deleted (no longer produced; --json lists them)"))
          .append('\n');
    }
    if (kept.size() > ShortList.DEFAULT_SHOWN) {
      t.append(kept.size()).append(" files kept in all (--json lists them)\n");
    }
    if (r.textFormWritten() != null) {
      // Not one of the views' files, and the one a teammate needs: said, so it is committed.
      t.append("Wrote ")
          .append(shown(config, r.textFormWritten()))
          .append(", the database's text form (commit it with the pages)\n");
    }
    t.append("Compiled: ").append(r.summary());
    output.print(spec.commandLine().getOut(), data, t.toString());
  }
}
