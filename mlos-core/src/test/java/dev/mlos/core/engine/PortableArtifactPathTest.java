package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.artifacts.ArtifactImporter;
import dev.mlos.core.artifacts.ImportRequest;
import dev.mlos.core.artifacts.ImportResult;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardWorkspace;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import dev.mlos.core.path.PortableName;
import dev.mlos.core.schema.Migration;
import dev.mlos.core.schema.Migrator;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An artifact's path is shared through git with teammates on Linux, macOS and Windows. A name
 * Windows refuses ({@code aux.md}, {@code con.txt}, {@code notes.}, {@code a:b}) was accepted, and
 * git for Windows then could not check the repository out for anyone there; a path outside the
 * workspace was refused without saying what to pass instead. Schema mlos V18 refuses such names,
 * and paths differing from another artifact's only in ASCII case, from every client.
 */
class PortableArtifactPathTest {
  /** Names git for Windows cannot check out, each with the words its refusal names it by. */
  private static final List<String[]> NOT_PORTABLE =
      List.of(
          new String[] {"aux.md", "is AUX with an extension, a device name Windows reserves"},
          new String[] {"con.txt", "is CON with an extension"},
          new String[] {"nul", "is NUL, a device name"},
          new String[] {"docs/com1.log", "is COM1 with an extension"},
          new String[] {"LPT9", "is LPT9, a device name"},
          new String[] {"Con .md", "is CON with an extension"},
          new String[] {"COM\u00b9.txt", "is COM\u00b9 with an extension"},
          new String[] {"aux/notes.md", "the name 'aux' is AUX"},
          new String[] {"notes.", "ends in a dot, which Windows drops"},
          new String[] {"dir /a.md", "the name 'dir ' ends in a space"},
          new String[] {"notes:v2.md", "holds ':', one of <>:\"|?* that Windows does not allow"},
          new String[] {"why?.md", "holds '?'"},
          new String[] {"x<y>.md", "holds '<'"},
          new String[] {"say\"hi\".md", "holds '\"'"},
          new String[] {"a|b.md", "holds '|'"},
          new String[] {"star*.md", "holds '*'"});

  /** Names that only look like the above: Windows takes them. */
  private static final List<String> PORTABLE =
      List.of(
          "console.md", "auxiliary.md", "con x.md", "com10.md", "lpt.md", ".hidden", "a.b.c.md");

  @TempDir Path dir;
  Path db;
  Engine engine;
  ArtifactPlaces places;

  @BeforeEach
  void open() throws Exception {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    engine = Engine.open(db, Actor.person("alice"));
    places = ArtifactPlaces.defaults(dir);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void write(String path) throws Exception {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, path);
  }

  @Test
  void aNameWindowsRefusesIsRefusedNamingTheNameTheRuleAndTheFix() throws Exception {
    for (String[] c : NOT_PORTABLE) {
      write(c[0]);
      RefusedException e =
          refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of(c[0])));
      assertTrue(
          e.getMessage().startsWith("'" + c[0] + "' is not " + PortableName.RULE + ": the name '"),
          e.getMessage());
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertTrue(
          e.fix().startsWith("rename the file (or directory) to a name Windows accepts too"),
          e.fix());
      assertTrue(e.fix().contains("`git mv " + c[0] + " <new name>`"), e.fix());
    }
    for (String p : PORTABLE) {
      write(p);
      engine.registerArtifact(places, ArtifactSpec.of(p));
    }
    assertEquals(PORTABLE, EngineDatabase.rows(db, "SELECT file_path FROM artifacts ORDER BY id"));
  }

  @Test
  void aPathWithASpaceAtEitherEndOfAFileThatHasNoneNamesTheFileMeant() throws Exception {
    write("docs/a.md");
    for (String p : List.of("docs/a.md ", " docs/a.md", "docs/a.md  ")) {
      RefusedException e =
          refused("artifact.file", () -> engine.registerArtifact(places, ArtifactSpec.of(p)));
      assertTrue(
          e.getMessage()
              .startsWith(
                  RefusedException.quoted(p)
                      + " is not a file under the workspace "
                      + dir
                      + ", but 'docs/a.md' is: the path "
                      + (p.startsWith(" ") ? "begins" : "ends")
                      + " with a space that the file's name does not have"),
          e.getMessage());
      assertEquals("register it as 'docs/a.md'", e.fix(), p);
    }
    // No file without the space: the rules of the path as written answer.
    assertTrue(
        refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("b.md ")))
            .getMessage()
            .contains("ends in a space, which Windows drops"));
    // A file that has the space in its name is the one meant: Windows's rule, not a guess.
    write("c.md ");
    write("c.md");
    assertTrue(
        refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("c.md ")))
            .fix()
            .startsWith("rename the file"));
    assertEquals(List.of(), EngineDatabase.rows(db, "SELECT file_path FROM artifacts"));
  }

  /**
   * A path holding half of a surrogate pair (JSON carries one as "\\ud800", and an MCP client's
   * register_artifact sent it) names no file on any system. It was answered as a broken setup, a
   * JVM started without a UTF-8 locale ('this JVM encodes file names in UTF-8 ... Fix: Start mlos
   * with a UTF-8 locale'), to a server whose JVM has one; it is the path that is refused now.
   */
  @Test
  void aPathHoldingHalfOfASurrogatePairIsRefusedAsThePathNotAsTheLocale() {
    for (String p : List.of("docs/\uD800.md", "docs/a\uDC00", "\uD83D")) {
      RefusedException e =
          refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of(p)));
      assertTrue(
          e.getMessage().contains("holds half of a surrogate pair (U+"), p + ": " + e.getMessage());
      assertFalse(e.getMessage().contains("locale"), e.getMessage());
    }
    assertTrue(
        refused(
                "artifact.path",
                () -> engine.registerArtifact(places, ArtifactSpec.of("docs/\uD800.md")))
            .getMessage()
            .contains("(U+D800 at index 5), which is no character"));
    // Both halves together are one character of a name.
    assertEquals(
        "docs/\uD83D\uDE00.md",
        dev.mlos.core.path.WorkspacePath.of("docs/\uD83D\uDE00.md").value());
    assertEquals(List.of(), EngineDatabase.rows(db, "SELECT file_path FROM artifacts"));
  }

  @Test
  void aPathOutsideTheWorkspaceIsRefusedWithWhatToPassInstead() {
    for (String p : List.of("../x.md", "docs/../../x.md", "./")) {
      RefusedException e =
          refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of(p)));
      assertTrue(e.getMessage().startsWith("Invalid workspace path '"), e.getMessage());
      assertEquals(
          "pass the file's path relative to the workspace root, inside the workspace, with '/'"
              + " separators and no '.' or '..' segment, for example 'docs/spec.md'; a file"
              + " outside the workspace cannot be an artifact (copy it in first)",
          e.fix(),
          p);
    }
    // Inside the workspace once its empty segment goes: the path meant, not the rule's fix.
    assertEquals(
        "register it as 'a/b.md'",
        refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("a//b.md")))
            .fix());
    assertEquals(
        "Invalid workspace path '../x.md': contains a '..' segment",
        refused("artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("../x.md")))
            .getMessage());
  }

  @Test
  void anImportSkipsANameWindowsRefusesAndTakesTheRest() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir.resolve("import"));
    w.write("docs/aux.md", "# Aux\n");
    w.write("docs/spec.md", "# Spec\n");

    ImportResult r =
        new ArtifactImporter().importFiles(new ImportRequest(w.config(), List.of("docs"), null));

    assertEquals(
        List.of("docs/spec.md"),
        r.added().stream().map(ImportResult.ImportedArtifact::path).toList());
    assertEquals(1, r.skipped().size(), r.skipped().toString());
    assertTrue(
        r.skipped()
            .get(0)
            .startsWith(
                "docs/aux.md: not "
                    + PortableName.RULE
                    + ", the name 'aux.md' is AUX with an extension"),
        r.skipped().get(0));
  }

  @Test
  void theDatabaseRefusesANameWindowsRefusesFromTheShell() {
    for (String[] c : NOT_PORTABLE) {
      SqliteShell.Result r =
          SqliteShell.run(
              db,
              "INSERT INTO artifacts (title, file_path) VALUES ('a', '"
                  + c[0].replace("'", "''")
                  + "');");
      assertFalse(r.ok(), "sqlite3 accepted " + c[0]);
      assertTrue(r.err().contains("artifact: file_path must not have a name"), r.err());
      assertTrue(r.err().contains("(artifact.path)"), r.err());
    }
    for (String p : PORTABLE) {
      SqliteShell.Result r =
          SqliteShell.run(
              db, "INSERT INTO artifacts (title, file_path) VALUES ('a', '" + p + "');");
      assertTrue(r.ok(), p + ": " + r.err());
    }
    // An update that writes such a path is refused; one that keeps the path passes.
    SqliteShell.Result r =
        SqliteShell.run(db, "UPDATE artifacts SET file_path = 'docs/PRN' WHERE id = 1;");
    assertFalse(r.ok());
    assertTrue(
        r.err().contains("artifact: file_path must not have a name Windows reserves"), r.err());
  }

  @Test
  void theDatabaseRefusesAPathDifferingFromAnotherArtifactsOnlyInCase() {
    String rule = "artifact: file_path must not differ from another artifact's only in case";
    assertTrue(
        SqliteShell.run(
                db,
                "INSERT INTO artifacts (id, title, file_path) VALUES (1, 'a', 'docs/Notes.md');")
            .ok());
    SqliteShell.Result r =
        SqliteShell.run(
            db, "INSERT INTO artifacts (title, file_path) VALUES ('b', 'DOCS/notes.md');");
    assertFalse(r.ok(), "sqlite3 accepted a second spelling");
    assertTrue(r.err().contains(rule), r.err());
    assertTrue(
        SqliteShell.run(db, "INSERT INTO artifacts (id, title, file_path) VALUES (2, 'c', 'x.md');")
            .ok());
    r = SqliteShell.run(db, "UPDATE artifacts SET file_path = 'docs/notes.MD' WHERE id = 2;");
    assertFalse(r.ok());
    assertTrue(r.err().contains(rule), r.err());
    // Its own path in another case is no other artifact's: a rename in case passes.
    assertTrue(
        SqliteShell.run(db, "UPDATE artifacts SET file_path = 'docs/notes.md' WHERE id = 1;").ok());
    // The lookup seeks the index on lower(file_path), so a write does not read every artifact.
    String plan =
        SqliteShell.run(
                db,
                "EXPLAIN QUERY PLAN SELECT 1 FROM artifacts WHERE lower(file_path) = lower('a')"
                    + " AND file_path <> 'a';")
            .out();
    assertTrue(plan.contains("USING INDEX artifacts_by_lower_file_path"), plan);
  }

  /**
   * A database at V17 that holds such rows (written by any client before V18) migrates: no row
   * changes, the rows keep their paths and still change their other columns, and the guard reports
   * the name a Windows clone cannot check out, with the rename as its fix, and the second spelling
   * of one file.
   */
  @Test
  void rowsFromBeforeV18StayMigrateAndAreReportedByTheGuard() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir.resolve("old"));
    Files.delete(w.db);
    try (Connection c = Database.at(w.db).open(true)) {
      Migrator.forSet("mlos", upToV17()).migrate(c);
      Migrator.forSet("mlos-compiler").migrate(c);
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO artifacts (id, title, file_path) VALUES (1, 'a', 'aux.md'),"
                + " (2, 'n', 'docs/Notes.md'), (3, 'n', 'docs/notes.md'), (4, 'gone', 'con.txt')");
      }
    }
    w.write("aux.md", "aux\n");
    w.write("docs/Notes.md", "N\n");
    w.write("docs/notes.md", "n\n");
    try (Connection c = Database.at(w.db).open(false)) {
      assertEquals(
          List.of(
              "mlos V18 portable artifact paths",
              "mlos V19 shown texts",
              "mlos V20 blank and ignorable texts",
              "mlos V21 request ids"),
          Migrator.forSet("mlos").migrate(c).applied().stream().map(Migration::label).toList());
    }
    assertEquals(
        List.of("aux.md", "docs/Notes.md", "docs/notes.md", "con.txt"),
        EngineDatabase.rows(w.db, "SELECT file_path FROM artifacts ORDER BY id"));
    assertTrue(
        SqliteShell.run(
                w.db,
                "UPDATE artifacts SET title = 'retitled', file_path = file_path WHERE id IN (1, 3);")
            .ok());

    GuardReport report = w.guard();

    List<Violation> missing =
        report.violations().stream()
            .filter(v -> v.violationClass() == ViolationClass.ARTIFACT_MISSING)
            .toList();
    // docs/notes.md: one file with docs/Notes.md on macOS and Windows, reported once, on the later
    // row.
    assertEquals(
        List.of("aux.md", "con.txt", "docs/notes.md"),
        missing.stream().map(Violation::path).sorted().toList(),
        report.violations().toString());
    Violation aux = missing.stream().filter(v -> v.path().equals("aux.md")).findFirst().get();
    assertEquals(
        "artifact 1 is registered at 'aux.md', which a clone on Windows cannot check out (the"
            + " name 'aux.md' is AUX with an extension, a device name Windows reserves (in any"
            + " case, with any extension)): git there fails for the whole repository",
        aux.message());
    assertEquals(
        "rename the file to a name Windows accepts too (`git mv aux.md <new name>`), then record"
            + " its new path with `moveArtifact` of artifact 1, which keeps its id and edges",
        aux.fix());
    // The file missing on this machine too: one violation, the rename (restoring it would not do).
    assertEquals(
        1, missing.stream().filter(v -> v.path().equals("con.txt")).count(), missing.toString());
  }

  /** A classpath holding schema mlos V1 to V17 only, as the mlos before this change shipped it. */
  private ClassLoader upToV17() throws Exception {
    Path folder = dir.resolve("cp-v17/" + Migrator.ROOT + "mlos");
    Files.createDirectories(folder);
    List<String> names = new ArrayList<>();
    try (InputStream index =
        Migrator.class.getClassLoader().getResourceAsStream(Migrator.ROOT + "mlos/index.txt")) {
      for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.matches("V([1-9]|1[0-7])__.*")) {
          names.add(line.strip());
        }
      }
    }
    assertEquals(17, names.size(), names.toString());
    for (String name : names) {
      try (InputStream in =
          Migrator.class.getClassLoader().getResourceAsStream(Migrator.ROOT + "mlos/" + name)) {
        Files.write(folder.resolve(name), in.readAllBytes());
      }
    }
    Files.writeString(folder.resolve("index.txt"), String.join("\n", names) + "\n");
    return new URLClassLoader(new URL[] {dir.resolve("cp-v17").toUri().toURL()}, null);
  }
}
