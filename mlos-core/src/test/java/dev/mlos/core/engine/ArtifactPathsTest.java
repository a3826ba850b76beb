package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.hash.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which path a file is registered by, and which files are mlos's own. */
class ArtifactPathsTest {
  @TempDir Path dir;
  Path db;
  Engine engine;

  @BeforeEach
  void open() {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    engine = Engine.open(db, Actor.person("alice"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private long artifacts() {
    return Long.parseLong(EngineDatabase.rows(db, "SELECT count(*) FROM artifacts").get(0));
  }

  /**
   * A file named on a Mac (café.md with a decomposed é) and typed on Linux (a composed é) was
   * refused "it does not exist" with "write the file first", which had a user write a second file
   * that looks the same. The refusal names the file that is there and how its name differs, and
   * nothing is registered; the name as the file system spells it registers.
   */
  @Test
  void aNameInAnotherUnicodeFormIsNamedNotCalledMissing() throws Exception {
    Files.createDirectories(dir.resolve("docs"));
    String decomposed = "docs/cafe\u0301.md";
    Files.writeString(dir.resolve(decomposed), "# Café\n");
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);

    RefusedException e =
        refused(
            "artifact.file",
            () -> engine.registerArtifact(places, ArtifactSpec.of("docs/caf\u00e9.md")));
    assertEquals(
        "'docs/caf\u00e9.md' is not a file under the workspace "
            + dir
            + " as written, but '"
            + decomposed
            + "' is: the same name in another Unicode form (its accents decomposed, as macOS"
            + " writes names), which looks the same but is another name to the file system",
        e.getMessage());
    assertEquals(
        "pass the name as the file system spells it (a shell's tab completion gives it), or rename"
            + " the file to the spelling you gave",
        e.fix());
    assertEquals(0, artifacts());

    assertEquals(
        decomposed,
        engine.registerArtifact(places, ArtifactSpec.of(decomposed)).artifact().filePath());
    // A name with no such twin is still missing, with the fix to write it.
    RefusedException missing =
        refused(
            "artifact.file", () -> engine.registerArtifact(places, ArtifactSpec.of("docs/no.md")));
    assertTrue(missing.getMessage().contains("(it does not exist;"), missing.getMessage());
  }

  /**
   * 'data/raw/' was refused with the path rule's generic fix ("... with '/' separators and no '.'
   * or '..' segment"), 'data/../plain.txt' too, leaving the user to work out the path meant, and a
   * directory was not named as one (a new-user trial). The path meant is said now, and a directory
   * gets the directory's fix, with or without its trailing '/'.
   */
  @Test
  void aPathWithRedundantSegmentsIsAnsweredWithThePathItMeans() throws Exception {
    Files.createDirectories(dir.resolve("data/raw"));
    Files.writeString(dir.resolve("data/raw/a.csv"), "a,b\n");
    Files.writeString(dir.resolve("plain.txt"), "plain");
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);

    RefusedException slash =
        refused(
            "artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("data/raw/")));
    // One sentence, not the rule's words and a second parenthesis after them.
    assertEquals(
        "'data/raw/' names the directory 'data/raw' of the workspace: an artifact is one regular"
            + " file",
        slash.getMessage());
    // The import is a remedy each tool words as its own command, not the core's words for one.
    assertEquals(
        "register each file of it on its own, or import the directory with `import data/raw`,"
            + " which registers every file under it",
        slash.fix());
    assertEquals(List.of(Remedy.importPaths("data/raw")), slash.remedies());
    RefusedException bare =
        refused(
            "artifact.file", () -> engine.registerArtifact(places, ArtifactSpec.of("data/raw")));
    assertEquals(
        "'data/raw' is a directory of the workspace: an artifact is one regular file",
        bare.getMessage());
    assertEquals(List.of(Remedy.importPaths("data/raw")), bare.remedies());
    RefusedException dotted =
        refused(
            "artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("./data/raw")));
    assertEquals(List.of(Remedy.importPaths("data/raw")), dotted.remedies());

    RefusedException dots =
        refused(
            "artifact.path",
            () -> engine.registerArtifact(places, ArtifactSpec.of("data/../plain.txt")));
    assertEquals("register it as 'plain.txt'", dots.fix());
    // The fix as written registers the file.
    engine.registerArtifact(places, ArtifactSpec.of("plain.txt"));
    assertEquals(1, artifacts());

    // A path that leaves the workspace keeps the rule's own fix, telling nothing of what is there.
    RefusedException out =
        refused(
            "artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("../x.txt")));
    assertEquals(ArtifactOperations.ARTIFACT_PATH_FIX, out.fix());
    RefusedException viaLink =
        refused(
            "artifact.path",
            () -> engine.registerArtifact(places, ArtifactSpec.of("data/raw/../../../x/")));
    assertEquals(ArtifactOperations.ARTIFACT_PATH_FIX, viaLink.fix());
  }

  /**
   * A link to a file whose name holds a backslash (docs/link.md -> a\\b.md, on Linux or macOS) was
   * refused as "the file 'docs/a/b.md'", another file, with the fix to register that one: the
   * file's real path had every backslash turned into '/'. It names the file by its own name now,
   * and the fix is to rename it, since no path with a backslash can be registered.
   */
  @Test
  void aLinkToAFileNamedWithABackslashNamesThatFile() throws Exception {
    Files.createDirectories(dir.resolve("docs/a"));
    Files.writeString(dir.resolve("docs/a\\b.md"), "named with a backslash");
    Files.writeString(dir.resolve("docs/a/b.md"), "another file");
    Files.createSymbolicLink(dir.resolve("docs/link.md"), Path.of("a\\b.md"));
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);

    RefusedException e =
        refused(
            "artifact.path",
            () -> engine.registerArtifact(places, ArtifactSpec.of("docs/link.md")));

    assertTrue(
        e.getMessage().startsWith("'docs/link.md' is the file 'docs/a\\b.md', reached"),
        e.getMessage());
    assertEquals(
        "rename 'docs/a\\b.md' so that its name holds no backslash (mlos takes none in a path),"
            + " then register it by its new path",
        e.fix());
    // Named directly, by the name it has: the same fix, not "use '/' as the separator", which
    // would register docs/a/b.md, another file.
    RefusedException direct =
        refused(
            "artifact.path",
            () -> engine.registerArtifact(places, ArtifactSpec.of("docs/a\\b.md")));
    // Its message says so too, without the rule's "use '/' as the separator" first.
    assertEquals(
        "'docs/a\\b.md' names a file of the workspace whose own name holds a backslash, and mlos"
            + " takes no backslash in a path ('/' in its place would name another file)",
        direct.getMessage());
    assertEquals(e.fix(), direct.fix());
    // A name outside the workspace tells nothing of the file system there.
    Files.writeString(dir.resolveSibling("x\\y.md"), "outside");
    assertEquals(
        dev.mlos.core.engine.ArtifactOperations.ARTIFACT_PATH_FIX,
        refused(
                "artifact.path",
                () -> engine.registerArtifact(places, ArtifactSpec.of("../x\\y.md")))
            .fix());
    assertEquals(0, artifacts(), "nothing registered");
  }

  @Test
  void aPathWrittenAsTheFileSystemHasItIsRefusedWithTheWorkspacePathToUse() throws Exception {
    // An agent over MCP passes the path its own file tool wrote, absolute or with ./ first, and
    // was told only "is absolute; it must be relative to the workspace root", no root, no path.
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/a.md"), "a");
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);
    String root = dir.toAbsolutePath().normalize().toString();
    for (String written :
        List.of(
            root + "/docs/a.md", dir.toRealPath() + "/docs/a.md", "./docs/a.md", "././docs/a.md")) {
      RefusedException e =
          refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of(written)));
      assertTrue(
          e.getMessage()
              .endsWith(
                  " (register it as 'docs/a.md', its path relative to the workspace root "
                      + root
                      + ")"),
          e.getMessage());
      // It had no fix: the command line printed no fix line.
      assertEquals("register it as 'docs/a.md'", e.fix(), written);
    }
    RefusedException outside =
        refused(
            "artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("/etc/passwd")));
    assertEquals(
        "Invalid workspace path '/etc/passwd': is absolute; it must be relative to the workspace"
            + " root (it is not under the workspace root "
            + root
            + ": only a file in the workspace can be an artifact)",
        outside.getMessage());
    // Out through '..' is outside too, not a path to suggest.
    assertTrue(
        refused(
                "artifact.path",
                () -> engine.registerArtifact(places, ArtifactSpec.of(root + "/../x.md")))
            .getMessage()
            .contains("it is not under the workspace root"));
    assertEquals(0, artifacts(), "nothing registered");
    assertEquals(
        ArtifactRegistration.Outcome.ADDED,
        engine.registerArtifact(places, ArtifactSpec.of("docs/a.md")).outcome());
  }

  @Test
  void aFileReachedThroughALinkInsideTheWorkspaceIsOneArtifactByItsRealPath() throws Exception {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/a.md"), "a");
    Files.writeString(dir.resolve("docs/b.md"), "b");
    Files.createSymbolicLink(dir.resolve("docs/up"), Path.of(".."));
    Files.createSymbolicLink(dir.resolve("alias.md"), Path.of("docs/a.md"));
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);
    assertEquals(
        ArtifactRegistration.Outcome.ADDED,
        engine.registerArtifact(places, ArtifactSpec.of("docs/a.md")).outcome());
    // Through a link to an ancestor, the same file had a second path, and so a second artifact.
    RefusedException loop =
        refused(
            "artifact.path",
            () -> engine.registerArtifact(places, ArtifactSpec.of("docs/up/docs/a.md")));
    assertTrue(
        loop.getMessage()
            .contains("is the file 'docs/a.md', reached through the symlink 'docs/up'"),
        loop.getMessage());
    assertTrue(
        loop.getMessage()
            .endsWith("one file is one artifact, registered by the path it really has"),
        loop.getMessage());
    assertEquals("register it as 'docs/a.md'", loop.fix());
    refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("alias.md")));
    RefusedException unregistered =
        refused(
            "artifact.path",
            () ->
                engine.registerArtifacts(
                    places,
                    List.of(ArtifactSpec.of("docs/b.md"), ArtifactSpec.of("docs/up/docs/b.md"))));
    assertTrue(unregistered.getMessage().contains("'docs/b.md'"), unregistered.getMessage());
    assertEquals(1, artifacts(), "nothing of the refused call was recorded");
  }

  @Test
  void aRowRegisteredThroughALinkBeforeTheRuleIsStillRecordedAgain() throws Exception {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/a.md"), "a");
    Files.createSymbolicLink(dir.resolve("docs/up"), Path.of(".."));
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO artifacts (title, file_path, content_hash) VALUES ('a',"
              + " 'docs/up/docs/a.md', '"
              + Sha256.of("old")
              + "')");
    }
    long id = Long.parseLong(EngineDatabase.rows(db, "SELECT id FROM artifacts").get(0));
    ArtifactRegistration r = engine.rehashArtifact(ArtifactPlaces.defaults(dir), id);
    assertEquals(ArtifactRegistration.Outcome.UPDATED, r.outcome());
    assertEquals(Sha256.of("a"), r.artifact().contentHash());
  }

  @Test
  void aRegisteredFileReplacedByALinkToAnotherArtifactIsNotRecordedAsIt() throws Exception {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/a.md"), "a");
    Files.writeString(dir.resolve("docs/b.md"), "b");
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);
    engine.registerArtifacts(
        places, List.of(ArtifactSpec.of("docs/a.md"), ArtifactSpec.of("docs/b.md")));
    // After its registration, b.md becomes a link to a.md: recording it again took a.md's hash,
    // one file as two artifacts that drift and are accepted apart.
    Files.delete(dir.resolve("docs/b.md"));
    Files.createSymbolicLink(dir.resolve("docs/b.md"), Path.of("a.md"));
    RefusedException again =
        refused(
            "artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("docs/b.md")));
    assertTrue(
        again
            .getMessage()
            .contains(
                "is the file 'docs/a.md', reached through the symlink 'docs/b.md'"
                    + " -> 'a.md', which is artifact 1 already"),
        again.getMessage());
    assertTrue(
        again.getMessage().endsWith("which is artifact 1 already: one file is one artifact"),
        again.getMessage());
    assertEquals(
        "put the file back in place of the link, or unregister artifact 2: `removeArtifact` of"
            + " artifact 2",
        again.fix());
    refused("artifact.path", () -> engine.rehashArtifact(places, 2));
    assertEquals(
        List.of(Sha256.of("b")),
        EngineDatabase.rows(db, "SELECT content_hash FROM artifacts WHERE id = 2"));
  }

  @Test
  void theStateDirectoryIsTheOneTheWorkspaceUses() throws Exception {
    Files.createDirectories(dir.resolve("out/mlos"));
    Files.writeString(dir.resolve("out/mlos/compile-state"), "s");
    Files.createSymbolicLink(dir.resolve("st"), Path.of("out/mlos"));
    ArtifactPlaces places = ArtifactPlaces.of(dir, dir.resolve("out/mlos"));
    for (String path : List.of("out/mlos/compile-state", "st/compile-state")) {
      RefusedException e =
          refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of(path)));
      assertTrue(
          e.getMessage().contains("is in mlos's own state directory (out/mlos)"), e.getMessage());
      assertEquals("register the files your work produces instead", e.fix());
    }
    // With the state directory elsewhere, target/mlos is a directory like any other.
    Files.createDirectories(dir.resolve("target/mlos"));
    Files.writeString(dir.resolve("target/mlos/report.md"), "r");
    assertEquals(
        ArtifactRegistration.Outcome.ADDED,
        engine.registerArtifact(places, ArtifactSpec.of("target/mlos/report.md")).outcome());
  }

  @Test
  void theStateDirectoryIsComparedAsTheFileSystemComparesNames() throws Exception {
    Files.createDirectories(dir.resolve("target/mlos"));
    Files.writeString(dir.resolve("target/mlos/compile-state"), "s");
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);
    boolean ignoresCase = Files.exists(dir.resolve("TARGET/MLOS"));
    if (!ignoresCase) {
      // Linux: Target/mlos is another directory, which the user may register files from.
      Files.createDirectories(dir.resolve("Target/mlos"));
      Files.writeString(dir.resolve("Target/mlos/notes.md"), "n");
      assertEquals(
          ArtifactRegistration.Outcome.ADDED,
          engine.registerArtifact(places, ArtifactSpec.of("Target/mlos/notes.md")).outcome());
    } else {
      refused(
          "artifact.path",
          () -> engine.registerArtifact(places, ArtifactSpec.of("Target/mlos/compile-state")));
    }
    refused(
        "artifact.path",
        () -> engine.registerArtifact(places, ArtifactSpec.of("target/mlos/compile-state")));
  }

  /**
   * A user trial: register_artifact of {@code .git/config} was recorded, a file git rewrites (as
   * {@code .git/index} with every add), which the guard would then report as drifted.
   */
  @Test
  void aFileInGitsOwnDirectoryIsRefusedAsWrittenOrThroughALink() throws Exception {
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/config"), "[core]");
    Files.createDirectories(dir.resolve("sub/.GIT"));
    Files.writeString(dir.resolve("sub/.GIT/HEAD"), "ref");
    Files.createSymbolicLink(dir.resolve("gitconfig"), Path.of(".git/config"));
    Files.writeString(dir.resolve(".gitignore"), "x");
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);
    for (String path : List.of(".git/config", "sub/.GIT/HEAD", "gitconfig")) {
      RefusedException e =
          refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of(path)));
      assertTrue(e.getMessage().contains("is in git's own '."), e.getMessage());
      assertEquals("register the files your work produces instead", e.fix());
    }
    assertEquals(0, artifacts());
    engine.registerArtifact(places, ArtifactSpec.of(".gitignore"));
    assertEquals(1, artifacts());
  }
}
