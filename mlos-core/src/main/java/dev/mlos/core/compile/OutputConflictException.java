package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.ShortList;
import java.util.List;

/**
 * The compile refused to write some files: they are not compiled artifacts of this workspace, are
 * registered artifacts' files ({@link PagesOnArtifacts}), or two pages map to one path. Every other
 * file was written and recorded.
 */
public class OutputConflictException extends MlosException {
  /** What a conflict between two pages on one path says ({@code 'x.md' is also written by ...}). */
  static final String ALSO_WRITTEN = "' is also written by view '";

  /** The conflict of a page at {@code path} with the page {@code first} reserved it for. */
  static String alsoWritten(String path, OutputLedger.Reservation first) {
    return "'"
        + path
        + ALSO_WRITTEN
        + first.view()
        + "'"
        // A single-file view's page has no row to name.
        + ("[]".equals(first.sourceKeys()) ? "" : ", row " + first.sourceKeys())
        + asPath(first.path(), path);
  }

  /**
   * Why {@code path} is the page at {@code first}, said after the rows: nothing when the two are
   * equal (rows the pattern does not tell apart), else the first path and the reason it is one
   * path, in case or in how its accents are encoded. For the compile and the guard alike.
   */
  public static String asPath(String first, String path) {
    return first.equals(path)
        ? ""
        : " as '"
            + first
            + (first.equalsIgnoreCase(path)
                ? "' (paths compare case-insensitively)"
                : "' (paths compare case-insensitively and in Unicode's composed form, as"
                    + " macOS does: one file there)");
  }

  /**
   * Why two rows whose keys differ can share a page: the pattern's values are slugged (see {@code
   * OutputPattern}). Said in the fix, as the pattern of a built-in pack's view cannot be changed.
   */
  public static final String SLUGGED =
      "the values in a page's path are slugged (lower-case ASCII, '-' between words), so keys such"
          + " as 'Sess_1' and 'sess-1' name one page";

  private final List<String> conflicts;
  private final CompileResult written;
  private final List<Long> artifactsInTheWay;

  public OutputConflictException(List<String> conflicts) {
    this(conflicts, null);
  }

  /**
   * @param written what the compile wrote and kept around the conflicts (nothing is deleted when
   *     there is one), or null
   */
  public OutputConflictException(List<String> conflicts, CompileResult written) {
    this(conflicts, written, List.of());
  }

  /**
   * @param written what the compile wrote and kept around the conflicts (nothing is deleted when
   *     there is one), or null
   * @param artifactsInTheWay the ids of the registered artifacts whose files pages would have been
   *     written over, for the fix that unregisters one ({@link Remedy#removeArtifact}), which each
   *     tool words as its own (the Maven plugin has no goal for it)
   */
  public OutputConflictException(
      List<String> conflicts, CompileResult written, java.util.Collection<Long> artifactsInTheWay) {
    super(message(conflicts), fix(conflicts));
    this.conflicts = List.copyOf(conflicts);
    this.written = written;
    this.artifactsInTheWay = List.copyOf(artifactsInTheWay);
    suggesting(
        Remedy.compile(),
        this.artifactsInTheWay.size() == 1
            ? Remedy.removeArtifact(this.artifactsInTheWay.get(0))
            : Remedy.removeArtifacts());
  }

  /** The fix, {@code {0}} the compile and {@code {1}} the unregistering of an artifact. */
  private static String fix(List<String> conflicts) {
    if (conflicts.stream().allMatch(c -> c.contains(ALSO_WRITTEN))) {
      // Pages of rows the pattern does not tell apart: no file is in the way to move.
      return "give each row a page of its own: put the row's key (such as {id}) into the view's"
          + " output pattern, or, if it is there already (as in a built-in pack's views), change"
          + " one of the rows' keys: "
          + SLUGGED
          + "; then run {0} again";
    }
    if (conflicts.stream().allMatch(c -> c.contains(PagesOnArtifacts.ARTIFACT_FILE))) {
      // A person's registered work: never to be moved aside for a page.
      return "change the view's output (or the rows) so no page lands on a registered artifact's"
          + " file, or, if the page is to replace the artifact, unregister it with {1} and move"
          + " its file away; then run {0} again";
    }
    return "move the files named above out of the way (mlos never overwrites a file it did not"
        + " compile"
        + (conflicts.stream().anyMatch(c -> c.contains(PagesOnArtifacts.ARTIFACT_FILE))
            ? "; a registered artifact's file is unregistered first, with {1}"
            : "")
        + "), or change the view's output / the rows so paths are unique; then run {0} again";
  }

  /**
   * This refusal, its result noting the database's text form written after it (null: none, or no
   * result to note it in).
   */
  OutputConflictException withTextFormWritten(java.nio.file.Path textForm) {
    if (textForm == null || written == null) {
      return this;
    }
    OutputConflictException e =
        new OutputConflictException(
            conflicts, written.withTextFormWritten(textForm), artifactsInTheWay);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /**
   * Every view's pages as the compile left them around the conflicts (written, unchanged; nothing
   * deleted), and the database's text form when it was written after them, so a user sees what did
   * change; null when not known.
   */
  public CompileResult written() {
    return written;
  }

  /**
   * The count and the first {@link ShortList#DEFAULT_SHOWN} conflicts: a workspace checked out
   * under another directory name has every page in conflict, and 100,000 of them made a 46 MB
   * message.
   */
  private static String message(List<String> conflicts) {
    ShortList shown = ShortList.of(conflicts);
    StringBuilder m =
        new StringBuilder()
            .append(conflicts.size())
            .append(" output")
            .append(conflicts.size() == 1 ? "" : "s")
            .append(" could not be written:");
    for (String c : shown.shown()) {
      m.append(System.lineSeparator()).append("  - ").append(c);
    }
    String more = shown.moreLine("outputs");
    if (more != null) {
      m.append(System.lineSeparator()).append("  ").append(more);
    }
    return m.toString();
  }

  /** Every conflict, in the order the compile met them. */
  public List<String> conflicts() {
    return conflicts;
  }
}
