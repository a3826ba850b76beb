package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlos.core.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile record as a delta (issue 20): a view carried over keeps its recorded rows as they
 * are, its exceptions vanish unless recorded again, and every other view's rows count only when
 * recorded, whether the compile commits, stops half way, or records nothing for a view at all.
 */
class OutputLedgerTest {
  @TempDir Path dir;

  private TestWorkspace w;

  @BeforeEach
  void recordOfALastCompile() {
    w = TestWorkspace.create(dir);
    w.sql(
        "INSERT INTO mlos_outputs (workspace, path, view, source_keys, content_hash, file_hash,"
            + " compiled_at, input_hash) VALUES"
            + " ('ws', 'needs/1-a.md', 'needs', '{\"id\":1}', 'c1', 'f1', 'T0', 'i1'),"
            + " ('ws', 'needs/2-b.md', 'needs', '{\"id\":2}', 'c2', 'f2', 'T0', 'i2'),"
            + " ('ws', 'needs/3-c.md', 'needs', '{\"id\":3}', 'c3', 'f3', 'T0', 'i3'),"
            + " ('ws', 'needs/4-d.md', 'needs', '{\"id\":4}', 'c4', 'f4', 'T0', 'i4'),"
            + " ('ws', 'READY.md', 'ready', '[]', 'cr', 'fr', 'T0', 'ir'),"
            + " ('ws', 'OLD.md', 'gone', '[]', 'co', 'fo', 'T0', 'io'),"
            // Another workspace's record in the same database: never touched.
            + " ('other', 'needs/2-b.md', 'needs', '{\"id\":2}', 'x', 'x', 'T0', 'x')",
        "INSERT INTO mlos_compile_reads (workspace, templates, files, changes_through,"
            + " schema_version, view_seeds) VALUES ('ws', '{}', '{}', 1, 1, '{}')");
  }

  private static OutputRecord page(String path, String view, String key, String hash) {
    return new OutputRecord(path, view, key, "c-" + hash, "f-" + hash, "T1", "i-" + hash);
  }

  @Test
  void aCarriedViewKeepsItsRowsAndOnlyItsExceptionsThatWereNotRecordedVanish() throws Exception {
    List<String> vanished = new ArrayList<>();
    try (Connection c = Database.at(w.db).open(false);
        OutputLedger ledger = new OutputLedger(c, w.db, "ws")) {
      ledger.startCompile();
      // need 2 renamed (its old page vanishes), need 3 rendered again at its path, 1 and 4 kept.
      ledger.carryOver("needs", List.of("needs/2-b.md", "needs/3-c.md"), 2);
      ledger.record(page("needs/2-renamed.md", "needs", "{\"id\":2}", "2"));
      ledger.record(page("needs/3-c.md", "needs", "{\"id\":3}", "3"));
      ledger.record(new OutputRecord("READY.md", "ready", "[]", "cr", "fr", "T0", "ir"));
      ledger.forEachVanished(r -> vanished.add(r.path() + " " + r.fileHash()));
      ledger.commit(Map.of(), Map.of(), 2L, 1, "{}");
    }
    // In path order, as the sweep deletes them: the renamed page's old path and the gone view's.
    assertEquals(List.of("OLD.md fo", "needs/2-b.md f2"), vanished);
    assertEquals(
        List.of(
            "READY.md ready cr fr T0 ir",
            "needs/1-a.md needs c1 f1 T0 i1",
            "needs/2-renamed.md needs c-2 f-2 T1 i-2",
            "needs/3-c.md needs c-3 f-3 T1 i-3",
            "needs/4-d.md needs c4 f4 T0 i4"),
        rows("ws"));
    assertEquals(List.of("needs/2-b.md needs x x T0 x"), rows("other"));
  }

  @Test
  void aViewThatIsNeitherCarriedNorRecordedVanishesWhole() throws Exception {
    List<String> vanished = new ArrayList<>();
    try (Connection c = Database.at(w.db).open(false);
        OutputLedger ledger = new OutputLedger(c, w.db, "ws")) {
      ledger.startCompile();
      ledger.record(page("needs/1-a.md", "needs", "{\"id\":1}", "1"));
      ledger.forEachVanished(r -> vanished.add(r.path()));
      ledger.commit(Map.of(), Map.of(), 2L, 1, "{}");
    }
    assertEquals(
        List.of("OLD.md", "READY.md", "needs/2-b.md", "needs/3-c.md", "needs/4-d.md"), vanished);
    assertEquals(List.of("needs/1-a.md needs c-1 f-1 T1 i-1"), rows("ws"));
  }

  @Test
  void aCompileThatStopsAfterCarryingForgetsNoPage() throws Exception {
    try (Connection c = Database.at(w.db).open(false);
        OutputLedger ledger = new OutputLedger(c, w.db, "ws")) {
      ledger.startCompile();
      ledger.carryOver("needs", List.of("needs/2-b.md"), 3);
      ledger.record(page("needs/2-renamed.md", "needs", "{\"id\":2}", "2"));
      // The compile stops here (a later view's query failed): what it wrote is recorded, and
      // nothing the last compile wrote is forgotten, so the guard and a clean still know it.
      ledger.commitPartial();
    }
    assertEquals(
        List.of(
            "OLD.md gone co fo T0 io",
            "READY.md ready cr fr T0 ir",
            "needs/1-a.md needs c1 f1 T0 i1",
            "needs/2-b.md needs c2 f2 T0 i2",
            "needs/2-renamed.md needs c-2 f-2 T1 i-2",
            "needs/3-c.md needs c3 f3 T0 i3",
            "needs/4-d.md needs c4 f4 T0 i4"),
        rows("ws"));
    assertEquals(0, count("SELECT count(*) FROM mlos_compile_reads WHERE workspace = 'ws'"));
    // The next compile starts afresh: nothing carried by the stopped one counts as seen.
    List<String> vanished = new ArrayList<>();
    try (Connection c = Database.at(w.db).open(false);
        OutputLedger ledger = new OutputLedger(c, w.db, "ws")) {
      ledger.startCompile();
      ledger.record(page("needs/1-a.md", "needs", "{\"id\":1}", "1"));
      ledger.forEachVanished(r -> vanished.add(r.path()));
    }
    assertEquals(6, vanished.size(), vanished.toString());
  }

  @Test
  void aCarryThatDoesNotMatchTheRecordIsRefusedAndNotNoted() throws Exception {
    List<String> vanished = new ArrayList<>();
    try (Connection c = Database.at(w.db).open(false);
        OutputLedger ledger = new OutputLedger(c, w.db, "ws")) {
      ledger.startCompile();
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> ledger.carryOver("needs", List.of("needs/2-b.md"), 4));
      assertEquals("carried 3 records of view 'needs' over, expected 4", e.getMessage());
      ledger.forEachVanished(r -> vanished.add(r.path()));
    }
    assertEquals(6, vanished.size(), "the refused carry counts nothing as seen: " + vanished);
  }

  @Test
  void pathsAreReservedCaseInsensitively() throws Exception {
    try (Connection c = Database.at(w.db).open(false);
        OutputLedger ledger = new OutputLedger(c, w.db, "ws")) {
      ledger.startCompile();
      assertNull(ledger.reserve("needs/1-a.md", "needs", "{\"id\":1}"));
      OutputLedger.Reservation first = ledger.reserve("NEEDS/1-A.md", "index", "[]");
      assertNotNull(first);
      assertEquals(new OutputLedger.Reservation("needs/1-a.md", "needs", "{\"id\":1}"), first);
      // An accent composed or as a combining mark: one name on macOS, so one path here too.
      assertNull(ledger.reserve("docs/caf\u00e9.md", "docs", "[]"));
      assertEquals(
          new OutputLedger.Reservation("docs/caf\u00e9.md", "docs", "[]"),
          ledger.reserve("DOCS/CAFE\u0301.md", "index", "[]"));
      assertNull(ledger.reserve("docs/cafe.md", "docs", "[]"), "no accent is another name");
      // A final capital sigma lower-cases to the final form, the same letter on such a system.
      assertNull(ledger.reserve("docs/\u039f\u0394\u039f\u03a3.md", "docs", "[]"));
      assertEquals(
          new OutputLedger.Reservation("docs/\u039f\u0394\u039f\u03a3.md", "docs", "[]"),
          ledger.reserve("docs/\u03bf\u03b4\u03bf\u03c3.md", "index", "[]"));
    }
  }

  private List<String> rows(String workspace) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = Database.at(w.db).open(false);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT path, view, content_hash, file_hash, compiled_at, input_hash"
                    + " FROM mlos_outputs WHERE workspace = '"
                    + workspace
                    + "' ORDER BY path")) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder(rs.getString(1));
        for (int i = 2; i <= 6; i++) {
          row.append(' ').append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private long count(String sql) throws SQLException {
    try (Connection c = Database.at(w.db).open(false);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
