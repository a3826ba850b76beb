package dev.mlos.core.render;

import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.HtmlBlockBase;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps markdown a person wrote (a need's description, a record's text field) from swallowing the
 * page it is placed in. A code fence or an HTML comment that the text opens and never closes runs,
 * in CommonMark, to the end of the document: on a need's page the parent, tasks, relationships and
 * history below the description would show as code or not at all. So the one a text leaves open is
 * closed at its end; a text that closes what it opens is left exactly as it is. The same holds for
 * the other HTML blocks that run to an end marker (raw text such as {@code <pre>} or {@code
 * <script>}, which GitHub drops with all it holds; {@code <?}, {@code <!X}, CDATA) and for a {@code
 * <details>} left open.
 *
 * <p>The lines are followed first (blocks that start at a line's beginning, at most three spaces
 * in). What they make is then read by a CommonMark parser with a heading after it, as the page puts
 * one there, and must leave that heading a heading: a line the lines take for a fence's end that
 * CommonMark does not ({@code ```} and an em space, U+3000 or U+2028 after it), a fence opening
 * whose info string holds U+2028 or U+0085, or a fence the lines take as closed where CommonMark
 * had the first one end with its list item are closed as well. An HTML comment or raw-text element
 * left open inside a list item or block quote ends there in the markdown but not in the HTML it
 * becomes, where it hid the rest of the page: its {@code <} is escaped, so it shows as the text it
 * is. An element the text's raw HTML opens and leaves open ({@link OpenElements}) is shown as text
 * the same way. What still swallows the heading is shown as a code block.
 *
 * <p>The parser's time grows faster than the text: a text over {@link #MAX_PARSED} characters is
 * read in parts ({@link #parts}), each as it reads in the whole, and the parser reads at most
 * {@link #PARSE_BUDGET} characters for one text.
 */
final class OpenBlocks {
  private OpenBlocks() {}

  /** A fence's opening line: 3+ backticks or tildes, at most 3 spaces in, then an info string. */
  static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$", Pattern.DOTALL);

  /**
   * The start of a CommonMark HTML block that runs until an end marker however many blank lines
   * follow (kinds 1 to 5): raw text (script, pre, style, textarea), a comment, a processing
   * instruction, a CDATA section or a declaration. Group 1 names the raw-text element.
   */
  static final Pattern RAW_BLOCK =
      Pattern.compile(
          "^ {0,3}(?:<(script|pre|style|textarea)(?=[\\s>]|\\z)|<!--|<\\?|<!\\[CDATA\\[|<![A-Za-z])",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern RAW_END =
      Pattern.compile("</(?:script|pre|style|textarea)>", Pattern.CASE_INSENSITIVE);

  /**
   * A {@code <details>} left open hides the rest of the page in its folded part on GitHub, whose
   * HTML sanitizer nests what follows inside it. One escaped ({@code \\<details>}, as {@link
   * SafeMarkdown} shows raw HTML) is text and opens nothing.
   */
  private static final Pattern DETAILS =
      Pattern.compile("(?<!\\\\)<(/?)details(?=[\\s>/]|$)", Pattern.CASE_INSENSITIVE);

  /**
   * {@code text} without the blank lines it starts with and the whitespace it ends with: the
   * template puts a blank line on each side of a block, and a description that ends with a line
   * break (as an editor, a heredoc or an agent's tool call writes it) left two blank lines in a row
   * (markdownlint's MD012, which prettier takes out). The first line's indent is kept: four spaces
   * make it code.
   */
  static String withoutBlankEnds(String text) {
    int end = text.length();
    while (end > 0 && isBlankEnd(text.charAt(end - 1))) {
      end--;
    }
    int start = 0;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        start = i + 1;
      } else if (c != ' ' && c != '\t') {
        break;
      }
    }
    return start == 0 && end == text.length() ? text : text.substring(start, end);
  }

  private static boolean isBlankEnd(char c) {
    return c == '\n' || c == ' ' || c == '\t';
  }

  /** {@code text} with a code fence or HTML block it leaves open closed at its end. */
  static String closed(String text) {
    // Most texts open none (every need page's description goes through here): no line is cut.
    if (text.indexOf("```") < 0 && text.indexOf("~~~") < 0 && text.indexOf('<') < 0) {
      return text;
    }
    String out = closedByLines(text);
    if (!read(out)) {
      return out;
    }
    if (out.length() <= MAX_PARSED && nestedTooDeep(out)) {
      // The parser recurses once per level: "- - - ... ```" 500 levels deep ran a 256 KiB stack
      // out (a description may hold 100,000 characters). No page needs such nesting.
      return MarkdownText.codeBlock(text, "text");
    }
    List<String> parts = out.length() > MAX_PARSED ? parts(out) : List.of(out);
    String mended = mended(parts);
    return mended == null ? MarkdownText.codeBlock(text, "text") : mended;
  }

  /**
   * Whether the parser reads {@code text}: the parse costs ~50 times the lines' walk, so it reads
   * only what the lines may read otherwise (a fence beside a list item, quote or HTML block), what
   * a browser may read on (a comment, a raw-text element, a quoted attribute, a tag over a line's
   * end) and a text that opens an element it must close.
   */
  private static boolean read(String text) {
    boolean fences = text.indexOf("```") >= 0 || text.indexOf("~~~") >= 0;
    return fences && CONTAINER_OR_HTML_LINE.matcher(text).find()
        || RAW_HTML_RISK.matcher(text).find()
        || OpenElements.opensAnElement(text);
  }

  /**
   * The mended text of {@code parts} (text, separator, text, ...: see {@link #parts}), or null when
   * it does not settle in {@link #ROUNDS} rounds. Each round mends each part once (a fence or HTML
   * block closed, the {@code <} of a construct a browser reads on through escaped); a round that
   * mends none escapes the {@code <} of the elements left open ({@link OpenElements}), followed
   * across the parts in order.
   */
  private static String mended(List<String> parts) {
    int n = (parts.size() + 1) / 2;
    String[] text = new String[n];
    boolean[] parse = new boolean[n];
    for (int k = 0; k < n; k++) {
      String part = parts.get(2 * k);
      text[k] = part;
      if (n == 1 && part.length() <= MAX_PARSED) {
        parse[k] = true; // read and checked by closed()
      } else if (part.length() > MAX_PARSED) {
        // One block longer than the parser reads (no blank line to part it at): shown as code when
        // it holds what a parse would check, unless it is one fenced code block, which holds no
        // markdown or HTML to mend. Its end tags are not followed: they close nothing.
        text[k] = !read(part) || isOneFence(part) ? part : MarkdownText.codeBlock(part, "text");
      } else if (!read(part) && !HAS_END_TAG.matcher(part).find()) {
        continue; // an end tag in a part may close what an earlier one opened
      } else if (nestedTooDeep(part)) {
        text[k] = MarkdownText.codeBlock(part, "text");
      } else {
        parse[k] = true;
      }
    }
    Document[] documents = new Document[n];
    long parsed = 0;
    for (int round = 0; round < ROUNDS; round++) {
      boolean changed = false;
      OpenElements elements = new OpenElements();
      for (int k = 0; k < n; k++) {
        if (!parse[k]) {
          continue;
        }
        try {
          if (documents[k] == null) {
            parsed += text[k].length();
            if (parsed > PARSE_BUDGET) {
              return null; // what a short text may cost at most: shown as code, as below
            }
            documents[k] = PARSER.parse(asCommonMarkReads(text[k]));
          }
        } catch (StackOverflowError e) {
          return null; // a nesting nestedTooDeep does not foresee: shown as code
        }
        String next = mended(text[k], documents[k]);
        if (next == null) {
          return null;
        }
        if (next != text[k]) {
          text[k] = next;
          documents[k] = null;
          changed = true;
        } else {
          elements.follow(documents[k], k);
        }
      }
      if (!changed) {
        if (elements.tooDeep()) {
          return null;
        }
        List<List<Integer>> left = elements.leftOpen(n);
        for (int k = 0; k < n; k++) {
          List<Integer> at = left.get(k);
          if (at.isEmpty()) {
            continue;
          }
          StringBuilder b = new StringBuilder(text[k]);
          for (int i = at.size() - 1; i >= 0; i--) {
            if (b.charAt(at.get(i)) != '<') {
              return null;
            }
            b.insert((int) at.get(i), '\\');
          }
          text[k] = b.toString();
          documents[k] = null;
          changed = true;
        }
      }
      if (!changed) {
        StringBuilder out = new StringBuilder(text[0]);
        for (int k = 1; k < n; k++) {
          out.append(parts.get(2 * k - 1)).append(text[k]);
        }
        return n == 1 ? text[0] : out.toString();
      }
    }
    return null;
  }

  /**
   * {@code text} cut where a line that starts at its first column follows a blank line outside a
   * fence or an HTML block that runs to an end marker: there every list item and block quote before
   * has ended and nothing the text opened runs on, so CommonMark reads each part as it reads it in
   * the whole (but for the references it defines; a reference is no raw HTML). Parts are joined up
   * to {@link #MAX_PARSED} characters each; a block longer stays one part. Returned as text,
   * separator (the line break and blank lines between), text, ...
   */
  static List<String> parts(String text) {
    LineWalk walk = new LineWalk();
    List<int[]> cuts = new ArrayList<>(); // {end of one part's text, start of the next}
    int partStart = 0;
    int[] pending = null; // the last cut that keeps the part within MAX_PARSED
    int contentEnd = 0; // the end of the last line that is not blank
    boolean blankBefore = false;
    int n = text.length();
    for (int start = 0; start <= n; ) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      boolean blank = true;
      for (int i = start; i < end && blank; i++) {
        blank = text.charAt(i) == ' ' || text.charAt(i) == '\t';
      }
      if (!blank && blankBefore && !walk.inside() && start > partStart) {
        char first = text.charAt(start);
        if (first != ' ' && first != '\t') {
          int[] cut = {contentEnd, start};
          if (cut[0] - partStart > MAX_PARSED && pending != null) {
            cuts.add(pending);
            partStart = pending[1];
            pending = null;
          }
          if (cut[0] - partStart > MAX_PARSED) {
            cuts.add(cut); // a block longer than the parser reads: a part of its own
            partStart = cut[1];
          } else {
            pending = cut;
          }
        }
      }
      walk.follow(text.substring(start, end));
      if (!blank) {
        contentEnd = end;
      }
      blankBefore = blank;
      start = end + 1;
    }
    if (n - partStart > MAX_PARSED && pending != null) {
      cuts.add(pending);
    }
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int[] cut : cuts) {
      parts.add(text.substring(from, cut[0]));
      parts.add(text.substring(cut[0], cut[1]));
      from = cut[1];
    }
    parts.add(text.substring(from));
    return parts;
  }

  /**
   * Whether {@code text} is one fenced code block and nothing else, as the lines and CommonMark
   * read it alike (no U+2028, U+2029 or U+0085, which a parser may read as a line break).
   */
  static boolean isOneFence(String text) {
    if (text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0 || text.indexOf('\u0085') >= 0) {
      return false;
    }
    String[] lines = text.split("\n", -1);
    LineWalk walk = new LineWalk();
    walk.follow(lines[0]);
    if (walk.fence == 0 || walk.itemIndent != 0) {
      return false;
    }
    int last = lines.length - 1;
    if (lines[last].isEmpty() && last > 1) {
      last--;
    }
    for (int i = 1; i < last; i++) {
      if (closes(lines[i], walk.fence, walk.fenceLength)) {
        return false;
      }
    }
    return last > 0 && closes(lines[last], walk.fence, walk.fenceLength);
  }

  /**
   * The most characters the parser reads for one text: as many as {@link #ROUNDS} reads of a text
   * of {@link #MAX_PARSED} (a long text read part by part costs at most what a short one does).
   */
  private static final long PARSE_BUDGET = (long) OpenBlocks.ROUNDS * OpenBlocks.MAX_PARSED;

  /** An end tag. */
  private static final Pattern HAS_END_TAG = Pattern.compile("</[A-Za-z]");

  /** The longest text the parser reads (in UTF-16 units). */
  static final int MAX_PARSED = 16_384;

  /** The most characters of list markers, quote markers and indentation a line may start with. */
  static final int MAX_NESTING_PREFIX = 200;

  /**
   * Whether a line starts with more than {@link #MAX_NESTING_PREFIX} characters that nest blocks
   * (spaces, tabs, {@code >}, list markers): each level of a list or quote takes at least one.
   */
  static boolean nestedTooDeep(String text) {
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        run = 0;
      } else if (run >= 0 && " \t>-+*.)0123456789".indexOf(c) >= 0) {
        if (++run > MAX_NESTING_PREFIX) {
          return true;
        }
      } else {
        run = -1; // past the line's start
      }
    }
    return false;
  }

  /** A line that starts a list item, a block quote or an HTML block. */
  private static final Pattern CONTAINER_OR_HTML_LINE =
      Pattern.compile("(?m)^ {0,3}(?:[>*+-]|\\d{1,9}[.)])(?:[ \t]|$)|^ {0,3}<");

  /**
   * Raw HTML a browser may read on past the text's end: a comment, a raw-text element, a tag with a
   * quoted attribute value, or a tag that runs over a line's end.
   */
  private static final Pattern RAW_HTML_RISK =
      Pattern.compile(
          "(?i)<(?:!--|script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)"
              + "|<[a-z][^<>\n]*=\\s*[\"']|<[a-z][^<>]*\n");

  /** How many mends {@link #closed} makes before it shows the text as a code block instead. */
  private static final int ROUNDS = 8;

  /** A CommonMark parser, to read the text as a renderer would after its lines were followed. */
  private static final Parser PARSER = Parser.builder().build();

  /**
   * {@code text} itself when CommonMark ({@code document}: the parse of {@link #asCommonMarkReads}
   * of it) leaves no fence open at its end and the raw HTML it passes through leaves nothing open
   * ({@link RawHtmlScan}); else {@code text} with one of them mended (the fence closed, the {@code
   * <} escaped), or null when it cannot be.
   */
  private static String mended(String text, Document document) {
    if (document.getLastChild() instanceof FencedCodeBlock fence
        && fence.getClosingMarker().isEmpty()) {
      return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + fence.getOpeningMarker();
    }
    if (document.getLastChild() instanceof HtmlBlockBase html) {
      String end = endLeftOut(html.getChars().toString());
      if (end != null) {
        return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + end;
      }
    }
    int at = RawHtmlScan.openedAt(document);
    if (at < 0) {
      return text;
    }
    return at < text.length() && text.charAt(at) == '<'
        ? text.substring(0, at) + "\\" + text.substring(at)
        : null;
  }

  /**
   * {@code text} with what the parser reads otherwise than CommonMark replaced by characters it
   * reads alike, each by one of the same length (offsets stay): U+2028, U+2029 and U+0085, no line
   * break or space to CommonMark, are read as one by the parser on a fence's closing line; and a
   * {@code ~} in a tilde fence's info string ({@code ~~~ ~}), which CommonMark allows, makes the
   * line no fence to the parser. That line is a fence's opening in CommonMark, and no closing one
   * either way, so its {@code ~} after the fence is read as an {@code x}.
   */
  static String asCommonMarkReads(String text) {
    String t =
        text.replace('\u2028', '\uFFFD').replace('\u2029', '\uFFFD').replace('\u0085', '\uFFFD');
    Matcher m = TILDE_INFO.matcher(t);
    if (!m.find()) {
      return t;
    }
    StringBuilder out = new StringBuilder(t);
    do {
      for (int i = m.start(2); i < m.end(2); i++) {
        if (out.charAt(i) == '~') {
          out.setCharAt(i, 'x');
        }
      }
    } while (m.find());
    return out.toString();
  }

  /** A line with a run of three or more tildes, and a tilde after it (group 2: the rest). */
  private static final Pattern TILDE_INFO =
      Pattern.compile("(?m)^([^\n~]*?~{3,})([^\n~]+~[^\n]*)$");

  /**
   * The end marker of an HTML block that runs to one (a comment, {@code <?}, {@code <!X}, CDATA, a
   * raw-text element) when {@code block} opens such a block and does not reach it; else null. A
   * block that ends the text and runs on would take the page's next heading into it.
   */
  private static String endLeftOut(String block) {
    int nl = block.indexOf('\n');
    Matcher raw = RAW_BLOCK.matcher(nl < 0 ? block : block.substring(0, nl));
    if (!raw.find()) {
      return null;
    }
    String rest = block.substring(raw.end());
    if (raw.group(1) != null) {
      return RAW_END.matcher(rest).find()
          ? null
          : "</" + raw.group(1).toLowerCase(java.util.Locale.ROOT) + ">";
    }
    String open = raw.group();
    String end =
        open.endsWith("<!--")
            ? "-->"
            : open.endsWith("<?") ? "?>" : open.endsWith("[CDATA[") ? "]]>" : ">";
    return rest.contains(end) ? null : end;
  }

  /** What {@link #closed} makes of {@code text} following its lines. */
  private static String closedByLines(String text) {
    LineWalk walk = new LineWalk();
    int details = 0;
    int start = 0;
    int n = text.length();
    while (start <= n) {
      int nl = text.indexOf('\n', start);
      String line = text.substring(start, nl < 0 ? n : nl);
      start = nl < 0 ? n + 1 : nl + 1;
      if (walk.follow(line)) {
        Matcher d = DETAILS.matcher(line);
        while (d.find()) {
          details = d.group(1).isEmpty() ? details + 1 : Math.max(0, details - 1);
        }
      }
    }
    // A fence opened on a list item's line ends with the item, as the page's next heading ends it:
    // nothing to add (a fence line at the first column would end the item and open a fence).
    char fence = walk.itemIndent == 0 ? walk.fence : 0;
    int fenceLength = walk.fenceLength;
    String closing = walk.closing;
    if (fence == 0 && closing == null && details == 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      out.append('\n');
    }
    if (fence != 0) {
      out.append(String.valueOf(fence).repeat(fenceLength));
    } else if (closing != null) {
      out.append(closing);
    }
    for (int i = 0; i < details; i++) {
      out.append(out.charAt(out.length() - 1) == '\n' ? "" : "\n").append("</details>");
    }
    return out.toString();
  }

  /** Whether {@code line} holds the end marker {@code end} of an HTML block. */
  static boolean ends(String line, String end) {
    return end.startsWith("</") ? RAW_END.matcher(line).find() : line.contains(end);
  }

  /** Whether {@code line} closes a fence of {@code length} {@code c}s. */
  static boolean closes(String line, char c, int length) {
    int i = 0;
    while (i < line.length() && i < 4 && line.charAt(i) == ' ') {
      i++;
    }
    if (i > 3) {
      return false;
    }
    int run = 0;
    while (i < line.length() && line.charAt(i) == c) {
      run++;
      i++;
    }
    // Spaces and tabs only: CommonMark ends no fence on a line with an em space or U+2028 after it.
    return run >= length && line.substring(i).chars().allMatch(x -> x == ' ' || x == '\t');
  }
}
