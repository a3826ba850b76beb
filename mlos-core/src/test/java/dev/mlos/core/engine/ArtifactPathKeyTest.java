package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.PathKeyLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two paths that differ only in case or Unicode form are one file on macOS and Windows (a clone
 * there keeps one of them): registering the second, on Linux where they are two files, made one
 * file two artifacts there, one of them drifting at every guard.
 */
class ArtifactPathKeyTest {
  private static final String COMPOSED = "notes/caf\u00e9.md";
  private static final String DECOMPOSED = "notes/cafe\u0301.md";

  @TempDir Path dir;
  Path db;
  Engine engine;
  ArtifactPlaces places;

  @BeforeEach
  void open() throws Exception {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    engine = Engine.open(db, Actor.person("alice"));
    places = ArtifactPlaces.defaults(dir);
    Files.createDirectories(dir.resolve("docs"));
    Files.createDirectories(dir.resolve("DOCS"));
    Files.createDirectories(dir.resolve("notes"));
    for (String p :
        List.of(
            "docs/Spec.md",
            "docs/spec.md",
            "DOCS/SPEC.MD",
            "DOCS-x.md",
            COMPOSED,
            DECOMPOSED,
            "notes/CAFE\u0301.md")) {
      Files.writeString(dir.resolve(p), p);
    }
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private List<String> paths() {
    return EngineDatabase.rows(db, "SELECT file_path FROM artifacts ORDER BY id");
  }

  @Test
  void aPathDifferingOnlyInCaseFromAnArtifactsIsRefusedNamingItAndTheFix() {
    engine.registerArtifact(places, ArtifactSpec.of("docs/Spec.md"));

    RefusedException e =
        refused(
            "artifact.path",
            () -> engine.registerArtifact(places, ArtifactSpec.of("docs/spec.md")));

    assertEquals(
        "'docs/spec.md' and artifact 1's path 'docs/Spec.md' differ only in case: where names"
            + " ignore case or Unicode form (macOS, Windows) they are one file, so two artifacts"
            + " there would be one file, and one of them would drift at every guard",
        e.getMessage());
    assertEquals(
        "register it as 'docs/Spec.md'; if the file was renamed, move artifact 1 to its new"
            + " path instead (its edges stay): `moveArtifact` of artifact 1",
        e.fix());
    assertEquals(EntityRef.artifact(1), e.subject());
    refused(
        "artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("DOCS/SPEC.MD")));
    assertEquals(List.of("docs/Spec.md"), paths());
    // The artifact itself is recorded again as before, and other paths are added beside it.
    assertEquals(
        List.of(ArtifactRegistration.Outcome.UNCHANGED, ArtifactRegistration.Outcome.ADDED),
        engine
            .registerArtifacts(
                places, List.of(ArtifactSpec.of("docs/Spec.md"), ArtifactSpec.of("DOCS-x.md")))
            .stream()
            .map(ArtifactRegistration::outcome)
            .toList());
  }

  @Test
  void aPathInAnotherUnicodeFormThanAnArtifactsIsRefused() {
    engine.registerArtifact(places, ArtifactSpec.of(COMPOSED));

    RefusedException e =
        refused(
            "artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of(DECOMPOSED)));

    assertTrue(
        e.getMessage().contains("differ only in Unicode form (a composed accent, and a letter"),
        e.getMessage());
    assertTrue(e.fix().startsWith("register it as '" + COMPOSED + "';"), e.fix());
    refused(
        "artifact.path",
        () -> engine.registerArtifact(places, ArtifactSpec.of("notes/CAFE\u0301.md")));
    assertEquals(List.of(COMPOSED), paths());
  }

  @Test
  void twoSpellingsOfOneFileInOneCallAreRefusedWhole() {
    RefusedException e =
        refused(
            "artifact.path",
            () ->
                engine.registerArtifacts(
                    places,
                    List.of(
                        ArtifactSpec.of("DOCS-x.md"),
                        ArtifactSpec.of(DECOMPOSED),
                        ArtifactSpec.of(COMPOSED))));
    assertTrue(
        e.getMessage()
            .startsWith("'" + DECOMPOSED + "' and '" + COMPOSED + "' differ only in Unicode form"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("would drift at every guard"), e.getMessage());
    assertEquals("rename one of the two files, or leave one out", e.fix());
    refused(
        "artifact.path",
        () ->
            engine.registerArtifacts(
                places, List.of(ArtifactSpec.of("docs/spec.md"), ArtifactSpec.of("docs/Spec.md"))));
    assertEquals(List.of(), paths(), "nothing of the refused calls was recorded");
  }

  @Test
  void aPairRegisteredBeforeTheRuleIsRecordedAgainButNotJoinedByAThird() throws Exception {
    // Schema V18 refuses the pair from any client: planted as a database from before it holds it.
    dev.mlos.core.db.OldRows.write(
        db,
        "INSERT INTO artifacts (title, file_path, content_hash) VALUES ('a', 'docs/Spec.md', '"
            + Sha256.of("old")
            + "'), ('b', 'docs/spec.md', '"
            + Sha256.of("docs/spec.md")
            + "')");
    assertEquals(
        ArtifactRegistration.Outcome.UPDATED,
        engine.registerArtifact(places, ArtifactSpec.of("docs/Spec.md")).outcome());
    assertEquals(
        ArtifactRegistration.Outcome.UNCHANGED,
        engine.registerArtifact(places, ArtifactSpec.of("docs/spec.md")).outcome());
    Files.writeString(dir.resolve("docs/SPEC.md"), "third");
    RefusedException e =
        refused(
            "artifact.path",
            () -> engine.registerArtifact(places, ArtifactSpec.of("docs/SPEC.md")));
    assertTrue(e.getMessage().contains("artifact 1's path 'docs/Spec.md'"), e.getMessage());
    assertEquals(List.of("docs/Spec.md", "docs/spec.md"), paths());
  }

  @Test
  void aLongImportIsCheckedByOneReadOfTheArtifacts() throws Exception {
    // From PathKeyLookup.READ_ALL_FROM files on, every artifact's path is read once instead of
    // seeking per file: the answer is the same.
    engine.registerArtifact(places, ArtifactSpec.of("docs/Spec.md"));
    engine.registerArtifact(places, ArtifactSpec.of(DECOMPOSED));
    Files.createDirectories(dir.resolve("many"));
    List<ArtifactSpec> specs = new java.util.ArrayList<>();
    for (int i = 0; i < PathKeyLookup.READ_ALL_FROM; i++) {
      String p = "many/n" + i + ".md";
      Files.writeString(dir.resolve(p), p);
      specs.add(ArtifactSpec.of(p));
    }
    List<ArtifactSpec> withCase = new java.util.ArrayList<>(specs);
    withCase.add(ArtifactSpec.of("DOCS/SPEC.MD"));
    RefusedException e = refused("artifact.path", () -> engine.registerArtifacts(places, withCase));
    assertTrue(e.getMessage().startsWith("'DOCS/SPEC.MD' and artifact 1's path"), e.getMessage());
    List<ArtifactSpec> withForm = new java.util.ArrayList<>(specs);
    withForm.add(0, ArtifactSpec.of(COMPOSED));
    e = refused("artifact.path", () -> engine.registerArtifacts(places, withForm));
    assertTrue(e.getMessage().contains("artifact 2's path '" + DECOMPOSED + "'"), e.getMessage());
    assertEquals(List.of("docs/Spec.md", DECOMPOSED), paths());
    // Without them, the files are added, the artifacts recorded again beside them.
    specs.add(ArtifactSpec.of("docs/Spec.md"));
    List<ArtifactRegistration> done = engine.registerArtifacts(places, specs);
    assertEquals(
        PathKeyLookup.READ_ALL_FROM,
        done.stream().filter(r -> r.outcome() == ArtifactRegistration.Outcome.ADDED).count());
    assertEquals(ArtifactRegistration.Outcome.UNCHANGED, done.get(done.size() - 1).outcome());
  }
}
