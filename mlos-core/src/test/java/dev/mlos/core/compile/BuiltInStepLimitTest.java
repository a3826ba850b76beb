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
 * FreeMarker's built-ins and {@code +} work in Java, where the step bound of a page's render saw
 * one step: {@code (1..2000000000)?seq_contains(-1)} took 44 s, {@code ?filter} 76 s, N times that
 * in a {@code #list} of N turns; a sequence, hash or string added to itself forty times is 2^40
 * entries built in forty steps. Each entry or character a built-in or {@code +} works through is a
 * step now, so such a page stops at the same bound, naming the template, the line and the fix.
 */
class BuiltInStepLimitTest {
  @TempDir Path dir;

  private static final String PER_NEED =
      "  pages:\n    template: t.ftl\n    output: p/{id}.md\n    each: needs\n"
          + "    queries:\n      needs: SELECT id FROM needs ORDER BY id\n";

  private int workspaces;

  private TemplateRenderException stopped(String expression) {
    TestWorkspace w = TestWorkspace.create(dir.resolve("w" + workspaces++));
    w.seed();
    w.write("t.ftl", "${row.id}\n<#if row.id == 3>\n" + expression + "\n</#if>\n");
    w.write("mlos.yaml", "pack: none\nviews:\n" + PER_NEED);
    TemplateRenderException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(120), () -> assertThrows(TemplateRenderException.class, w::compile));
    assertFalse(w.exists("p/3.md"), "no page of the row that did not render");
    assertTrue(
        e.getMessage().contains("stopped rendering page p/3.md after 250,000,000 template steps"),
        e.getMessage());
    assertTrue(e.getMessage().startsWith("View 'pages', template t.ftl:3:"), e.getMessage());
    return e;
  }

  /**
   * As {@link #stopped}, the template rendered alone under {@link SoonerBound#STEPS}: a compile's
   * bound took 15 to 20 s to reach for the sorts of long strings and the kept searches below.
   */
  private TemplateRenderException stoppedSooner(String expression) {
    TemplateRenderException e =
        SoonerBound.stopped(
            dir.resolve("w" + workspaces++),
            "${row.id}\n<#if row.id == 3>\n" + expression + "\n</#if>\n");
    assertTrue(
        e.getMessage().contains("stopped rendering page p/3.md " + SoonerBound.AFTER),
        e.getMessage());
    assertTrue(e.getMessage().startsWith("View 'pages', template t.ftl:3:"), e.getMessage());
    return e;
  }

  private static void saysBuiltIn(TemplateRenderException e) {
    assertTrue(
        e.getMessage()
            .contains("for one page: a built-in, + or comparison over a huge range, sequence or"),
        e.getMessage());
    assertTrue(
        e.fix().startsWith("bound what the built-in, + or comparison at that line works on"),
        e.fix());
  }

  @Test
  void aBuiltInOverAHugeRangeStopsAtItsLine() {
    saysBuiltIn(stopped("${(1..2000000000)?seq_contains(-1)?c}"));
    saysBuiltIn(stopped("${(1..2000000000)?filter(x -> x < 0)?size}"));
    saysBuiltIn(stopped("${(1..2000000000)?seq_index_of(-1)}"));
    saysBuiltIn(stopped("${(1..2000000000)?map(x -> x)?join(',')?length}"));
  }

  @Test
  void anMlosFunctionGivenAHugeRangeStopsAtItsLine() {
    // mlos's functions are not measured by their result: what they are given is charged instead.
    saysBuiltIn(stopped("${mlos.budget(1..2000000000, 1).used}"));
  }

  @Test
  void aCheapBuiltInInATightLoopStopsAtTheSameBound() {
    saysBuiltIn(stopped("<#list 1..1000000 as i><#if (1..1000)?seq_contains(-1)></#if></#list>"));
  }

  @Test
  void lambdasInsideLambdasCountEveryInnerTurn() {
    saysBuiltIn(stopped("${(1..100000)?filter(x -> (1..100000)?seq_contains(-x))?size}"));
  }

  @Test
  void aSequenceOrHashAddedToItselfStops() {
    saysBuiltIn(stopped("<#assign s = [1]><#list 1..60 as i><#assign s = s + s></#list>${s?size}"));
    saysBuiltIn(stopped("<#assign s = []><#list 1..60 as i><#assign s = s + s></#list>${s?size}"));
    saysBuiltIn(
        stopped(
            "<#assign h = {'a': 1}><#list 1..60 as i><#assign h = h + h></#list>${h.b!'none'}"));
  }

  @Test
  void aStringDoubledStopsBeforeItFillsTheHeap() {
    saysBuiltIn(stopped("<#assign s = 'x'><#list 1..60 as i><#assign s = s + s></#list>"));
    saysBuiltIn(
        stopped("<#assign s = 'x'><#list 1..60 as i><#assign s = [s, s]?join('')></#list>"));
    saysBuiltIn(
        stopped("<#assign s = 'x'><#list 1..60 as i><#assign s>${s}${s}</#assign></#list>"));
    saysBuiltIn(stopped("<#assign s = 'x'><#list 1..60 as i><#assign s = \"${s}${s}\"></#list>"));
    saysBuiltIn(stopped("${''?left_pad(2000000000)?length}"));
  }

  /**
   * Text a loop writes into a capture, which FreeMarker buffers out of the page size limit's sight,
   * counts by its characters: this ran a 6 GiB heap out in 17 s.
   */
  @Test
  void textCapturedInALoopStopsBeforeItFillsTheHeap() {
    TemplateRenderException e =
        stopped(
            "<#assign s><#list 1..200000000 as i>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</#list></#assign>");
    assertTrue(e.getMessage().contains("for one page: a #list over a huge range"), e.getMessage());
  }

  /**
   * A regular expression that backtracks ran inside the built-in, where nothing counted: {@code
   * (.*a){12}} over 25 characters took 17 s, over 40 characters hours.
   */
  @Test
  void aRegularExpressionThatBacktracksStops() {
    String text = "a".repeat(40) + "!";
    saysBuiltIn(stopped("${'" + text + "'?matches('(.*a){12}')?c}"));
    saysBuiltIn(stopped("${'" + text + "'?replace('(.*a){12}x', '', 'r')}"));
    saysBuiltIn(stopped("${'" + text + "'?split('(.*a){12}x', 'r')?size}"));
  }

  /**
   * A built-in method kept in a variable, a list or parentheses is charged on each call as a direct
   * call is: {@code m('(.*a){12}')} did not stop, {@code pad(2000000000)} built the whole string.
   */
  @Test
  void aBuiltInMethodKeptInAVariableIsChargedWhereverItIsCalled() {
    String text = "a".repeat(40) + "!";
    saysBuiltIn(stopped("<#assign m = '" + text + "'?matches>${m('(.*a){12}')?c}"));
    saysBuiltIn(stopped("<#assign ms = ['" + text + "'?matches]>${ms[0]('(.*a){12}')?c}"));
    saysBuiltIn(stopped("${('" + text + "'?matches)('(.*a){12}')?c}"));
    saysBuiltIn(stopped("<#assign pad = ''?left_pad>${pad(2000000000)?length}"));
  }

  /**
   * A kept built-in that walks its sequence was charged the sequence once, where it was named, and
   * nothing at each call: 2,000 calls over a hundred million entries did not stop within minutes.
   * Each call now costs what evaluating the built-in again would.
   */
  @Test
  void aKeptSequenceSearchIsChargedOnEachCall() {
    // Five million entries a call, under a bound of twenty million: charged once, 2,000 calls
    // render (ten billion entries walked); charged at each call, the fourth stops.
    String loop = "<#list 1..2000 as i>";
    saysBuiltIn(
        stoppedSooner("<#assign c = (1..5000000)?seq_contains>" + loop + "${c(-1)?c}</#list>"));
    saysBuiltIn(
        stoppedSooner("<#assign c = (1..5000000)?seq_index_of>" + loop + "${c(-1)}</#list>"));
    saysBuiltIn(
        stoppedSooner("<#assign c = (1..5000000)?seq_last_index_of>" + loop + "${c(-1)}</#list>"));
    saysBuiltIn(
        stoppedSooner(
            "<#assign e = (1..5000000)?map(x -> '')><#assign j = e?join>"
                + "<#list 1..100000 as i>${j('')}</#list>"));
  }

  /**
   * A kept built-in that searches or compares its string was charged the string once: a million
   * calls over ten million characters ran for many minutes.
   */
  @Test
  void aKeptStringSearchIsChargedOnEachCall() {
    String s = "<#assign s = ''?left_pad(10000000, 'a')>";
    String loop = "<#list 1..1000000 as i>";
    for (String kept :
        new String[] {
          "s?contains>" + loop + "${f('b')?c}",
          "s?index_of>" + loop + "${f('b')}",
          "s?last_index_of>" + loop + "${f('b')}",
          "s?starts_with>" + loop + "${f(s)?c}",
          "s?ends_with>" + loop + "${f(s)?c}",
          "s?remove_beginning>" + loop + "${f(s)}",
          "s?keep_after>" + loop + "${f('b')}",
          "s?split>" + loop + "${f('b')?size}",
        }) {
      saysBuiltIn(stopped(s + "<#assign f = " + kept + "</#list>"));
    }
  }

  /**
   * Java's search for a text in a string compares it at every place it may start: a million {@code
   * a}s searched for half a million {@code a}s and a {@code b} took minutes in one call, charged
   * the million characters only. A search is charged (n - m + 1) * m now, kept or called directly.
   */
  @Test
  void aSearchForALongTextIsChargedByBothLengths() {
    String texts =
        "<#assign s = ''?left_pad(1000000, 'a')><#assign t = ''?left_pad(500000, 'a') + 'b'>";
    for (String search :
        new String[] {
          "${s?contains(t)?c}",
          "${s?index_of(t)}",
          "${s?replace(t, '')?length}",
          "${s?split(t)?size}",
          "${s?keep_after(t)?length}",
          "<#assign f = s?contains>${f(t)?c}",
        }) {
      saysBuiltIn(stopped(texts + search));
    }
  }

  /**
   * Sorting n entries is about n * log2(n) comparisons, and was charged n: 200,000 entries sorted a
   * thousand times (3.6 billion comparisons) rendered within the bound.
   */
  @Test
  void aSortIsChargedItsComparisons() {
    saysBuiltIn(stopped("<#list 1..1000 as i>${(1..200000)?sort?size}</#list>"));
    saysBuiltIn(
        stopped(
            "<#assign xs = (1..200000)?map(x -> {'k': x})>"
                + "<#list 1..1000 as i>${xs?sort_by('k')?size}</#list>"));
  }

  /**
   * A sort compares strings with the locale's collator, which walks both up to their first
   * difference at each comparison, some hundred nanoseconds a character: two strings of a million
   * characters sorted a hundred times were charged 200 million steps and took half a minute, and
   * sorted by a key they were charged a step or two a sort. Each comparison a sort makes is charged
   * both strings' lengths now, eight steps a character, kept, after a {@code <#setting locale>} or
   * inside an {@code #attempt} (which catches what FreeMarker's sort makes of the stop) too.
   */
  @Test
  void aSortOfLongStringsIsChargedAtEachComparison() {
    String texts =
        "<#assign s = ''?left_pad(1000000, 'a')><#assign t = ''?left_pad(1000000, 'a')>"
            + "<#assign xs = [{'k': s}, {'k': t}]>";
    // Five sorts under the sooner bound: charged each entry once (2 million a sort) they
    // rendered; charged at each comparison (16 million), the second stops.
    String loop = "<#list 1..5 as i>";
    for (String sorted :
        new String[] {
          loop + "${[s, t]?sort?size}",
          loop + "${xs?sort_by('k')?size}",
          "<#assign f = xs?sort_by>" + loop + "${f('k')?size}",
          "<#setting locale='de_DE'>" + loop + "${[s, t]?sort?size}",
          loop + "<#attempt>${[s, t]?sort?size}<#recover>recovered</#attempt>",
        }) {
      saysBuiltIn(stoppedSooner(texts + sorted + "</#list>"));
    }
  }

  /**
   * FreeMarker normalises both strings of a comparison, at each comparison: two strings of a
   * million characters compared in a loop ran past two minutes, a step a turn. Each comparison is
   * charged both strings' lengths now, a #switch's value at each case it is compared with.
   */
  @Test
  void aComparisonOfLongStringsIsChargedByBothLengths() {
    String texts =
        "<#assign s = ''?left_pad(1000000, 'a')><#assign t = ''?left_pad(1000000, 'a')>"
            + "<#list 1..10000000 as i>";
    for (String compared :
        new String[] {
          "<#if s == t></#if>",
          "<#if s != t></#if>",
          "<#switch s><#case 'b'><#case 'c'></#switch>",
          "<#switch 'b'><#case s></#switch>",
          "<#switch 'b'><#on 'c', s></#switch>",
          "${s?switch('b', 1, 2)}",
          "${'b'?switch(t, 1, 2)}",
        }) {
      saysBuiltIn(stopped(texts + compared + "</#list>"));
    }
  }

  /**
   * FreeMarker normalises (NFKC) both strings of a comparison, and a character may normalise to
   * many (U+FDFA to 18): {@code s == 'x'} over 20 million of them rendered after about 10 s,
   * charged 40 million steps of the 250 million a page may take; a literal of 64 of them, left
   * uncharged as small, in a loop of ten million turns was charged a step a turn. Each is charged
   * what it normalises to now.
   */
  @Test
  void aComparisonIsChargedTheCharactersItsStringsNormaliseTo() {
    // Under the sooner bound of twenty million steps: two million U+FDFA were charged four million
    // (made, then compared) and rendered; they normalise to 36 million characters.
    String wide = "<#assign s = ''?left_pad(2000000, '\uFDFA')>";
    saysBuiltIn(stoppedSooner(wide + "<#if s == 'x'></#if>"));
    saysBuiltIn(stoppedSooner(wide + "<#switch s><#case 'x'></#switch>"));
    saysBuiltIn(stoppedSooner(wide + "<#if ['x']?seq_contains(s)></#if>"));
    saysBuiltIn(
        stoppedSooner(
            "<#list 1..100000 as i><#if '" + "\uFDFA".repeat(64) + "' == 'x'></#if></#list>"));
    // A value sought of one character was free (the step of its entry pays for it), but U+FDFA is
    // 18 normalised at each entry: half a million empty entries searched ten times were charged
    // five million and normalised 90 million characters.
    String empties = "<#assign es = ''?left_pad(500000, ',')?split(',')>";
    for (String sought : new String[] {"seq_contains", "seq_index_of", "seq_last_index_of"}) {
      saysBuiltIn(
          stoppedSooner(empties + "<#list 1..10 as i>${es?" + sought + "('\uFDFA')?c}</#list>"));
    }
  }

  /**
   * ?seq_contains, ?seq_index_of and ?sort compare strings the same way, each entry with the value
   * sought or with other entries, and were charged a step an entry. Each string entry is charged
   * its length as the built-in reads it (times the comparisons a sort makes), the value sought its
   * length for each entry, kept or called directly.
   */
  @Test
  void aSequenceSearchOrSortOfLongStringsIsChargedByTheirLengths() {
    String texts = "<#assign s = ''?left_pad(1000000, 'a')><#assign t = ''?left_pad(1000000, 'a')>";
    String loop = "<#list 1..10000000 as i>";
    for (String compared :
        new String[] {
          loop + "<#if ['b']?seq_contains(s)></#if>",
          loop + "<#if [t]?seq_contains('b')></#if>",
          loop + "${['b', t]?seq_index_of(s)}",
          loop + "${[t, 'c']?seq_last_index_of('b')}",
          loop + "${[s, 'b']?sort?size}",
          loop + "${(1..3)?map(x -> t)?seq_contains('b')?c}",
          "<#assign c = [t]?seq_contains>" + loop + "<#if c('b')></#if>",
        }) {
      saysBuiltIn(stopped(texts + compared + "</#list>"));
    }
  }

  /**
   * ?seq_contains and ?seq_index_of over a collection (a lazy ?map or ?filter, whose size is not
   * known before it is walked) were charged each string entry but not the value sought, which
   * FreeMarker normalises at each comparison: a million characters sought among three entries a
   * thousand times rendered (in a loop of ten million turns it still ran after 40 s). It is charged
   * its length for each entry as the search iterates it now, kept or called directly.
   */
  @Test
  void theValueSoughtInACollectionIsChargedForEachEntry() {
    String texts =
        "<#assign s = ''?left_pad(1000000, 'a')><#assign h = {'x': 'b', 'y': 'c', 'z': 'd'}>";
    String loop = "<#list 1..1000 as i>";
    for (String sought :
        new String[] {
          loop + "<#if (1..3)?map(x -> 'b')?seq_contains(s)></#if>",
          loop + "${(1..3)?map(x -> 'b')?seq_index_of(s)}",
          loop + "${(1..3)?filter(x -> x > 0)?map(x -> 'b')?seq_contains(s)?c}",
          "<#assign c = (1..3)?map(x -> 'b')?seq_contains>" + loop + "<#if c(s)></#if>",
          loop + "<#if h?values?seq_contains(s)></#if>",
        }) {
      saysBuiltIn(stopped(texts + sought + "</#list>"));
    }
  }

  /**
   * ?switch compares its string with each case value, FreeMarker normalising both each time, and
   * charged its string once: a million characters switched over fifty cases a hundred times
   * rendered, charged a hundred million steps for five billion characters normalised. The string is
   * charged for each case now.
   */
  @Test
  void aSwitchedStringIsChargedForEachCase() {
    StringBuilder cases = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      cases.append("'c").append(i).append("', ").append(i).append(", ");
    }
    saysBuiltIn(
        stopped(
            "<#assign s = ''?left_pad(1000000, 'a')><#list 1..100 as i>${s?switch("
                + cases
                + "-1)}</#list>"));
  }

  /**
   * Exact arithmetic costs by the size of its numbers: {@code x * x} twenty-five times made 33
   * million digits in 76 s.
   */
  @Test
  void hugeNumbersStopAtTheLineOfTheirArithmetic() {
    for (String huge :
        new String[] {
          "<#assign x = 10><#list 1..40 as i><#assign x = x * x></#list>", "${'1e999999999'?number}"
        }) {
      TemplateRenderException e = stopped(huge);
      assertTrue(
          e.getMessage().contains("for one page: arithmetic on huge numbers"), e.getMessage());
      assertTrue(e.fix().startsWith("bound the numbers the arithmetic at that line"), e.fix());
    }
  }

  /**
   * #attempt caught the built-in's stop (FreeMarker wrapped it), and the page stopped at the next
   * element instead, named as a loop.
   */
  @Test
  void anAttemptDoesNotSwallowTheStop() {
    saysBuiltIn(
        stopped("<#attempt>${(1..2000000000)?seq_contains(-1)?c}<#recover>recovered</#attempt>"));
  }

  /**
   * A lazy ?filter or ?map was charged its whole source where it was evaluated: a #list over
   * (1..2000000000)?filter(...) that a #break ends after five entries was refused. Read by a #list,
   * it is charged the entries it reads now; one that never ends still stops at the bound
   * (LazyListStepBoundTest, under a smaller bound: reaching this one took 40 s).
   */
  @Test
  void aListOfALazyFilterIsChargedWhatItReads() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write(
        "t.ftl",
        "<#list (1..2000000000)?filter(x -> x % 2 == 0)?map(x -> x * 10) as x>${x} "
            + "<#if x gte 100><#break></#if></#list>"
            + "<#list (1..2000000000)?take_while(x -> x < 4) as x>${x}</#list>\n");
    w.write("mlos.yaml", "pack: none\nviews:\n" + PER_NEED);
    w.compile();
    assertEquals(
        "20 40 60 80 100 123", w.read("p/1.md").strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  /**
   * A workspace's template that sorts the titles of a large workspace: charged both whole lengths
   * at each comparison, 20,000 titles of 60 characters cost more than the bound and the page was
   * refused. Titles that differ early are charged up to their difference.
   */
  @Test
  void anHonestSortOfManyTitlesRenders() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write(
        "t.ftl",
        "<#assign ts = (1..20000)?map(i -> 'Need ' + ((i * 7919) % 20000)?c"
            + " + ' about a title long enough to be one a team would write')>"
            + "${ts?sort?size} ${ts?map(t -> {'t': t})?sort_by('t')?size}\n");
    w.write("mlos.yaml", "pack: none\nviews:\n" + PER_NEED);
    w.compile();
    assertEquals("20000 20000", w.read("p/1.md").strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void honestBuiltInsStillRender() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write(
        "t.ftl",
        "<#assign xs = (1..100000)?filter(x -> x % 2 == 0)>"
            + "${xs?size} ${xs?seq_contains(99998)?c} ${(xs?reverse)[0]}"
            + " ${xs?join(',')?length} ${(xs + xs)?size} ${'ab'?left_pad(5, '-')}"
            + " ${(2 * 3.5 - 1) / 4} ${'1e3'?number} ${99999999999 * 99999999999}"
            + " ${'a-b'?replace('-+', '+', 'r')} ${'x1'?matches('[a-z][0-9]')?c}"
            + " ${'a1b22c'?split('[0-9]+', 'r')?join('/')}"
            + "<#assign has = xs?seq_contains, sw = 'abc'?starts_with, by = [{'k': 2}, {'k': 1}]>"
            + " ${has(4)?c} ${sw('ab')?c} ${'abcabc'?index_of('ca')} ${(by?sort_by('k'))[0].k}"
            + "<#assign k = 'b', n = xs?size, d = '2026-12-07'?date.iso>"
            + " ${(k == 'b' && k != 'c' && n >= 50000 && d == d)?c}"
            + " <#switch k><#case 'a'>A<#case 'b'>B</#switch>"
            + "<#switch k><#on 'a', 'b'>O<#default>D</#switch>${k?switch('a', 'A', k, 'K', 'D')}"
            + " ${['c', k, 'a']?sort?join('')} ${['a', k]?seq_index_of(k)} ${['a']?seq_contains(k)?c}"
            + " ${([{'k': 'c'}, {'k': k}, {'k': 'a'}]?sort_by('k'))[0].k}"
            + " ${('\uFDFA' == 'x')?c} ${(''?left_pad(1000, '\uFDFA') != k)?c}\n");
    w.write("mlos.yaml", "pack: none\nviews:\n" + PER_NEED);
    w.compile();
    assertEquals(
        "50000 true 100000 294449 100000 ---ab 1.5 1000 9999999999800000000001 a+b true a/b/c"
            + " true true 2 1 true BOK abc 1 false a false true",
        w.read("p/1.md").strip().lines().reduce((a, b) -> b).orElseThrow());
  }
}
