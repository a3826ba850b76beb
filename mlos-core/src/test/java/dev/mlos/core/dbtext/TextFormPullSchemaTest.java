package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.db.Database;
import dev.mlos.core.guard.GuardWorkspace;
import dev.mlos.core.schema.TamperedSchemaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull takes the pulled text form's rows only when their schema is the one this mlos creates: a
 * teammate on a newer mlos, or a hand-changed rule in the file, leaves the database as it was.
 */
class TextFormPullSchemaTest {
  @TempDir Path dir;

  private GuardWorkspace w;
  private Path text;
  private Path teammate;

  private static String dump(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly()) {
      return DatabaseText.dump(c, db);
    }
  }

  private static String query(Path db, String sql) throws Exception {
    try (Connection c = Database.at(db).openReadOnly();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static void sql(Path db, String... statements) throws Exception {
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    w = GuardWorkspace.create(dir);
    w.seed();
    text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    w.compile();
    Files.createDirectories(dir.resolve("teammate"));
    teammate = dir.resolve("teammate/mlos.db");
    Files.copy(w.db, teammate);
  }

  /** The teammate adds a need; the pull brings their text form. */
  private byte[] pullTeammatesText() throws Exception {
    sql(
        teammate,
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (10, 'Teammate need', 'identified', 2, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
    Files.writeString(text, dump(teammate), StandardCharsets.UTF_8);
    return Files.readAllBytes(text);
  }

  @Test
  void aTextFormOfANewerMlosIsRefusedNamingItsVersionAndTheDatabaseIsUnchanged() throws Exception {
    // The teammate's mlos applied a migration this one does not ship (as V13 is to an mlos of V8).
    sql(
        teammate,
        "INSERT INTO schema_migrations VALUES ('mlos', 99, 'from the future', '"
            + "0".repeat(64)
            + "', '2027-01-01T00:00:00.000Z')");
    byte[] pulled = pullTeammatesText();
    byte[] before = Files.readAllBytes(w.db);

    MlosException e =
        assertThrows(MlosException.class, () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertTrue(
        e.getMessage().contains("was written by a newer mlos")
            && e.getMessage().contains("schema set mlos at version 99"),
        e.getMessage());
    assertTrue(e.fix().contains("upgrade mlos"), e.fix());
    assertArrayEquals(before, Files.readAllBytes(w.db), "the database was not replaced");
    assertEquals(null, query(w.db, "SELECT title FROM needs WHERE id = 10"));
    assertEquals(null, query(w.db, "SELECT version FROM schema_migrations WHERE version = 99"));
    assertArrayEquals(pulled, Files.readAllBytes(text), "the pulled file is left as it came");
    // This mlos still opens the database (the pull had made it one of a newer mlos).
    try (Connection c = Database.at(w.db).openReadOnly()) {
      dev.mlos.core.schema.SchemaIntegrity.requireUntampered(c, "test");
    }
  }

  @Test
  void aTextFormWithAChangedRuleIsRefusedNamingTheTriggerAndTheDatabaseIsUnchanged()
      throws Exception {
    String trigger =
        query(
            teammate,
            "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'needs'"
                + " ORDER BY name LIMIT 1");
    String body = query(teammate, "SELECT sql FROM sqlite_schema WHERE name = '" + trigger + "'");
    assertTrue(body.contains("BEGIN"), body);
    // A rule's trigger changed in the teammate's file (by hand, or a commit nobody reviewed).
    sql(teammate, "DROP TRIGGER " + trigger, body.replaceFirst("BEGIN", "BEGIN SELECT 1;"));
    byte[] before = Files.readAllBytes(w.db);
    pullTeammatesText();

    TamperedSchemaException e =
        assertThrows(
            TamperedSchemaException.class, () -> TextFormPull.pull(w.config(), Reporter.SILENT));

    assertTrue(e.getMessage().contains(trigger), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(w.db), "the database was not replaced");
    assertEquals(null, query(w.db, "SELECT title FROM needs WHERE id = 10"));
  }

  @Test
  void migrationsTheTeammateAppliedAtOtherTimesAreNotReportedAsRowsThePullDrops() throws Exception {
    // Each clone ran init of the new mlos itself (docs/schema.md, "Upgrading mlos"): the same
    // migrations, applied at other times. The pull keeps the pulled times; no row was lost.
    sql(teammate, "UPDATE schema_migrations SET applied_at = '2027-01-01T00:00:00.000Z'");
    pullTeammatesText();

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    assertTrue(r.databaseReplaced(), r.actions().toString());
    assertEquals("Teammate need", query(w.db, "SELECT title FROM needs WHERE id = 10"));
    assertTrue(
        r.actions().stream().noneMatch(a -> a.contains("schema_migrations")),
        r.actions().toString());
  }
}
