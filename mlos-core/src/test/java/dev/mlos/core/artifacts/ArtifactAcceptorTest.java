package dev.mlos.core.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardWorkspace;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactAcceptorTest {
  @TempDir Path dir;

  private static AcceptResult accept(GuardWorkspace w, boolean all, String... names) {
    return new ArtifactAcceptor().accept(new AcceptRequest(w.config(), List.of(names), all));
  }

  private GuardWorkspace drifted() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write("docs/boot.md", "# Boot\n\nFour layers now.\n");
    return w;
  }

  @Test
  void driftThenAcceptThenGreen() throws Exception {
    GuardWorkspace w = drifted();
    assertEquals(
        List.of(ViolationClass.ARTIFACT_DRIFT),
        w.guard(false, 0).violations().stream().map(Violation::violationClass).toList());
    Map<String, String> compiledBefore = w.snapshot();

    AcceptResult r = accept(w, false, "docs/boot.md");

    assertEquals(1, r.accepted().size());
    assertEquals(w.hashOf("docs/boot.md"), r.accepted().get(0).newHash());
    assertTrue(w.guard(false, 0).isClean());
    // Compiled views are not touched by accept; the artifact index is stale until the next compile.
    Map<String, String> compiledAfter = w.snapshot();
    compiledBefore.keySet().stream()
        .filter(k -> !k.startsWith("<db>"))
        .forEach(k -> assertEquals(compiledBefore.get(k), compiledAfter.get(k), k));
    w.compile();
    GuardReport full = w.guard();
    assertTrue(full.isClean(), full.violations().toString());
    try (Connection c = Database.at(w.db).open(false);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT json_extract(old_values, '$.content_hash'), json_extract(new_values, '$.content_hash')"
                    + " FROM history WHERE entity = 'artifact' AND entity_id = 1 AND operation = 'update' ORDER BY id DESC LIMIT 1")) {
      assertTrue(rs.next(), "the history trigger recorded the accept");
      assertEquals(r.accepted().get(0).oldHash(), rs.getString(1));
      assertEquals(r.accepted().get(0).newHash(), rs.getString(2));
    }
  }

  @Test
  void acceptByIdAndAll() {
    GuardWorkspace w = drifted();
    AcceptResult byId = accept(w, false, "#1");
    assertEquals(1, byId.accepted().size());

    AcceptResult again = accept(w, false, "1");
    assertEquals(0, again.accepted().size());
    assertEquals(1, again.alreadyCurrent().size());

    w.write("docs/boot.md", "# Boot\n\nFive.\n");
    w.delete("src/pick.py");
    AcceptResult all = accept(w, true);
    assertEquals(
        List.of("docs/boot.md"),
        all.accepted().stream().map(AcceptResult.AcceptedArtifact::path).toList());
    assertEquals(
        List.of("src/pick.py"),
        all.missing().stream().map(AcceptResult.AcceptedArtifact::path).toList());
  }

  @Test
  void anAcceptIsRecordedInHistoryAsMadeByTheAcceptGoal() throws Exception {
    GuardWorkspace w = drifted();
    w.write("src/pick.py", "print('changed')\n");
    long before = maxHistoryId(w);

    AcceptResult all = accept(w, true);

    assertEquals(
        List.of("docs/boot.md", "src/pick.py"),
        all.accepted().stream().map(AcceptResult.AcceptedArtifact::path).toList());
    List<String> rows = new java.util.ArrayList<>();
    try (Connection c = Database.at(w.db).open(false);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT entity, operation, actor, json_extract(new_values, '$.content_hash')"
                    + " FROM history WHERE id > "
                    + before
                    + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(
            rs.getString(1)
                + " "
                + rs.getString(2)
                + " "
                + rs.getString(3)
                + " "
                + rs.getString(4));
      }
    }
    assertEquals(
        List.of(
            "artifact update tool:mlos-accept " + w.hashOf("docs/boot.md"),
            "artifact update tool:mlos-accept " + w.hashOf("src/pick.py")),
        rows);
  }

  private static long maxHistoryId(GuardWorkspace w) throws Exception {
    try (Connection c = Database.at(w.db).open(false);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM history")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void explicitErrors() {
    GuardWorkspace w = drifted();
    MlosException none = assertThrows(MlosException.class, () -> accept(w, false));
    assertEquals(
        List.of(Remedy.setting("accept", "docs/boot.md,12"), Remedy.setting("accept.all", "true")),
        none.remedies());
    assertTrue(
        none.fix().contains("accept every drifted one explicitly (`accept.all=true`)"), none.fix());
    MlosException unknown =
        assertThrows(
            MlosException.class, () -> accept(w, false, "docs/boot.md", "docs/nope.md", "99"));
    assertTrue(unknown.getMessage().contains("'docs/nope.md', '99'"), unknown.getMessage());
    assertThrows(MlosException.class, () -> accept(w, true, "docs/boot.md"));
    w.delete("src/pick.py");
    MlosException gone = assertThrows(MlosException.class, () -> accept(w, false, "src/pick.py"));
    assertTrue(
        gone.fix().contains("unregister it with `removeArtifact` of artifact 2"), gone.fix());
    // Nothing was written by the failed calls.
    assertEquals(
        ViolationClass.ARTIFACT_DRIFT, w.guard(false, 0).violations().get(0).violationClass());
  }

  @Test
  void aCompiledFileIsNamedAsSuchNotJustUnmatched() {
    GuardWorkspace w = drifted();
    w.write("PROBLEM.md", w.read("PROBLEM.md") + "edited by hand\n");
    java.util.Map<String, String> before = w.snapshot();

    MlosException e = assertThrows(MlosException.class, () -> accept(w, false, "PROBLEM.md"));

    assertEquals(
        "'PROBLEM.md' is a compiled file (view 'problem'), not a registered artifact: accept records"
            + " the reviewed change of a registered artifact's file",
        e.getMessage());
    assertTrue(
        e.fix()
            .contains(
                "put the change into the database and run `compile` (a hand edit is then replaced,"
                    + " and kept as a copy under target/mlos/replaced/)"),
        e.fix());
    assertEquals(List.of(Remedy.compile()), e.remedies());
    assertEquals(before, w.snapshot(), "nothing changed");
    // A plain file that is neither an artifact nor compiled keeps the plain message.
    w.write("notes.md", "# Notes\n");
    MlosException plain = assertThrows(MlosException.class, () -> accept(w, false, "notes.md"));
    assertTrue(
        plain.getMessage().startsWith("No registered artifact matches 'notes.md'"),
        plain.getMessage());
    assertEquals(List.of(Remedy.guard()), plain.remedies());
    assertEquals(
        "name artifacts by file_path (relative to the workspace root) or id: `guard` lists every"
            + " drifted artifact with the command that accepts it",
        plain.fix());
  }

  @Test
  void aPathInAnotherCaseOrUnicodeFormFindsTheArtifact() {
    // On macOS and Windows docs/BOOT.md is the artifact's file: a user types it as seen there.
    GuardWorkspace w = drifted();

    AcceptResult r = accept(w, false, "docs/BOOT.md");

    assertEquals(1, r.accepted().size());
    assertEquals("docs/boot.md", r.accepted().get(0).path());
    assertTrue(w.guard(false, 0).isClean());
  }

  @Test
  void aPathOfTwoArtifactsThatDifferOnlyInCaseIsRefusedNamingBoth() {
    GuardWorkspace w = drifted();
    w.write("docs/Spec.md", "one\n");
    w.write("docs/spec.md", "two\n");
    // Registered before registration refused a second spelling.
    String old = w.hashOf("docs/boot.md");
    // Schema V18 refuses the pair from any client: planted as a database from before it holds it.
    dev.mlos.core.db.OldRows.write(
        w.db,
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (92, 'a',"
            + " 'docs/Spec.md', '"
            + old
            + "'), (93, 'b', 'docs/spec.md', '"
            + old
            + "')");

    MlosException e = assertThrows(MlosException.class, () -> accept(w, false, "docs/SPEC.md"));

    assertEquals(
        "'docs/SPEC.md' names no artifact as written, and artifact 92 'docs/Spec.md' and artifact"
            + " 93 'docs/spec.md' name its file where names ignore case or Unicode form (macOS,"
            + " Windows)",
        e.getMessage());
    // Named as registered, each is accepted on its own.
    assertEquals(1, accept(w, false, "docs/spec.md").accepted().size());
  }
}
