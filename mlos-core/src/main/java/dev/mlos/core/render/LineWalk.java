package dev.mlos.core.render;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the lines of a text are, for {@link OpenBlocks}: in a fence, in an HTML block that runs to
 * an end marker, or outside both. Blocks are those that start at a line's beginning, at most three
 * spaces in, and a fence in a list item: on the item's own line ({@code 1. ```}) or on a later line
 * indented as the item's content ({@code 10. Steps:} then {@code ```}): the lines of the item
 * inside it are code, so an HTML block's start or a {@code <details>} there opens nothing, and the
 * fence ends with the item, at the first line indented less than the item's content (CommonMark's
 * list item continuation; a fence is never a lazy continuation line).
 */
final class LineWalk {
  /**
   * A list item's line that opens a fence: up to 3 spaces, a marker, 1 to 4 spaces (the item's
   * content starts after them), then the fence. Tabs are left to the parser.
   */
  private static final Pattern ITEM_FENCE =
      Pattern.compile("^( {0,3}(?:[*+-]|\\d{1,9}[.)]) {1,4})(`{3,}|~{3,})(.*)$", Pattern.DOTALL);

  /**
   * A list item's line: up to 3 spaces and a marker (group 1; its number in group 2), the spaces
   * after it (group 3) and its content (group 4). Tabs are left to the parser.
   */
  private static final Pattern ITEM =
      Pattern.compile("^( {0,3}(?:[*+-]|(\\d{1,9})[.)]))( *)(.*)$", Pattern.DOTALL);

  /**
   * The content columns of the list items the current line may continue, innermost last: a line
   * indented less than an item's content (not blank) ends that item. At most one per column.
   */
  private final java.util.ArrayDeque<Integer> items = new java.util.ArrayDeque<>();

  /** Whether the line before was a paragraph's, which a list item may interrupt only so. */
  private boolean paragraph;

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
    boolean outside = walk(line);
    paragraph =
        outside && items.isEmpty() && !line.isBlank() && !line.stripLeading().startsWith("#");
    return outside;
  }

  private boolean walk(String line) {
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
    // The list item the line is in, if any: its content's column, and the line within it.
    String inItem = line;
    int content = 0;
    if (!line.isBlank()) {
      while (!items.isEmpty() && dedented(line, items.peekLast()) == null) {
        items.removeLast();
      }
    }
    if (!items.isEmpty()) {
      content = items.peekLast();
      inItem = dedented(line, content);
    }
    Matcher m = OpenBlocks.FENCE.matcher(inItem);
    // A backtick fence's info string cannot hold a backtick (that line is a code span instead).
    if (m.matches() && !(m.group(1).charAt(0) == '`' && m.group(2).indexOf('`') >= 0)) {
      fence = m.group(1).charAt(0);
      fenceLength = m.group(1).length();
      itemIndent = content;
      return false;
    }
    Matcher marker = ITEM.matcher(inItem);
    boolean starts = marker.matches() && startsItem(marker) && !thematicBreak(inItem);
    if (starts) {
      // Its content starts after the spaces, or one space after the marker when there is none or
      // when five or more start indented code.
      int spaces = marker.group(3).length();
      boolean empty = marker.group(4).isBlank();
      items.addLast(content + marker.group(1).length() + (empty || spaces > 4 ? 1 : spaces));
    }
    // Most lines hold no backtick or tilde: no second pattern for them.
    Matcher item =
        line.indexOf('`') >= 0 || line.indexOf('~') >= 0 ? ITEM_FENCE.matcher(inItem) : null;
    if (item != null
        && item.matches()
        && starts
        && !(item.group(2).charAt(0) == '`' && item.group(3).indexOf('`') >= 0)) {
      fence = item.group(2).charAt(0);
      fenceLength = item.group(2).length();
      itemIndent = content + item.group(1).length();
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
   * Whether a line of this marker starts a list item: not when it would interrupt a paragraph
   * outside any item with a number other than 1, or with nothing after the marker (CommonMark),
   * where the line goes on the paragraph; a fence after it is then the text's own, one that only a
   * closing line ends.
   */
  private boolean startsItem(Matcher marker) {
    boolean empty = marker.group(4).isBlank();
    if (!empty && marker.group(3).isEmpty()) {
      return false; // '-x', '1.x': no marker
    }
    return !paragraph || !empty && (marker.group(2) == null || marker.group(2).equals("1"));
  }

  /**
   * Whether {@code line} is a thematic break ({@code - - -}, {@code ***}), which a list item's
   * marker does not start: up to 3 spaces, then three or more of one of {@code - * _}, spaces
   * between.
   */
  private static boolean thematicBreak(String line) {
    char mark = 0;
    int marks = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        if (mark == 0 && i > 3) {
          return false;
        }
      } else if (mark == 0 ? c == '-' || c == '*' || c == '_' : c == mark) {
        mark = c;
        marks++;
      } else {
        return false;
      }
    }
    return marks >= 3;
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
