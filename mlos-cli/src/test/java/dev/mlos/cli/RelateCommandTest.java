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
}
