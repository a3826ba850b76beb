package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import java.util.List;

/**
 * The compile refused to write some files: they are not compiled artifacts of this workspace, or
 * two pages map to one path. Every other file was written and recorded.
 */
public class OutputConflictException extends MlosException {
  private final List<String> conflicts;

  public OutputConflictException(List<String> conflicts) {
    super(
        conflicts.size()
            + " output"
            + (conflicts.size() == 1 ? "" : "s")
            + " could not be written:"
            + System.lineSeparator()
            + "  - "
            + String.join(System.lineSeparator() + "  - ", conflicts),
        "move the files named above out of the way (mlos never overwrites a file it did not compile),"
            + " or change the view's output / the rows so paths are unique; then run {0} again");
    suggesting(Remedy.compile());
    this.conflicts = List.copyOf(conflicts);
  }

  public List<String> conflicts() {
    return conflicts;
  }
}
