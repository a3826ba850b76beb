package dev.mlos.maven;

import dev.mlos.core.ShortList;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.CompileResult;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.compile.OutputConflictException;
import dev.mlos.core.compile.PagesTooLargeException;
import dev.mlos.core.config.WorkspaceConfig;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles the workspace's views from the database into markdown files. Writes only the files whose
 * content changed, deletes the files its last compile produced that nothing produces any more, and
 * records what it wrote in the database for {@code mlos:guard}. Never overwrites a file it did not
 * compile. Logs a line per view (files written, unchanged, how many of those not rendered, pages
 * refused as conflicts, pages too large), then the summary; a conflict, or a page past {@code
 * max_page_bytes} (not written), fails the build after the other pages are written, naming each.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CompileMojo extends AbstractMlosMojo {

  /**
   * Used as {@code compiled_at} of the files whose content changed, instead of the clock, for
   * reproducible builds: an ISO-8601 instant or epoch seconds.
   */
  @Parameter(defaultValue = "${project.build.outputTimestamp}", property = "mlos.outputTimestamp")
  private String outputTimestamp;

  /**
   * Force every written file to disk before it replaces the old one. Slower; off by default since
   * compiled files can always be compiled again.
   */
  @Parameter(property = "mlos.fsync", defaultValue = "false")
  private boolean fsync;

  /**
   * Render every page even when nothing changed since the last compile. Normally a compile whose
   * inputs (configuration, templates, database, files templates read) and outputs are exactly as
   * the last successful compile left them renders nothing; the fingerprint is kept in {@code
   * target/mlos/compile-state} and the outputs' list in {@code target/mlos/compile-outputs}. When
   * only the database changed, a page whose rows hash as recorded ({@code mlos_outputs.input_hash})
   * and whose file is as written is kept without rendering it; this parameter renders it anyway.
   */
  @Parameter(property = "mlos.compile.full", defaultValue = "false")
  private boolean full;

  /**
   * Pages rendered at once. 0: one per core, at most 8. Queries run on one connection; templates,
   * front matter and writes run on these threads. The output is the same for any number.
   */
  @Parameter(property = "mlos.compile.threads", defaultValue = "0")
  private int threads;

  @Override
  protected void run() throws org.apache.maven.plugin.MojoFailureException {
    WorkspaceConfig config = workspaceConfig();
    getLog()
        .info(
            "Compiling workspace '"
                + config.name()
                + "' from "
                + config.database()
                + " ("
                + config.views().size()
                + " views, config: "
                + config.configSource()
                + ")");
    CompileResult result;
    try {
      result =
          new Compiler(getClass().getClassLoader())
              .compile(
                  new CompileRequest(config, outputTimestamp, fsync, full, threads), reporter());
    } catch (OutputConflictException e) {
      // What the compile wrote around the conflicts, before the build fails on them.
      if (e.written() != null) {
        log(e.written());
      }
      throw e;
    } catch (PagesTooLargeException e) {
      // A rule failed, not the setup: the build fails once, after the pages that were written.
      if (e.written() != null) {
        log(e.written());
      }
      throw new org.apache.maven.plugin.MojoFailureException(e.describe(MavenSuggestions.INSTANCE));
    }
    log(result);
  }

  private void log(CompileResult result) {
    for (CompileResult.ViewStats v : result.views()) {
      getLog().info(v.line());
    }
    ShortList deleted = ShortList.of(result.deleted());
    for (String path : deleted.shown()) {
      getLog().info("Deleted " + path + " (no longer produced)");
    }
    if (deleted.more() > 0) {
      getLog().info(deleted.moreLine("files deleted (no longer produced; -X lists them)"));
      if (getLog().isDebugEnabled()) {
        result
            .deleted()
            .subList(deleted.shown().size(), result.deleted().size())
            .forEach(path -> getLog().debug("Deleted " + path + " (no longer produced)"));
      }
    }
    keptFiles(result.kept(), path -> "Kept " + path + " (no longer produced)");
    getLog().info("Compiled: " + result.summary());
  }

  /**
   * Past the files the warnings name, where every kept file is listed: at debug level, as the
   * deleted ones are. Shared with mlos:clean.
   */
  static void keptFiles(
      org.apache.maven.plugin.logging.Log log,
      java.util.List<String> kept,
      java.util.function.Function<String, String> line) {
    if (kept.size() <= ShortList.DEFAULT_SHOWN) {
      return; // every one is named in a warning (each kind names its first 20)
    }
    log.info(kept.size() + " files kept in all (-X lists them)");
    if (log.isDebugEnabled()) {
      kept.forEach(path -> log.debug(line.apply(path)));
    }
  }

  private void keptFiles(
      java.util.List<String> kept, java.util.function.Function<String, String> line) {
    keptFiles(getLog(), kept, line);
  }
}
