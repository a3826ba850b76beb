package dev.mlos.core.frontmatter;

import com.vladsch.flexmark.ext.yaml.front.matter.YamlFrontMatterBlock;
import com.vladsch.flexmark.ext.yaml.front.matter.YamlFrontMatterExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataSet;
import com.vladsch.flexmark.util.sequence.BasedSequence;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the YAML front matter of a markdown text is, as found by flexmark's front matter parser:
 * the opening {@code ---} line must be the first line; the block ends at a line starting with
 * {@code ---} or {@code ...}.
 *
 * @param yaml the text between the delimiter lines (each line with its '\n')
 * @param yamlStart offset of the first YAML character (just after the opening line)
 * @param yamlEnd offset just after the YAML (the start of the closing line)
 * @param end offset just after the closing line (the start of the body)
 * @param closed false when no closing line was found (then {@code yamlEnd == end == length})
 */
record FrontMatterBlock(String yaml, int yamlStart, int yamlEnd, int end, boolean closed) {
  /** 1-based line number of the first YAML line. */
  static final int FIRST_YAML_LINE = 2;

  private static final Pattern CLOSING = Pattern.compile("(-{3}|\\.{3})(\\s.*)?");

  static final Parser WITH_FRONT_MATTER =
      Parser.builder(
              new MutableDataSet()
                  .set(Parser.EXTENSIONS, List.of(YamlFrontMatterExtension.create()))
                  .toImmutable())
          .build();
  static final Parser PLAIN = Parser.builder().build();

  /** Parses LF-normalised markdown with the front matter extension. */
  static Document parseMarkdown(String text) {
    return WITH_FRONT_MATTER.parse(text);
  }

  /**
   * The front matter block of {@code text} (LF-normalised), if the document starts with one.
   *
   * <p>Only the front matter is parsed, not the whole document: flexmark decides where the block
   * ends line by line, so the text after its closing line cannot change it. Parsing a large page in
   * full (its inline links especially) cost far more than everything else a compile or a guard does
   * with it. The text is cut after the first line that could close the block; when flexmark does
   * not close it there, the whole text is parsed as before.
   */
  static Optional<FrontMatterBlock> locate(String text) {
    if (!text.startsWith("---")) {
      // Front matter must open on the very first line with '---'.
      return Optional.empty();
    }
    int candidateEnd = closingCandidateEnd(text);
    if (candidateEnd > 0 && candidateEnd < text.length()) {
      String head = text.substring(0, candidateEnd);
      Optional<FrontMatterBlock> block = locate(parseMarkdown(head), head);
      if (block.isPresent() && block.get().closed() && block.get().end() == candidateEnd) {
        return block;
      }
    }
    return locate(parseMarkdown(text), text);
  }

  /**
   * Offset just after the first line after the opening one that starts (after blanks) with {@code
   * ---} or {@code ...}; 0 when there is none.
   */
  private static int closingCandidateEnd(String text) {
    int start = lineEnd(text, 0);
    while (start < text.length()) {
      int end = lineEnd(text, start);
      int i = start;
      while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
      if (text.startsWith("---", i) || text.startsWith("...", i)) {
        return end;
      }
      start = end;
    }
    return 0;
  }

  /** The front matter block of an already parsed document. */
  static Optional<FrontMatterBlock> locate(Document document, String text) {
    Node first = document.getFirstChild();
    // flexmark skips leading blank lines; front matter must start on the very first line.
    if (!(first instanceof YamlFrontMatterBlock block) || block.getStartOffset() != 0) {
      return Optional.empty();
    }
    List<BasedSequence> lines = block.getContentLines();
    int yamlStart = lineEnd(text, 0);
    if (lines.size() >= 2) {
      BasedSequence last = lines.get(lines.size() - 1);
      int closeStart = last.getStartOffset();
      int closeEnd = lineEnd(text, closeStart);
      String closeLine = text.substring(closeStart, closeEnd).stripTrailing();
      if (closeStart >= yamlStart && CLOSING.matcher(closeLine).matches()) {
        return Optional.of(
            new FrontMatterBlock(
                text.substring(yamlStart, closeStart), yamlStart, closeStart, closeEnd, true));
      }
    }
    return Optional.of(
        new FrontMatterBlock(
            text.substring(yamlStart), yamlStart, text.length(), text.length(), false));
  }

  /** Offset just after the line starting at {@code start} (after its '\n', or the text end). */
  static int lineEnd(String text, int start) {
    int nl = text.indexOf('\n', start);
    return nl < 0 ? text.length() : nl + 1;
  }

  /** 1-based line number of {@code offset} in {@code text}. */
  static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
