package dev.mlos.cli;

import dev.mlos.core.Reporter;
import dev.mlos.core.ShortList;
import dev.mlos.core.compile.Cleaner;
import dev.mlos.core.config.WorkspaceConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlos clean}: the core's clean, as {@code mvn mlos:clean} runs it, without Maven. */
@Command(
    name = "clean",
    mixinStandardHelpOptions = true,
    description = {
      "Delete exactly the files the workspace's last compile recorded, and the record (what `mvn mlos:clean` does).",
      "A recorded file edited by hand since, or replaced by a symbolic link, is kept and named, so no edit is lost"
          + " and nothing is deleted through a link; nothing else is touched."
    })
public final class CleanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin WorkspaceOptions workspace;
  @Mixin Output output;

  @Option(
      names = {"-v", "--verbose"},
      description = "As `mvn mlos:clean` logs it: also print what the clean found on stderr.")
  boolean verbose;

  @Override
  public Integer call() {
    WorkspaceConfig config = workspace.existingDatabase();
    PrintWriter err = spec.commandLine().getErr();
    Reporter reporter = Failures.reporter(err, verbose);
    Cleaner.CleanResult r = new Cleaner().clean(config, reporter);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("workspace", config.name());
    data.put("deleted", r.deleted());
    data.put("kept", r.kept());
    data.put("linked", r.linked());
    data.put("not_files", r.notFiles());
    StringBuilder t = new StringBuilder();
    // Cut as mvn mlos:clean logs it; the kept files too (a formatter run over 10,000 pages kept
    // 10,000 of them), in path order, every one in the JSON.
    ShortList deleted = ShortList.of(r.deleted());
    for (String path : deleted.shown()) {
      t.append("Deleted ").append(path).append('\n');
    }
    if (deleted.more() > 0) {
      t.append(deleted.moreLine("files deleted (--json lists them)")).append('\n');
    }
    ShortList kept = ShortList.of(r.kept());
    for (String path : kept.shown()) {
      t.append("Kept ").append(path).append(" (").append(r.whyKept(path)).append(")\n");
    }
    if (kept.more() > 0) {
      t.append(kept.moreLine("files kept (--json lists them)")).append('\n');
    }
    t.append(r.summary());
    output.print(spec.commandLine().getOut(), data, t.toString());
    return Main.OK;
  }
}
