package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.InvalidConfigException;
import dev.mlos.core.config.WorkspaceConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 item 7: a template that writes without limit ({@code <#list 1..1000000000 as
 * i>x</#list>}) wrote a 1 GB page at 4.4 GB of memory. A page is now capped (16 MiB by default,
 * max_page_bytes in mlos.yaml, or the adapter's override): past the cap the page is only counted,
 * up to four times the cap, where the render stops. That page is not written; the others are.
 */
class PageSizeLimitTest {
  @TempDir Path dir;

  private static final String PER_NEED =
      "  pages:\n    template: t.ftl\n    output: p/{id}.md\n    each: needs\n"
          + "    queries:\n      needs: SELECT id FROM needs ORDER BY id\n";

  private TestWorkspace workspace(String template, String extra) {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", template);
    w.write("mlos.yaml", "pack: none\n" + extra + "views:\n" + PER_NEED);
    return w;
  }

  @Test
  void aBillionLoopStopsPastTheDefaultCapNamingViewRowPageAndTemplate() {
    TestWorkspace w =
        workspace(
            "<#if row.id == 3><#list 1..1000000000 as i>xxxxxxxxxxxxxxxx</#list></#if>${row.id}\n",
            "");
    assertEquals(16L << 20, w.config().maxPageBytes());
    PagesTooLargeException e = assertThrows(PagesTooLargeException.class, w::compile);
    assertEquals(
        "  - p/3.md [view 'pages', template t.ftl, row {\"id\":3}]: more than 67,108,864 bytes"
            + " (rendering stopped there)",
        e.getMessage().lines().skip(1).findFirst().orElseThrow());
    assertTrue(e.fix().contains("raise max_page_bytes in mlos.yaml"), e.fix());
    assertFalse(w.exists("p/3.md"), "no partial page");
    assertTrue(w.exists("p/1.md") && w.exists("p/4.md"), "every other page is written");
  }

  @Test
  void theCapIsASettingInMlosYamlCountedInUtf8Bytes() {
    // 600 three-byte characters are 1800 bytes: over a 1 KiB cap, though only 600 characters.
    TestWorkspace w = workspace("<#list 1..600 as i>\u20ac</#list>\n", "max_page_bytes: 1 KiB\n");
    assertEquals(1024, w.config().maxPageBytes());
    PagesTooLargeException e = assertThrows(PagesTooLargeException.class, w::compile);
    assertTrue(
        e.getMessage().startsWith("4 pages were not written: over the page size limit of 1 KiB"),
        e.getMessage());
    assertTrue(e.getMessage().contains("  - p/1.md [view 'pages'"), e.getMessage());
    assertEquals(1801, e.pages().get(0).bytes(), "counted in UTF-8 bytes");

    w.write("mlos.yaml", "pack: none\nmax_page_bytes: 4096\nviews:\n" + PER_NEED);
    w.compile();
    assertTrue(w.read("p/1.md").contains("\u20ac".repeat(600)));
  }

  @Test
  void theAdaptersOverrideWinsOverMlosYaml() {
    TestWorkspace w = workspace("x\n", "max_page_bytes: 1 KiB\n");
    WorkspaceConfig c =
        new ConfigLoader()
            .load(w.root, new ConfigOverrides(null, w.db, null, null, Map.of(), 2048L));
    assertEquals(2048, c.maxPageBytes());
  }

  @Test
  void aBadCapIsAConfigErrorAtItsLine() {
    TestWorkspace w = workspace("x\n", "max_page_bytes: lots\n");
    InvalidConfigException e = assertThrows(InvalidConfigException.class, w::config);
    assertTrue(
        e.getMessage()
            .endsWith("mlos.yaml:2:17: max_page_bytes: must be a size in bytes, found 'lots'"),
        e.getMessage());
    w.write("mlos.yaml", "pack: none\nmax_page_bytes: 2 GiB\nviews:\n" + PER_NEED);
    assertTrue(
        assertThrows(InvalidConfigException.class, w::config)
            .getMessage()
            .contains("must be a size from 1 KiB to 1 GiB"));
    w.write("mlos.yaml", "pack: none\nmax_page_bytes: 12\nviews:\n" + PER_NEED);
    assertTrue(
        assertThrows(InvalidConfigException.class, w::config)
            .getMessage()
            .contains("must be a size from 1 KiB to 1 GiB"));
  }

  /**
   * A compile that meets an output conflict as well says the pages over the cap as warnings (the
   * conflict is what it throws): the first 20, then a count and where each is listed. 10,000 pages
   * over the cap gave 10,000 lines.
   */
  @Test
  void pagesOverTheCapBesideAConflictAreNamedTwentyAndCounted() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.sql(
        "INSERT INTO needs (title, status, priority, scope) WITH RECURSIVE n(i) AS"
            + " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 46)"
            + " SELECT 'need ' || i, 'identified', 3, 'bulk' FROM n");
    // Every page but the first is over 1 KiB; a file of the user's is where the first goes.
    w.write("t.ftl", "<#if row.id gt 1><#list 1..2000 as i>x</#list></#if>${row.id}\n");
    w.write("mlos.yaml", "pack: none\nmax_page_bytes: 1 KiB\nviews:\n" + PER_NEED);
    w.write("p/1.md", "# my own notes\n");

    assertThrows(OutputConflictException.class, w::compile);

    java.util.List<String> tooLarge =
        w.warnings.stream().filter(l -> l.contains("max_page_bytes")).toList();
    assertEquals(21, tooLarge.size(), String.join("\n", w.warnings));
    assertEquals(
        "Not written, over max_page_bytes: p/2.md [view 'pages', template t.ftl, row {\"id\":2}]:"
            + " 2,002 bytes",
        tooLarge.get(0));
    assertEquals(
        "... and 25 more pages over max_page_bytes were not written (`guard` lists each, with its"
            + " size)",
        tooLarge.get(20));
    assertEquals("# my own notes\n", w.read("p/1.md"), "the user's file is not touched");
  }
}
