package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows a hostile or careless writer can put in the database, compiled with the ML OS pack: each
 * value is escaped for the place it lands in, so no page holds a raw control character, a table
 * keeps its columns, a code span shows the path, and a diagram takes no directive.
 */
class HostileRowsTest {
  @TempDir Path dir;

  /** "Red ESC[31m alert BEL and NUL NUL here", as SQL (a NUL cannot be in the statement's text). */
  private static final String ESC_TITLE_SQL =
      "'Red' || char(27) || '[31m alert' || char(7) || ' and NUL' || char(0) || ' here'";

  private static final String DIRECTIVE = "%%{init: {'theme': 'forest'}}%% pwned";

  private TestWorkspace hostile() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    // Titles with control characters: rows from before schema V11, which refuses them.
    w.oldRows(
        "UPDATE needs SET title = "
            + ESC_TITLE_SQL
            + ", description = 'Line one\r\nbell '"
            + " || char(7) || ' and ESC ' || char(27) || '[2J done' WHERE id = 1",
        "UPDATE needs SET title = '" + DIRECTIVE.replace("'", "''") + "' WHERE id = 2",
        "INSERT INTO needs (id, title, status, priority, scope, parent_need_id) VALUES (5, '', 'active', 2, 'kernel', 1)",
        "UPDATE artifacts SET file_path = 'docs/a|b `tick`.md' WHERE id = 1",
        "UPDATE artifacts SET file_path = 'src/``x' WHERE id = 2");
    w.write("docs/a|b `tick`.md", "# Boot\n\nESC " + "\u001B" + "[31m inside a file\n");
    return w;
  }

  private static List<Path> pages(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
          .sorted()
          .toList();
    }
  }

  @Test
  void aDescriptionCannotSwallowTheRestOfItsPage() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    // An unclosed fence (or HTML comment) would run to the end of the page in any renderer,
    // showing the need's tasks, relationships and history as code (or hiding them).
    w.sql(
        "UPDATE needs SET description = 'Steps:' || char(10) || '```sh' || char(10) || 'make' WHERE id = 1");
    w.sql("UPDATE needs SET description = 'x' || char(10) || '<!-- draft' WHERE id = 2");

    w.compile();

    String one = onlyPage(w, "needs/1-");
    assertTrue(one.contains("Steps:\n```sh\nmake\n```\n\n## Parent and children\n"), one);
    String two = onlyPage(w, "needs/2-");
    // The comment is shown as the text it is (its < escaped), not closed with a --> never written.
    assertTrue(two.contains("x\n\\<!-- draft\n\n## Parent and children\n"), two);
  }

  @Test
  void aDescriptionEndingInALineBreakLeavesOneBlankLineOnItsPage() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    // What an editor, a heredoc or an agent's tool call writes: the text ends with a line break,
    // here with blank lines around it too. Two blank lines in a row are markdownlint's MD012, and
    // prettier takes one out (a hand edit to the guard after a repository-wide format).
    w.sql(
        "UPDATE needs SET description = char(10) || ' ' || char(10) || 'Para.' || char(10)"
            + " || char(10) || '- a' || char(10) || '- b' || char(10) || char(10) WHERE id = 1");
    w.sql("UPDATE needs SET description = '    indented code' || char(10) WHERE id = 2");

    w.compile();

    String one = onlyPage(w, "needs/1-");
    assertTrue(
        one.contains("## Description\n\nPara.\n\n- a\n- b\n\n## Parent and children\n"), one);
    String two = onlyPage(w, "needs/2-");
    assertTrue(
        two.contains("## Description\n\n    indented code\n\n## Parent and children\n"), two);
  }

  @Test
  void aDescriptionCannotSwallowItsPageWhereCommonMarkReadsItOtherwiseThanLineByLine()
      throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    // A fence 'closed' by a line with an em space after it (CommonMark ends a fence on spaces and
    // tabs only), and a fence opened at the top level after one that ended with its list item:
    // both ran to the end of the page, its tasks and history shown as code. An HTML comment left
    // open in a list item ends there in the markdown, but not in the HTML: it hid the rest.
    w.sql(
        "UPDATE needs SET description = '```' || char(10) || 'x' || char(10) || '```'"
            + " || char(8195) WHERE id = 1");
    w.sql(
        "UPDATE needs SET description = '- a' || char(10) || '  ```' || char(10) || char(10)"
            + " || 'b' || char(10) || '```' WHERE id = 2");
    w.sql(
        "UPDATE needs SET description = '- draft <!--' || char(10) || '- <!-- hidden' WHERE id = 3");

    w.compile();

    for (String page : List.of("needs/1-", "needs/2-", "needs/3-")) {
      String text = onlyPage(w, page);
      assertTrue(
          headings(text).contains("Parent and children"), page + " lost its headings:\n" + text);
    }
    assertTrue(onlyPage(w, "needs/3-").contains("- draft \\<!--\n- \\<!-- hidden\n"));
  }

  /** The page's top-level headings as a CommonMark parser reads them (front matter left out). */
  private static List<String> headings(String page) {
    String body = page.startsWith("---\n") ? page.substring(page.indexOf("\n---\n", 4) + 5) : page;
    List<String> out = new java.util.ArrayList<>();
    for (com.vladsch.flexmark.util.ast.Node n :
        com.vladsch.flexmark.parser.Parser.builder().build().parse(body).getChildren()) {
      if (n instanceof com.vladsch.flexmark.ast.Heading h) {
        out.add(h.getText().toString());
      }
    }
    return out;
  }

  private static String onlyPage(TestWorkspace w, String prefix) throws Exception {
    List<Path> found =
        pages(w.root).stream()
            .filter(p -> w.root.relativize(p).toString().startsWith(prefix))
            .toList();
    assertEquals(1, found.size(), found.toString());
    return Files.readString(found.get(0));
  }

  @Test
  void noPageHoldsARawControlCharacter() throws Exception {
    TestWorkspace w = hostile();

    w.compile();

    List<Path> pages =
        pages(w.root).stream().filter(p -> !p.startsWith(w.root.resolve("docs"))).toList();
    assertTrue(pages.size() >= 6, pages.toString());
    for (Path p : pages) {
      String text = Files.readString(p);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        int at = i;
        assertFalse(
            Character.isISOControl(c) && c != '\n',
            () -> p + " has control character U+" + Integer.toHexString(c) + " at " + at);
      }
    }
    String need = w.read("needs/1-red-31m-alert-and-nul-here.md");
    assertTrue(need.contains("# Red\u241B\\[31m alert\u2407 and NUL\u2400 here\n"), need);
    assertTrue(
        need.contains("Line one\nbell \u2407 and ESC \u241B[2J done"),
        "the description keeps its lines: " + need);
  }

  @Test
  void listItemsStayOneLineAndCodeSpansShowThePathAsItIs() throws Exception {
    TestWorkspace w = hostile();

    w.compile();

    String index = w.read("ARTIFACTS.md");
    String row = index.lines().filter(l -> l.contains("Boot design")).findFirst().orElseThrow();
    assertTrue(
        row.startsWith("- [Boot design](docs/a%7Cb%20%60tick%60.md): "), "one list item: " + row);
    assertTrue(row.contains(" · ``docs/a|b `tick`.md`` · "), row);
    String context = w.read("context/1-architect.md");
    assertTrue(
        context.contains("[``docs/a|b `tick`.md``](../docs/a%7Cb%20%60tick%60.md) · document"),
        "the inlined artifact's path, as it is, links its file: " + context);
    assertTrue(
        context.contains("ESC \u241B[31m inside a file"),
        "inlined content without the raw ESC: " + context);
  }

  @Test
  void aDiagramLabelTakesNoDirectiveAndAnEmptyTitleStillGivesALink() throws Exception {
    TestWorkspace w = hostile();

    w.compile();

    String graph = w.read("GRAPH.md");
    assertFalse(graph.contains("%%{"), graph);
    assertTrue(graph.contains("#37;#37;{init: {'theme': 'forest'}}#37;#37; pwned"), graph);
    String parent = w.read("needs/1-red-31m-alert-and-nul-here.md");
    assertTrue(
        parent.contains("[need 5](5-untitled.md)"), "a child with an empty title: " + parent);
    assertFalse(parent.contains("[]("), parent);
  }

  @Test
  void bidiControlsAndTheBomInTheFrontMatterAreShownAsInTheHeading() throws Exception {
    // A user trial: a title and a scope written by sqlite3 with U+202E and U+2066 came out raw in
    // the page's title: and tags: lines while the heading showed U+FFFD. Since schema V11 the
    // database refuses them; a row from before keeps them.
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.oldRows(
        "UPDATE needs SET title = 'raw ' || char(8238) || 'evil' || char(65279) || '!',"
            + " scope = 's' || char(8294) || 'x' WHERE id = 1");

    w.compile();

    String page = w.read("needs/1-raw-evil.md");
    assertTrue(page.contains("\ntitle: raw \uFFFDevil\uFFFD!\n"), page);
    assertTrue(page.contains("\ntags:\n  - s\uFFFDx\n"), page);
    assertTrue(page.contains("\n# raw \uFFFDevil\uFFFD\\!\n"), page);
    assertTrue(
        page.chars().noneMatch(c -> c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069),
        page);
    assertFalse(page.contains("\uFEFF"), page);
    assertEquals(0, w.compile().written(), "the same page again");
    assertTrue(new Guard().check(new GuardRequest(w.config())).isClean(), "guard agrees");
  }

  /** Runs {@code sql} in the sqlite3 shell against the workspace's database, as anyone can. */
  private static void shell(TestWorkspace w, String sql) {
    dev.mlos.core.db.SqliteShell.Result r = dev.mlos.core.db.SqliteShell.run(w.db, sql);
    assertTrue(r.ok(), r.err());
  }

  @Test
  void aLongDescriptionOrAnElementLeftOpenCannotHideOrRestyleTheRestOfItsPage() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    // Over 16,384 characters only the lines were followed: an HTML comment in a list item (closed
    // by the markdown, not by the HTML it becomes) hid the page after it in a browser. And a <s>
    // or <a href> left open struck through or linked the tasks and history below.
    String x17000 = "replace(hex(zeroblob(8500)), '0', 'x')";
    shell(
        w,
        "UPDATE needs SET description = "
            + x17000
            + " || char(10) || '- <!--' WHERE id = 1;"
            + " UPDATE needs SET description = "
            + x17000
            + " || char(10) || char(10) || '- <!-- hidden' || char(10) || char(10) || 'after'"
            + " WHERE id = 2;"
            + " UPDATE needs SET description = 'see <s>struck, <a href=\"https://x.example\">here'"
            + " WHERE id = 3;");

    w.compile();

    String one = onlyPage(w, "needs/1-");
    // One block too long for the parser, with raw HTML in it: shown as code.
    assertTrue(
        one.contains(
            "## Description\n\n```text\n" + "x".repeat(17_000) + "\n- <!--\n```\n\n## Parent"),
        "shown as code");
    String two = onlyPage(w, "needs/2-");
    assertTrue(two.contains("x\n\n- \\<!-- hidden\n\nafter\n\n## Parent and children\n"), two);
    String three = onlyPage(w, "needs/3-");
    assertTrue(
        three.contains("see \\<s>struck, \\<a href=\"https://x.example\">here\n\n## "), three);
    for (String page : List.of(one, two, three)) {
      assertTrue(headings(page).contains("Parent and children"), page);
    }
    assertEquals(0, w.compile().written(), "the same pages again");
  }

  @Test
  void aListFirstDescriptionReadsAsItsItemsOnProblemMdAndADashRuleStaysText() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    // PROBLEM.md showed '- one\n- two' as the escaped line '\- one - two'. An artifact's
    // description '-- -', on a line of its own in a context pack, was a horizontal rule there.
    shell(
        w,
        "UPDATE needs SET description = '- one' || char(10) || '- *two*' WHERE id = 1;"
            + " UPDATE artifacts SET description = '-- -' WHERE id = 1;");

    w.compile();

    String problem = w.read("PROBLEM.md");
    assertTrue(problem.contains("\n\none; two\n"), problem);
    assertFalse(problem.contains("\\- one"), problem);
    String context = w.read("context/1-architect.md");
    assertTrue(context.contains("\n\\-- -\n"), context);
  }

  @Test
  void aListFirstArtifactDescriptionReadsAsItsItemsInAContextPackAsOnProblemMd() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    // A context pack showed an artifact's '- one\n- *two*' as '\- one - \*two\*', where
    // PROBLEM.md shows a need's as 'one; two' (mlos.summary): now both pages read alike.
    shell(
        w,
        "UPDATE artifacts SET description = '- one' || char(10) || '- *two*' WHERE id = 1;"
            + " UPDATE needs SET description = '- one' || char(10) || '- *two*' WHERE id = 1;");

    w.compile();

    String context = w.read("context/1-architect.md");
    assertTrue(context.contains(" tokens\n\none; two\n\n```text\n"), context);
    assertFalse(context.contains("\\- one"), context);
    assertTrue(w.read("PROBLEM.md").contains("\n\none; two\n"), "as PROBLEM.md shows it");
    // ARTIFACTS.md's line for it reads the same.
    assertTrue(
        w.read("ARTIFACTS.md").contains("- [Boot design](docs/boot.md): one; two · "), "index");
    assertEquals(0, w.compile().written(), "the same pages again");
  }

  @Test
  void aLiteralBacktickInAnArtifactDescriptionStaysTextOnArtifactsMd() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    // A paragraph whose backtick opens no code span on its own, kept as markdown on ARTIFACTS.md,
    // paired with the first backtick of the path's code span after it on the line: a code span
    // from 'b' to the path's middle (markdownlint MD038).
    shell(
        w,
        "UPDATE artifacts SET description = 'keeps a `b' || char(10) || 'on two lines',"
            + " file_path = 'docs/a `t`.md' WHERE id = 1;");
    java.nio.file.Files.createDirectories(w.root.resolve("docs"));
    java.nio.file.Files.writeString(w.root.resolve("docs/a `t`.md"), "a\n");

    w.compile();

    String row =
        w.read("ARTIFACTS.md").lines().filter(l -> l.contains("keeps a")).findFirst().orElseThrow();
    assertTrue(row.contains(": keeps a \\`b on two lines · "), row);
    assertTrue(row.contains(" · ``docs/a `t`.md`` · "), row);
  }
}
