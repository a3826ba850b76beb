package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.GuardWorkspace;
import dev.mlos.core.guard.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile record and the database's text form stay in step after a clean and after a compile
 * that failed. A clean clears the compile record, rows of the database, so the database's text form
 * (committed in its stead) is written again: without that the text form kept the record of the
 * deleted pages, the guard called it STALE ('the database changed after the last compile'), and a
 * clone rebuilt from it recorded pages that were gone.
 */
class CleanTextFormTest {
  @TempDir Path dir;

  @Test
  void aCleanWritesTheTextFormWithoutTheRecord() throws Exception {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    w.seed();
    Path text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    WorkspaceConfig config =
        new ConfigLoader().load(w.root, new ConfigOverrides(null, w.db, null, null, Map.of()));
    new Compiler().compile(new CompileRequest(config, "2026-02-01T00:00:00Z"), Reporter.SILENT);
    assertTrue(Files.readString(text).contains("\"mlos_outputs\""), "the compile's record");

    Cleaner.CleanResult cleaned = new Cleaner().clean(config, Reporter.SILENT);
    assertFalse(cleaned.deleted().isEmpty());

    String written = Files.readString(text);
    try (Connection c = Database.at(w.db).openReadOnly()) {
      assertEquals(DatabaseText.dump(c, w.db), written, "the text form is the database's dump");
    }
    assertFalse(written.contains("INSERT INTO \"mlos_outputs\""), "no record of deleted pages");
    List<Violation> textForm =
        new Guard()
            .check(new GuardRequest(config)).violations().stream()
                .filter(v -> v.path().equals("mlos.db.sql"))
                .toList();
    assertEquals(List.of(), textForm, "the guard finds the text form in step");
  }

  /**
   * A compile that failed before it wrote a page (a template that fails on its first page) changed
   * the record all the same: it forgot what the last compile read, so the guard called the text
   * form STALE ('the database changed after the last compile') though no page and no row had
   * changed.
   */
  @Test
  void aCompileThatFailsBeforeWritingLeavesTheRecordAndTheTextFormInStep() throws Exception {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    w.seed();
    Path text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    WorkspaceConfig config =
        new ConfigLoader().load(w.root, new ConfigOverrides(null, w.db, null, null, Map.of()));
    new Compiler().compile(new CompileRequest(config, "2026-02-01T00:00:00Z"), Reporter.SILENT);
    String before = Files.readString(text);

    // Parsed and checked at the start like every template; fails only when a page renders.
    Files.writeString(w.root.resolve("bad.ftl"), "${1 / (needs?size - needs?size)}\n");
    Path yaml = w.root.resolve("mlos.yaml");
    String original = Files.exists(yaml) ? Files.readString(yaml) : null;
    Files.writeString(
        yaml, (original == null ? "" : original) + "\nviews:\n  problem:\n    template: bad.ftl\n");
    WorkspaceConfig broken =
        new ConfigLoader().load(w.root, new ConfigOverrides(null, w.db, null, null, Map.of()));
    org.junit.jupiter.api.Assertions.assertThrows(
        RuntimeException.class,
        () ->
            new Compiler()
                .compile(new CompileRequest(broken, "2026-02-01T00:00:00Z"), Reporter.SILENT));
    if (original == null) {
      Files.delete(yaml);
    } else {
      Files.writeString(yaml, original);
    }

    assertEquals(before, Files.readString(text));
    try (Connection c = Database.at(w.db).openReadOnly()) {
      assertEquals(before, DatabaseText.dump(c, w.db), "the database is as the text form says");
    }
    assertEquals(List.of(), new Guard().check(new GuardRequest(config)).violations());
  }

  /**
   * A compile that wrote every page but one too large for max_page_bytes left the database's text
   * form as it was: every change since (another need retitled, the compile's record of the pages it
   * wrote) stayed out of the file a team commits and rebuilds clones from, for as long as the row
   * stayed too large, and the guard called it STALE besides the page. The text form is written as
   * after any compile; the page too large is the one thing left to fix.
   */
  @Test
  void aCompileWithAPageTooLargeStillWritesTheTextForm() throws Exception {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    w.seed();
    Path text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    Files.writeString(w.root.resolve("mlos.yaml"), "pack: mlos\nmax_page_bytes: 8 KiB\n");
    WorkspaceConfig config =
        new ConfigLoader().load(w.root, new ConfigOverrides(null, w.db, null, null, Map.of()));
    new Compiler().compile(new CompileRequest(config, "2026-02-01T00:00:00Z"), Reporter.SILENT);
    w.sql(
        "UPDATE needs SET title = 'Kernel boots, retitled' WHERE id = 1",
        "UPDATE needs SET description = replace(hex(zeroblob(10000)), '0', 'x') WHERE id = 2");

    PagesTooLargeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            PagesTooLargeException.class,
            () ->
                new Compiler()
                    .compile(new CompileRequest(config, "2026-02-01T00:00:00Z"), Reporter.SILENT));

    assertEquals(text, e.written().textFormWritten(), "the compile's result says it wrote it");
    String written = Files.readString(text);
    try (Connection c = Database.at(w.db).openReadOnly()) {
      assertEquals(DatabaseText.dump(c, w.db), written, "the text form is the database's dump");
    }
    assertTrue(written.contains("Kernel boots, retitled"), "the other change is in it");
    List<Violation> violations = new Guard().check(new GuardRequest(config)).violations();
    assertEquals(
        List.of(e.pages().get(0).path()),
        violations.stream().map(Violation::path).toList(),
        "only the page too large is stale: " + violations);
  }

  /**
   * A compile refused by an output conflict (here a file mlos did not write where a page lands)
   * wrote and recorded every other page but left the database's text form as it was: every other
   * change (a need retitled) stayed out of the file a team commits until the conflict was resolved.
   * The text form is written as after any compile, and the refusal's result says so.
   */
  @Test
  void aCompileRefusedByAConflictStillWritesTheTextForm() throws Exception {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    w.seed();
    Path text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    Files.writeString(w.root.resolve("mlos.yaml"), "pack: mlos\n");
    WorkspaceConfig config =
        new ConfigLoader().load(w.root, new ConfigOverrides(null, w.db, null, null, Map.of()));
    new Compiler().compile(new CompileRequest(config, "2026-02-01T00:00:00Z"), Reporter.SILENT);
    // A file mlos did not write, where the page of a new need lands.
    Files.writeString(w.root.resolve("needs/5-fresh.md"), "my own notes\n");
    w.sql(
        "UPDATE needs SET title = 'Kernel boots, retitled' WHERE id = 1",
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (5, 'Fresh', 'identified', 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");

    OutputConflictException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            OutputConflictException.class,
            () ->
                new Compiler()
                    .compile(new CompileRequest(config, "2026-02-01T00:00:00Z"), Reporter.SILENT));

    assertEquals(1, e.conflicts().size(), e.getMessage());
    assertTrue(e.conflicts().get(0).startsWith("'needs/5-fresh.md'"), e.getMessage());
    assertEquals("my own notes\n", Files.readString(w.root.resolve("needs/5-fresh.md")));
    assertEquals(text, e.written().textFormWritten(), "the compile's result says it wrote it");
    String written = Files.readString(text);
    try (Connection c = Database.at(w.db).openReadOnly()) {
      assertEquals(DatabaseText.dump(c, w.db), written, "the text form is the database's dump");
    }
    assertTrue(written.contains("Kernel boots, retitled"), "the other change is in it");
    assertTrue(written.contains("'Fresh'"), "and the new need");
  }
}
