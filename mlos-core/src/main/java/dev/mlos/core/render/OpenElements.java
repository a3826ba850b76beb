package dev.mlos.core.render;

import com.vladsch.flexmark.ast.HtmlBlockBase;
import com.vladsch.flexmark.ast.HtmlInlineBase;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Follows the elements that a text's raw HTML opens and closes (HTML blocks and inline HTML, in
 * document order, across the parts of a long text) to find those it leaves open. An element left
 * open runs on past the text in the HTML a page becomes: {@code <s>} or {@code <a href>} struck
 * through or linked the rest of a need's page (a browser reopens them in every later paragraph), a
 * {@code <div hidden>} or {@code <template>} hid it, a {@code <blockquote>} quoted it. Markdown
 * cannot close them for the text: they are shown as the text they are, their {@code <} escaped.
 *
 * <p>The rule is one for every element, kept simple to predict: what a text opens, it closes. Void
 * elements ({@code <br>}, {@code <img>}, ...) close themselves; {@code <p>} and the parts of a
 * table are closed by the page (its next heading, the table's end); {@code <li>}, {@code <dt>},
 * {@code <dd>} and the like are closed with the element around them or by their next sibling. An
 * end tag closes the nearest element of its name that is open; the elements inside that it does not
 * close stay open, as a browser keeps {@code <b>} from {@code <div><b></div>} to reopen it.
 */
final class OpenElements {
  /** Elements that have no content and no end tag. */
  static final Set<String> VOID =
      Set.of(
          "area",
          "base",
          "br",
          "col",
          "embed",
          "hr",
          "img",
          "input",
          "link",
          "meta",
          "param",
          "source",
          "track",
          "wbr",
          "keygen",
          "frame",
          "basefont",
          "bgsound",
          "image");

  /**
   * Elements a browser ignores outside their place or the page closes ({@code <p>} at the next
   * heading): never reported left open.
   */
  static final Set<String> CLOSED_BY_THE_PAGE =
      Set.of(
          "p",
          "td",
          "th",
          "tr",
          "tbody",
          "thead",
          "tfoot",
          "colgroup",
          "caption",
          "html",
          "head",
          "body");

  /** Elements whose end tag may be left out: closed with the element around them. */
  private static final Set<String> IMPLIED_END =
      Set.of("li", "dt", "dd", "option", "optgroup", "rb", "rt", "rtc", "rp");

  /**
   * Whether a browser reads the element's content as text: up to its own end tag (as {@link
   * RawHtmlScan#RAW_TEXT} lists them), or to the end of the page ({@code <plaintext>}).
   */
  private static boolean rawText(String name) {
    return RawHtmlScan.RAW_TEXT.contains(name) || name.equals("plaintext");
  }

  /** An element a part's raw HTML opened: its name, the part and the {@code <} to escape there. */
  private record Open(String name, int part, int at) {}

  private final List<Open> open = new ArrayList<>();

  /**
   * The most elements open at once: an end tag looks for its element among them, and no page needs
   * more (a text of 30,000 {@code <b>} and then their end tags made that quadratic).
   */
  static final int MAX_OPEN = 1_000;

  private boolean tooDeep;

  /** Whether more than {@link #MAX_OPEN} elements were open at once: the text is shown as code. */
  boolean tooDeep() {
    return tooDeep;
  }

  /** How many of {@link #open} are {@code <svg>} or {@code <math>}. */
  private int foreign;

  /** The raw-text element the previous fragment left open, or null. */
  private String raw;

  /** Whether an opening tag of {@code text} names an element that must be closed. */
  static boolean opensAnElement(String text) {
    for (int i = text.indexOf('<'); i >= 0 && i + 1 < text.length(); i = text.indexOf('<', i + 1)) {
      int end = i + 1;
      while (end < text.length() && isTagNameChar(text.charAt(end))) {
        end++;
      }
      if (end > i + 1 && isAsciiLetter(text.charAt(i + 1))) {
        String name = text.substring(i + 1, end).toLowerCase(Locale.ROOT);
        if (!VOID.contains(name) && !CLOSED_BY_THE_PAGE.contains(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Follows the raw HTML of {@code document}, part {@code part} of a text (the parts in order). */
  void follow(Document document, int part) {
    for (Node n : document.getDescendants()) {
      if (n instanceof HtmlBlockBase || n instanceof HtmlInlineBase) {
        String s = n.getChars().toString();
        int first = s.indexOf('<');
        // Escaping a later '<' in an HTML block changes nothing: its first one makes it text.
        follow(s, part, n instanceof HtmlBlockBase ? -1 : n.getStartOffset());
        if (n instanceof HtmlBlockBase) {
          for (int k = 0; k < open.size(); k++) {
            Open o = open.get(k);
            if (o.part() == part && o.at() < 0) {
              open.set(k, new Open(o.name(), part, n.getStartOffset() + Math.max(first, 0)));
            }
          }
        }
      }
    }
  }

  /**
   * For each part, the offsets of the {@code <} to escape (ascending): the opening tags of the
   * elements left open.
   */
  List<List<Integer>> leftOpen(int parts) {
    List<List<Integer>> out = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      out.add(new ArrayList<>());
    }
    for (Open o : open) {
      if (!CLOSED_BY_THE_PAGE.contains(o.name()) && !out.get(o.part()).contains(o.at())) {
        out.get(o.part()).add(o.at());
      }
    }
    for (List<Integer> l : out) {
      l.sort(null);
    }
    return out;
  }

  /**
   * Follows the tags of one fragment {@code s}; an element it opens is recorded at {@code inline}
   * (its node's start) or, for an HTML block ({@code inline} -1), fixed up by the caller.
   */
  private void follow(String s, int part, int inline) {
    int i = 0;
    while (i < s.length()) {
      if (raw != null) {
        int end = indexOfIgnoreCase(s, "</" + raw, i);
        if (end < 0) {
          return;
        }
        raw = null;
        i = end;
        continue;
      }
      int lt = s.indexOf('<', i);
      if (lt < 0 || lt + 1 >= s.length()) {
        return;
      }
      String skipTo =
          s.startsWith("<!--", lt)
              ? "-->"
              : s.startsWith("<![CDATA[", lt)
                  ? "]]>"
                  : s.startsWith("<?", lt) ? "?>" : s.startsWith("<!", lt) ? ">" : null;
      if (skipTo != null) {
        // A comment, CDATA section, processing instruction or declaration: no tag inside.
        int end = s.indexOf(skipTo, lt + 2);
        i = end < 0 ? s.length() : end + skipTo.length();
        continue;
      }
      boolean closing = s.charAt(lt + 1) == '/';
      int nameStart = lt + (closing ? 2 : 1);
      if (nameStart >= s.length() || !isAsciiLetter(s.charAt(nameStart))) {
        i = lt + 1;
        continue;
      }
      int nameEnd = nameStart;
      while (nameEnd < s.length() && isTagNameChar(s.charAt(nameEnd))) {
        nameEnd++;
      }
      String name = s.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
      int gt = tagEnd(s, nameEnd);
      boolean selfClosed = gt > 0 && s.charAt(gt - 1) == '/';
      i = gt < 0 ? s.length() : gt + 1;
      if (closing) {
        close(name);
      } else if (!VOID.contains(name) && !(selfClosed && inForeignContent())) {
        if (IMPLIED_END.contains(name) && !open.isEmpty() && last().name().equals(name)) {
          removeAt(open.size() - 1); // <li>a<li>b: the second closes the first
        }
        open.add(new Open(name, part, inline));
        foreign += isForeign(name) ? 1 : 0;
        tooDeep |= open.size() > MAX_OPEN;
        if (rawText(name)) {
          raw = name;
        }
      }
    }
  }

  /** The index of the {@code >} that ends the tag whose attributes start at {@code i}, or -1. */
  private static int tagEnd(String s, int i) {
    char quote = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return i;
      }
    }
    return -1;
  }

  private void close(String name) {
    for (int k = open.size() - 1; k >= 0; k--) {
      if (open.get(k).name().equals(name)) {
        removeAt(k);
        // What the end tag closes with it: elements whose end tag may be left out.
        while (open.size() > k && IMPLIED_END.contains(last().name())) {
          removeAt(open.size() - 1);
        }
        return;
      }
    }
  }

  /** Inside {@code <svg>} or {@code <math>}, where {@code <x/>} closes the element it opens. */
  private boolean inForeignContent() {
    return foreign > 0;
  }

  private static boolean isForeign(String name) {
    return name.equals("svg") || name.equals("math");
  }

  private void removeAt(int k) {
    foreign -= isForeign(open.remove(k).name()) ? 1 : 0;
  }

  private Open last() {
    return open.get(open.size() - 1);
  }

  private static int indexOfIgnoreCase(String s, String what, int from) {
    for (int i = from; i + what.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, what, 0, what.length())) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isTagNameChar(char c) {
    return isAsciiLetter(c) || c >= '0' && c <= '9' || c == '-';
  }
}
