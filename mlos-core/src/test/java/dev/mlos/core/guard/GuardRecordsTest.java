package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.compile.OutputRecord;
import dev.mlos.core.db.Database;
import dev.mlos.core.schema.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard reads the whole compile record, however its rows were written. */
class GuardRecordsTest {
  @TempDir Path dir;

  @Test
  void everyRecordIsReadEvenOneHoldingTheRecordReadersSeparators() throws Exception {
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos-compiler").migrate(c);
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO mlos_outputs VALUES"
                + " ('ws', 'a.md', 'v', '[1]', 'c1', 'f1', 't1', 'i1'),"
                + " ('ws', 'b' || char(30) || 'x' || char(31) || '.md', 'v', '[2]', 'c2', 'f2', 't1', NULL),"
                + " ('ws', 'c.md', 'w', '[]', 'c3', 'f3', 't2', 'i3'),"
                + " ('other', 'd.md', 'v', '[4]', 'c4', 'f4', 't1', 'i4')");
      }
      List<OutputRecord> expected =
          List.of(
              new OutputRecord("a.md", "v", "[1]", "c1", "f1", "t1", "i1"),
              new OutputRecord("b\u001ex\u001f.md", "v", "[2]", "c2", "f2", "t1", null),
              new OutputRecord("c.md", "w", "[]", "c3", "f3", "t2", "i3"));
      assertEquals(expected, GuardRecords.outputs(c, db, "ws", true));
      assertEquals(
          expected.stream()
              .map(
                  r ->
                      new OutputRecord(
                          r.path(),
                          r.view(),
                          null,
                          r.contentHash(),
                          r.fileHash(),
                          r.compiledAt(),
                          null))
              .toList(),
          GuardRecords.outputs(c, db, "ws", false));
      // Without the hand-made row the packed read serves, with the same result.
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM mlos_outputs WHERE source_keys = '[2]'");
      }
      assertEquals(
          List.of(expected.get(0), expected.get(2)), GuardRecords.outputs(c, db, "ws", true));
    }
  }
}
