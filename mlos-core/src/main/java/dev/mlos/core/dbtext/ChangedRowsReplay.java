package dev.mlos.core.dbtext;

import dev.mlos.core.db.SqlScript;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The review of a pull's hand edits ({@link PulledHandEdits}) when the database holds the base's
 * rows (its dump is the text form mlos last wrote): the same judgment as {@link
 * TextFormReview#review(String, String)}, without loading either text into SQLite. The statements
 * the two texts differ in are found by streaming both files (a hash per row statement); only those
 * rows are loaded, and they are replayed through the triggers onto a scratch copy of the database
 * file, which already holds every base row, in the order the review uses (the history's writes
 * since the base, then each changed row). Memory grows with the change, not with the workspace
 * (10,000 needs: the full review held both 67 MB texts as in-memory databases, 1.6 GB).
 *
 * <p>The database itself is only read (SQLite's backup API, inside the pull's own transaction, so
 * the copy holds the rows the pull dumped); a process killed midway leaves at most the scratch
 * copy, which the next pull deletes.
 */
final class ChangedRowsReplay {
  private ChangedRowsReplay() {}

  /** A row statement's SHA-256, first 128 bits: two texts' rows are compared by it. */
  private record Hash(long high, long low) {}

  /** What streaming the two texts found. */
  private static final class Difference {
    final List<String> schema = new ArrayList<>();
    final Map<Hash, Integer> baseRows = new HashMap<>();
    final List<String> removed = new ArrayList<>();
    final List<String> added = new ArrayList<>();
    boolean sameSchema = true;
    int schemaAt;
    long held;
    long maxHeap;
  }

  /**
   * Reviews the rows of {@code pulled} that differ from {@code base}, the text form mlos last
   * wrote, whose rows the database open on {@code db} holds (inside a transaction that has read
   * them). The replay runs on a copy at {@code scratch}, deleted after.
   *
   * @return the review's result, or null when the texts differ in more than rows (their schemas or
   *     applied migrations: an mlos upgrade in between), which only the full review can judge
   * @throws dev.mlos.core.MlosException when the changed rows exceed what this process's memory
   *     holds (nothing changed)
   */
  static TextFormReview.Result review(
      Connection db, Path base, Path pulled, Path scratch, long budget)
      throws IOException, SQLException {
    return review(db, base, pulled, scratch, budget, Runtime.getRuntime().maxMemory());
  }

  /** {@link #review} in a process whose heap holds {@code maxHeap} bytes (tests). */
  static TextFormReview.Result review(
      Connection db, Path base, Path pulled, Path scratch, long budget, long maxHeap)
      throws IOException, SQLException {
    Difference d = difference(base, pulled, maxHeap);
    if (!d.sameSchema || d.schema.isEmpty()) {
      return null;
    }
    try (MergeSide b = MergeSide.load("base", side(d.schema, d.removed), true);
        MergeSide c = MergeSide.load("current", side(d.schema, d.added), false)) {
      if (!b.migrations.isEmpty() || !c.migrations.isEmpty()) {
        return null; // a row of the applied migrations changed: the full review brings them level
      }
      if (!MergeRules.hasTriggers(c.otherSchema)) {
        return new TextFormReview.Result(List.of(), 0, List.of(), "", "mlos.db.sql");
      }
      TextFormReview.Diff diff = TextFormReview.diff(b, c, false);
      if (diff.changes().isEmpty() && diff.ruleRows().isEmpty()) {
        return new TextFormReview.Result(List.of(), 0, List.of(), "", "mlos.db.sql");
      }
      Map<MergeRules.Change, String> refused = TextFormReview.ruleRowsRefused(diff.ruleRows());
      if (!diff.changes().isEmpty()) {
        refused.putAll(replay(db, scratch, c, diff.changes(), budget));
      }
      Map<String, Integer> pulledLines;
      Map<String, Integer> baseLines;
      try (var lines = Files.lines(pulled, StandardCharsets.UTF_8)) {
        pulledLines = TextFormReview.lines(lines, refused.keySet(), true);
      }
      try (var lines = Files.lines(base, StandardCharsets.UTF_8)) {
        baseLines = TextFormReview.lines(lines, refused.keySet(), false);
      }
      return TextFormReview.result(
          refused, diff.changes().size() + diff.ruleRows().size(), pulledLines, baseLines);
    }
  }

  /**
   * The changes as the triggers of a copy of {@code db} judge them: the history's writes since the
   * copy's last history row first, then each change.
   */
  private static Map<MergeRules.Change, String> replay(
      Connection db, Path scratch, MergeSide current, List<MergeRules.Change> changes, long budget)
      throws IOException, SQLException {
    deleteScratch(scratch);
    try {
      int rc =
          db.unwrap(org.sqlite.SQLiteConnection.class)
              .getDatabase()
              .backup("main", scratch.toString(), null, 100, 50, -1);
      if (rc != 0 && rc != 101) { // SQLITE_OK, SQLITE_DONE
        throw new IOException("SQLite's backup into " + scratch + " returned " + rc);
      }
      // Opened as mlos opens a database (foreign keys on), with SQLite's small page cache: the
      // replay reads the few pages the changed rows and their triggers touch.
      try (Connection copy = dev.mlos.core.db.Database.at(scratch).open(false);
          Statement s = copy.createStatement()) {
        dev.mlos.core.db.Database.narrowCache(copy);
        // A scratch file: no write of it needs to survive a crash, but SAVEPOINTs need a journal.
        s.execute("PRAGMA journal_mode = MEMORY");
        s.execute("PRAGMA synchronous = OFF");
        s.execute("PRAGMA foreign_keys = ON");
        long since = 0;
        try (ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM history")) {
          since = rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException noHistory) {
          since = 0;
        }
        List<String> steps = HistorySteps.since(current.tables, current.c, since);
        return MergeRules.judgeOn(copy, steps, changes, budget);
      }
    } finally {
      deleteScratch(scratch);
    }
  }

  static void deleteScratch(Path scratch) throws IOException {
    for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
      Files.deleteIfExists(scratch.resolveSibling(scratch.getFileName() + suffix));
    }
  }

  /** A text form of {@code schema} and {@code rows} only, for {@link MergeSide#load}. */
  private static String side(List<String> schema, List<String> rows) {
    StringBuilder out = new StringBuilder(DatabaseText.HEADER).append('\n');
    for (String s : schema) {
      statement(out, s);
    }
    for (String r : rows) {
      statement(out, r);
    }
    return out.toString();
  }

  private static void statement(StringBuilder out, String sql) {
    out.append(sql);
    if (!sql.endsWith(";")) {
      out.append(';');
    }
    out.append('\n');
  }

  /**
   * Streams {@code base}, then {@code pulled}, then {@code base} again: the schema statements in
   * order, the row statements only one of them holds (counted, so a repeated row is one per
   * repeat). AUTOINCREMENT counters are left out, as the review leaves them.
   */
  private static Difference difference(Path base, Path pulled, long maxHeap) throws IOException {
    Difference d = new Difference();
    d.maxHeap = maxHeap;
    MessageDigest digest = dev.mlos.core.hash.Sha256.newDigest();
    String what = "judge the rows the pulled " + pulled.getFileName() + " changed";
    read(
        base,
        (kind, sql) -> {
          if (kind == StatementKind.ROW) {
            d.baseRows.merge(hash(digest, sql), 1, Integer::sum);
          } else {
            d.schema.add(sql);
          }
        });
    read(
        pulled,
        (kind, sql) -> {
          if (kind == StatementKind.ROW) {
            if (!takeOne(d.baseRows, hash(digest, sql))) {
              d.added.add(sql);
              hold(d, what, sql);
            }
          } else if (d.schemaAt >= d.schema.size() || !d.schema.get(d.schemaAt++).equals(sql)) {
            d.sameSchema = false;
          }
        });
    if (d.schemaAt != d.schema.size()) {
      d.sameSchema = false;
    }
    if (!d.sameSchema || d.baseRows.isEmpty()) {
      return d;
    }
    try {
      read(
          base,
          (kind, sql) -> {
            if (kind == StatementKind.ROW && takeOne(d.baseRows, hash(digest, sql))) {
              d.removed.add(sql);
              hold(d, what, sql);
              if (d.baseRows.isEmpty()) {
                throw new AllFound();
              }
            }
          });
    } catch (AllFound done) {
      // The rest of the base is rows the pulled file has too.
    }
    return d;
  }

  /** Takes one count of {@code h} from {@code rows}; false when it has none. */
  private static boolean takeOne(Map<Hash, Integer> rows, Hash h) {
    Integer n = rows.get(h);
    if (n == null) {
      return false;
    }
    if (n == 1) {
      rows.remove(h);
    } else {
      rows.put(h, n - 1);
    }
    return true;
  }

  /** Ends the last read of the base once every row only it holds was found. */
  private static final class AllFound extends RuntimeException {
    AllFound() {
      super(null, null, false, false);
    }
  }

  /** Counts {@code sql} as held, refusing before the heap runs out. */
  private static void hold(Difference d, String what, String sql) {
    d.held += sql.length();
    TextFiles.requireHeapToMerge(what, d.held, d.maxHeap);
  }

  private interface EachStatement {
    void accept(StatementKind kind, String sql);
  }

  private static void read(Path file, EachStatement each) throws IOException {
    try (Reader in =
        new java.io.InputStreamReader(
            Files.newInputStream(file),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT))) {
      SqlScript.forEach(
          in,
          st -> {
            StatementKind kind = kind(st.sql());
            if (kind != StatementKind.SEQUENCE) {
              each.accept(kind, st.sql());
            }
          });
    }
  }

  /**
   * {@link StatementKind#of}, without its normalising for the row statements a text form is made of
   * (one per row; it costs as much as reading the file).
   */
  private static StatementKind kind(String sql) {
    String insert = "INSERT INTO ";
    if (sql.startsWith(insert)
        && sql.length() > insert.length()
        && !Character.isWhitespace(sql.charAt(insert.length()))
        && !sql.regionMatches(true, insert.length(), "sqlite_sequence", 0, 15)) {
      return StatementKind.ROW;
    }
    return StatementKind.of(sql);
  }

  private static Hash hash(MessageDigest digest, String sql) {
    byte[] h = digest.digest(sql.getBytes(StandardCharsets.UTF_8));
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h);
    return new Hash(b.getLong(), b.getLong());
  }
}
