package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code artifact update}: an artifact's title changed by a person (registering the unchanged file
 * again keeps its title, so a trial found no way to retitle one).
 */
class ArtifactUpdateCommandTest {
  @TempDir Path dir;

  private InProcess.Run run(String... args) {
    return InProcess.ok(dir, args);
  }

  @Test
  void aTitleChangesTheFileDoesNotAndARepeatSaysNothingChanged() throws Exception {
    run("init");
    Files.writeString(dir.resolve("notes.md"), "# Notes\n");
    run("artifact", "register", "notes.md", "--description", "draft", "--as", "alice");
    String before = run("artifact", "show", "1", "--json").out();

    InProcess.Run updated =
        run(
            "artifact",
            "update",
            "1",
            "--title",
            "Design notes",
            "--clear",
            "description",
            "--as",
            "alice",
            "--reason",
            "clearer name");

    assertTrue(
        updated.out().startsWith("Updated artifact 1 notes.md 'Design notes'"), updated.out());
    JsonNode a = new ObjectMapper().readTree(run("artifact", "show", "1", "--json").out());
    assertEquals("Design notes", a.get("title").asText());
    assertTrue(a.get("description").isNull(), a.toString());
    assertEquals(
        new ObjectMapper().readTree(before).get("content_hash"), a.get("content_hash"), before);
    assertTrue(run("history", "artifact:1").out().contains("clearer name"));

    InProcess.Run again = run("artifact", "update", "1", "--title", "Design notes", "--json");
    JsonNode same = new ObjectMapper().readTree(again.out());
    assertEquals(false, same.get("changed").asBoolean(), again.out());
    InProcess.Run text = run("artifact", "update", "1", "--title", "Design notes");
    assertTrue(
        text.out()
            .startsWith(
                "Nothing changed: artifact 1 holds these values already (nothing written, no"
                    + " history row)"),
        text.out());
  }

  @Test
  void nothingToChangeAndAnUnknownFieldAreRefusedNamingTheFix() throws Exception {
    run("init");
    Files.writeString(dir.resolve("notes.md"), "# Notes\n");
    run("artifact", "register", "notes.md", "--as", "alice");

    InProcess.Run none = InProcess.run(dir, 2, "artifact", "update", "1", "--as", "alice");
    assertTrue(none.err().contains("nothing to change ("), none.err());
    assertTrue(none.err().contains("\n  fix: give --title"), none.err());

    InProcess.Run field =
        InProcess.run(dir, 2, "artifact", "update", "1", "--clear", "title", "--as", "alice");
    assertTrue(field.err().contains("--clear 'title': not a field --clear can empty"), field.err());

    InProcess.Run empty =
        InProcess.run(dir, 2, "artifact", "update", "1", "--description", "", "--as", "alice");
    assertEquals(
        "error: --description is empty\n"
            + "  fix: give the text, or pass --clear description to remove the one recorded\n"
            + "  see: mlos artifact update --help\n",
        empty.err());
    InProcess.Run blank =
        InProcess.run(
            dir, 2, "artifact", "register", "notes.md", "--description", " ", "--as", "alice");
    assertEquals(
        "error: the description is empty\n"
            + "  fix: give the text, or leave it out\n"
            + "  see: mlos artifact register --help\n",
        blank.err());
    InProcess.Run both =
        InProcess.run(
            dir,
            2,
            "artifact",
            "update",
            "1",
            "--description",
            "x",
            "--clear",
            "description",
            "--as",
            "alice");
    assertEquals(
        "error: artifact 1: a new description and clearing it contradict each other\n"
            + "  fix: give the new description, or clear it, not both\n"
            + "  see: mlos artifact update --help\n",
        both.err());

    InProcess.Run type =
        InProcess.run(dir, 1, "artifact", "update", "1", "--type", "movie", "--as", "alice");
    assertTrue(type.err().contains("artifact.type"), type.err());
    assertTrue(type.err().contains("'movie' is not an artifact type"), type.err());
  }

  /** An artifact without a file (a row written with SQL) was shown and removed as 'null'. */
  @Test
  void anArtifactWithoutAFileSaysSoInsteadOfNull() throws Exception {
    run("init");
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.Statement s = c.createStatement()) {
      s.execute("INSERT INTO artifacts (title, artifact_type) VALUES ('design notes', 'document')");
    }
    assertEquals(
        "Removed artifact 1 (no file) 'design notes' [document]; the file is not touched\n",
        run("artifact", "remove", "1").out());
  }
}
