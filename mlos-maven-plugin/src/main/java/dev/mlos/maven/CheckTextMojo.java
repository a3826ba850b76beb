package dev.mlos.maven;

import dev.mlos.core.LogText;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.dbtext.TextFormReview;
import dev.mlos.core.guard.report.GitHubAnnotations;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the rows of the workspace's text form ({@code mlos.db.sql}) changed since a git revision
 * against the rules the database's triggers enforce, as the scaffolded CI workflow does on a pull
 * request ({@code mvn mlos:check-text -Dmlos.textBase=origin/main}). A rebuild restores rows before
 * the triggers exist, so a row edited by hand (a need moved from {@code identified} straight to
 * {@code resolved}, a {@code blocks} cycle, an over-long description) would pass the compile and
 * the guard. Unchanged rows are not judged. Each refused row fails the build once, all listed, as
 * {@code mlos.db.sql:<line>: <rule>} with its fix.
 */
@Mojo(name = "check-text", threadSafe = true)
public class CheckTextMojo extends AbstractMlosMojo {
  /** How many refused rows the failure lists; the rest are counted. */
  static final int SHOWN = 50;

  /**
   * The git revision the change is made on: a pull request's base branch, such as {@code
   * origin/main} (fetched first in a shallow clone). A revision without {@code mlos.db.sql} judges
   * every row as added.
   */
  @Parameter(property = "mlos.textBase", required = true)
  private String textBase;

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    TextFormReview.Result r;
    try {
      r = TextFormReview.review(DatabaseText.fileOf(workspaceConfig().database()), textBase);
    } catch (TextFormReview.BadRevisionException e) {
      throw new MojoExecutionException(
          "-Dmlos.textBase (textBase): "
              + e.getMessage()
              + System.lineSeparator()
              + "Fix: "
              + e.fix(MavenSuggestions.INSTANCE),
          e);
    }
    r.notes().forEach(n -> getLog().warn(r.path() + ": " + n));
    if (r.clean()) {
      getLog()
          .info(
              r.path()
                  + ": "
                  + r.judged()
                  + " changed row(s) since "
                  + textBase
                  + " keep the database's rules");
      return;
    }
    if ("true".equals(System.getenv("GITHUB_ACTIONS"))) {
      // Workflow commands must start the line: printed past Maven's log prefix, so each refused
      // row shows on the pull request's diff.
      for (TextFormReview.Refusal x :
          r.refusals().subList(0, Math.min(SHOWN, r.refusals().size()))) {
        System.out.println(
            GitHubAnnotations.error(
                r.path(),
                x.line(),
                "mlos " + TextFormReview.RULE,
                r.headline(x) + " Fix: " + r.fix(x)));
      }
    }
    List<String> lines = new ArrayList<>();
    List<TextFormReview.Refusal> shown =
        r.refusals().size() > SHOWN ? r.refusals().subList(0, SHOWN) : r.refusals();
    for (TextFormReview.Refusal x : shown) {
      lines.add(r.headline(x));
      lines.add("  Fix: " + LogText.line(r.fix(x)));
    }
    if (r.refusals().size() > shown.size()) {
      lines.add("  ... and " + (r.refusals().size() - shown.size()) + " more");
    }
    lines.add(
        r.summary()
            + " (rule "
            + TextFormReview.RULE
            + "). Fix: "
            + TextFormReview.CLOSING_FIX.replace("fix line", "Fix line")
            + ".");
    throw new MojoFailureException(String.join(System.lineSeparator(), lines));
  }
}
