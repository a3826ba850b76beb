package dev.mlos.core.render;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the lines of a text are, for {@link OpenBlocks}: in a fence, in an HTML block that runs to
 * an end marker, or outside both. Blocks are those that start at a line's beginning, at most three
 * spaces in, and a fence that opens on a list item's own line ({@code 1. ```}): the lines of the
 * item inside it are code, so an HTML block's start or a {@code <details>} there opens nothing, and
 * the fence ends with the item, at the first line indented less than the item's content.
 */
final class LineWalk {
  /**
   * A list item's line that opens a fence: up to 3 spaces, a marker, 1 to 4 spaces (the item's
   * content starts after them), then the fence. Tabs are left to the parser.
   */
  private static final Pattern ITEM_FENCE =
      Pattern.compile("^( {0,3}(?:[*+-]|\\d{1,9}[.)]) {1,4})(`{3,}|~{3,})(.*)$", Pattern.DOTALL);

  char fence;
  int fenceLength;

  /** The column a list item's content starts at when the fence opened on its line, else 0. */
  int itemIndent;

  String closing; // the end marker of the HTML block the text is in, if any

  /**
   * Whether the lines are inside a block that a line at the first column does not end: a list
   * item's fence is not, as such a line ends the item.
   */
  boolean inside() {
    return fence != 0 && itemIndent == 0 || closing != null;
  }

  /** Follows {@code line}; true when it is outside a fence and HTML block and opens none. */
  boolean follow(String line) {
    if (fence != 0 && itemIndent != 0) {
      String inItem = dedented(line, itemIndent);
      if (inItem != null) {
        if (OpenBlocks.closes(inItem, fence, fenceLength)) {
          fence = 0;
          itemIndent = 0;
        }
        return false;
      }
      // Indented less than the item's content: the item ends, and its fence with it.
      fence = 0;
      itemIndent = 0;
    }
    if (fence != 0) {
      if (OpenBlocks.closes(line, fence, fenceLength)) {
        fence = 0;
      }
      return false;
    }
    if (closing != null) {
      closing = OpenBlocks.ends(line, closing) ? null : closing;
      return false;
    }
    Matcher m = OpenBlocks.FENCE.matcher(line);
    // A backtick fence's info string cannot hold a backtick (that line is a code span instead).
    if (m.matches() && !(m.group(1).charAt(0) == '`' && m.group(2).indexOf('`') >= 0)) {
      fence = m.group(1).charAt(0);
      fenceLength = m.group(1).length();
      return false;
    }
    // Most lines hold no backtick or tilde: no second pattern for them.
    Matcher item =
        line.indexOf('`') >= 0 || line.indexOf('~') >= 0 ? ITEM_FENCE.matcher(line) : null;
    if (item != null
        && item.matches()
        && !(item.group(2).charAt(0) == '`' && item.group(3).indexOf('`') >= 0)) {
      fence = item.group(2).charAt(0);
      fenceLength = item.group(2).length();
      itemIndent = item.group(1).length();
      return false;
    }
    Matcher raw = OpenBlocks.RAW_BLOCK.matcher(line);
    if (raw.find()) {
      String open = raw.group();
      String end =
          raw.group(1) != null
              ? "</" + raw.group(1).toLowerCase(java.util.Locale.ROOT) + ">"
              : open.endsWith("<!--")
                  ? "-->"
                  : open.endsWith("<?") ? "?>" : open.endsWith("[CDATA[") ? "]]>" : ">";
      // The line that opens a block may close it too (after what opened it).
      closing = OpenBlocks.ends(line.substring(raw.end()), end) ? null : end;
      return false;
    }
    return true;
  }

  /**
   * {@code line} without {@code columns} columns of its indentation (a tab to the next multiple of
   * 4), as the list item's content; a blank line as it is; null when it is indented less.
   */
  private static String dedented(String line, int columns) {
    int col = 0;
    int i = 0;
    while (i < line.length() && col < columns) {
      char c = line.charAt(i);
      if (c == ' ') {
        col++;
      } else if (c == '\t') {
        col += 4 - col % 4;
      } else {
        break;
      }
      i++;
    }
    if (i == line.length()) {
      return line.substring(i); // blank: the item goes on
    }
    return col < columns ? null : " ".repeat(col - columns) + line.substring(i);
  }
}
