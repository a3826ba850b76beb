package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.render.SoonerBound;
import dev.mlos.core.render.TemplateRenderException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace's own template (committed with a clone) that loops or recurses without writing
 * anything passed the page size limit and ran the compile, CI's guard and the MCP server's
 * recompile for hours: {@code <#list 1..100000 as i><#list 1..100000 as j></#list></#list>}, or a
 * macro that calls itself twice forty levels deep. A page's render now stops at a bound on its
 * steps, naming the view, the page, the template and the line, with the fix.
 */
class TemplateStepLimitTest {
  @TempDir Path dir;

  private static final String PER_NEED =
      "  pages:\n    template: t.ftl\n    output: p/{id}.md\n    each: needs\n"
          + "    queries:\n      needs: SELECT id FROM needs ORDER BY id\n";

  private TemplateRenderException stopped(String template) {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", template);
    w.write("mlos.yaml", "pack: none\nviews:\n" + PER_NEED);
    TemplateRenderException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(120), () -> assertThrows(TemplateRenderException.class, w::compile));
    assertFalse(w.exists("p/3.md"), "no page of the row that did not render");
    return e;
  }

  @Test
  void loopsThatWriteNothingStopNamingThePageTheTemplateAndTheLine() {
    TemplateRenderException e =
        stopped(
            "${row.id}\n<#if row.id == 3>\n"
                + "  <#list 1..100000 as i><#list 1..100000 as j></#list></#list>\n</#if>\n");
    assertTrue(
        e.getMessage()
            .contains(
                "stopped rendering page p/3.md after 250,000,000 template steps (directives,"
                    + " interpolations, loop turns, macro calls, and each entry or character a"
                    + " built-in, + or comparison works through, arithmetic by the size of its"
                    + " numbers) for one page: a #list over a huge range"),
        e.getMessage());
    assertTrue(
        e.getMessage().startsWith("View 'pages', template t.ftl:3:25 (row id=3): "),
        e.getMessage());
    assertTrue(e.fix().startsWith("bound the loop or the recursion at that line"), e.fix());
  }

  @Test
  void aMacroThatCallsItselfTwiceFortyLevelsDeepStops() {
    // Under a sooner bound: a compile's took 17 to 40 s of macro calls to reach.
    TemplateRenderException e =
        SoonerBound.stopped(
            dir,
            "<#macro m d><#if d < 40><@m d + 1/><@m d + 1/></#if></#macro>\n"
                + "<#if row.id == 3><@m 0/></#if>${row.id}\n");
    assertTrue(e.getMessage().contains(SoonerBound.AFTER), e.getMessage());
    assertTrue(e.getMessage().startsWith("View 'pages', template t.ftl:"), e.getMessage());
  }

  /**
   * Without an end, the Java stack ran out: the CLI died with a bare StackOverflowError; then the
   * refusal named the line where the stack happened to end, which depended on the JIT (CI saw
   * t.ftl:1:1, the macro's definition, once in many runs). It now stops at a depth, at the call.
   */
  @Test
  void aMacroThatCallsItselfWithoutEndIsNamedAtItsCallNotACrash() {
    TemplateRenderException e =
        stopped("<#macro m><@m/></#macro>\n<#if row.id == 3><@m/></#if>${row.id}\n");
    assertTrue(
        e.getMessage()
            .startsWith(
                "View 'pages', template t.ftl:1:11 (row id=3): stopped rendering page p/3.md: macros,"
                    + " functions or #includes called inside each other more than 300 deep"),
        e.getMessage());
    assertTrue(e.fix().startsWith("give the recursion at that line an end"), e.fix());
  }

  @Test
  void aFunctionThatCallsItselfWithoutEndIsNamedAtItsCall() {
    TemplateRenderException e =
        stopped(
            "<#function f d>\n  <#return f(d + 1)>\n</#function>\n"
                + "<#if row.id == 3>${f(0)}</#if>${row.id}\n");
    assertTrue(
        e.getMessage().startsWith("View 'pages', template t.ftl:2:3 (row id=3): "), e.getMessage());
    assertTrue(e.getMessage().contains("more than 300 deep"), e.getMessage());
  }

  /**
   * The depth is the same on every machine and thread, so an honest recursion (a tree of needs 300
   * levels deep) renders wherever it is compiled, however cold the JIT; one deeper stops.
   */
  @Test
  void aRecursionThreeHundredLevelsDeepRenders() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write(
        "t.ftl",
        "<#function f d><#if d < 299><#return f(d + 1)></#if><#return d></#function>"
            + "<#macro m d><#if d < 299><@m d + 1/><#else>${d}</#if></#macro>"
            + "${f(0)} <@m 0/>\n");
    w.write("mlos.yaml", "pack: none\nviews:\n" + PER_NEED);
    w.compile();
    assertEquals("299 299", w.read("p/1.md").strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void aTemplateThatIncludesItselfWithoutEndIsNamedAtTheInclude() {
    TemplateRenderException e =
        stopped("<#if row.id == 3>\n  <#include \"t.ftl\">\n</#if>${row.id}\n");
    assertTrue(
        e.getMessage().startsWith("View 'pages', template t.ftl:2:3 (row id=3): "), e.getMessage());
    assertTrue(e.getMessage().contains("more than 300 deep"), e.getMessage());
  }

  @Test
  void aHonestLoopOverAMillionItemsStillRenders() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "<#assign n = 0><#list 1..1000000 as i><#assign n = n + 1></#list>${n}\n");
    w.write("mlos.yaml", "pack: none\nviews:\n" + PER_NEED);
    w.compile();
    assertEquals("1000000", w.read("p/1.md").strip().lines().reduce((a, b) -> b).orElseThrow());
  }
}
