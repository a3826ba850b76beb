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
 * Follows the raw HTML that markdown passes through (HTML blocks and inline HTML, in document
 * order) as a browser's HTML tokenizer reads it, to find a construct that a text leaves open past
 * its own end: a comment, an element whose content is raw text ({@code <script>}, {@code <style>},
 * {@code <textarea>}, {@code <title>}, ...) or a tag whose quoted attribute value never ends. Such
 * a construct is closed in the markdown (a block ends with its list item, or at another raw-text
 * end tag: a {@code <script>} block ends at {@code </pre>}), but the browser reads on through the
 * rest of the page, which is then hidden (GitHub drops a script with all it holds). Text between
 * the fragments is written escaped by the renderer and changes nothing here.
 */
final class RawHtmlScan {
  private RawHtmlScan() {}

  /** Elements whose content the HTML tokenizer reads as text up to their own end tag. */
  static final Set<String> RAW_TEXT =
      Set.of(
          "script",
          "style",
          "textarea",
          "title",
          "xmp",
          "iframe",
          "noembed",
          "noframes",
          "noscript");

  private enum State {
    DATA,
    TAG,
    COMMENT,
    BOGUS,
    RAW,
    PLAINTEXT
  }

  /** A fragment of raw HTML and where it starts in the parsed text. */
  private record Fragment(Node node, String text, int start) {}

  /**
   * The offset in the parsed text of the {@code <} that opens the construct left open at the end,
   * or -1 when every one is closed. For an opening inside an HTML block that is not the block's
   * first {@code <}, the block's first one: escaping that makes the block a paragraph, whose inline
   * HTML the next scan finds.
   */
  static int openedAt(Document document) {
    List<Fragment> fragments = new ArrayList<>();
    for (Node n : document.getDescendants()) {
      if (n instanceof HtmlBlockBase || n instanceof HtmlInlineBase) {
        fragments.add(new Fragment(n, n.getChars().toString(), n.getStartOffset()));
      }
    }
    State state = State.DATA;
    String raw = null; // the raw-text element's name
    char quote = 0;
    boolean opening = false; // in TAG: an opening tag (not an end tag)
    StringBuilder name = new StringBuilder();
    Fragment openedIn = null;
    int openedAt = -1;
    for (Fragment f : fragments) {
      String s = f.text();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (state) {
          case DATA -> {
            if (c != '<' || i + 1 >= s.length()) {
              continue;
            }
            char d = s.charAt(i + 1);
            openedIn = f;
            openedAt = i;
            if (s.startsWith("!--", i + 1)) {
              if (s.startsWith("<!-->", i) || s.startsWith("<!--->", i)) {
                i += s.startsWith("<!-->", i) ? 4 : 5;
              } else {
                state = State.COMMENT;
                i += 3;
              }
            } else if (d == '!' || d == '?') {
              state = State.BOGUS;
            } else if (d == '/' && i + 2 < s.length() && isAsciiLetter(s.charAt(i + 2))) {
              state = State.TAG;
              opening = false;
              i++;
            } else if (d == '/') {
              state = State.BOGUS;
            } else if (isAsciiLetter(d)) {
              state = State.TAG;
              opening = true;
              quote = 0;
              name.setLength(0);
            }
          }
          case TAG -> {
            if (quote != 0) {
              if (c == quote) {
                quote = 0;
              }
            } else if (c == '"' || c == '\'') {
              quote = previousNonSpace(s, i) == '=' ? c : 0;
            } else if (c == '>') {
              String tag = name.toString().toLowerCase(Locale.ROOT);
              if (opening && RAW_TEXT.contains(tag)) {
                state = State.RAW;
                raw = tag;
              } else if (opening && tag.equals("plaintext")) {
                state = State.PLAINTEXT;
              } else {
                state = State.DATA;
              }
            } else if (opening && name.length() == i - openedAt - 1 && isTagNameChar(c)) {
              name.append(c);
            }
          }
          case COMMENT -> {
            if (s.startsWith("-->", i) || s.startsWith("--!>", i)) {
              i += s.charAt(i + 2) == '!' ? 3 : 2;
              state = State.DATA;
            }
          }
          case BOGUS -> {
            if (c == '>') {
              state = State.DATA;
            }
          }
          case RAW -> {
            if (c == '<'
                && s.regionMatches(true, i, "</" + raw, 0, raw.length() + 2)
                && (i + raw.length() + 2 >= s.length()
                    || " \t\n\f/>".indexOf(s.charAt(i + raw.length() + 2)) >= 0)) {
              state = State.TAG;
              opening = false;
              openedIn = f;
              openedAt = i;
              i += raw.length() + 1;
            }
          }
          case PLAINTEXT -> {
            // Nothing ends it.
          }
        }
      }
    }
    if (state == State.DATA) {
      return -1;
    }
    if (openedIn.node() instanceof HtmlBlockBase) {
      int first = openedIn.text().indexOf('<');
      return openedIn.start() + (first < 0 ? openedAt : first);
    }
    return openedIn.start() + openedAt;
  }

  private static char previousNonSpace(String s, int i) {
    for (int j = i - 1; j >= 0; j--) {
      char c = s.charAt(j);
      if (c != ' ' && c != '\t' && c != '\n') {
        return c;
      }
    }
    return 0;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isTagNameChar(char c) {
    return isAsciiLetter(c) || c >= '0' && c <= '9' || c == '-';
  }
}
