package dev.mlos.core.frontmatter;

import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.TextCollectingVisitor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What mlos needs from an arbitrary markdown file (for example an artifact to import): its front
 * matter, if any, and the text of its first heading. Read with flexmark.
 *
 * @param frontMatter the front matter keys in file order (empty when the file has none);
 *     unmodifiable
 * @param firstHeading the plain text of the first ATX ({@code # Title}) or Setext heading, inline
 *     markup removed and trimmed; empty when there is no non-blank heading
 * @param body the text after the front matter (the whole text when there is none), LF line endings
 */
public record MarkdownDocument(
    Map<String, Object> frontMatter, Optional<String> firstHeading, String body) {
  public MarkdownDocument {
    frontMatter = Collections.unmodifiableMap(new LinkedHashMap<>(frontMatter));
  }

  /**
   * Reads a UTF-8 markdown file.
   *
   * @throws InvalidFrontMatterException naming the file and line when its front matter is broken
   * @throws dev.mlos.core.MlosException when the file cannot be read or is not UTF-8
   */
  public static MarkdownDocument read(Path file) {
    return parse(CompiledFile.readUtf8(file), file);
  }

  /**
   * Reads markdown text (any line endings; a leading byte order mark is ignored).
   *
   * @throws InvalidFrontMatterException when its front matter is broken
   */
  public static MarkdownDocument parse(String markdown) {
    return parse(markdown, null);
  }

  private static MarkdownDocument parse(String markdown, Path file) {
    String text = FrontMatterLines.normalizeLineEndings(markdown);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    Document document = FrontMatterBlock.parseMarkdown(text);
    Optional<FrontMatterBlock> block = FrontMatterBlock.locate(document, text);
    Map<String, Object> frontMatter = Map.of();
    String body = text;
    if (block.isPresent() && block.get().closed()) {
      frontMatter =
          FrontMatterYaml.load(block.get().yaml(), file, FrontMatterBlock.FIRST_YAML_LINE);
      body = text.substring(block.get().end());
    } else if (block.isPresent()) {
      // An unclosed '---' is a thematic break, not front matter: read the text without the
      // extension, which would otherwise have swallowed the whole document.
      document = FrontMatterBlock.PLAIN.parse(text);
    }
    return new MarkdownDocument(frontMatter, firstHeading(document), body);
  }

  private static Optional<String> firstHeading(Document document) {
    for (Node node : document.getDescendants()) {
      if (node instanceof Heading heading) {
        String text = new TextCollectingVisitor().collectAndGetText(heading).strip();
        if (!text.isEmpty()) {
          return Optional.of(text);
        }
      }
    }
    return Optional.empty();
  }
}
