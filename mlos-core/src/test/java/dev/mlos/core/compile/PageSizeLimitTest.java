package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.InvalidConfigException;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.render.TemplateRenderException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 item 7: a template that writes without limit ({@code <#list 1..1000000000 as
 * i>x</#list>}) wrote a 1 GB page at 4.4 GB of memory. A page is now capped (16 MiB by default,
 * max_page_bytes in mlos.yaml, or the adapter's override) and the render stops at the cap.
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
  void aBillionLoopStopsAtTheDefaultCapNamingViewRowPageAndTemplate() {
    TestWorkspace w =
        workspace(
            "<#if row.id == 3><#list 1..1000000000 as i>xxxxxxxxxxxxxxxx</#list></#if>${row.id}\n",
            "");
    assertEquals(16L << 20, w.config().maxPageBytes());
    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);
    assertEquals(
        "View 'pages', template t.ftl (row id=3): page p/3.md reached the page size limit of 16 MiB (max_page_bytes);"
            + " rendering stopped there and nothing of this page was written",
        e.getMessage());
    assertTrue(e.fix().contains("raise max_page_bytes in mlos.yaml"), e.fix());
    assertFalse(w.exists("p/3.md"), "no partial page");
    assertTrue(
        w.exists("p/1.md"), "pages before the failing row are written, as for any render error");
  }

  @Test
  void theCapIsASettingInMlosYamlCountedInUtf8Bytes() {
    // 600 three-byte characters are 1800 bytes: over a 1 KiB cap, though only 600 characters.
    TestWorkspace w = workspace("<#list 1..600 as i>\u20ac</#list>\n", "max_page_bytes: 1 KiB\n");
    assertEquals(1024, w.config().maxPageBytes());
    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);
    assertTrue(
        e.getMessage().contains("page p/1.md reached the page size limit of 1 KiB"),
        e.getMessage());

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
}
