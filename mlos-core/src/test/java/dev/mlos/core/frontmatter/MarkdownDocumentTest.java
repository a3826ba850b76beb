package dev.mlos.core.frontmatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownDocumentTest {
  @TempDir Path dir;

  @Test
  void readsFrontMatterAndFirstAtxHeading() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("adr.md"),
            "---\r\nstatus: accepted\r\ntags: [a, b]\r\n---\r\nIntro.\r\n\r\n"
                + "## Use *SQLite* for `state` ##\r\n\r\n# Later\r\n");
    MarkdownDocument doc = MarkdownDocument.read(file);
    assertEquals(Map.of("status", "accepted", "tags", List.of("a", "b")), doc.frontMatter());
    assertEquals(Optional.of("Use SQLite for state"), doc.firstHeading());
    assertTrue(doc.body().startsWith("Intro.\n"), doc.body());
  }

  @Test
  void readsSetextHeadingsAndFilesWithoutFrontMatter() {
    MarkdownDocument doc = MarkdownDocument.parse("\uFEFFPlan  \n=====\n\ntext\n");
    assertEquals(Map.of(), doc.frontMatter());
    assertEquals(Optional.of("Plan"), doc.firstHeading());
    assertEquals(
        Optional.of("Sub title"),
        MarkdownDocument.parse("para\n\nSub title\n---\n").firstHeading());
  }

  @Test
  void noHeadingIsEmpty() {
    assertEquals(Optional.empty(), MarkdownDocument.parse("just text\n").firstHeading());
    assertEquals(Optional.empty(), MarkdownDocument.parse("").firstHeading());
    assertEquals(
        Optional.empty(), MarkdownDocument.parse("    # code, not a heading\n").firstHeading());
  }

  @Test
  void unclosedFrontMatterIsNotFrontMatter() {
    MarkdownDocument doc = MarkdownDocument.parse("---\n# Title after a rule\n");
    assertEquals(Map.of(), doc.frontMatter());
    assertEquals(Optional.of("Title after a rule"), doc.firstHeading());
  }

  @Test
  void malformedFrontMatterNamesFileAndLine() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.md"), "---\na: 1\nb: [unclosed\n---\n# T\n");
    InvalidFrontMatterException e =
        assertThrows(InvalidFrontMatterException.class, () -> MarkdownDocument.read(file));
    assertEquals(file, e.file());
    assertTrue(e.line() >= 3 && e.line() <= 4, "line " + e.line());
    assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
  }

  @Test
  void compiledFilesCanBeReadToo() {
    java.util.LinkedHashMap<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("title", "T");
    String text = CompiledFile.render(fields, "tasks", "# Heading\n", "2026-11-21T00:00:00Z");
    MarkdownDocument doc = MarkdownDocument.parse(text);
    assertEquals("tasks", doc.frontMatter().get("view"));
    assertEquals(Optional.of("Heading"), doc.firstHeading());
  }

  /**
   * A heading's inline HTML is left out of the title, as a markdown viewer leaves it out of what it
   * shows ({@code <T>} is a tag to it): {@code # The List<T> type} is titled {@code The List type}.
   * A code span or an escaped '<' keeps the text (docs/cli.md, mlos import).
   */
  @Test
  void aTagInTheHeadingIsLeftOutAsAViewerShowsIt() {
    assertEquals(
        Optional.of("The List type"),
        MarkdownDocument.parse("# The List<T> type\n").firstHeading());
    assertEquals(
        Optional.of("The List<T> type"),
        MarkdownDocument.parse("# The `List<T>` type\n").firstHeading());
    assertEquals(
        Optional.of("The List<T> type"),
        MarkdownDocument.parse("# The List\\<T> type\n").firstHeading());
  }
}
