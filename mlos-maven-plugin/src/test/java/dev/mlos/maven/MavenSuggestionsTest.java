package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import org.junit.jupiter.api.Test;

/** The core's remedies in Maven's words: the goal to run, the property to set. */
class MavenSuggestionsTest {
  private static String word(Remedy r) {
    return MavenSuggestions.INSTANCE.word(r);
  }

  @Test
  void everyKindIsAGoalOrAProperty() {
    assertEquals("`mvn mlos:compile`", word(Remedy.compile()));
    assertEquals("`mvn mlos:init`", word(Remedy.init()));
    assertEquals("`mvn mlos:import -Dmlos.import=docs/**`", word(Remedy.importPaths("docs/**")));
    assertEquals("`mvn mlos:import`", word(Remedy.importPaths(null)));
    assertEquals(
        "`mvn mlos:accept -Dmlos.accept=docs/boot.md`", word(Remedy.accept("docs/boot.md")));
    assertEquals("`mvn mlos:accept -Dmlos.accept=<path>`", word(Remedy.accept(null)));
    assertEquals("`mvn mlos:accept -Dmlos.accept.all=true`", word(Remedy.acceptAll()));
    assertEquals("mlos.database", word(Remedy.setting("database", null)));
    assertEquals("-Dmlos.accept.all=true", word(Remedy.setting("accept.all", "true")));
  }

  @Test
  void aCoreFixReadsAsItDidWhenTheCoreSpokeMaven() {
    MlosException e =
        new MlosException("Database x: it does not exist", "run {0} to create it, or set {1}")
            .suggesting(Remedy.init(), Remedy.setting("database", null));
    assertEquals(
        "run `mvn mlos:init` to create it, or set mlos.database", e.fix(MavenSuggestions.INSTANCE));
  }
}
