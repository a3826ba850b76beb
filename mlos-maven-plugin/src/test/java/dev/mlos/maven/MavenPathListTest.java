package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * -Dmlos.import as MavenPathList reads it: split at commas as Maven split it (so every use that
 * worked still works), with \, for a comma in a path and $\{ for a path's ${.
 */
class MavenPathListTest {
  @Test
  void aPlainListSplitsAsMavenSplitIt() {
    assertEquals(List.of("data", "more"), MavenPathList.split("data,more"));
    assertEquals(List.of("docs/**", "src/*.py"), MavenPathList.split("docs/**,src/*.py"));
    // Maven neither trims nor drops an empty item: neither does the split.
    assertEquals(List.of("a", " b", ""), MavenPathList.split("a, b,"));
    assertEquals(List.of(), MavenPathList.split(""));
    assertNull(MavenPathList.split(null));
    // A backslash before anything else is kept (a Windows separator, a glob's escape).
    assertEquals(List.of("data\\sub", "x\\*"), MavenPathList.split("data\\sub,x\\*"));
  }

  @Test
  void anEscapedCommaAndDollarBraceArePartOfThePath() {
    assertEquals(List.of("data/a,b.yaml", "more"), MavenPathList.split("data/a\\,b.yaml,more"));
    assertEquals(List.of("data/${x}.yaml"), MavenPathList.split("data/$\\{x}.yaml"));
    assertEquals("data/a\\,b\\,c.yaml", MavenPathList.escape("data/a,b,c.yaml"));
    assertEquals("$\\{a}/$$\\{b}", MavenPathList.escape("${a}/$${b}"));
    assertEquals(List.of("${a}/$${b}"), MavenPathList.split(MavenPathList.escape("${a}/$${b}")));
  }
}
