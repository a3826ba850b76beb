package dev.mlos.core.render;

import com.vladsch.flexmark.ast.Emphasis;
import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.HtmlCommentBlock;
import com.vladsch.flexmark.ast.ListBlock;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ast.Reference;
import com.vladsch.flexmark.ast.StrongEmphasis;
import com.vladsch.flexmark.ast.Text;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.TextCollectingVisitor;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an index page (PROBLEM.md, a context pack) shows of a need's description: its first
 * paragraph, with the paragraph's own markdown (emphasis, code spans, links) kept, as one line.
 *
 * <p>A description is markdown a person wrote: headings, lists, code blocks, tables. Cut to one
 * line and escaped, as these pages did before, it read as its punctuation ({@code \- step one
 * \`\`\`bash make \`\`\`}); placed as written, its headings and blocks would become the page's own.
 * The first paragraph is what a reader scanning the index needs and the one part that can stand on
 * one line without changing the page around it. Headings, link reference definitions and HTML
 * comments before it are passed over (a description often starts with {@code ## Context}). The
 * paragraph is kept only when it stands alone as one paragraph once its lines are joined, holds no
 * raw HTML, no link of a scheme other than http, https or mailto ({@link SafeMarkdown}: an index
 * page links nothing a viewer would run) and no invisible character, and fits {@code max}
 * characters; otherwise the reader gets its text without markup, escaped and cut as before; a
 * description that starts with a list gets its items' words joined with "; ", and one that starts
 * with a code block, table or quote the old escaped line of the whole.
 */
final class MarkdownSummary {
  private MarkdownSummary() {}

  private static final Parser PARSER = Parser.builder().build();

  /**
   * A GFM table's delimiter row ({@code |---|:--:|}, {@code --- | ---}): the line before it is the
   * table's header, not text of the paragraph (the parser here knows no tables).
   */
  private static final Pattern DELIMITER_ROW =
      Pattern.compile("\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?");

  /** The summary of {@code description} in at most {@code max} characters (at least 3). */
  static String of(String description, int max) {
    return of(description, max, true);
  }

  /**
   * The summary of {@code description} as escaped words only, no markdown of its own: what {@link
   * #of} gives for a list-first description (its items' words joined with "; "), else the whole
   * description escaped on one line. Safe anywhere on a line: a paragraph kept with its markdown
   * stands alone only as a paragraph of its own, and beside more text on its line a backtick or
   * bracket it holds as a literal can pair with one after it (ARTIFACTS.md's {@code `a} beside the
   * file's code span became one code span).
   */
  static String words(String description, int max) {
    return of(description, max, false);
  }

  private static String of(String description, int max, boolean keepMarkdown) {
    String plain = MarkdownText.oneLine(description, max);
    // Most descriptions are one line of plain words: the escape changes nothing, nor would the
    // markdown, so they are shown as they always were, without a parse.
    if (description.indexOf('\n') < 0
        && description.indexOf('\r') < 0
        && plain.length() == MarkdownText.collapseRegexSpace(description).trim().length()
        && MarkdownText.inline(plain).equals(plain)) {
      return plain;
    }
    String text = firstPart(MarkdownText.block(description));
    if (text == null) {
      return MarkdownText.inline(plain);
    }
    Node block = PARSER.parse(text).getFirstChild();
    while (block instanceof Heading
        || block instanceof Reference
        || block instanceof HtmlCommentBlock) {
      block = block.getNext();
    }
    if (block instanceof ListBlock list) {
      return MarkdownText.inline(MarkdownText.oneLine(items(list), max));
    }
    if (!keepMarkdown || !(block instanceof Paragraph paragraph)) {
      return MarkdownText.inline(plain);
    }
    String joined = joinedLines(paragraph.getChars().toString());
    if (!joined.isEmpty()
        && joined.length() <= max
        && !SafeMarkdown.holdsUnsafeMarkup(paragraph)
        && SafeMarkdown.of(joined).equals(joined) // nothing another reader takes as HTML or a link
        && joined.chars().noneMatch(c -> MarkdownText.isHiddenInLine((char) c))) {
      Document alone = PARSER.parse(joined);
      String styled = standsAlone(alone) ? inPrettierStyle(joined, alone) : null;
      if (styled != null) {
        return styled;
      }
    }
    String words = new TextCollectingVisitor().collectAndGetText(paragraph);
    // A paragraph of raw HTML or an autolink only has no words: its escaped line says what it
    // holds.
    return MarkdownText.inline(words.isBlank() ? plain : MarkdownText.oneLine(words, max));
  }

  /**
   * What the parser reads of {@code text}: all of it up to {@link OpenBlocks#MAX_PARSED}
   * characters, else its first part ({@link OpenBlocks#parts}: the first block is read there as in
   * the whole), or null when that is longer too or nested deeper than the parser can follow. A long
   * description made the parser's time grow faster than the text, and one nested 30,000 lists deep
   * ran its stack out: PROBLEM.md failed, and the compile with it.
   */
  private static String firstPart(String text) {
    String part = text.length() > OpenBlocks.MAX_PARSED ? OpenBlocks.parts(text).get(0) : text;
    return part.length() > OpenBlocks.MAX_PARSED || OpenBlocks.nestedTooDeep(part) ? null : part;
  }

  /**
   * A list's items as one line: each item's first block as its words, the items joined with "; "
   * ({@code - one\n- two} is "one; two"). Its markers, escaped on one line, read as punctuation
   * ({@code \- one - two}).
   */
  private static String items(ListBlock list) {
    StringBuilder out = new StringBuilder();
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      Node first = item.getFirstChild();
      String words =
          first == null
              ? ""
              : MarkdownText.collapseRegexSpace(
                      new TextCollectingVisitor().collectAndGetText(first))
                  .strip();
      if (words.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(words);
    }
    return out.toString();
  }

  /**
   * The paragraph's lines trimmed and joined with a space, up to a table's header line; a hard line
   * break's trailing backslash dropped (joined, it would show as a backslash), whitespace runs made
   * one space (inside a code span too, where a renderer would keep them).
   */
  private static String joinedLines(String paragraph) {
    String[] lines = paragraph.split("\n", -1);
    int end = lines.length;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.indexOf('|') >= 0 && DELIMITER_ROW.matcher(line).matches()) {
        end = i - 1;
        break;
      }
    }
    StringBuilder out = new StringBuilder(paragraph.length());
    for (int i = 0; i < end; i++) {
      String line = lines[i].strip();
      if (i < end - 1 && line.endsWith("\\") && !line.endsWith("\\\\")) {
        line = line.substring(0, line.length() - 1).stripTrailing();
      }
      if (line.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(line);
    }
    return MarkdownText.collapseRegexSpace(out.toString());
  }

  /**
   * {@code line} with its emphasis written as prettier writes it ({@code _a_}, {@code **b**}), or
   * null when a marker cannot be changed without changing what it means. PROBLEM.md gathers the
   * first paragraphs of many people's descriptions: one written {@code *a*} beside one written
   * {@code _b_} failed markdownlint's MD049 (one emphasis style per page), and a repository-wide
   * prettier rewrote the page, which the guard then reports as a hand edit. An emphasis inside a
   * word ({@code un*frigging*believable}) cannot take {@code _}; the result is parsed again and
   * must hold the same emphasis around the same text, else the paragraph is shown as its words.
   */
  static String inPrettierStyle(String line) {
    return inPrettierStyle(line, PARSER.parse(line));
  }

  /** As above, with {@code line} parsed already. */
  private static String inPrettierStyle(String line, Node parsed) {
    TreeMap<Integer, String> markers = new TreeMap<>();
    for (Node n : parsed.getDescendants()) {
      if (n instanceof Emphasis e && e.getOpeningMarker().toString().equals("*")) {
        markers.put(e.getOpeningMarker().getStartOffset(), "_");
        markers.put(e.getClosingMarker().getStartOffset(), "_");
      } else if (n instanceof StrongEmphasis e && e.getOpeningMarker().toString().equals("__")) {
        markers.put(e.getOpeningMarker().getStartOffset(), "**");
        markers.put(e.getClosingMarker().getStartOffset(), "**");
      }
    }
    if (markers.isEmpty()) {
      return line;
    }
    StringBuilder out = new StringBuilder(line);
    for (var m : markers.descendingMap().entrySet()) {
      out.replace(m.getKey(), m.getKey() + m.getValue().length(), m.getValue());
    }
    String styled = out.toString();
    return shape(PARSER.parse(styled)).equals(shape(parsed)) ? styled : null;
  }

  /** The emphasis nodes and texts of {@code doc}, in order, nested as they are. */
  private static List<String> shape(Node doc) {
    List<String> shape = new ArrayList<>();
    for (Node n : doc.getDescendants()) {
      if (n instanceof Text) {
        shape.add("text:" + n.getChars());
      } else {
        shape.add(n.getClass().getSimpleName() + "@" + depth(n));
      }
    }
    return shape;
  }

  private static int depth(Node n) {
    int d = 0;
    for (Node p = n.getParent(); p != null; p = p.getParent()) {
      d++;
    }
    return d;
  }

  /** Whether {@code alone}, a line parsed on its own, is one paragraph and nothing else. */
  private static boolean standsAlone(Document alone) {
    Node first = alone.getFirstChild();
    return first instanceof Paragraph
        && first.getNext() == null
        && !SafeMarkdown.holdsUnsafeMarkup(first);
  }
}
