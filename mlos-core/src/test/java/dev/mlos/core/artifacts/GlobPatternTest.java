package dev.mlos.core.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import org.junit.jupiter.api.Test;

/** The glob syntax mlos:import documents, over '/'-separated paths on every operating system. */
class GlobPatternTest {
  private static void matches(String glob, String... paths) {
    GlobPattern p = new GlobPattern(glob);
    for (String path : paths) {
      assertTrue(p.matches(path), glob + " should match " + path);
    }
  }

  private static void misses(String glob, String... paths) {
    GlobPattern p = new GlobPattern(glob);
    for (String path : paths) {
      assertFalse(p.matches(path), glob + " should not match " + path);
    }
  }

  @Test
  void starAndQuestionMarkStayInOneSegment() {
    matches("*.md", "a.md", ".md", "a.b.md");
    misses("*.md", "a/b.md", "a.mdx", "a.MD");
    matches("docs/?.md", "docs/a.md");
    misses("docs/?.md", "docs/ab.md", "docs/.md", "docs//.md");
    misses("a?b", "a/b");
  }

  @Test
  void doubleStarSlashMatchesAnyNumberOfWholeDirectoriesIncludingNone() {
    matches("docs/**/*.md", "docs/a.md", "docs/x/a.md", "docs/x/y/z/a.md");
    misses("docs/**/*.md", "docs.md", "other/docs/a.md", "docsx/a.md", "docs/x/a.txt");
    matches("**/*.md", "a.md", "x/y/a.md");
    matches("docs/**", "docs/a", "docs/x/y/a.md");
    misses("docs/**", "docs", "other/a");
  }

  @Test
  void bracesAreAlternativesAndMayNest() {
    matches("docs/*.{md,txt}", "docs/a.md", "docs/a.txt");
    misses("docs/*.{md,txt}", "docs/a.py", "docs/a.md,txt", "docs/a.{md,txt}");
    matches("{a,b{1,2}}.md", "a.md", "b1.md", "b2.md");
    misses("{a,b{1,2}}.md", "b.md", "b3.md");
    matches("a,b.md", "a,b.md");
    matches("a}.md", "a}.md");
    matches("{a,b", "a", "b");
  }

  @Test
  void characterClassesRangesAndNegation() {
    matches("src/[abc].py", "src/a.py", "src/c.py");
    misses("src/[abc].py", "src/d.py", "src/ab.py");
    matches("v[0-9].md", "v0.md", "v9.md");
    misses("v[0-9].md", "va.md", "v-.md");
    matches("src/[!.]?.py", "src/ab.py");
    misses("src/[!.]?.py", "src/.a.py");
    matches("[-a].md", "-.md", "a.md");
    matches("[a-].md", "-.md", "a.md");
  }

  @Test
  void aClassNeverMatchesTheSeparator() {
    misses("a[!x]b", "a/b");
    misses("a[/]b", "a/b");
    misses("docs/[!.]*.md", "docs//a.md");
  }

  @Test
  void everythingElseIsLiteralIncludingRegexSyntax() {
    matches("a.b", "a.b");
    misses("a.b", "axb");
    matches("(x)+|y$.md", "(x)+|y$.md");
    misses("(x)+|y$.md", "xx.md", "y.md");
    matches("[a&&b].md", "a.md", "&.md", "b.md");
    matches("[\\^].md", "\\.md", "^.md");
    misses("[\\^].md", "a.md");
    matches("[[].md", "[.md");
    matches("[é漢🚀].md", "é.md", "漢.md", "🚀.md");
  }

  @Test
  void anEmptyOrUnclosedClassIsLiteral() {
    matches("a[]b", "a[]b");
    matches("a[!]b", "a[!]b");
    matches("a[b", "a[b");
    misses("a[b", "ab");
  }

  @Test
  void aBackwardsRangeIsRefusedNamingThePattern() {
    MlosException e = assertThrows(MlosException.class, () -> new GlobPattern("docs/[z-a].md"));
    assertTrue(e.getMessage().contains("'docs/[z-a].md' is not a valid glob"), e.getMessage());
    assertTrue(e.fix().contains("[a-z]"), e.fix());
  }

  @Test
  void literalBaseIsTheDirectoryToWalk() {
    assertEquals("docs", new GlobPattern("docs/**/*.md").literalBase());
    assertEquals("docs/x", new GlobPattern("docs/x/*.md").literalBase());
    assertEquals("", new GlobPattern("*.md").literalBase());
    assertEquals("", new GlobPattern("**/a.md").literalBase());
    assertEquals("a", new GlobPattern("a/{b,c}/d.md").literalBase());
    assertEquals("a", new GlobPattern("a/b?/c").literalBase());
  }

  @Test
  void isGlobSeesEveryGlobCharacter() {
    for (String g : new String[] {"*.md", "a?", "[ab]", "{a,b}", "docs/**"}) {
      assertTrue(GlobPattern.isGlob(g), g);
    }
    for (String plain : new String[] {"docs/a.md", "a,b", "a}b", "a]b", ""}) {
      assertFalse(GlobPattern.isGlob(plain), plain);
    }
  }
}
