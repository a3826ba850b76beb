package dev.mlos.core.compile;

import dev.mlos.core.Reporter;
import dev.mlos.core.ShortList;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;

/**
 * The warnings of a compile's pages, said on the compiling thread in page order (so in the same
 * order on every run). A hand edit the compile replaced is named for the first {@link
 * ShortList#DEFAULT_SHOWN} pages only, as the {@code Deleted} lines are: 10,000 edited pages gave
 * 10,000 lines. The rest are counted in one line after the last page, which says where every edit
 * is kept ({@link ReplacedEdits}). Pages that replaced a symbolic link are capped the same way, on
 * their own count.
 */
final class PageWarnings {
  /**
   * One page's warning.
   *
   * @param handEdit a hand edit replaced by the compiled content (its copy kept); else a link the
   *     page replaced. Each kind is capped in the log on its own
   */
  record Warning(String text, boolean handEdit) {}

  private final Path replacedDirectory;
  private final CappedWarnings handEdits;
  private final CappedWarnings links;

  /**
   * @param replacedDirectory where the copies of replaced edits go, relative to the workspace
   */
  PageWarnings(Reporter reporter, Path replacedDirectory) {
    this.replacedDirectory = replacedDirectory;
    this.handEdits = new CappedWarnings(reporter);
    this.links = new CappedWarnings(reporter);
  }

  /**
   * The warning for the hand-edited page at {@code path}, replaced, its edit kept as {@code copy}.
   */
  static Warning handEdit(String path, Path copy) {
    return new Warning(
        "'"
            + path
            + "' had been edited by hand; the edit is replaced by the compiled content (the edited"
            + " file is kept as "
            + copy
            + ").",
        true);
  }

  /** Says {@code w} (null: nothing), unless it comes past the first ones of its kind. */
  void say(Warning w) {
    if (w == null) {
      return;
    }
    if (w.handEdit()) {
      handEdits.say(w.text());
    } else {
      links.say(w.text());
    }
  }

  /** After the last page (or a failure): the count of each kind not named, if any; once. */
  void end() {
    handEdits.end(
        "pages edited by hand were replaced by the compiled content (each edited file is kept under "
            + WorkspacePath.slashed(replacedDirectory)
            + "/, at its page's path)");
    links.end(
        "pages were symbolic links, each replaced by its compiled page (what it pointed to is not"
            + " touched): keep your own text elsewhere and link to the page from there");
  }
}
