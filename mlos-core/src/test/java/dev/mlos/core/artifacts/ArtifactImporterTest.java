package dev.mlos.core.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.db.Database;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.guard.GuardWorkspace;
import dev.mlos.core.store.Artifact;
import dev.mlos.core.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactImporterTest {
  @TempDir Path dir;

  private ImportResult importFiles(GuardWorkspace w, ArtifactType type, String... paths) {
    return new ArtifactImporter().importFiles(new ImportRequest(w.config(), List.of(paths), type));
  }

  private static List<Artifact> artifacts(GuardWorkspace w) {
    List<Artifact> out = new ArrayList<>();
    try (Connection c = Database.at(w.db).open(false);
        Store s = Store.on(c)) {
      s.forEachArtifact(out::add);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static Artifact at(List<Artifact> all, String path) {
    return all.stream()
        .filter(a -> path.equals(a.filePath()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " in " + all));
  }

  private static long historyRows(GuardWorkspace w) throws Exception {
    try (Connection c = Database.at(w.db).open(false);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM history WHERE entity = 'artifact'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aFileInTheConfiguredStateDirectoryIsRefused() {
    // The Maven plugin puts the state directory in the build directory (<directory>out</directory>
    // gives out/mlos): the engine knew only target/mlos and took the compile record in.
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("out/mlos/compile-state", "state");
    dev.mlos.core.config.WorkspaceConfig config =
        new dev.mlos.core.config.ConfigLoader()
            .load(
                w.root,
                new dev.mlos.core.config.ConfigOverrides(
                    null, w.db, null, null, Map.of(), null, w.root.resolve("out/mlos")));
    MlosException e =
        assertThrows(
            MlosException.class,
            () ->
                new ArtifactImporter()
                    .importFiles(
                        new ImportRequest(config, List.of("out/mlos/compile-state"), null)));
    assertTrue(
        e.getMessage().contains("is in mlos's own state directory (out/mlos)"), e.getMessage());
    assertEquals(List.of(), artifacts(w));
  }

  @Test
  void titlesDescriptionsTypesAndHashesComeFromTheFiles() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write(
        "docs/design.md", "---\ntitle: Schema design\ndesc: Tables and rules\n---\n# Heading\n");
    w.write("docs/notes.md", "Intro\n\n## First *real* heading\n");
    w.write("docs/other.md", "---\ndescription: Long form\n---\nno heading\n");
    w.write("src/Main.java", "class Main {}\n");
    w.write("conf/app.yml", "a: 1\n");
    w.write("db/V1.sql", "CREATE TABLE t (x);\n");
    w.write("img/logo.PNG", "png");
    w.write("transcripts/2026/session.md", "# Session\n");
    w.write("notes/chat.transcript.md", "# Chat\n");
    w.write("data/blob.bin", "bin");

    ImportResult r =
        importFiles(
            w,
            null,
            "docs/*.md",
            "src/**",
            "conf/app.yml",
            "db/V1.sql",
            "img/*",
            "transcripts/**/*.md",
            "notes/chat.transcript.md",
            "data/blob.bin");

    assertEquals(10, r.added().size());
    List<String> paths = r.added().stream().map(ImportResult.ImportedArtifact::path).toList();
    List<String> sorted = new ArrayList<>(paths);
    Collections.sort(sorted);
    assertEquals(sorted, paths, "deterministic path order");
    List<Artifact> all = artifacts(w);
    Artifact design = at(all, "docs/design.md");
    assertEquals("Schema design", design.title());
    assertEquals("Tables and rules", design.description());
    assertEquals("document", design.artifactType());
    assertEquals(w.hashOf("docs/design.md"), design.contentHash());
    assertEquals("First real heading", at(all, "docs/notes.md").title());
    assertEquals("Long form", at(all, "docs/other.md").description());
    assertEquals("other.md", at(all, "docs/other.md").title());
    assertEquals("code", at(all, "src/Main.java").artifactType());
    assertEquals("Main.java", at(all, "src/Main.java").title());
    assertEquals("config", at(all, "conf/app.yml").artifactType());
    assertEquals("schema", at(all, "db/V1.sql").artifactType());
    assertEquals("image", at(all, "img/logo.PNG").artifactType());
    assertEquals("transcript", at(all, "transcripts/2026/session.md").artifactType());
    assertEquals("transcript", at(all, "notes/chat.transcript.md").artifactType());
    assertNull(at(all, "data/blob.bin").artifactType());
  }

  /**
   * A title an import takes from a file (its front matter's title, else its first heading) went to
   * the engine as it was, and the engine refuses a title that is not one line of at most 500
   * characters: one document whose heading held an ESC (text pasted from a terminal), a YAML title
   * written over two lines or a heading of 600 characters refused the whole import, and the refusal
   * did not say which file. Such a title is made one line now: whitespace runs (line breaks, tabs)
   * one space, control and invisible characters dropped, cut to 500 characters.
   */
  @Test
  void aTitleFromAFileIsMadeOneLineInsteadOfRefusingTheImport() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("docs/esc.md", "# \u001b[31mred\u0007 alert\n");
    w.write("docs/multi.md", "---\ntitle: |\n  Two\n  \tlines\n---\nbody\n");
    w.write("docs/long.md", "# " + "x".repeat(600) + "\n");
    w.write("docs/bidi.md", "# a\u202eb\ufeffc\n");
    w.write("docs/fine.md", "# Fine\n");
    w.write("docs/line\nbreak.md", "# Named badly\n");
    w.write("docs/desc.md", "---\ndesc: \"a\\e[31mb\\nline two\"\n---\n# D\n");
    w.write("docs/longdesc.md", "---\ndesc: " + "y".repeat(100_010) + "\n---\n# L\n");

    ImportResult r = importFiles(w, null, "docs/*.md");

    assertEquals(7, r.added().size(), r.toString());
    // a description keeps its lines; its other control characters go, and it is cut to the
    // engine's 100,000 characters
    assertEquals("a[31mb\nline two", at(artifacts(w), "docs/desc.md").description());
    assertEquals("y".repeat(99_997) + "...", at(artifacts(w), "docs/longdesc.md").description());
    List<Artifact> all = artifacts(w);
    assertEquals("[31mred alert", at(all, "docs/esc.md").title());
    assertEquals("Two lines", at(all, "docs/multi.md").title());
    assertEquals("x".repeat(497) + "...", at(all, "docs/long.md").title());
    assertEquals("abc", at(all, "docs/bidi.md").title());
    assertEquals("Fine", at(all, "docs/fine.md").title());
    // a file whose name no file_path may hold is skipped with the reason, on one line
    assertEquals(
        List.of(
            "docs/line\\u000Abreak.md: Invalid workspace path 'docs/line\\u000Abreak.md': contains"
                + " a control character at index 9; rename the file"),
        r.skipped());
  }

  /**
   * A directory's (or a pattern's) symbolic links and FIFOs were left out without a word: 'mlos
   * import docs' answered 'Imported: 1 added, 0 updated, 0 unchanged, 0 skipped' beside a link to a
   * file outside the workspace and a FIFO, which named one by one are refused.
   */
  @Test
  void linksAndFifosUnderADirectoryOrPatternAreSkippedWithTheReason() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("docs/a.md", "# A\n");
    Path outside = Files.writeString(dir.resolve("secret.md"), "# Secret\n");
    Files.createSymbolicLink(w.root.resolve("docs/out.md"), outside);
    Files.createSymbolicLink(w.root.resolve("docs/alias.md"), Path.of("a.md"));
    Files.createSymbolicLink(w.root.resolve("docs/.hidden.md"), Path.of("a.md"));

    ImportResult r = importFiles(w, null, "docs");

    assertEquals(1, r.added().size(), r.toString());
    String link =
        ": a symbolic link, not imported: name the file it leads to (one file is one artifact, by"
            + " its real path)";
    assertEquals(
        List.of("docs/alias.md" + link, "docs/out.md" + link),
        r.skipped().stream().sorted().toList());
    // A FIFO is named too (where there is a mkfifo to make one); reading it would wait forever.
    boolean fifo =
        new ProcessBuilder("mkfifo", w.root.resolve("docs/pipe.md").toString()).start().waitFor()
            == 0;
    if (fifo) {
      assertTrue(
          importFiles(w, null, "docs")
              .skipped()
              .contains(
                  "docs/pipe.md: a FIFO, socket or device, not a file: only regular files are imported"));
      Files.delete(w.root.resolve("docs/pipe.md"));
    }
    // A pattern takes hidden names, as it takes a hidden file.
    assertEquals(
        List.of("docs/.hidden.md" + link, "docs/alias.md" + link, "docs/out.md" + link),
        importFiles(w, null, "docs/*.md").skipped().stream().sorted().toList());
  }

  @Test
  void reimportingIsIdempotentAndUpdatesOnlyChangedFiles() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("docs/a.md", "# A\n");
    w.write("docs/b.md", "# B\n");
    importFiles(w, null, "docs/*.md");
    long history = historyRows(w);
    Map<String, String> before = w.snapshot();

    ImportResult again = importFiles(w, null, "docs/*.md");

    assertEquals(0, again.added().size());
    assertEquals(0, again.updated().size());
    assertEquals(2, again.unchanged().size());
    assertEquals(history, historyRows(w), "unchanged files are not touched");
    assertEquals(before, w.snapshot());

    w.write("docs/b.md", "# B, revised\n");
    ImportResult changed = importFiles(w, null, "docs/*.md");

    assertEquals(
        List.of("docs/b.md"),
        changed.updated().stream().map(ImportResult.ImportedArtifact::path).toList());
    assertEquals(
        List.of("docs/a.md"),
        changed.unchanged().stream().map(ImportResult.ImportedArtifact::path).toList());
    Artifact b = at(artifacts(w), "docs/b.md");
    assertEquals("B, revised", b.title());
    assertEquals(w.hashOf("docs/b.md"), b.contentHash());
    assertEquals(history + 1, historyRows(w));
    assertEquals(2, artifacts(w).size());
  }

  /**
   * A title and a description a person set (mlos artifact update) survive an import of the changed
   * file when the file says neither: a text file has no front matter, and the import titled it by
   * its file name and cleared its description again (found by the review).
   */
  @Test
  void anImportKeepsWhatAPersonSetWhenTheFileSaysNothing() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("notes/a.txt", "first\n");
    importFiles(w, null, "notes/a.txt");
    long id = at(artifacts(w), "notes/a.txt").id();
    assertEquals("a.txt", at(artifacts(w), "notes/a.txt").title(), "a new one: its file name");
    try (dev.mlos.core.engine.Engine e =
        dev.mlos.core.engine.Engine.open(w.db, dev.mlos.core.engine.Actor.person("alice"))) {
      e.updateArtifact(
          id,
          dev.mlos.core.engine.ArtifactChange.none()
              .title("Meeting notes")
              .description("person's words"));
    }
    w.write("notes/a.txt", "second\n");

    importFiles(w, null, "notes/a.txt");

    Artifact a = at(artifacts(w), "notes/a.txt");
    assertEquals(w.hashOf("notes/a.txt"), a.contentHash(), "the new content is recorded");
    assertEquals("Meeting notes", a.title());
    assertEquals("person's words", a.description());
  }

  /** A file whose front matter no longer has a description loses it on re-import. */
  @Test
  void aDescriptionTheFileDroppedIsDroppedOnReimport() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("docs/c.md", "---\ndescription: Old words\n---\n# C\n");
    importFiles(w, null, "docs/*.md");
    assertEquals("Old words", at(artifacts(w), "docs/c.md").description());

    w.write("docs/c.md", "# C, revised\n");
    importFiles(w, null, "docs/*.md");

    assertEquals(null, at(artifacts(w), "docs/c.md").description());
  }

  @Test
  void importsWriteThroughTheEngineAsTheImportTool() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("docs/a.md", "# A\n");
    importFiles(w, null, "docs/a.md");
    w.write("docs/a.md", "# A, revised\n");
    importFiles(w, null, "docs/a.md");
    List<String> actors = new ArrayList<>();
    try (Connection c = Database.at(w.db).open(false);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT operation, actor FROM history WHERE entity = 'artifact' ORDER BY id")) {
      while (rs.next()) {
        actors.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    assertEquals(List.of("insert tool:mlos-import", "update tool:mlos-import"), actors);
  }

  @Test
  void aSymlinkLeadingOutOfTheWorkspaceIsNotImported() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir.resolve("ws"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.md"), "# Secret\n");
    Files.createSymbolicLink(w.root.resolve("leak"), outside);
    RefusedException e =
        assertThrows(RefusedException.class, () -> importFiles(w, null, "leak/secret.md"));
    assertEquals("artifact.path", e.rule());
    assertTrue(e.getMessage().contains("outside the workspace"), e.getMessage());
    assertEquals(List.of(), artifacts(w));
  }

  @Test
  void anExplicitTypeOverridesTheRule() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("packs/agent.md", "# Pack\n");

    importFiles(w, ArtifactType.CONTEXT_PACK, "packs/agent.md");

    assertEquals("context_pack", at(artifacts(w), "packs/agent.md").artifactType());
    assertEquals(ArtifactType.CONTEXT_PACK, ArtifactType.parse("Context_Pack"));
    assertThrows(MlosException.class, () -> ArtifactType.parse("video"));
  }

  @Test
  void pathsOutsideTheWorkspaceAreRefused() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    Files.writeString(dir.resolve("outside.md"), "# Out\n");

    // Refused by the rule for artifacts' paths, as mlos artifact register refuses them (exit 1
    // on the command line), not as a broken setup (exit 2), which the import said before.
    for (String path :
        List.of("../outside.md", dir.resolve("outside.md").toString(), "docs/../../outside.md")) {
      RefusedException e = assertThrows(RefusedException.class, () -> importFiles(w, null, path));
      assertEquals("artifact.path", e.rule(), path);
      assertTrue(e.getMessage().contains("is outside the workspace"), e.getMessage());
      assertEquals(WorkspaceRelative.INSIDE_FIX, e.fix(), path);
    }
    assertEquals(0, artifacts(w).size());
  }

  @Test
  void missingFilesAndEmptyPatternsAreErrors() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    assertThrows(MlosException.class, () -> importFiles(w, null, "docs/none.md"));
    MlosException e = assertThrows(MlosException.class, () -> importFiles(w, null, "docs/**/*.md"));
    assertTrue(e.getMessage().contains("matches no file"), e.getMessage());
  }

  @Test
  void aPathWithGlobCharactersThatNamesAFileImportsThatFile() {
    // mlos:import's help says how to write a path holding '${' (-Dmlos.import=docs/$\{x}.md), but
    // the path was then taken as a pattern: {x} an alternative matching only docs/$x.md, [draft]
    // a class matching docs/d.md, so the file named was refused as "matches no file".
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("docs/${x}.md", "# Dollar\n");
    w.write("docs/[draft].md", "# Draft\n");
    w.write("docs/d.md", "# D\n");
    w.write("notes{1}/a.md", "# In braces\n");

    ImportResult r = importFiles(w, null, "docs/${x}.md", "docs/[draft].md", "notes{1}/");

    assertEquals(
        List.of("docs/${x}.md", "docs/[draft].md", "notes{1}/a.md"),
        r.added().stream().map(ImportResult.ImportedArtifact::path).sorted().toList());
    assertEquals("Dollar", at(artifacts(w), "docs/${x}.md").title());
    // A pattern that names no entry as written is still a pattern.
    ImportResult p = importFiles(w, null, "docs/[a-d].md");
    assertEquals(
        List.of("docs/d.md"), p.added().stream().map(ImportResult.ImportedArtifact::path).toList());
    MlosException e = assertThrows(MlosException.class, () -> importFiles(w, null, "docs/{y}.md"));
    assertTrue(e.getMessage().contains("matches no file"), e.getMessage());
  }

  @Test
  void compiledFilesAndHiddenDirectoriesAreSkipped() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write(".specstory/history/one.md", "# Hidden\n");

    ImportResult r = importFiles(w, null, "**/*.md");

    List<String> added = r.added().stream().map(ImportResult.ImportedArtifact::path).toList();
    assertTrue(
        added.contains("docs/boot.md")
            || r.unchanged().stream().anyMatch(a -> a.path().equals("docs/boot.md")));
    assertTrue(
        added.stream()
            .noneMatch(
                p ->
                    p.startsWith(".specstory") || p.equals("PROBLEM.md") || p.startsWith("needs/")),
        added.toString());
    assertTrue(
        r.skipped().stream().anyMatch(s -> s.startsWith("PROBLEM.md:")), r.skipped().toString());

    ImportResult hidden = importFiles(w, null, ".specstory/history/*.md");
    assertEquals(
        List.of(".specstory/history/one.md"),
        hidden.added().stream().map(ImportResult.ImportedArtifact::path).toList());
    assertEquals(Optional.of(ArtifactType.DOCUMENT), ArtifactType.detect("a/b.md"));
  }

  /**
   * A team's PDFs, web pages and C++ got no type (ARTIFACTS.md showed '-' beside them, found in
   * this session's team round); a file type mlos cannot tell (a CSV) still gets none.
   */
  @Test
  void commonDocumentCodeAndSchemaFilesGetATypeFromTheirExtension() {
    assertEquals(Optional.of(ArtifactType.DOCUMENT), ArtifactType.detect("specs/Spec v2.PDF"));
    assertEquals(Optional.of(ArtifactType.DOCUMENT), ArtifactType.detect("site/index.html"));
    assertEquals(Optional.of(ArtifactType.CODE), ArtifactType.detect("src/engine.cpp"));
    assertEquals(Optional.of(ArtifactType.CODE), ArtifactType.detect("web/App.tsx"));
    assertEquals(Optional.of(ArtifactType.SCHEMA), ArtifactType.detect("api/user.proto"));
    assertEquals(Optional.of(ArtifactType.CONFIG), ArtifactType.detect("etc/nginx.conf"));
    assertEquals(Optional.of(ArtifactType.IMAGE), ArtifactType.detect("scans/page.tiff"));
    assertEquals(Optional.empty(), ArtifactType.detect("data/sales.csv"));
    assertEquals(Optional.empty(), ArtifactType.detect("notes/README"));
  }

  /**
   * {@code -Dmlos.import='**'} matches the database's text form as well as the compiled pages: both
   * are skipped and said so, the import goes on (it used to abort on mlos.db.sql).
   */
  @Test
  void theDatabasesOwnFilesAreSkippedLikeCompiledPages() {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    w.seed();
    w.write("mlos.db.sql", DatabaseText.HEADER + "\n");
    w.compile();
    assertTrue(Files.isRegularFile(w.root.resolve("mlos.db.sql.base")), "the compile keeps a base");
    w.write("docs/new.md", "# New\n");

    ImportResult r = importFiles(w, null, "**");

    List<String> added = r.added().stream().map(ImportResult.ImportedArtifact::path).toList();
    assertEquals(List.of("docs/new.md"), added);
    assertTrue(
        r.skipped()
            .contains(
                "mlos.db.sql: the database's text form, which mlos rewrites with every change: not"
                    + " an artifact"),
        r.skipped().toString());
    assertTrue(
        r.skipped().stream().anyMatch(s -> s.startsWith("mlos.db: the workspace's database")),
        r.skipped().toString());
    assertTrue(
        r.skipped().stream().anyMatch(s -> s.startsWith("mlos.db.sql.base: the base")),
        r.skipped().toString());
    assertTrue(
        r.skipped().stream().anyMatch(s -> s.startsWith("PROBLEM.md:")), r.skipped().toString());
  }

  @Test
  void globsFollowTheDocumentedSyntax() {
    GlobPattern p = new GlobPattern("docs/**/*.{md,txt}");
    assertTrue(p.matches("docs/a.md"));
    assertTrue(p.matches("docs/x/y/a.txt"));
    assertTrue(!p.matches("docs/a.py"));
    assertTrue(!p.matches("other/docs/a.md"));
    assertEquals("docs", p.literalBase());
    assertTrue(new GlobPattern("src/[!.]?.py").matches("src/ab.py"));
    assertTrue(!new GlobPattern("*.md").matches("a/b.md"));
  }

  @Test
  void aDirectoryImportsEveryFileUnderItAsItsHelpSays() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("docs/a.md", "# A\n");
    w.write("docs/deep/b.py", "x = 1\n");
    w.write("docs/.hidden/c.md", "# C\n");
    w.write("docs/target/d.md", "# D\n");
    w.write("other/e.md", "# E\n");

    ImportResult r = importFiles(w, null, "docs");
    ImportResult slash = importFiles(w, null, "docs/");

    assertEquals(
        List.of("docs/a.md", "docs/deep/b.py"),
        r.added().stream().map(ImportResult.ImportedArtifact::path).toList());
    assertEquals(2, slash.unchanged().size(), "docs/ is the same directory");
    assertEquals(
        List.of("docs/a.md", "docs/deep/b.py"),
        artifacts(w).stream().map(Artifact::filePath).sorted().toList());

    java.nio.file.Files.createDirectories(w.root.resolve("empty"));
    MlosException empty = assertThrows(MlosException.class, () -> importFiles(w, null, "empty"));
    assertTrue(
        empty.getMessage().startsWith("The directory 'empty' holds no file to import"),
        empty.getMessage());
    // The whole workspace (a new user's `mlos import .`): its hidden files (.gitignore,
    // .gitattributes) and its mlos.yaml are no artifacts of it; named or by a pattern they are.
    w.write(".gitignore", "target/\n");
    w.write("docs/.env", "KEY=1\n");
    w.write("mlos.yaml", "pack: mlos\n");
    ImportResult whole = importFiles(w, null, ".");
    assertEquals(
        List.of("other/e.md"),
        whole.added().stream().map(ImportResult.ImportedArtifact::path).toList());
    ImportResult named = importFiles(w, null, ".gitignore", "mlos.yaml", "docs/.*");
    assertEquals(
        List.of(".gitignore", "docs/.env", "mlos.yaml"),
        named.added().stream().map(ImportResult.ImportedArtifact::path).toList());
    MlosException outside = assertThrows(MlosException.class, () -> importFiles(w, null, "../"));
    assertTrue(outside.getMessage().contains("outside the workspace"), outside.getMessage());
    // The README's first import on a fresh workspace, which has no docs/ yet.
    MlosException missing = assertThrows(MlosException.class, () -> importFiles(w, null, "notes"));
    assertTrue(missing.getMessage().startsWith("'notes' does not exist ("), missing.getMessage());
    assertTrue(missing.fix().contains("a file, a directory or a glob pattern"), missing.fix());
  }

  /**
   * A markdown file whose heading or front-matter title shows nothing (a zero-width space, a Hangul
   * filler) failed the whole import: the title was taken as it was, and the engine refused it
   * ('artifact title holds only spaces or invisible characters'), naming no file. Such a file is
   * titled by its name, as one with no title is; the files beside it are imported.
   */
  @Test
  void aTitleThatShowsNothingGivesWayToTheFileName() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write("docs/a.md", "# \u200B\n\nbody\n");
    w.write("docs/b.md", "---\ntitle: \"\\u3164\\u00AD\"\n---\nbody\n");
    w.write("docs/c.md", "# Fine \u200B\n");
    importFiles(w, null, "docs");
    List<Artifact> all = artifacts(w);
    assertEquals("a.md", at(all, "docs/a.md").title());
    assertEquals("b.md", at(all, "docs/b.md").title());
    assertEquals("Fine \u200B", at(all, "docs/c.md").title());
  }
}
