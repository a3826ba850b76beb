package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlos.core.render.MarkdownTable.Align;
import dev.mlos.core.render.MarkdownTable.Cell;
import dev.mlos.core.render.MarkdownTable.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mlos.table writes tables padded as prettier pads them (display width, alignment, minimum width
 * 3), with cell text escaped and every character the tools measure differently as a character
 * reference. FormatterStableOutputTest runs the real tools on hostile tables.
 */
class MarkdownTableTest {
  @Test
  void cellsArePaddedToTheirColumnsDisplayWidthPerAlignment() {
    String table =
        MarkdownTable.of(
            List.of(
                new Column("Name", Align.NONE),
                new Column("n", Align.RIGHT),
                new Column("Mid", Align.CENTER),
                new Column("L", Align.LEFT)),
            List.of(
                List.of(Cell.text("日本"), Cell.text("10"), Cell.text("a"), Cell.text("Café")),
                List.of(Cell.text("x"), Cell.text("7"), Cell.text("abcd"))));

    assertEquals(
        """
        | Name |   n | Mid  | L    |
        | ---- | --: | :--: | :--- |
        | 日本 |  10 |  a   | Café |
        | x    |   7 | abcd |      |""",
        table);
  }

  @Test
  void aTableWithoutRowsIsItsHeaderAndDelimiterRow() {
    assertEquals(
        "| A   |     |\n| --- | --- |",
        MarkdownTable.of(
            List.of(new Column("A", Align.NONE), new Column("", Align.NONE)), List.of()));
  }

  @Test
  void textIsEscapedAndCharactersTheToolsMeasureDifferentlyBecomeReferences() {
    assertEquals(
        "a\\|b \\`x\\` \\# \\&copy; &#x1F680; e&#x301; soft&#xAD;hyphen",
        MarkdownTable.text("a|b `x` # &copy; \uD83D\uDE80 e\u0301 soft\u00ADhyphen"));
    // A named reference gets its & escaped; a numeric one cannot form, as its # is escaped.
    assertEquals("R&D &\\#35; &\\#x41; \\&amp;", MarkdownTable.text("R&D &#35; &#x41; &amp;"));
    assertEquals("one line", MarkdownTable.text(" one\n line\u00A0"));
  }

  @Test
  void codeCellsAreCodeSpansUnlessTheyHoldCharactersACodeSpanCannotReference() {
    assertEquals("`a\\|b`", MarkdownTable.cell(new Cell("a|b", true, null)));
    assertEquals("x&#x1F680;", MarkdownTable.cell(new Cell("x\uD83D\uDE80", true, null)));
  }

  @Test
  void linkCellsKeepTheirTargetInsideTheLink() {
    assertEquals(
        "[a \\[b\\]](../x%20(1)%7C.md)".replace("(1)", "%281%29"),
        MarkdownTable.cell(new Cell("a [b]", false, "../x (1)|.md")));
    assertEquals("[p.md](p.md)", MarkdownTable.cell(new Cell("", false, "p.md")));
  }

  @Test
  void aRowWiderThanTheHeaderOrATableWithoutColumnsIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                MarkdownTable.of(
                    List.of(new Column("A", Align.NONE)),
                    List.of(List.of(Cell.text("1")), List.of(Cell.text("1"), Cell.text("2")))));
    assertEquals("row 2 has 2 cells, but the table has 1 column", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MarkdownTable.of(List.of(), List.of()));
  }
}
