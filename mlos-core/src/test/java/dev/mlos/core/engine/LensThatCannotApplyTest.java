package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's trial: {@code mlos agent lens --scope a --weight scope:x=2} set a weight that can
 * never weigh anything (the lens shows no need of scope x), and {@code --type nosuchtype} set a
 * lens for a type no run has, both without a word. The first is refused, the second is allowed (a
 * lens may be set before the first run of its type registers) and says so; both in the core, so
 * every adapter answers the same.
 */
class LensThatCannotApplyTest {
  @TempDir Path dir;
  Engine engine;

  @BeforeEach
  void open() {
    engine = Engine.open(EngineDatabase.create(dir.resolve("mlos.db")), Actor.person("alice"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aWeightOfAScopeTheLensNeverShowsIsRefusedWithItsFix() {
    Agent a = engine.registerAgent(AgentSpec.of("coder"));
    RefusedException e =
        refused(
            "lens.weights",
            () ->
                engine.setLens(
                    LensSpec.forAgent(a.id())
                        .withScopes(List.of("a"))
                        .withWeights(Map.of("scope:x", 2.0, "scope:a", 3.0))));
    assertEquals(
        "lens weight 'scope:x' can never apply: the lens shows only the needs of its scope 'a'"
            + " and has no tags, so no need of that scope is ever in it",
        e.getMessage());
    assertEquals(
        "add the scope 'x' to the lens's scopes as well, or leave the weight out", e.fix());
    // Nothing was stored.
    assertTrue(engine.lensOf(a.id()).isEmpty());
    // Two such weights are named in one refusal.
    e =
        refused(
            "lens.weights",
            () ->
                engine.setLens(
                    LensSpec.forAgent(a.id())
                        .withScopes(List.of("a", "b"))
                        .withWeights(Map.of("scope:x", 2.0, "scope:y", 3.0))));
    assertEquals(
        "lens weights 'scope:x', 'scope:y' can never apply: the lens shows only the needs of its 2"
            + " scopes 'a', 'b' and has no tags, so no need of those scopes is ever in it",
        e.getMessage());
    assertEquals(
        "add the scopes 'x', 'y' to the lens's scopes as well, or leave those weights out",
        e.fix());
    // The fix followed: the scope in the lens too.
    Lens l =
        engine
            .setLens(
                LensSpec.forAgent(a.id())
                    .withScopes(List.of("a", "x"))
                    .withWeights(Map.of("scope:x", 2.0)))
            .lens();
    assertEquals(Map.of("scope:x", 2.0), l.weights());
  }

  @Test
  void aScopesWeightThatMayApplyIsKept() {
    Agent a = engine.registerAgent(AgentSpec.of("coder"));
    // A lens that sees everything: a need of scope x may come any time.
    assertEquals(
        Map.of("scope:x", 2.0),
        engine
            .setLens(LensSpec.forAgent(a.id()).withWeights(Map.of("scope:x", 2.0)))
            .lens()
            .weights());
    // A lens with a tag shows a need of scope x that has the tag.
    assertEquals(
        Map.of("scope:x", 2.0, "tag:t", 3.0),
        engine
            .setLens(
                LensSpec.forAgent(a.id())
                    .withScopes(List.of("a"))
                    .withTags(List.of("k"))
                    .withWeights(Map.of("scope:x", 2.0, "tag:t", 3.0)))
            .lens()
            .weights());
    // A tag's weight applies to a shown need of scope a that has the tag.
    assertEquals(
        Map.of("tag:t", 3.0),
        engine
            .setLens(
                LensSpec.forAgent(a.id())
                    .withScopes(List.of("a"))
                    .withWeights(Map.of("tag:t", 3.0)))
            .lens()
            .weights());
  }

  @Test
  void aLensForATypeWithoutRunsIsSetAndSaysNoRunHasThatTypeYet() {
    LensSet set = engine.setLens(LensSpec.forAgentType("reviewer").withTags(List.of("k")));
    assertEquals(List.of("k"), set.lens().tags());
    assertEquals(
        List.of(
            "no agent run of type reviewer is registered yet: the lens applies to every run of it"
                + " registered from now on (no agent run of any type is registered yet)"),
        set.notes());
    engine.registerAgent(AgentSpec.of("coder"));
    engine.registerAgent(AgentSpec.of("architect"));
    assertEquals(
        List.of(
            "no agent run of type nosuchtype is registered yet: the lens applies to every run of"
                + " it registered from now on (the types with runs: architect, coder)"),
        engine.setLens(LensSpec.forAgentType("nosuchtype")).notes());
    // Once a run of the type is registered (whatever its status), nothing to say.
    Agent r = engine.registerAgent(AgentSpec.of("reviewer"));
    engine.finishAgent(r.id(), "failed", null);
    assertEquals(List.of(), engine.setLens(LensSpec.forAgentType("reviewer")).notes());
    // A lens of one agent: the agent exists, nothing to say.
    assertEquals(List.of(), engine.setLens(LensSpec.forAgent(r.id() - 1)).notes());
    // The lens of the type without runs applies to its first run.
    Agent first = engine.registerAgent(AgentSpec.of("nosuchtype"));
    assertEquals(
        engine.lensOfType("nosuchtype").orElseThrow(), engine.lensOf(first.id()).orElseThrow());
  }

  @Test
  void theTypesNamedAreAtMostTen() {
    for (int i = 0; i < 12; i++) {
      engine.registerAgent(AgentSpec.of("t" + (char) ('a' + i)));
    }
    assertEquals(
        List.of(
            "no agent run of type zz is registered yet: the lens applies to every run of it"
                + " registered from now on (the types with runs: ta, tb, tc, td, te, tf, tg, th,"
                + " ti, tj, ...)"),
        engine.setLens(LensSpec.forAgentType("zz")).notes());
  }
}
