package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.NeedSpec;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardWorkspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request ids of keyed writes (schema V21, mlos_requests) are this database file's runtime
 * state: they never reach the text form, so they change no line of mlos.db.sql (no diff, nothing
 * for the merge driver or check-text to see), the guard and the compile ignore them, and a database
 * pulled from the text form remembers none (its ids may be renumbered).
 */
class RequestRecordsStayLocalTest {
  @TempDir Path dir;
  GuardWorkspace w;
  Path text;

  private static String dump(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly()) {
      return DatabaseText.dump(c, db);
    }
  }

  private long records() {
    return Long.parseLong(
        SqliteShell.run(w.db, "SELECT count(*) FROM mlos_requests;").out().strip());
  }

  /** The pages and the text form, with their mtimes: what a commit would hold. */
  private Map<String, String> sharedFiles() {
    Map<String, String> files = new java.util.TreeMap<>(w.snapshot());
    files.keySet().removeIf(k -> k.startsWith("target/") || k.matches("<db>/mlos\\.db(-.*)?"));
    return files;
  }

  @BeforeEach
  void setUp() throws Exception {
    w = GuardWorkspace.create(dir);
    w.seed();
    text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    try (Engine alice = Engine.open(w.db, Actor.person("alice"))) {
      alice.once("req-1").createNeed(NeedSpec.titled("Keyed need"));
    }
    w.compile();
    assertEquals(1, records());
  }

  @Test
  void theTextFormHoldsTheTableButNoneOfItsRows() throws Exception {
    String before = Files.readString(text);
    assertEquals(dump(w.db), before);
    assertTrue(before.contains("CREATE TABLE mlos_requests"), "the table itself is kept");
    assertFalse(before.contains("INSERT INTO \"mlos_requests\""), before);
    assertTrue(before.contains("'Keyed need'"), "the need the keyed write made is shared");

    // A replay and more records: the text form, and so what git, the merge driver and check-text
    // see, stays byte for byte the same.
    try (Engine alice = Engine.open(w.db, Actor.person("alice"))) {
      assertTrue(alice.once("req-1").createNeed(NeedSpec.titled("Keyed need")).replayed());
    }
    w.sql(
        "INSERT INTO mlos_requests (actor, request_id, operation, fingerprint, result_ids) VALUES"
            + " ('agent:1', 'req-2', 'graduate', '"
            + "b".repeat(64)
            + "', '[1]')");
    assertEquals(2, records());
    assertEquals(before, dump(w.db));
    Map<String, String> files = sharedFiles();
    w.compile();
    assertEquals(files, sharedFiles(), "the compile wrote no page and no text form");
    assertArrayEquals(
        before.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(text), "no line changed");
  }

  @Test
  void theGuardIgnoresThem() {
    w.sql(
        "INSERT INTO mlos_requests (actor, request_id, operation, fingerprint, result_ids) VALUES"
            + " ('agent:1', 'req-2', 'graduate', '"
            + "b".repeat(64)
            + "', '[1]')",
        "UPDATE mlos_requests SET created_at = '2020-01-01T00:00:00.000Z'");
    GuardReport fast = w.guard();
    assertTrue(fast.isClean(), fast.toString());
    GuardReport full = w.guardRenderingAlways();
    assertTrue(full.isClean(), full.toString());
  }

  @Test
  void aDatabasePulledFromTheTextFormRemembersNoRequestId() throws Exception {
    Path teammate = dir.resolve("teammate/mlos.db");
    Files.createDirectories(teammate.getParent());
    Files.copy(w.db, teammate);
    SqliteShell.run(
        teammate,
        "DELETE FROM mlos_requests; INSERT INTO needs (id, title, status, priority, created_at,"
            + " updated_at) VALUES (10, 'Teammate need', 'identified', 2, '2026-03-01T00:00:00Z',"
            + " '2026-03-01T00:00:00Z');");
    Files.writeString(text, dump(teammate), StandardCharsets.UTF_8);

    TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);

    assertTrue(r.databaseReplaced(), r.toString());
    assertEquals(
        "Teammate need",
        SqliteShell.run(w.db, "SELECT title FROM needs WHERE id = 10;").out().strip());
    assertEquals(0, records(), "a record could name a row the pull renumbered");
  }

  /**
   * Two clones each make a need with a keyed write, the same request id by chance: the merge driver
   * merges their text forms with no conflict and no record in them (each side's records stay in its
   * own database), and a database restored from the merge has none.
   */
  @Test
  void theMergeDriverMergesTextFormsThatHoldNoRecords() throws Exception {
    String base = dump(w.db);
    Path ours = copy("ours");
    Path theirs = copy("theirs");
    try (Engine alice = Engine.open(ours, Actor.person("alice"));
        Engine bob = Engine.open(theirs, Actor.person("bob"))) {
      alice.once("req-9").createNeed(NeedSpec.titled("Ours"));
      bob.once("req-9").createNeed(NeedSpec.titled("Theirs"));
    }
    TextMerge.Result r = TextMerge.merge(base, dump(ours), dump(theirs));
    assertEquals(java.util.List.of(), r.conflicts());
    assertTrue(r.text().contains("'Ours'") && r.text().contains("'Theirs'"), r.text());
    assertFalse(r.text().contains("INSERT INTO \"mlos_requests\""), r.text());
    Path merged = dir.resolve("merged/mlos.db");
    Files.createDirectories(merged.getParent());
    Files.writeString(DatabaseText.fileOf(merged), r.text(), StandardCharsets.UTF_8);
    DatabaseText.restore(DatabaseText.fileOf(merged), merged);
    assertEquals("0", SqliteShell.run(merged, "SELECT count(*) FROM mlos_requests;").out().strip());
  }

  private Path copy(String name) throws Exception {
    Path to = dir.resolve(name + "/mlos.db");
    Files.createDirectories(to.getParent());
    SqliteShell.Result r = SqliteShell.run(w.db, "VACUUM INTO '" + to + "';");
    assertTrue(r.ok(), r.err());
    return to;
  }
}
