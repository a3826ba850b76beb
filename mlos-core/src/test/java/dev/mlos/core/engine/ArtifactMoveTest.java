package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.hash.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registered file moved with {@code git mv} had no way into mlos but unregistering it, which took
 * its edges (a need referencing it lost them): {@link ArtifactMoves#move} records the new path and
 * keeps the artifact's id, edges and history, with the path checks a registration makes.
 */
class ArtifactMoveTest {
  @TempDir Path dir;
  @TempDir Path outside;
  Path db;
  Engine engine;
  ArtifactPlaces places;

  @BeforeEach
  void open() throws Exception {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    engine = Engine.open(db, Actor.person("alice").withReason("renamed in review"));
    places = ArtifactPlaces.defaults(dir);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private Path write(String path, String text) throws Exception {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private Artifact registered(String path) throws Exception {
    write(path, "# " + path + "\n");
    return engine.registerArtifact(places, ArtifactSpec.of(path)).artifact();
  }

  private void gitMv(String from, String to) throws Exception {
    Files.createDirectories(dir.resolve(to).getParent());
    Files.move(dir.resolve(from), dir.resolve(to));
  }

  @Test
  void aMoveKeepsTheIdTheEdgesAndTheHistoryAndRecordsTheNewPath() throws Exception {
    Artifact a = registered("docs/a.md");
    Need need = engine.createNeed(NeedSpec.titled("Boot spec"));
    engine.relate(need.ref(), a.ref(), "references", null);
    gitMv("docs/a.md", "docs/b.md");

    ArtifactMoved m = ArtifactMoves.move(engine, places, a.id(), "docs/b.md");

    assertTrue(m.changed());
    assertEquals("docs/a.md", m.fromPath());
    assertEquals(a.id(), m.artifact().id());
    assertEquals("docs/b.md", engine.getArtifact(a.id()).filePath());
    assertEquals(a.contentHash(), engine.getArtifact(a.id()).contentHash());
    assertFalse(m.contentDiffers());
    List<Edge> edges = engine.getNeed(need.id()).edges();
    assertEquals(1, edges.size(), edges.toString());
    assertEquals(a.ref(), edges.get(0).target());
    List<HistoryEntry> history = engine.history(a.ref());
    HistoryEntry last = history.get(history.size() - 1);
    assertEquals("update", last.operation());
    assertTrue(last.oldValues().contains("\"file_path\":\"docs/a.md\""), last.oldValues());
    assertTrue(last.newValues().contains("\"file_path\":\"docs/b.md\""), last.newValues());
    assertEquals("person:alice", last.actor());
    assertEquals("renamed in review", last.reason());
    // The compile's change log hears of it, so pages that show the artifact are written again.
    assertTrue(
        Integer.parseInt(
                EngineDatabase.rows(db, "SELECT count(*) FROM mlos_changes WHERE tbl = 'artifacts'")
                    .get(0))
            >= 2);

    // Again: nothing to move, nothing written.
    ArtifactMoved again = ArtifactMoves.move(engine, places, a.id(), "docs/b.md");
    assertFalse(again.changed());
    assertEquals(history.size(), engine.history(a.ref()).size());
  }

  @Test
  void aFileMovedAndEditedIsMovedWithItsRecordedHashKeptForReview() throws Exception {
    Artifact a = registered("docs/a.md");
    gitMv("docs/a.md", "docs/b.md");
    Path moved = write("docs/b.md", "# edited after the move\n");

    ArtifactMoved m = ArtifactMoves.move(engine, places, a.id(), "docs/b.md");

    assertTrue(m.changed());
    assertTrue(m.contentDiffers());
    assertEquals(Sha256.ofFile(moved), m.fileHash());
    assertEquals(a.contentHash(), engine.getArtifact(a.id()).contentHash(), "not accepted");
    // Reviewed, then recorded as any drift is.
    engine.rehashArtifact(places, a.id());
    assertEquals(Sha256.ofFile(moved), engine.getArtifact(a.id()).contentHash());
  }

  @Test
  void anArtifactWithoutAHashTakesTheFilesAndACaseRenameOfItsOwnPathIsAMove() throws Exception {
    Artifact a = registered("docs/Notes.md");
    // A row written with SQL (or an adopted table) may have no hash.
    try (java.sql.Connection c = dev.mlos.core.db.Database.at(db).open(false);
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE artifacts SET content_hash = NULL");
    }
    gitMv("docs/Notes.md", "docs/notes.md");

    ArtifactMoved m = ArtifactMoves.move(engine, places, a.id(), "docs/notes.md");

    assertEquals("docs/notes.md", engine.getArtifact(a.id()).filePath());
    assertEquals(a.contentHash(), engine.getArtifact(a.id()).contentHash(), "the file's");
    assertFalse(m.contentDiffers());
  }

  @Test
  void eachRefusalNamesItsRuleAndAFixForAMoveAndMovesNothing() throws Exception {
    Artifact a = registered("docs/a.md");
    Artifact other = registered("docs/c.md");
    write("docs/C2.md", "x\n");
    engine.registerArtifact(places, ArtifactSpec.of("docs/C2.md"));
    Files.writeString(outside.resolve("x.md"), "x\n");
    Files.createSymbolicLink(dir.resolve("docs/out.md"), outside.resolve("x.md"));
    write("docs/real.md", "real\n");
    Files.createSymbolicLink(dir.resolve("docs/alias.md"), dir.resolve("docs/real.md"));
    write("target/mlos/x.md", "x\n");
    write("docs/c2.md", "x\n");
    Files.createDirectories(dir.resolve("docs/sub"));

    RefusedException missing =
        refused("artifact.file", () -> ArtifactMoves.move(engine, places, a.id(), "docs/gone.md"));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    assertEquals(
        "move the file first (`git mv docs/a.md docs/gone.md`), then move the artifact; or give"
            + " the path the file has now, relative to the workspace root",
        missing.fix());

    RefusedException taken =
        refused("artifact.path", () -> ArtifactMoves.move(engine, places, a.id(), "docs/c.md"));
    assertEquals(
        "artifact "
            + a.id()
            + " cannot move to 'docs/c.md': it is artifact "
            + other.id()
            + "'s path; one file is one artifact",
        taken.getMessage());
    assertEquals(
        "if artifact "
            + other.id()
            + " is this file registered again after the move (an import), unregister it with"
            + " `removeArtifact` of artifact "
            + other.id()
            + " (its own edges go with it), then move artifact "
            + a.id()
            + " again; else give the path of the file artifact "
            + a.id()
            + " stands for",
        taken.fix());

    RefusedException caseOnly =
        refused("artifact.path", () -> ArtifactMoves.move(engine, places, a.id(), "docs/c2.md"));
    assertTrue(
        caseOnly.getMessage().contains("differs from artifact 3's path 'docs/C2.md' only in case"),
        caseOnly.getMessage());

    RefusedException out =
        refused("artifact.path", () -> ArtifactMoves.move(engine, places, a.id(), "docs/out.md"));
    assertTrue(out.getMessage().contains("leads outside the workspace"), out.getMessage());

    RefusedException alias =
        refused("artifact.path", () -> ArtifactMoves.move(engine, places, a.id(), "docs/alias.md"));
    assertEquals("move it to the path the file really has, 'docs/real.md'", alias.fix());

    RefusedException absolute =
        refused(
            "artifact.path",
            () ->
                ArtifactMoves.move(engine, places, a.id(), dir.resolve("docs/real.md").toString()));
    assertTrue(
        absolute.getMessage().contains("(move it to 'docs/real.md', its path relative to"),
        absolute.getMessage());
    assertEquals("move it to 'docs/real.md'", absolute.fix());

    RefusedException up =
        refused("artifact.path", () -> ArtifactMoves.move(engine, places, a.id(), "../x.md"));
    assertTrue(up.fix().startsWith("pass the file's path relative to the workspace root"));

    for (String own : List.of("target/mlos/x.md", "mlos.db", ".git/config")) {
      if (own.startsWith(".git")) {
        write(own, "[core]\n");
      }
      RefusedException e =
          refused("artifact.path", () -> ArtifactMoves.move(engine, places, a.id(), own));
      assertEquals(
          "give the path of the regular file artifact "
              + a.id()
              + " stands for now, relative to the workspace root: a file of your work, not one"
              + " mlos or git writes itself",
          e.fix(),
          own);
    }
    RefusedException directory =
        refused("artifact.file", () -> ArtifactMoves.move(engine, places, a.id(), "docs/sub"));
    assertFalse(directory.fix().contains("import"), directory.fix());

    RefusedException windows =
        refused("artifact.path", () -> ArtifactMoves.move(engine, places, a.id(), "aux.md"));
    assertTrue(windows.fix().contains("then move the artifact to it"), windows.fix());

    refused("not_found", () -> ArtifactMoves.move(engine, places, 99, "docs/real.md"));

    assertEquals("docs/a.md", engine.getArtifact(a.id()).filePath());
    assertEquals(1, engine.history(a.ref()).size(), "only its insert: nothing was written");
  }

  /**
   * A path in git's own directory that is not there yet (an agent guessing where a file went) was
   * refused as missing, with the fix to {@code git mv} the file there, or, for a registration, to
   * write it there first: followed, either was refused again, as git's own file.
   */
  @Test
  void aPathInGitsOwnDirectoryIsRefusedAsSoEvenWhereNoFileIsThere() throws Exception {
    Artifact a = registered("docs/a.md");
    Files.createDirectories(dir.resolve(".git"));
    for (String path : List.of(".git/a.md", "docs/.git/a.md", ".Git/hooks/a.md")) {
      RefusedException move =
          refused("artifact.path", () -> ArtifactMoves.move(engine, places, a.id(), path));
      assertTrue(move.getMessage().contains("is in git's own"), move.getMessage());
      assertFalse(move.fix().contains("git mv"), move.fix());
      RefusedException register =
          refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of(path)));
      assertTrue(register.getMessage().contains("is in git's own"), register.getMessage());
    }
    assertEquals("docs/a.md", engine.getArtifact(a.id()).filePath());
  }
}
