package dev.mlos.core.render;

import com.vladsch.flexmark.ast.AutoLink;
import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.HtmlBlockBase;
import com.vladsch.flexmark.ast.HtmlInlineBase;
import com.vladsch.flexmark.ast.Image;
import com.vladsch.flexmark.ast.Link;
import com.vladsch.flexmark.ast.Reference;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.sequence.Escaping;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Markdown a person or an agent wrote (a need's description, a record's text), made safe for every
 * viewer of a page: its raw HTML is shown as the text it is, and a link whose destination is no
 * http, https or mailto address and no relative path is shown as text, not followed.
 *
 * <p>Any row may be hostile: a prompt-injected agent writes a description, a teammate's viewer
 * renders the page. GitHub sanitises what it renders; VS Code's preview, a static-site generator,
 * an internal wiki or an agent's own renderer may not, and ran {@code <img src=x onerror=...>},
 * followed {@code [here](javascript:...)}, or hid an {@code <!-- instruction -->} from the person
 * reviewing the page but not from the agent that reads its markdown. So what CommonMark reads as
 * raw HTML (an HTML block, inline HTML, a comment) gets its {@code <} escaped with a backslash; a
 * link, image, autolink or link reference definition whose destination, as a browser reads it
 * (backslash escapes and character references decoded, percent-escapes decoded, whitespace and
 * control characters dropped, any case), starts with another scheme ({@code javascript:}, {@code
 * data:}, {@code vbscript:}, {@code file:}, ...) gets its {@code [} (or {@code <}) escaped. A link
 * to a definition so escaped resolves to nothing and is text as well.
 *
 * <p>Most texts hold no {@code <}, {@code ](} or {@code ]:}, without which CommonMark reads no raw
 * HTML, link or definition: they are returned as they are, without a parse. Text with only safe
 * links and no HTML is returned as it is too, after one parse. The escapes are made in rounds (an
 * HTML block made a paragraph shows the inline HTML inside it to the next round); a text not
 * settled in {@link #ROUNDS} rounds, over the parse budget, or nested too deep to parse is shown as
 * a code block.
 */
final class SafeMarkdown {
  private SafeMarkdown() {}

  /** How many rounds of escapes {@link #of} makes before it shows the text as a code block. */
  private static final int ROUNDS = 8;

  /** The most characters the parser reads for one text. */
  private static final long PARSE_BUDGET = 16L * OpenBlocks.MAX_PARSED;

  /** The schemes a link may have; any other is shown as text. */
  private static final Set<String> SAFE_SCHEMES = Set.of("http", "https", "mailto");

  private static final Parser PARSER = Parser.builder().build();

  /**
   * Whether {@code text} may hold raw HTML, a link or a link reference definition: CommonMark reads
   * none without a {@code <} (a tag, a comment, an autolink), a {@code ](} (an inline link or
   * image) or a {@code ]:} (a definition; a reference link resolves only to one).
   */
  static boolean mayHoldMarkup(String text) {
    if (text.indexOf('<') >= 0) {
      return true;
    }
    // Every description reaches here (the benchmark's hold no '<' or ']'): two indexOf scans, no
    // parse and no copy; ']' is searched for rather than two substrings.
    int n = text.length();
    for (int i = text.indexOf(']'); i >= 0 && i + 1 < n; i = text.indexOf(']', i + 1)) {
      char next = text.charAt(i + 1);
      if (next == '(' || next == ':') {
        return true;
      }
    }
    return false;
  }

  /**
   * What {@code mlos.block} writes of {@code text}: {@link #of} it, then what it leaves open closed
   * ({@link OpenBlocks#closed}: a fence left open), and {@link #of} that again when closing changed
   * it. Escaped first, the raw HTML a text opens and never closes ({@code <!-- ...}, {@code
   * <details>}) is shown as the text it is, with no end marker added that its author never wrote.
   */
  static String block(String text) {
    String safe = of(text);
    String closed = OpenBlocks.closed(safe);
    return closed.equals(safe) ? closed : of(closed);
  }

  /** {@code text} with its raw HTML and its links of other schemes shown as text. */
  static String of(String text) {
    if (!mayHoldMarkup(text)) {
      return text;
    }
    if (text.length() <= OpenBlocks.MAX_PARSED && OpenBlocks.nestedTooDeep(text)) {
      return MarkdownText.codeBlock(text, "text");
    }
    List<String> parts =
        text.length() > OpenBlocks.MAX_PARSED ? OpenBlocks.parts(text) : List.of(text);
    int n = (parts.size() + 1) / 2;
    String[] part = new String[n];
    boolean changedAny = false;
    long parsed = 0;
    for (int k = 0; k < n; k++) {
      String p = parts.get(2 * k);
      if (!mayHoldMarkup(p)) {
        part[k] = p;
        continue;
      }
      if (p.length() > OpenBlocks.MAX_PARSED || OpenBlocks.nestedTooDeep(p)) {
        // One block longer than the parser reads: shown as code unless it is one code block.
        part[k] = OpenBlocks.isOneFence(p) ? p : MarkdownText.codeBlock(p, "text");
        changedAny |= part[k] != p;
        continue;
      }
      String done = p;
      int round = 0;
      while (true) {
        if (round++ == ROUNDS || (parsed += done.length()) > PARSE_BUDGET) {
          return MarkdownText.codeBlock(text, "text");
        }
        Document document;
        try {
          document = PARSER.parse(OpenBlocks.asCommonMarkReads(done));
        } catch (StackOverflowError e) {
          return MarkdownText.codeBlock(text, "text");
        }
        String next = escaped(done, document);
        if (next == null) {
          return MarkdownText.codeBlock(text, "text");
        }
        if (next.equals(done)) {
          break;
        }
        done = next;
      }
      part[k] = done;
      changedAny |= done != p;
    }
    if (!changedAny) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(part[0]);
    for (int k = 1; k < n; k++) {
      out.append(parts.get(2 * k - 1)).append(part[k]);
    }
    return out.toString();
  }

  /**
   * {@code text} with a backslash before the {@code <} of each piece of raw HTML and the opening of
   * each link of another scheme that {@code document} (its parse) holds, and a fence those escapes
   * left open (an HTML block holding a fence's line becomes a paragraph) closed; {@code text}
   * itself when there is none, or null when a place to escape is not where the parse puts it.
   */
  private static String escaped(String text, Document document) {
    if (document.getLastChild() instanceof FencedCodeBlock fence
        && fence.getClosingMarker().isEmpty()) {
      // A fence left open (by the text, or by an escape: an HTML block holding a fence's line
      // became a paragraph) runs on through the rest of the page.
      return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + fence.getOpeningMarker();
    }
    TreeSet<Integer> at = new TreeSet<>();
    for (Node node : document.getDescendants()) {
      int start = node.getStartOffset();
      char opening =
          node instanceof HtmlBlockBase || node instanceof HtmlInlineBase
              ? '<'
              : isUnsafeLink(node) ? node instanceof AutoLink ? '<' : '[' : 0;
      if (opening != 0) {
        int i = text.indexOf(opening, start);
        if (i < 0 || i >= node.getEndOffset()) {
          return null;
        }
        at.add(i);
      }
    }
    if (at.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + at.size());
    int copied = 0;
    for (int i : at) {
      out.append(text, copied, i).append('\\');
      copied = i;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * Whether {@code node} is a link, image, link reference definition or autolink whose destination
   * is not {@link #isSafeDestination safe}.
   */
  private static boolean isUnsafeLink(Node node) {
    return node instanceof Link link && !isSafeDestination(link.getUrl().toString())
        || node instanceof Image image && !isSafeDestination(image.getUrl().toString())
        || node instanceof Reference ref && !isSafeDestination(ref.getUrl().toString())
        || node instanceof AutoLink && !isSafeDestination(autolinkTarget(node));
  }

  /** An autolink's destination: its text between {@code <} and {@code >}. */
  private static String autolinkTarget(Node node) {
    String s = node.getChars().toString();
    int from = s.startsWith("<") ? 1 : 0;
    int to = s.endsWith(">") ? s.length() - 1 : s.length();
    return s.substring(from, Math.max(from, to));
  }

  /**
   * Whether a link to {@code destination} (as written in the markdown) leads to an http, https or
   * mailto address or to a relative path. It is read as a browser or a lenient viewer reads it:
   * angle brackets dropped, backslash escapes and character references decoded ({@code
   * jav&#x61;script:}), percent-escapes decoded ({@code javascript%3A}), both again until nothing
   * changes ({@code javascript&amp;colon;}, for a viewer that decodes twice), whitespace and
   * control characters dropped ({@code java\tscript:}; a browser removes tabs and line breaks from
   * a URL), in any case. A colon before any {@code /}, {@code ?} or {@code #} names a scheme, which
   * must be one of the three; a destination without one is relative.
   */
  static boolean isSafeDestination(String destination) {
    String d = destination.strip();
    if (d.startsWith("<") && d.endsWith(">") && d.length() >= 2) {
      d = d.substring(1, d.length() - 1);
    }
    // Decoded until nothing changes (at most four times over): a viewer that writes the
    // destination into HTML without escaping its '&' has the browser decode it once more.
    for (int i = 0; i < 4; i++) {
      String decoded = percentDecoded(Escaping.unescapeString(d));
      if (decoded.equals(d)) {
        break;
      }
      d = decoded;
    }
    StringBuilder scheme = new StringBuilder();
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (c == ':') {
        return SAFE_SCHEMES.contains(scheme.toString().toLowerCase(Locale.ROOT));
      }
      if (c == '/' || c == '?' || c == '#') {
        return true;
      }
      if (!isDropped(c)) {
        scheme.append(c);
      }
    }
    return true;
  }

  /**
   * A character a lenient reader of a URL may drop: whitespace, C0 and C1 controls, DEL, and the
   * invisible format characters (U+200B, U+FEFF, bidirectional controls).
   */
  private static boolean isDropped(char c) {
    return c <= ' '
        || c >= 0x7F && c <= 0x9F
        || Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || Character.getType(c) == Character.FORMAT;
  }

  /** {@code s} with each {@code %XX} (hex) made the byte it names, read as ISO-8859-1. */
  private static String percentDecoded(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
      int lo = hi >= 0 ? hex(s.charAt(i + 2)) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        out.append((char) (hi * 16 + lo));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The value of ASCII hex digit {@code c}, or -1. */
  private static int hex(char c) {
    return c >= '0' && c <= '9'
        ? c - '0'
        : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /**
   * Whether {@code document} (a paragraph parsed for a summary) holds raw HTML, or a link, image,
   * definition or autolink of another scheme than http, https or mailto.
   */
  static boolean holdsUnsafeMarkup(Node document) {
    for (Node node : document.getDescendants()) {
      if (node instanceof HtmlBlockBase || node instanceof HtmlInlineBase || isUnsafeLink(node)) {
        return true;
      }
    }
    return false;
  }
}
