package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code mlos relate} gives scripts, in this JVM. */
class RelateCommandTest {
  @TempDir Path dir;

  @Test
  void jsonGivesAnEdgesMetadataAsTheJsonValueItHoldsNotAsTextInAString() throws Exception {
    InProcess.run(dir, Main.OK, "init");
    InProcess.run(dir, Main.OK, "need", "create", "Boots");
    InProcess.run(dir, Main.OK, "need", "create", "Ships");
    InProcess.run(dir, Main.OK, "need", "create", "Sells");

    JsonNode edge =
        new ObjectMapper()
            .readTree(
                InProcess.ok(
                        dir,
                        "relate",
                        "need:1",
                        "blocks",
                        "need:2",
                        "--metadata",
                        "{\"why\": \"the \\\"kernel\\\"\", \"runs\": [1, 2]}",
                        "--json")
                    .out());
    assertTrue(edge.get("metadata").isObject(), edge.toString());
    assertEquals("the \"kernel\"", edge.get("metadata").get("why").asText());
    assertEquals(2, edge.get("metadata").get("runs").get(1).asInt());

    JsonNode plain =
        new ObjectMapper()
            .readTree(InProcess.ok(dir, "relate", "need:3", "blocks", "need:2", "--json").out());
    assertTrue(plain.has("metadata") && plain.get("metadata").isNull(), plain.toString());
  }

  /**
   * A trial: {@code mlos relate need:-1 blocks need:2} (and {@code need:abc}, {@code history
   * need:-1}) was answered "'need:-1' is not an entity reference like need:5" with the entity types
   * as what is allowed, as if {@code need} were wrong, and no fix; {@code need:0} was told the id
   * is wrong and where needs' ids are listed. Each bad id is now told so, with that fix.
   */
  @Test
  void aBadIdAfterARightTypeIsNamedWithWhereSuchIdsAreListed() {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "Boots");

    for (String ref : new String[] {"need:-1", "need:abc", "need:1.0"}) {
      String err = InProcess.run(dir, Main.BROKEN, "relate", ref, "blocks", "need:1").err();
      String id = ref.substring("need:".length());
      assertTrue(
          err.startsWith(
              "error: '"
                  + ref
                  + "' names no need: its id '"
                  + id
                  + "' is not a row id; ids are whole numbers from 1, as mlos prints them"
                  + " (need:5)\n  fix: find the need's id with `mlos search <words>` or `mlos"
                  + " ready`\n"),
          err);
      assertTrue(!err.contains("allowed:"), err);
    }
    String agent = InProcess.run(dir, Main.BROKEN, "history", "agent:x").err();
    assertTrue(agent.contains("\n  fix: find the agent's id with `mlos agent list`\n"), agent);
    // A wrong type is still told the types.
    String type = InProcess.run(dir, Main.BROKEN, "relate", "foo:1", "blocks", "need:1").err();
    assertTrue(type.contains("allowed: need, task, artifact, agent"), type);
  }

  /**
   * {@code mlos history relationship:ID} takes an edge's id, which {@code need show} did not print
   * (a new user's trial found it only in {@code --json}): each edge line names its id now.
   */
  @Test
  void needShowNamesEachEdgesIdForItsHistory() {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "Boots");
    InProcess.ok(dir, "need", "create", "Ships");
    InProcess.ok(dir, "relate", "need:1", "blocks", "need:2");

    String shown = InProcess.ok(dir, "need", "show", "2").out();

    assertTrue(
        shown.contains("\nrelationships:\n  need:1 blocks need:2  (relationship 1)\n"), shown);
    assertTrue(
        InProcess.ok(dir, "history", "relationship:1").out().startsWith("relationship 1: 1 change"),
        "the id it names is the one history takes");
  }

  @Test
  void relatingAnEdgeThatExistsSaysNothingChangedAndOtherMetadataSaysHowToChangeIt()
      throws Exception {
    // A trial: the same relate twice printed "Related ..." both times, though the second wrote
    // nothing; with other metadata it was refused naming no way to change the edge's metadata.
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "Boots");
    InProcess.ok(dir, "need", "create", "Ships");
    assertEquals(
        "Related need:1 blocks need:2 (relationship 1)",
        InProcess.ok(dir, "relate", "need:1", "blocks", "need:2").out().strip());

    assertEquals(
        "Nothing changed: relationship 1 (need:1 blocks need:2) exists already (nothing written,"
            + " no history row)",
        InProcess.ok(dir, "relate", "need:1", "blocks", "need:2").out().strip());
    JsonNode again =
        new ObjectMapper()
            .readTree(InProcess.ok(dir, "relate", "need:1", "blocks", "need:2", "--json").out());
    assertEquals(false, again.get("changed").asBoolean(true), again.toString());
    assertTrue(
        InProcess.ok(dir, "history", "relationship:1")
            .out()
            .startsWith("relationship 1: 1 change(s)"));

    InProcess.Run other =
        InProcess.run(
            dir, Main.REFUSED, "relate", "need:1", "blocks", "need:2", "--metadata", "{\"a\":1}");
    assertTrue(
        other
            .err()
            .endsWith(
                " exists with other metadata\n"
                    + "  fix: to change its metadata, remove it first (unrelate), then relate again"
                    + " with the new metadata\n"),
        other.err());
  }

  @Test
  void unrelateTakesBackAnEdgeSaysWhenThereIsNoneAndHistoryShowsWhoRemovedIt() throws Exception {
    InProcess.run(dir, Main.OK, "init");
    InProcess.run(dir, Main.OK, "need", "create", "Boots");
    InProcess.run(dir, Main.OK, "need", "create", "Ships");
    InProcess.ok(dir, "relate", "need:1", "blocks", "need:2");

    String text =
        InProcess.ok(
                dir, "unrelate", "need:1", "blocks", "need:2", "--as", "bob", "--reason", "wrong")
            .out();
    assertTrue(text.contains("Removed need:1 blocks need:2 (relationship 1)"), text);
    JsonNode again =
        new ObjectMapper()
            .readTree(InProcess.ok(dir, "unrelate", "need:1", "blocks", "need:2", "--json").out());
    assertEquals(false, again.get("removed").asBoolean(), again.toString());
    assertTrue(again.get("relationship").isNull(), again.toString());

    JsonNode history =
        new ObjectMapper().readTree(InProcess.ok(dir, "history", "relationship:1", "--json").out());
    JsonNode last = history.get("history").get(history.get("history").size() - 1);
    assertEquals("delete", last.get("operation").asText(), history.toString());
    assertEquals("person:bob", last.get("actor").asText(), history.toString());
    assertEquals("wrong", last.get("reason").asText(), history.toString());
  }

  @Test
  void artifactRemoveUnregistersItAndItsEdgesButLeavesTheFile() throws Exception {
    InProcess.run(dir, Main.OK, "init");
    java.nio.file.Files.writeString(dir.resolve("notes.md"), "# Notes\n");
    InProcess.run(dir, Main.OK, "need", "create", "Boots");
    InProcess.ok(dir, "artifact", "register", "notes.md");
    InProcess.ok(dir, "relate", "need:1", "references", "artifact:1");

    JsonNode removed =
        new ObjectMapper().readTree(InProcess.ok(dir, "artifact", "remove", "1", "--json").out());
    assertEquals("notes.md", removed.get("file_path").asText(), removed.toString());
    assertEquals(1, removed.get("removed_relationships").size(), removed.toString());
    assertTrue(java.nio.file.Files.exists(dir.resolve("notes.md")));
    InProcess.run(dir, Main.REFUSED, "artifact", "show", "1");
    InProcess.Run again = InProcess.run(dir, Main.REFUSED, "artifact", "remove", "1");
    // Which file, who removed it and when, and the command that shows it as it was (it quoted
    // "(history artifact:1)").
    String[] lines = again.err().split("\n");
    assertTrue(
        lines[0].matches(
            "refused \\(not_found\\): artifact 1 \\(notes.md\\) no longer exists: \\S+ removed it"
                + " on \\d{4}-\\d\\d-\\d\\d at \\d\\d:\\d\\d:\\d\\d UTC"),
        again.err());
    assertEquals(
        "  fix: its history keeps it as it was: see it with `mlos history artifact:1`", lines[1]);
    assertTrue(InProcess.ok(dir, "history", "artifact:1").out().contains("delete"));
  }

  @Test
  void taskUpdateChangesPriorityAndDescriptionAndRefusesNothingToChange() throws Exception {
    InProcess.run(dir, Main.OK, "init");
    InProcess.run(dir, Main.OK, "need", "create", "Boots", "--priority", "3");
    InProcess.run(dir, Main.OK, "need", "move", "1", "active");
    InProcess.run(dir, Main.OK, "need", "move", "1", "actionable");
    InProcess.run(dir, Main.OK, "need", "graduate", "1", "--task", "Pin it");

    JsonNode t =
        new ObjectMapper()
            .readTree(
                InProcess.ok(
                        dir,
                        "task",
                        "update",
                        "1",
                        "--priority",
                        "1",
                        "--description",
                        "Pin gcc",
                        "--json")
                    .out());
    assertEquals(1, t.get("priority").asInt(), t.toString());
    assertEquals("Pin gcc", t.get("description").asText(), t.toString());
    String refused = InProcess.run(dir, Main.BROKEN, "task", "update", "1").err();
    assertTrue(refused.contains("nothing to change"), refused);
  }
}
