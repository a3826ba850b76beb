package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's trial of {@code mlos agent lens}: a weight for a scope the lens never shows and a
 * lens for an agent type no run has were both set without a word.
 */
class LensAnswersTest {
  @TempDir Path dir;

  @Test
  void aWeightOfAScopeTheLensNeverShowsIsRefusedWithTheFixOnItsLine() {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "coder");
    assertEquals(
        "refused (lens.weights): lens weight 'scope:x' can never apply: the lens shows only the"
            + " needs of its scope 'a' and has no tags, so no need of that scope is ever in it\n"
            + "  fix: add the scope 'x' to the lens's scopes as well, or leave the weight out\n",
        InProcess.run(
                dir,
                Main.REFUSED,
                "agent",
                "lens",
                "--for",
                "1",
                "--scope",
                "a",
                "--weight",
                "scope:x=2")
            .err());
    // The fix followed.
    InProcess.ok(
        dir,
        "agent",
        "lens",
        "--for",
        "1",
        "--scope",
        "a",
        "--scope",
        "x",
        "--weight",
        "scope:x=2");
  }

  @Test
  void aLensForATypeWithoutRunsSaysSoInTheAnswer() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "coder");
    InProcess.Run run = InProcess.ok(dir, "agent", "lens", "--type", "nosuchtype", "--scope", "a");
    assertEquals(
        "Set the lens of agent type nosuchtype (lens:1): scopes [a], tags [], weights {}, token"
            + " budget -\n"
            + "note: no agent run of type nosuchtype is registered yet: the lens applies to every"
            + " run of it registered from now on (the types with runs: coder)\n",
        run.out());
    assertEquals("", run.err());
    JsonNode json =
        new ObjectMapper()
            .readTree(
                InProcess.ok(dir, "agent", "lens", "--type", "nosuchtype", "--scope", "a", "--json")
                    .out());
    assertEquals(1, json.get("notes").size(), json.toString());
    assertEquals(
        "no agent run of type nosuchtype is registered yet: the lens applies to every run of it"
            + " registered from now on (the types with runs: coder)",
        json.get("notes").get(0).asText());
    // A type with a run: nothing more to say.
    assertEquals(
        "Set the lens of agent type coder (lens:2): scopes [a], tags [], weights {}, token budget"
            + " -\n",
        InProcess.ok(dir, "agent", "lens", "--type", "coder", "--scope", "a").out());
    assertEquals(
        0,
        new ObjectMapper()
            .readTree(
                InProcess.ok(dir, "agent", "lens", "--type", "coder", "--scope", "a", "--json")
                    .out())
            .get("notes")
            .size());
  }
}
