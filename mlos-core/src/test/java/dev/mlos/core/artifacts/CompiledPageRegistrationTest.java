package dev.mlos.core.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.ArtifactRegistration;
import dev.mlos.core.engine.ArtifactSpec;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.guard.GuardWorkspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compiled page is no artifact (a user trial: {@code mlos artifact register PROBLEM.md}
 * succeeded, and every guard after the next write failed with ARTIFACT_DRIFT, with no way to
 * unregister it). The engine's one register operation refuses it, for the CLI, the MCP server and
 * the import alike.
 */
class CompiledPageRegistrationTest {
  @TempDir Path dir;

  private static RefusedException refused(GuardWorkspace w, String path) {
    try (Engine engine = Engine.open(w.db, Actor.person("alice"))) {
      return assertThrows(
          RefusedException.class,
          () -> engine.registerArtifact(ArtifactPlaces.defaults(w.root), ArtifactSpec.of(path)));
    }
  }

  @Test
  void aPageTheCompileWroteIsRefusedNamingItsViewAndTheFix() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    Map<String, String> pages = w.snapshot();
    assertTrue(pages.containsKey("PROBLEM.md"), pages.keySet().toString());

    RefusedException e = refused(w, "PROBLEM.md");

    assertEquals("artifact.path", e.rule());
    assertTrue(e.getMessage().contains("'PROBLEM.md' is a page mlos compiles"), e.getMessage());
    assertTrue(e.getMessage().contains("view 'problem'"), e.getMessage());
    assertTrue(e.getMessage().endsWith("so it cannot be an artifact"), e.getMessage());
    assertEquals(
        "register the files your work produces instead; a compiled page's content is changed in"
            + " the database",
        e.fix());
    assertTrue(w.guard(false, 0).isClean(), "nothing was registered");
  }

  @Test
  void aCompiledPageWhoseFrontMatterAHandEditBrokeIsRefusedByTheCompileRecord() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write("PROBLEM.md", "my own notes now\n");

    RefusedException e = refused(w, "PROBLEM.md");

    assertEquals("artifact.path", e.rule());
    assertTrue(e.getMessage().contains("view 'problem'"), e.getMessage());
  }

  @Test
  void aFileWhoseFrontMatterSaysItIsCompiledIsRefusedEvenUnrecorded() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write("copies/old.md", w.read("PROBLEM.md"));

    RefusedException e = refused(w, "copies/old.md");

    assertEquals("artifact.path", e.rule());
    assertTrue(e.getMessage().contains("compiled_at"), e.getMessage());
  }

  @Test
  void aBatchIsRefusedWholeForAPageAnotherWorkspaceOnTheDatabaseCompiles() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write("notes/a.md", "mine\n");
    w.write("notes/b.md", "compiled by the other workspace, front matter lost\n");
    // A second workspace compiled from the same database (its name sorts after this one's).
    w.sql(
        "INSERT INTO mlos_outputs (workspace, path, view, source_keys, content_hash, file_hash,"
            + " compiled_at) VALUES ('zz-other', 'notes/b.md', 'pages', '[]', 'c', 'f',"
            + " '2026-01-01T00:00:00Z')");

    RefusedException e;
    try (Engine engine = Engine.open(w.db, Actor.person("alice"))) {
      e =
          assertThrows(
              RefusedException.class,
              () ->
                  engine.registerArtifacts(
                      ArtifactPlaces.defaults(w.root),
                      List.of(ArtifactSpec.of("notes/a.md"), ArtifactSpec.of("notes/b.md"))));
    }

    assertEquals("artifact.path", e.rule());
    assertTrue(
        e.getMessage()
            .contains(
                "'notes/b.md' is a page mlos compiles (view 'pages' of workspace" + " 'zz-other')"),
        e.getMessage());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + w.db);
        java.sql.ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT count(*) FROM artifacts WHERE file_path LIKE 'notes/%'")) {
      assertTrue(rs.next());
      assertEquals(0, rs.getInt(1), "nothing was registered, notes/a.md neither");
    }
  }

  @Test
  void aPathDifferingOnlyInCaseFromACompiledPageIsRefused() {
    // On macOS and Windows, problem.md is the page PROBLEM.md: registered on Linux, it drifted
    // with every compile there.
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write("problem.md", "mine\n");
    w.write("Problem.md", "mine too\n");

    for (String path : List.of("problem.md", "Problem.md")) {
      RefusedException e = refused(w, path);

      assertEquals("artifact.path", e.rule());
      assertTrue(
          e.getMessage().startsWith("'" + path + "' is a page mlos compiles (view 'problem'"),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .contains(
                  "', written as 'PROBLEM.md', the same file where names ignore case or"
                      + " Unicode form (macOS, Windows))"),
          e.getMessage());
      assertTrue(e.fix().startsWith("register the files your work produces"), e.fix());
    }
    assertTrue(w.guard(false, 0).isClean(), "nothing was registered");
  }

  @Test
  void aPathInAnotherUnicodeFormThanACompiledPageIsRefused() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write("notes/cafe\u0301.md", "decomposed, as a Mac may hand the name over\n");
    w.sql(
        "INSERT INTO mlos_outputs (workspace, path, view, source_keys, content_hash, file_hash,"
            + " compiled_at) VALUES ('zz-other', 'notes/caf\u00e9.md', 'pages', '[]', 'c', 'f',"
            + " '2026-01-01T00:00:00Z')");

    RefusedException e = refused(w, "notes/cafe\u0301.md");

    assertEquals("artifact.path", e.rule());
    assertTrue(
        e.getMessage()
            .contains("(view 'pages' of workspace 'zz-other', written as 'notes/caf\u00e9.md'"),
        e.getMessage());
  }

  @Test
  void aLongImportIsCheckedAgainstTheCompileRecordByOneRead() {
    // From PathKeyLookup.READ_ALL_FROM files on, the record's paths are read once per workspace.
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    List<ArtifactSpec> specs = new java.util.ArrayList<>();
    for (int i = 0; i < dev.mlos.core.path.PathKeyLookup.READ_ALL_FROM; i++) {
      w.write("many/n" + i + ".md", "n\n");
      specs.add(ArtifactSpec.of("many/n" + i + ".md"));
    }
    w.write("problem.md", "mine\n");
    specs.add(ArtifactSpec.of("problem.md"));

    RefusedException e;
    try (Engine engine = Engine.open(w.db, Actor.person("alice"))) {
      e =
          assertThrows(
              RefusedException.class,
              () -> engine.registerArtifacts(ArtifactPlaces.defaults(w.root), specs));
    }

    assertTrue(e.getMessage().startsWith("'problem.md' is a page mlos compiles"), e.getMessage());
    assertTrue(e.getMessage().contains("written as 'PROBLEM.md'"), e.getMessage());
  }

  @Test
  void aPlainFileIsStillRegistered() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write("notes/ideas.md", "---\ntitle: Ideas\n---\n# Ideas\n");

    try (Engine engine = Engine.open(w.db, Actor.person("alice"))) {
      assertEquals(
          List.of(ArtifactRegistration.Outcome.ADDED),
          engine
              .registerArtifacts(
                  ArtifactPlaces.defaults(w.root), List.of(ArtifactSpec.of("notes/ideas.md")))
              .stream()
              .map(ArtifactRegistration::outcome)
              .toList());
    }
  }
}
