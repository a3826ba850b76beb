package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.RemedyWording;
import dev.mlos.core.path.GitCheckout;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A text form git tracks but the working tree lacks ({@code rm mlos.db*} deletes {@code
 * mlos.db.sql} with the database): an init would create an empty database in its stead, the next
 * compile would delete every committed page, and committing that loses the team's rows. The init
 * refuses to create a database then, and the guard reports the file missing. Outside git, or where
 * git cannot tell, nothing changes.
 *
 * <p>Only git's index counts, not {@code HEAD}: {@code git rm mlos.db.sql} (the way to really start
 * empty) takes it out of the index before it is committed.
 */
public final class TrackedTextForm {
  /** The rule that keeps an empty database from replacing a text form git tracks. */
  public static final String RULE = "dbtext.tracked_missing";

  private TrackedTextForm() {}

  /**
   * True when {@code text} (a database's text form) is not in the working tree, not even as a link,
   * and the git checkout holding it tracks it; false when it is there, when no git checkout holds
   * it, or when git cannot tell.
   */
  public static boolean missing(Path text) {
    Path file = text.toAbsolutePath().normalize();
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) || file.getParent() == null) {
      return false;
    }
    Path root = GitCheckout.rootOf(file.getParent());
    return root != null && Boolean.TRUE.equals(GitCheckout.tracks(root, file));
  }

  /**
   * Refuses to create the database {@code database} when its text form is {@link #missing}.
   *
   * @throws MissingException naming the rule, the text form and the fix
   */
  public static void refuseNewDatabase(Path database) {
    Path text = DatabaseText.fileOf(database.toAbsolutePath().normalize());
    if (!missing(text)) {
      return;
    }
    throw new MissingException(
        "no new, empty database "
            + MlosException.quoted(database.toString())
            + " while its text form "
            + MlosException.quoted(text.toString())
            + " is tracked by git but missing from the working tree: the next compile would delete"
            + " every committed page, and committing that would lose the rows the text form holds",
        fix(text));
  }

  /**
   * The fix for the missing {@code text}: restore it with git, or remove it from git to start
   * empty; the commands shell-quoted, from the working directory when it lies in the checkout.
   */
  public static String fix(Path text) {
    Path file = text.toAbsolutePath().normalize();
    Path root = GitCheckout.rootOf(file.getParent());
    String git = "git";
    String path = file.getFileName().toString();
    if (root != null) {
      Path realRoot = real(root);
      Path realFile = real(file.getParent()).resolve(file.getFileName());
      Path cwd = real(Path.of("").toAbsolutePath());
      if (cwd.startsWith(realRoot)) {
        path = WorkspacePath.slashed(cwd.relativize(realFile));
      } else {
        git = "git -C " + RemedyWording.shellWord(realRoot.toString());
        path = WorkspacePath.relative(realRoot, realFile);
      }
    }
    String word = RemedyWording.shellWord(path);
    return RemedyWording.code(git + " checkout -- " + word)
        + " restores it, then run the command again; or, to really start empty, "
        + RemedyWording.code(git + " rm " + word)
        + " first";
  }

  /**
   * A database refused because the text form git tracks is missing (rule {@value #RULE}): a refusal
   * by a rule, nothing written, not a broken setup.
   */
  public static final class MissingException extends MlosException {
    MissingException(String message, String fix) {
      super(message, fix);
    }

    /** The rule's id, {@value TrackedTextForm#RULE}. */
    public String rule() {
      return RULE;
    }
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }
}
