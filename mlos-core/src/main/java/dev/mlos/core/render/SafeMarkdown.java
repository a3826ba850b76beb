package dev.mlos.core.render;

import com.vladsch.flexmark.ast.AutoLink;
import com.vladsch.flexmark.ast.Code;
import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.HtmlBlockBase;
import com.vladsch.flexmark.ast.HtmlInlineBase;
import com.vladsch.flexmark.ast.Image;
import com.vladsch.flexmark.ast.IndentedCodeBlock;
import com.vladsch.flexmark.ast.Link;
import com.vladsch.flexmark.ast.Reference;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.sequence.Escaping;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
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
    TreeSet<Integer> entity = new TreeSet<>();
    TreeMap<Integer, Integer> verbatim = new TreeMap<>();
    for (Node node : document.getDescendants()) {
      int start = node.getStartOffset();
      if (node instanceof Code
          || node instanceof FencedCodeBlock
          || node instanceof IndentedCodeBlock
          || node instanceof HtmlBlockBase
          || node instanceof HtmlInlineBase) {
        if (node instanceof Code
            && (followsABareUrl(text, start)
                || FOOTNOTE_LINE.matcher(text).region(start, node.getEndOffset()).find())) {
          // A GFM reader takes the backtick into the bare URL before it, or ends the paragraph at
          // a footnote's line: no code span there, so its text is read as markdown, and each '<'
          // in it may open a tag.
          for (int i = text.indexOf('<', start); i >= 0 && i < node.getEndOffset(); ) {
            entity.add(i);
            i = text.indexOf('<', i + 1);
          }
        } else {
          verbatim.put(start, Math.max(node.getEndOffset(), verbatim.getOrDefault(start, start)));
        }
      }
      if (node instanceof Reference && text.startsWith("[^", start)) {
        // A footnote for a GFM reader, whose text is markdown: a tag in it is raw HTML there.
        for (int i = text.indexOf('<', start); i >= 0 && i + 1 < node.getEndOffset(); ) {
          char c = text.charAt(i + 1);
          if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?') {
            (followsABareUrl(text, i) ? entity : at).add(i);
          }
          i = text.indexOf('<', i + 1);
        }
      }
      char opening =
          node instanceof HtmlBlockBase || node instanceof HtmlInlineBase
              ? '<'
              : isUnsafeLink(node) ? node instanceof AutoLink ? '<' : '[' : 0;
      if (opening != 0) {
        int i = text.indexOf(opening, start);
        if (i < 0 || i >= node.getEndOffset()) {
          return null;
        }
        (followsABareUrl(text, i) ? entity : at).add(i);
      }
    }
    if (at.isEmpty() && entity.isEmpty()) {
      // What this parser reads is escaped; now what other readers may read otherwise.
      int from = 0;
      for (var code : verbatim.entrySet()) {
        if (code.getKey() > from) {
          textEscapes(text, from, code.getKey(), at, entity);
        }
        from = Math.max(from, code.getValue());
      }
      textEscapes(text, from, text.length(), at, entity);
    }
    if (at.isEmpty() && entity.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + at.size() + 4 * entity.size());
    int copied = 0;
    TreeSet<Integer> all = new TreeSet<>(at);
    all.addAll(entity);
    for (int i : all) {
      if (i < copied) {
        continue; // the '<' or '[' of a "\<" or "\[" already written as an entity
      }
      out.append(text, copied, i);
      if (!entity.contains(i)) {
        out.append('\\');
        copied = i;
      } else {
        boolean pair = text.charAt(i) == '\\';
        out.append(ENTITY.get(text.charAt(pair ? i + 1 : i)));
        copied = i + (pair ? 2 : 1);
      }
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * Adds the escapes the text between {@code from} and {@code to} (outside code and raw HTML) needs
   * for other readers than this parser (flexmark, CommonMark 0.29). A {@code \\<} or {@code \\[}
   * that follows a bare URL ({@link #followsABareUrl}) goes to {@code entity}: a GFM renderer
   * (GitHub's cmark-gfm, micromark) or markdown-it with linkify reads a bare URL ({@code
   * www.a.com/}, {@code http://a.b/}) on to the next whitespace or {@code <}, taking the backslash
   * into the link, so the {@code <} after it began raw HTML or an autolink there ({@code
   * http://a.b/\\<img src=x onerror=...>}); written {@code &lt;}, it is text in every reader. A
   * {@code <} that CommonMark 0.30 and later read as raw HTML where 0.29 reads text goes to {@code
   * at} (or {@code entity}, as {@link #escaped} chooses): a declaration of any case ({@code
   * <!doctype}, {@code <!x hidden>}, which a browser hides as it hides a comment, and which opens
   * an HTML block to the next {@code >}), and the block tags {@code textarea} and {@code search},
   * whose HTML block takes the lines after it raw.
   */
  private static void textEscapes(
      String text, int from, int to, TreeSet<Integer> at, TreeSet<Integer> entity) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < to) {
        char e = text.charAt(i + 1);
        if (e == '<' && followsABareUrl(text, i)
            || (e == '[' || e == ']') && followsABareUrl(text, i)) {
          entity.add(i);
        }
        i++;
      } else if (c == ']'
          && i + 1 < to
          && (text.charAt(i + 1) == '(' || text.charAt(i + 1) == ':' && !isFootnoteLabel(text, i))
          && closesUnsafeLink(text, i)) {
        (followsABareUrl(text, i) ? entity : at).add(i);
      } else if (c == '<'
          && (opensNewerHtml(text, i + 1) || opensTag(text, i) || opensUnsafeAutolink(text, i))) {
        (followsABareUrl(text, i) ? entity : at).add(i);
      }
    }
  }

  /**
   * Whether what follows a {@code <} at {@code i} makes it raw HTML for CommonMark 0.30 or later
   * only, or that this parser does not take across lines: {@code ?} (a processing instruction),
   * {@code !} and an ASCII letter, {@code -} or {@code [} (a declaration, a comment that holds
   * {@code --}, CDATA), or the tag name {@code textarea} or {@code search} (any case) followed by
   * whitespace, {@code >}, {@code /} or the end.
   */
  private static boolean opensNewerHtml(String text, int i) {
    if (i < text.length() && text.charAt(i) == '?') {
      return true;
    }
    if (i + 1 < text.length() && text.charAt(i) == '!') {
      char l = text.charAt(i + 1);
      return l >= 'a' && l <= 'z' || l >= 'A' && l <= 'Z' || l == '-' || l == '[';
    }
    for (String name : NEWER_BLOCK_TAGS) {
      int end = i + name.length();
      if (text.regionMatches(true, i, name, 0, name.length())
          && (end == text.length()
              || Character.isWhitespace(text.charAt(end))
              || text.charAt(end) == '>'
              || text.charAt(end) == '/')) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the text before {@code at}, back to the last whitespace, holds the start of a bare URL
   * or address ({@code ://}, {@code www.}, {@code @}) that a GFM reader or markdown-it with linkify
   * reads on to the next whitespace or {@code <}, through the character at {@code at}; a word
   * longer than 2,048 characters is taken as one, unread.
   */
  private static boolean followsABareUrl(String text, int at) {
    for (int i = at - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        return false;
      }
      if (at - i > 2048
          || c == '@'
          || c == ':' && text.startsWith("//", i + 1)
          || c == '.' && i >= 3 && text.regionMatches(true, i - 3, "www", 0, 3)) {
        return true; // a word longer than 2,048 characters is taken as one
      }
    }
    return false;
  }

  /** What a character escaped where a backslash may be read into a bare URL is written as. */
  private static final java.util.Map<Character, String> ENTITY =
      java.util.Map.of('<', "&lt;", '[', "&#91;", ']', "&#93;");

  /** The longest link destination {@link #textEscapes} reads; a longer one is taken as unsafe. */
  private static final int MAX_DESTINATION = 256;

  /**
   * Whether the {@code ](} or {@code ]:} at {@code i} is followed by a destination that is not
   * {@link #isSafeDestination safe}, read after any whitespace up to whitespace or a bracket, as
   * any reader may take it (a {@code ]:} of a footnote, {@code [^...]:}, is not read).
   */
  private static boolean closesUnsafeLink(String text, int i) {
    int j = i + 2;
    int n = text.length();
    while (j < n && j - i < MAX_DESTINATION && Character.isWhitespace(text.charAt(j))) {
      j++;
    }
    if (j < n && text.charAt(j) == '<') {
      j++;
    }
    int end = j;
    while (end < n && end - j < MAX_DESTINATION && !endsDestination(text.charAt(end))) {
      end++;
    }
    if (end - j >= MAX_DESTINATION || j - i >= MAX_DESTINATION) {
      return true;
    }
    return !isSafeDestination(text.substring(j, end));
  }

  /** Whether {@code c} ends what {@link #closesUnsafeLink} reads (the scheme is before it). */
  private static boolean endsDestination(char c) {
    return Character.isWhitespace(c) || "()[]<>".indexOf(c) >= 0;
  }

  /** Whether the {@code ]} at {@code i} ends a label that starts {@code [^} on its line. */
  private static boolean isFootnoteLabel(String text, int i) {
    for (int open = i - 1; open >= 0 && i - open <= 1024 && text.charAt(open) != '\n'; open--) {
      if (text.charAt(open) == '[') {
        return open + 1 < i && text.charAt(open + 1) == '^';
      }
    }
    return false;
  }

  /** An open or closing tag as CommonMark 0.31 reads one, its attributes on any lines. */
  private static final java.util.regex.Pattern TAG =
      java.util.regex.Pattern.compile(
          "</[A-Za-z][A-Za-z0-9-]*+\\s*+>|<[A-Za-z][A-Za-z0-9-]*+(?:\\s++[A-Za-z_:][A-Za-z0-9_.:-]*+"
              + "(?:\\s*+=\\s*+(?:[^\"'=<>`\\s]++|'[^']*+'|\"[^\"]*+\"))?+)*+\\s*+/?>");

  /**
   * Whether a tag starts at {@code i} (read up to 512 characters), which this parser may not read
   * as one where it stands (inside a link's brackets or destination) though other readers do.
   */
  private static boolean opensTag(String text, int i) {
    return TAG.matcher(text).region(i, Math.min(text.length(), i + 512)).lookingAt();
  }

  /** A line that starts a footnote for a GFM reader, which ends the paragraph before it. */
  private static final java.util.regex.Pattern FOOTNOTE_LINE =
      java.util.regex.Pattern.compile("\n {0,3}\\[\\^[^\\]\n]+\\]:");

  /** An autolink as CommonMark reads one: a scheme of 2 to 32 characters, then no space or '<'. */
  private static final java.util.regex.Pattern AUTOLINK =
      java.util.regex.Pattern.compile("<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\\s<>]*)>");

  /**
   * Whether an autolink of another scheme than http, https or mailto starts at {@code i}, which
   * this parser may not read as one (inside a link's brackets) though other readers do.
   */
  private static boolean opensUnsafeAutolink(String text, int i) {
    java.util.regex.Matcher m = AUTOLINK.matcher(text).region(i, Math.min(text.length(), i + 4096));
    return m.lookingAt() && !isSafeDestination(m.group(1));
  }

  /** HTML block tags CommonMark added after 0.29, which this parser reads. */
  private static final List<String> NEWER_BLOCK_TAGS = List.of("textarea", "search");

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
