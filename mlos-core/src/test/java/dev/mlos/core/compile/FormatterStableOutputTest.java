package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.testing.MarkdownTools;
import dev.mlos.core.testing.NastyStrings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiled pages are already in the form prettier and markdownlint produce, so a repository that
 * formats and lints its markdown changes nothing in them (a formatter's edit would be a hand edit
 * to the guard) and reports nothing: for the committed example workspace and for a workspace of
 * hostile titles, names and paths. See docs/configuration.md, "Formatters and linters".
 */
class FormatterStableOutputTest {
  @TempDir Path dir;

  @Test
  void theCompiledExampleWorkspacePassesPrettierAndMarkdownlint() throws Exception {
    MarkdownTools tools = MarkdownTools.installedOrSkip();
    Path example = MarkdownTools.repositoryRoot().resolve("example-workspace");
    // docs/ and transcripts/ are the workspace's own files, not compiled pages.
    List<Path> pages = MarkdownTools.markdownFiles(example, "docs", "transcripts", "target");

    tools.assertClean("example workspace", example, pages);
  }

  @Test
  void pagesOfHostileRowsPassPrettierAndMarkdownlint() throws Exception {
    MarkdownTools tools = MarkdownTools.installedOrSkip();
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    SplittableRandom random = new SplittableRandom(23);
    List<String> statements = new ArrayList<>();
    for (int id = 10; id < 40; id++) {
      statements.add(
          "INSERT INTO needs (id, title, description, status, priority, scope, parent_need_id, tags,"
              + " created_at, updated_at) VALUES ("
              + id
              + ", "
              + sql(NastyStrings.next(random, 12))
              + ", "
              + sql("One line about need " + id + ".")
              + ", '"
              + (id % 3 == 0 ? "actionable" : "in_progress")
              + "', "
              + (1 + id % 5)
              + ", "
              + (id % 5 == 0 ? sql(NastyStrings.next(random, 6)) : "'kernel'")
              + ", "
              + (id % 4 == 0 ? "1" : "NULL")
              + ", json_array('tag-"
              + id
              + "'),"
              + " '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')");
      statements.add(
          "INSERT INTO tasks (id, need_id, description, status, priority, created_at, updated_at) VALUES ("
              + id
              + ", "
              + id
              + ", "
              + sql(NastyStrings.next(random, 10))
              + ", 'open', 2,"
              + " '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')");
      statements.add(
          "INSERT INTO artifacts (id, title, description, file_path, artifact_type, created_at, updated_at) VALUES ("
              + id
              + ", "
              + sql(NastyStrings.next(random, 12))
              + ", "
              + sql(NastyStrings.next(random, 12))
              + ", "
              + sql("docs/f" + id + " [x] (y) a|b `t`.md")
              + ", 'document',"
              + " '2026-01-01T00:00:00Z', '2026-01-0"
              + (1 + id % 9)
              + "T00:00:00Z')");
      statements.add(
          "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at)"
              + " VALUES ('need', "
              + id
              + ", 'artifact', "
              + id
              + ", 'references', '2026-01-01T00:00:00Z')");
    }
    statements.add(
        "UPDATE agents SET monitored_needs = '[1, 10, 11, 12, 13, 14, 15]',"
            + " session_transcript = 'transcripts/agent 1 (a)|b.txt' WHERE id = 1");
    // Headings from data that could repeat (MD024): needs sharing a title and a priority on
    // PROBLEM.md, artifacts sharing a title in one context pack, folders that escape alike.
    statements.add("UPDATE needs SET title = 'Same title', priority = 1 WHERE id IN (16, 17)");
    statements.add("UPDATE artifacts SET title = 'Same title' WHERE id IN (10, 11, 12)");
    statements.add(
        "INSERT INTO artifacts (id, title, file_path, artifact_type, created_at, updated_at) VALUES"
            + " (90, 'x', 'a  b/x.md', 'document', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
            + " (91, 'y', 'a b/y.md', 'document', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
            + " (92, 'z', 'a   b/z.md', 'document', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    // Tasks assigned to the agent: need pages link it to its context pack.
    statements.add(
        "UPDATE tasks SET assigned_agent_id = 1, status = 'assigned' WHERE id IN (10, 11)");
    statements.add(
        "UPDATE tasks SET status = 'cancelled', result = "
            + sql(NastyStrings.next(random, 12))
            + " WHERE id = 12");
    statements.add(
        "UPDATE agents SET kernel_version = "
            + sql(NastyStrings.next(random, 8))
            + " WHERE id = 1");

    statements.add(
        "UPDATE needs SET source_transcript = 'transcripts/need 10 (a)|b.txt' WHERE id = 10");
    // Titles and task descriptions of nasty strings: rows from before schema V11, which refuses
    // their controls.
    w.oldRows(statements.toArray(String[]::new));
    // Inlined artifacts (files that exist) and transcripts that exist are linked.
    for (int id = 10; id < 14; id++) {
      w.write(
          "docs/f" + id + " [x] (y) a|b `t`.md",
          "Content of "
              + id
              + " with ``` and | pipes.  \n\tindented\twith tabs \t\n\n\n"
              + (id == 13 ? "" : "last line without a break\r\n\u001b[31m"));
    }
    w.write("transcripts/agent 1 (a)|b.txt", "agent transcript\n");
    w.write("transcripts/need 10 (a)|b.txt", "need transcript\n");

    w.compile();

    List<Path> pages = MarkdownTools.markdownFiles(w.root, "docs", "src");
    tools.assertClean("ML OS pack with hostile rows", w.root, pages);
    String context = w.read("context/1-architect.md");
    assertTrue(
        context.contains(
                "### Artifact 10: Same title\n\n[`docs/f10 [x] (y) a|b `t`.md`](../docs/f10%20%5Bx%5D%20%28y%29%20a%7Cb%20%60t%60.md)")
            || context.contains(
                "### Artifact 10: Same title\n\n[``docs/f10 [x] (y) a|b `t`.md``](../docs/f10%20%5Bx%5D%20%28y%29%20a%7Cb%20%60t%60.md)"),
        "an inlined artifact's heading carries its id, its path links its file:\n" + context);
    String need10 =
        w.read(
            MarkdownTools.markdownFiles(w.root.resolve("needs")).stream()
                .filter(p -> p.getFileName().toString().startsWith("10-"))
                .findFirst()
                .orElseThrow()
                .toString()
                .substring(w.root.toString().length() + 1));
    assertTrue(
        need10.contains(" · assigned [architect #1](../context/1-architect.md): "),
        "the assigned agent links its context pack: " + need10);
    assertTrue(
        need10.contains(
            "- Source transcript: [transcripts/need 10 (a)\\|b.txt](../transcripts/need%2010%20%28a%29%7Cb.txt)\n"),
        need10);
    assertTrue(
        context.contains(
            "session transcript [transcripts/agent 1 (a)\\|b.txt](../transcripts/agent%201%20%28a%29%7Cb.txt)"),
        context);
  }

  /**
   * Descriptions written as markdown in prettier's form (a heading, lists, a code block, a table,
   * emphasis, links, right-to-left text): PROBLEM.md shows each one's first paragraph with its
   * markdown on one line, and that page too is left alone by prettier and passes markdownlint.
   */
  @Test
  void pagesOfMarkdownDescriptionsPassPrettierAndMarkdownlint() throws Exception {
    MarkdownTools tools = MarkdownTools.installedOrSkip();
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    String[] descriptions = {
      "### Context\n\nThe _checkout_ button does nothing on **Safari 17**; see [the"
          + " report](https://example.org/r/1)\nand `cart.js`.\n\nSteps:\n\n- open the cart\n- press"
          + " `Pay`\n\n```bash\nnpm test\n```\n\n| browser | works |\n| ------- | ----- |\n| Safari"
          + "  | no    |\n",
      "- one\n- two\n",
      "1. first\n2. second\n\nThen a paragraph.\n",
      "\u05d4\u05ea\u05e9\u05dc\u05d5\u05dd \u05e0\u05db\u05e9\u05dc **\u05d1\u05e2\u05d1\u05e8\u05d9\u05ea**"
          + " and `code` with [the boot design](docs/boot.md).\n",
      "```text\nonly code\n```\n",
      "> a quote first\n\nthen text\n"
    };
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < descriptions.length; i++) {
      statements.add(
          "INSERT INTO needs (id, title, description, status, priority, scope, created_at,"
              + " updated_at) VALUES ("
              + (20 + i)
              + ", 'Need "
              + i
              + "', "
              + sql(descriptions[i])
              + ", 'active', 2, 'kernel', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')");
    }
    w.sql(statements.toArray(String[]::new));

    w.compile();

    List<Path> pages = MarkdownTools.markdownFiles(w.root, "docs", "src");
    tools.assertClean("ML OS pack with markdown descriptions", w.root, pages);
  }

  /**
   * PROBLEM.md gathers paragraphs of many authors: one written {@code *a*} and {@code __b__} beside
   * one written {@code _c_} failed markdownlint's MD049 and MD050 there, and prettier rewrote the
   * page. Its emphasis is written as prettier writes it (each need's own page shows its description
   * as its author wrote it: keep descriptions in prettier's form).
   */
  @Test
  void problemPageOfDescriptionsInMixedEmphasisStylesPassesPrettierAndMarkdownlint()
      throws Exception {
    MarkdownTools tools = MarkdownTools.installedOrSkip();
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.sql(
        "INSERT INTO needs (id, title, description, status, priority, scope, created_at,"
            + " updated_at) VALUES (20, 'Stars', 'The *checkout* fails for __guests__.', 'active',"
            + " 2, 'kernel', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')",
        "INSERT INTO needs (id, title, description, status, priority, scope, created_at,"
            + " updated_at) VALUES (21, 'Underscores', 'The _cart_ is **empty**.', 'active', 2,"
            + " 'kernel', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')");

    w.compile();

    tools.assertClean(
        "PROBLEM.md of mixed emphasis", w.root, List.of(w.root.resolve("PROBLEM.md")));
  }

  /**
   * A custom template's tables, written by {@code mlos.table}, are what prettier writes and
   * markdownlint accepts, whatever the cells hold: hostile text in headers and cells, a cell as
   * long as a page, code and link cells, every alignment, emoji, combining marks, CJK, and a table
   * without rows.
   */
  @Test
  void tablesOfHostileCellsPassPrettierAndMarkdownlint() throws Exception {
    MarkdownTools tools = MarkdownTools.installedOrSkip();
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    SplittableRandom random = new SplittableRandom(37);
    List<String> statements = new ArrayList<>();
    String wide =
        "Caf\u00e9 \u65e5\u672c\u8a9e \ud55c\uad6d\uc5b4 \u03a9\u03bc\u03ad\u03b3\u03b1 \u0416\u0443\u043a"
            + " \uff76\uff80\uff76\uff85 \ud83d\udc69\u200d\ud83d\udcbb e\u0301 soft\u00adhyphen \u200bzero"
            + " \u1100\u1161 \ud83c\udde9\ud83c\uddea \u3030 &copy; &#x41; a|b `x` <b> # * _ \\";
    for (int id = 10; id < 50; id++) {
      String title =
          id == 10
              ? wide
              : id == 11 ? NastyStrings.next(random, 12).repeat(40) : NastyStrings.next(random, 12);
      statements.add(
          "INSERT INTO needs (id, title, description, status, priority, scope, created_at, updated_at)"
              + " VALUES ("
              + id
              + ", "
              + sql(title)
              + ", "
              + sql(NastyStrings.next(random, 8))
              + ", 'identified', "
              + (id % 7 == 0 ? "NULL" : String.valueOf(1 + id % 5))
              + ", "
              + sql(id % 2 == 0 ? wide : NastyStrings.next(random, 6))
              + ", '2026-01-01T00:00:00Z',"
              + " '2026-01-02T00:00:00Z')");
    }
    w.oldRows(statements.toArray(String[]::new));
    w.write(
        "t.ftl",
        """
        # Tables

        <#assign head = needs?filter(n -> n.id == 11)?first.title>
        ${mlos.table([head, {"title": "Priority", "align": "right"}, {"title": "Scope", "align": "center"},
            {"title": "Scope as text", "align": "left"}, "Page", "Description", "Flag"],
            needs?map(n -> [n.title, n.priority!"", {"code": n.scope}, n.scope,
                {"text": n.title, "link": mlos.link("p/" + n.id + " (x) [y]|z ü.md")}, n.description!"", n.id % 2 == 0]))}

        ## No rows

        ${mlos.table(["A", {"title": "", "align": "center"}], [])}

        ## Short rows

        ${mlos.table(["One", "Two", "Three"], [["x"], [], ["", "", ""]])}
        """);
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  tables:\n    template: t.ftl\n    output: TABLES.md\n    queries:\n"
            + "      needs: SELECT id, title, description, priority, scope FROM needs ORDER BY id\n");

    w.compile();

    tools.assertClean(
        "mlos.table with hostile cells", w.root, List.of(w.root.resolve("TABLES.md")));
  }

  /**
   * Every character a table cell holds raw has the width mlos pads it by in both tools: prettier's
   * and markdownlint's own width functions measure each code point of {@link
   * dev.mlos.core.render.MarkdownTableProbe#rawCodePoints} as mlos does.
   */
  @Test
  void everyCharacterATableCellHoldsRawHasTheSameWidthInBothTools() throws Exception {
    MarkdownTools tools = MarkdownTools.installedOrSkip();
    List<int[]> expected = dev.mlos.core.render.MarkdownTableProbe.rawCodePoints();
    List<String> texts = expected.stream().map(e -> Character.toString(e[0])).toList();

    List<int[]> measured = tools.widths(texts);

    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      int[] e = expected.get(i);
      int[] m = measured.get(i);
      if (m[0] != e[1] || m[1] != e[1]) {
        wrong.add(
            String.format(
                java.util.Locale.ROOT,
                "U+%04X: mlos %d, prettier %d, markdownlint %d",
                e[0],
                e[1],
                m[0],
                m[1]));
      }
    }
    org.junit.jupiter.api.Assertions.assertEquals(expected.size(), measured.size());
    org.junit.jupiter.api.Assertions.assertTrue(
        wrong.isEmpty(),
        wrong.size()
            + " characters measured differently:\n"
            + String.join("\n", wrong.subList(0, Math.min(50, wrong.size()))));
  }

  /**
   * {@code s} as an SQL expression: quotes doubled, NUL (which a statement cannot hold) as char(0).
   */
  static String sql(String s) {
    return "('" + s.replace("'", "''").replace("\u0000", "' || char(0) || '") + "')";
  }
}
