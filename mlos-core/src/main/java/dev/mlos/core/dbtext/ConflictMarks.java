package dev.mlos.core.dbtext;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How a merge's conflicts are written into the merged text: git's markers around a row's line. */
final class ConflictMarks {
  private ConflictMarks() {}

  /**
   * Whether {@code statement} begins with one of git's conflict markers: a conflict that was
   * committed (or merged again) without being resolved.
   */
  static boolean startsWithMarker(String statement) {
    String s = statement.stripLeading();
    return s.startsWith("<<<<<<<")
        || s.startsWith("=======")
        || s.startsWith(">>>>>>>")
        || s.startsWith("|||||||");
  }

  /**
   * Whether {@code markerLine} is a first marker the mlos-db driver writes ({@code <<<<<<< ours},
   * with or without its {@code -- mlos:} label); git's own line merge writes {@code <<<<<<< HEAD},
   * a commit or a branch name. Any other marker line is taken as the driver's.
   */
  static boolean byGitLineMerge(String markerLine) {
    String s = markerLine.strip();
    return s.startsWith("<<<<<<<") && !s.equals("<<<<<<< ours") && !s.startsWith("<<<<<<< ours ");
  }

  /** Why a text form holds the markers of {@code markerLine} (quoted in the message). */
  static String found(String markerLine, String committedWhat) {
    return byGitLineMerge(markerLine)
        ? ": holds git's own conflict markers ("
            + dev.mlos.core.MlosException.quoted(markerLine)
            + "): git merged the file line by line, as it does where no "
            + GitMergeDriver.NAME
            + " merge driver is registered in the clone or no .gitattributes line names it for the"
            + " file"
        : ": holds a git conflict marker ("
            + dev.mlos.core.MlosException.quoted(markerLine)
            + "): "
            + committedWhat;
  }

  /** What to do about the markers of {@code markerLine}. */
  static String fix(String markerLine) {
    return byGitLineMerge(markerLine) ? MERGE_AGAIN : RESOLVE;
  }

  /** What to do about a text form git merged line by line. */
  static final String MERGE_AGAIN =
      "do not keep one side of its blocks (that drops rows both branches added under one id):"
          + " undo the merge (`git merge --abort`, or `git rebase --abort` in a pull --rebase; once"
          + " committed, reset to the commit before it), run init in this clone (it registers the"
          + " driver and warns when .gitattributes does not name it for the file), then merge or"
          + " pull again: the driver merges the file row by row";

  /** What to do about an unresolved conflict found in a text form. */
  static final String RESOLVE =
      "resolve it: keep one side's lines of each block between <<<<<<< and >>>>>>> (docs/ci.md,"
          + " \"Conflicts\"), delete the markers, commit, and run this again";

  /**
   * The label of a block where one side deleted the row the other changed: with one side empty, a
   * reader cannot tell a delete from a missing line, nor that keeping neither line deletes the row.
   */
  static String deletedLabel(boolean oursDeleted) {
    String changed = oursDeleted ? "theirs" : "ours";
    return " -- mlos: "
        + (oursDeleted
            ? "deleted on ours, changed on theirs"
            : "changed on ours, deleted on theirs")
        + ": keep "
        + changed
        + "' line to keep the row as "
        + changed
        + " changed it, or neither line to delete it";
  }

  /**
   * The label of a block around a row that refers to a row the other side deleted ({@code what},
   * e.g. "its source artifact").
   */
  static String danglingLabel(String what) {
    return " -- mlos: refers to "
        + what
        + " that the other side deleted: keep neither line, or keep this one only if that row"
        + " is kept too";
  }

  /** A conflict block of the two sides' lines (null: the side has no line). */
  static String block(String ours, String theirs) {
    return block(ours, theirs, "");
  }

  /** A conflict block; {@code label} follows the first marker (git's place for a side's name). */
  static String block(String ours, String theirs, String label) {
    return "<<<<<<< ours"
        + label
        + "\n"
        + (ours == null ? "" : ours + "\n")
        + "=======\n"
        + (theirs == null ? "" : theirs + "\n")
        + ">>>>>>> theirs";
  }

  /**
   * Each line inside a conflict block of {@code marked}, mapped to the line number (from 1) of the
   * {@code <<<<<<<} marker that opens its block (the first block, for a line in several).
   */
  static Map<String, Integer> openingLines(String marked) {
    Map<String, Integer> out = new java.util.HashMap<>();
    int opened = 0;
    int number = 0;
    for (String line : marked.split("\n", -1)) {
      number++;
      if (line.startsWith("<<<<<<< ours")) {
        opened = number;
      } else if (line.equals(">>>>>>> theirs")) {
        opened = 0;
      } else if (opened > 0 && !line.equals("=======")) {
        out.putIfAbsent(line, opened);
      }
    }
    return out;
  }

  /**
   * {@code text} with each line that has a block replaced by it (once per line), and the extra
   * blocks placed after the table statement they belong to.
   */
  static String apply(
      String text, Map<String, String> blocks, Map<String, List<String>> extraBlocks) {
    if (blocks.isEmpty() && extraBlocks.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 256);
    Set<String> used = new HashSet<>();
    for (String line : text.split("\n", -1)) {
      String block = used.add(line) ? blocks.get(line) : null;
      out.append(block != null ? block : line).append('\n');
    }
    out.setLength(out.length() - 1);
    String marked = out.toString();
    for (Map.Entry<String, List<String>> e : extraBlocks.entrySet()) {
      String ddl = e.getKey() + ";\n";
      int at = marked.indexOf(ddl);
      marked =
          marked.substring(0, at + ddl.length())
              + String.join("\n", e.getValue())
              + "\n"
              + marked.substring(at + ddl.length());
    }
    return marked;
  }
}
