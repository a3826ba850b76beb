package dev.mlos.core.compile;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.PackedRows;
import dev.mlos.core.db.Transaction;
import dev.mlos.core.view.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The database's record of what a workspace compiled ({@code mlos_outputs}), plus a per-compile
 * scratch record of the pages seen so far. Lookups go through the primary key one path at a time;
 * only the paths this compile reserved are held in memory.
 *
 * <p>The scratch record is a delta (issue 20): {@code temp.mlos_seen} holds the pages this compile
 * recorded one by one, and a view whose recorded pages are kept in bulk is noted in {@code
 * temp.mlos_carried} with the paths of its pages that were not kept in {@code temp.mlos_except}. A
 * recorded page counts as seen when its path is in {@code mlos_seen}, or its view is carried and
 * its path is not an exception. The carried pages' rows are neither copied nor rewritten, so after
 * one changed row the record costs a few rows, not a row per page of the workspace.
 */
public final class OutputLedger implements AutoCloseable {
  private static final int BATCH = 1000;
  private static final String COLUMNS =
      "SELECT path, view, source_keys, content_hash, file_hash, compiled_at, input_hash FROM mlos_outputs";

  private final Connection connection;
  private final Path database;
  private final String workspace;
  private PreparedStatement find;
  private PreparedStatement insertSeen;
  private Map<String, Reservation> reserved = new HashMap<>();

  /** The pages kept in bulk, reserved a view at a time ({@link #reserveKept}). */
  private final KeptReservations keptPaths = new KeptReservations();

  /** The views this compile carried over ({@link #carryOver}), as in {@code temp.mlos_carried}. */
  private final Set<String> carried = new HashSet<>();

  private final List<OutputRecord> pending = new ArrayList<>();

  public OutputLedger(Connection connection, Path database, String workspace) {
    this.connection = connection;
    this.database = database;
    this.workspace = workspace;
  }

  /** The recorded output at {@code path}, or null. */
  public OutputRecord find(String path) {
    try {
      if (find == null) {
        find = connection.prepareStatement(COLUMNS + " WHERE workspace = ? AND path = ?");
      }
      find.setString(1, workspace);
      find.setString(2, path);
      try (ResultSet rs = find.executeQuery()) {
        return rs.next() ? record(rs) : null;
      }
    } catch (SQLException e) {
      throw failure("cannot read the compile record", e);
    }
  }

  /**
   * Checks, without changing anything, that the record can be written: the file is writable and
   * SQLite grants a write lock (it waits for another writer as long as its busy timeout). Called
   * before a compile or clean touches any file, so that a read-only or locked database stops it
   * before the files and their record part ways.
   *
   * @throws DatabaseException naming the database and the fix
   */
  public void requireWritable() {
    Database.at(database).requireWritable("the compile record (table mlos_outputs) is kept there");
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      String m = String.valueOf(e.getMessage());
      String fix =
          m.contains("BUSY") || m.contains("LOCKED") || m.contains("locked")
              ? "another connection holds a write lock on the database (an agent, a sqlite3 shell in a transaction):"
                  + " let it finish, then run again"
              : "make the database writable: the compile records what it wrote there";
      throw new DatabaseException(
          database, "the compile record cannot be written (table mlos_outputs): " + m, fix, e);
    }
  }

  /** True when this workspace has never recorded a compile in this database. */
  public boolean isEmpty() {
    try (PreparedStatement s =
        connection.prepareStatement("SELECT 1 FROM mlos_outputs WHERE workspace = ? LIMIT 1")) {
      s.setString(1, workspace);
      try (ResultSet rs = s.executeQuery()) {
        return !rs.next();
      }
    } catch (SQLException e) {
      throw failure("cannot read the compile record", e);
    }
  }

  /** Streams every recorded output of this workspace, ordered by path. */
  public void forEach(Consumer<OutputRecord> consumer) {
    stream(COLUMNS + " WHERE workspace = ? ORDER BY path", consumer);
  }

  /** Streams the recorded outputs of one view of this workspace, ordered by path. */
  public void forEachOfView(String view, Consumer<OutputRecord> consumer) {
    try (PreparedStatement s =
        connection.prepareStatement(COLUMNS + " WHERE workspace = ? AND view = ? ORDER BY path")) {
      s.setString(1, workspace);
      s.setString(2, view);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          consumer.accept(record(rs));
        }
      }
    } catch (SQLException e) {
      throw failure("cannot read the compile record", e);
    }
  }

  /**
   * What an incremental compile needs to decide whether a recorded page is kept: its path, source
   * keys, file hash and whether it has an input hash (pages recorded without one are rendered).
   *
   * @param path relative to the workspace's output directory
   * @param sourceKeys JSON naming the source row
   * @param fileHash SHA-256 of the bytes written
   * @param hasInputHash whether the record has an input hash
   */
  record Page(String path, String sourceKeys, String fileHash, boolean hasInputHash) {}

  /**
   * The pages a view produced in the last compile, in path order, as {@link Page}s: four columns
   * instead of a whole {@link OutputRecord}'s seven. A kept page's record is carried over as it
   * stands in the database, so the columns it does not decide with are not read: at 100,000 pages
   * that halves the read (issue 20).
   */
  void forEachPageOfView(String view, Consumer<Page> consumer) {
    try {
      // A few calls into SQLite instead of four per page (issue 20); row by row when a hand-made
      // record holds one of the separators PackedRows parts values with.
      if (PackedRows.read(
          connection,
          new String[] {"path", "source_keys", "file_hash", "input_hash IS NOT NULL"},
          "FROM mlos_outputs WHERE workspace = ? AND view = ?",
          "path",
          List.of(workspace, view),
          r -> consumer.accept(new Page(r[0], r[1], r[2], "1".equals(r[3]))))) {
        return;
      }
    } catch (SQLException e) {
      throw failure("cannot read the compile record", e);
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT path, source_keys, file_hash, input_hash IS NOT NULL FROM mlos_outputs"
                + " WHERE workspace = ? AND view = ? ORDER BY path")) {
      s.setString(1, workspace);
      s.setString(2, view);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          consumer.accept(
              new Page(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1));
        }
      }
    } catch (SQLException e) {
      throw failure("cannot read the compile record", e);
    }
  }

  /**
   * Starts a compile's scratch table. Paths collide case-insensitively, as on macOS and Windows.
   */
  public void startCompile() {
    startCompile(0);
  }

  /**
   * As {@link #startCompile()}, for a compile expected to reserve about {@code expectedPages} paths
   * (the last compile's count): the reservations are sized once instead of growing in steps.
   */
  public void startCompile(int expectedPages) {
    reserved = new HashMap<>(Math.max(16, (int) Math.min(1 << 24, expectedPages * 4L / 3 + 1)));
    pending.clear();
    carried.clear();
    keptPaths.clear();
    try (Statement s = connection.createStatement()) {
      s.execute("DROP TABLE IF EXISTS temp.mlos_seen");
      s.execute("DROP TABLE IF EXISTS temp.mlos_carried");
      s.execute("DROP TABLE IF EXISTS temp.mlos_except");
      s.execute(
          "CREATE TEMP TABLE mlos_seen (path TEXT NOT NULL PRIMARY KEY COLLATE NOCASE, view TEXT NOT NULL,"
              + " source_keys TEXT NOT NULL, content_hash TEXT NOT NULL, file_hash TEXT NOT NULL, compiled_at TEXT NOT NULL,"
              + " input_hash TEXT)");
      // Compared as mlos_outputs compares them (binary): they name recorded rows exactly.
      s.execute("CREATE TEMP TABLE mlos_carried (view TEXT NOT NULL PRIMARY KEY)");
      s.execute("CREATE TEMP TABLE mlos_except (path TEXT NOT NULL PRIMARY KEY)");
    } catch (SQLException e) {
      throw failure("cannot start the compile record", e);
    }
  }

  /**
   * Reserves {@code path} for a page before it is rendered. Returns null when it was free, else the
   * view and source keys of the page that reserved it first (two views or rows writing one file).
   * Paths compare case-insensitively, as on macOS and Windows. The reservations are kept in memory:
   * a short entry per page (a few MB for 100k pages), so a collision costs no query.
   */
  public Reservation reserve(String path, String view, String sourceKeys) {
    return reserveLowerCase(path, dev.mlos.core.path.PathKey.of(path), view, sourceKeys);
  }

  /** As {@link #reserve}, with the path's {@link dev.mlos.core.path.PathKey} made by the caller. */
  Reservation reserveLowerCase(String path, String lowerCasePath, String view, String sourceKeys) {
    Reservation kept = keptPaths.find(lowerCasePath);
    return kept != null
        ? kept
        : reserved.putIfAbsent(lowerCasePath, new Reservation(path, view, sourceKeys));
  }

  /**
   * Reserves the pages of {@code view} kept in bulk, index for index, and returns those whose path
   * a page reserved before took, by index, with that page's reservation: they are not reserved.
   */
  java.util.SortedMap<Integer, Reservation> reserveKept(
      String view, String[] paths, String[] lowerCase, String[] sourceKeys) {
    return keptPaths.add(view, paths, lowerCase, sourceKeys, reserved);
  }

  /** Who reserved a path: the path as written, the view and the source keys of its page. */
  public record Reservation(String path, String view, String sourceKeys) {}

  /**
   * Records a page this compile produced (after {@link #reserve}). Records are written to the
   * scratch table in batches, one transaction each.
   */
  public void record(OutputRecord r) {
    pending.add(r);
    if (pending.size() >= BATCH) {
      flush();
    }
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    try {
      if (insertSeen == null) {
        insertSeen =
            connection.prepareStatement("INSERT INTO temp.mlos_seen VALUES (?, ?, ?, ?, ?, ?, ?)");
      }
      Transaction.run(
          connection,
          () -> {
            for (OutputRecord r : pending) {
              insertSeen.setString(1, r.path());
              insertSeen.setString(2, r.view());
              insertSeen.setString(3, r.sourceKeys());
              insertSeen.setString(4, r.contentHash());
              insertSeen.setString(5, r.fileHash());
              insertSeen.setString(6, r.compiledAt());
              insertSeen.setString(7, r.inputHash());
              insertSeen.executeUpdate();
            }
          });
      pending.clear();
    } catch (SQLException e) {
      throw failure("cannot update the compile record", e);
    }
  }

  /**
   * Records the pages of {@code view} the last compile recorded, except those at {@code except}, as
   * this compile's, unchanged (issue 20: a compile after one changed row keeps almost every page of
   * a large per-row view). Their rows are not copied: the view is noted as carried and the paths as
   * its exceptions, so {@link #commit} leaves those rows as they are and {@link #forEachVanished}
   * takes them as seen. A view is carried at most once per compile, and the exceptions must be
   * recorded pages of that view.
   *
   * @param expected how many pages that is, as the caller counted them from the same record
   * @throws IllegalStateException when the record holds another number of them (a bug of mlos)
   */
  void carryOver(String view, List<String> except, long expected) {
    flush();
    try {
      Transaction.run(
          connection,
          () -> {
            try (PreparedStatement count =
                    connection.prepareStatement(
                        "SELECT count(*) FROM mlos_outputs WHERE workspace = ?1 AND view = ?2"
                            + " AND path NOT IN (SELECT value FROM json_each(?3))");
                PreparedStatement carry =
                    connection.prepareStatement("INSERT INTO temp.mlos_carried VALUES (?)");
                PreparedStatement exceptions =
                    connection.prepareStatement(
                        "INSERT OR IGNORE INTO temp.mlos_except SELECT value FROM json_each(?1)")) {
              String json = Json.write(except);
              count.setString(1, workspace);
              count.setString(2, view);
              count.setString(3, json);
              long n;
              try (ResultSet rs = count.executeQuery()) {
                n = rs.next() ? rs.getLong(1) : -1;
              }
              if (n != expected) {
                throw new IllegalStateException(
                    "carried " + n + " records of view '" + view + "' over, expected " + expected);
              }
              carry.setString(1, view);
              carry.executeUpdate();
              exceptions.setString(1, json);
              exceptions.executeUpdate();
            }
          });
      carried.add(view);
    } catch (SQLException e) {
      throw failure("cannot update the compile record", e);
    }
  }

  /**
   * The recorded rows of this workspace this compile has not seen ({@code ?1} is the workspace,
   * {@code ?2} a JSON array of the recorded views that were not carried): every unseen row of those
   * views, and the exceptions of the carried ones that were not recorded again. Neither part reads
   * the rows of a carried view beyond its exceptions.
   */
  private static String unseen(String columns) {
    String notSeen = " AND path NOT IN (SELECT path FROM temp.mlos_seen)";
    return columns
        + " WHERE workspace = ?1 AND view IN (SELECT value FROM json_each(?2))"
        + notSeen
        + " UNION "
        + columns
        + " WHERE workspace = ?1 AND path IN (SELECT path FROM temp.mlos_except)"
        + notSeen;
  }

  /**
   * The views this workspace's record holds pages of that this compile did not carry, as a JSON
   * array: one index seek per view, however many pages each has.
   */
  private String viewsNotCarried() throws SQLException {
    List<String> views = new ArrayList<>();
    try (PreparedStatement first =
            connection.prepareStatement("SELECT min(view) FROM mlos_outputs WHERE workspace = ?1");
        PreparedStatement next =
            connection.prepareStatement(
                "SELECT min(view) FROM mlos_outputs WHERE workspace = ?1 AND view > ?2")) {
      first.setString(1, workspace);
      String view = single(first);
      while (view != null) {
        if (!carried.contains(view)) {
          views.add(view);
        }
        next.setString(1, workspace);
        next.setString(2, view);
        view = single(next);
      }
    }
    return Json.write(views);
  }

  private static String single(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** True when this compile has reserved {@code path} (case-insensitively). */
  public boolean claimed(String path) {
    String lower = dev.mlos.core.path.PathKey.of(path);
    return reserved.containsKey(lower) || keptPaths.find(lower) != null;
  }

  /** Streams the recorded outputs this compile did not produce again. */
  public void forEachVanished(Consumer<OutputRecord> consumer) {
    flush();
    try (PreparedStatement s = connection.prepareStatement(unseen(COLUMNS) + " ORDER BY 1")) {
      s.setString(1, workspace);
      s.setString(2, viewsNotCarried());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          consumer.accept(record(rs));
        }
      }
    } catch (SQLException e) {
      throw failure("cannot read the compile record", e);
    }
  }

  /** Streams the records a query over this workspace's rows selects. */
  private void stream(String sql, Consumer<OutputRecord> consumer) {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setString(1, workspace);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          consumer.accept(record(rs));
        }
      }
    } catch (SQLException e) {
      throw failure("cannot read the compile record", e);
    }
  }

  /**
   * Replaces this workspace's record with the pages of this compile, and what it read besides the
   * database ({@code mlos_compile_reads}), in one transaction.
   *
   * @param templatesRead every template the compile loaded, with its SHA-256
   * @param filesRead every workspace file a template read, with its SHA-256 (or a word such as
   *     "missing")
   * @param changesThrough the last change-log entry the pages reflect, or null when unknown
   * @param schemaVersion the database's schema version as the compile began
   * @param viewSeeds each view's seed ({@link PageInputs#seed}), as a JSON object
   */
  public void commit(
      Map<String, String> templatesRead,
      Map<String, String> filesRead,
      Long changesThrough,
      long schemaVersion,
      String viewSeeds) {
    flush();
    try {
      Transaction.run(
          connection,
          () -> {
            try (PreparedStatement reads =
                connection.prepareStatement(
                    "INSERT OR REPLACE INTO mlos_compile_reads (workspace, templates, files, changes_through, schema_version,"
                        + " view_seeds) VALUES (?, ?, ?, ?, ?, ?)")) {
              reads.setString(1, workspace);
              reads.setString(2, Json.write(new TreeMap<>(templatesRead)));
              reads.setString(3, Json.write(new TreeMap<>(filesRead)));
              reads.setObject(4, changesThrough);
              reads.setLong(5, schemaVersion);
              reads.setString(6, viewSeeds);
              reads.executeUpdate();
            }
            // Only the rows that differ are written: after a few changed rows the record changes in
            // a few places, and rewriting every row of a large workspace would cost more than the
            // compile. Carried rows are this compile's as they stand: neither deleted nor copied.
            try (PreparedStatement del =
                    connection.prepareStatement(
                        "DELETE FROM mlos_outputs WHERE workspace = ?1 AND path IN (SELECT path FROM ("
                            + unseen("SELECT path FROM mlos_outputs")
                            + "))");
                PreparedStatement ins =
                    connection.prepareStatement(
                        "INSERT OR REPLACE INTO mlos_outputs (workspace, path, view, source_keys, content_hash, file_hash,"
                            + " compiled_at, input_hash) SELECT ?1, s.path, s.view, s.source_keys, s.content_hash, s.file_hash,"
                            + " s.compiled_at, s.input_hash FROM temp.mlos_seen s WHERE NOT EXISTS (SELECT 1 FROM mlos_outputs o"
                            + " WHERE o.workspace = ?1 AND o.path = s.path AND o.view = s.view AND o.source_keys = s.source_keys"
                            + " AND o.content_hash = s.content_hash AND o.file_hash = s.file_hash AND o.compiled_at = s.compiled_at"
                            + " AND o.input_hash IS s.input_hash)")) {
              del.setString(1, workspace);
              del.setString(2, viewsNotCarried());
              del.executeUpdate();
              ins.setString(1, workspace);
              ins.executeUpdate();
            }
          });
    } catch (SQLException e) {
      throw failure("cannot save the compile record", e);
    }
  }

  /**
   * True when this compile has recorded no page yet, neither one by one nor a carried view: it
   * stopped before its first page (an output under a file), the record still describes the files as
   * the last compile left them, and what that compile read still holds. Forgetting it made the
   * guard call the database's text form stale.
   */
  public boolean recordedNothing() {
    flush();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT NOT EXISTS (SELECT 1 FROM temp.mlos_seen)"
                    + " AND NOT EXISTS (SELECT 1 FROM temp.mlos_carried)")) {
      return rs.next() && rs.getInt(1) == 1;
    } catch (SQLException e) {
      throw failure("cannot read the compile record", e);
    }
  }

  /**
   * Records the pages this compile wrote so far without forgetting the rest of the previous record:
   * used when a compile stops half way, so the guard and a clean still know every file this
   * workspace wrote. Carried pages need nothing: their rows are in the record as they were.
   */
  public void commitPartial() {
    flush();
    try {
      Transaction.run(
          connection,
          () -> {
            try (PreparedStatement reads =
                    connection.prepareStatement(
                        "DELETE FROM mlos_compile_reads WHERE workspace = ?");
                PreparedStatement ins =
                    connection.prepareStatement(
                        "INSERT OR REPLACE INTO mlos_outputs (workspace, path, view, source_keys, content_hash, file_hash,"
                            + " compiled_at, input_hash) SELECT ?, path, view, source_keys, content_hash, file_hash, compiled_at,"
                            + " input_hash FROM temp.mlos_seen")) {
              // The record now mixes two compiles: what they read is not known, so no input hash is
              // trusted.
              reads.setString(1, workspace);
              reads.executeUpdate();
              ins.setString(1, workspace);
              ins.executeUpdate();
            }
          });
    } catch (SQLException e) {
      throw failure("cannot save the compile record", e);
    }
  }

  /** Deletes the records of {@code paths} (files a clean deleted before it failed). */
  public void forget(List<String> paths) {
    try (PreparedStatement del =
        connection.prepareStatement("DELETE FROM mlos_outputs WHERE workspace = ? AND path = ?")) {
      for (String p : paths) {
        del.setString(1, workspace);
        del.setString(2, p);
        del.executeUpdate();
      }
    } catch (SQLException e) {
      throw failure("cannot update the compile record", e);
    }
  }

  /** Deletes this workspace's whole record (after a clean). */
  public void clear() {
    try (PreparedStatement del =
            connection.prepareStatement("DELETE FROM mlos_outputs WHERE workspace = ?");
        PreparedStatement reads =
            connection.prepareStatement("DELETE FROM mlos_compile_reads WHERE workspace = ?")) {
      del.setString(1, workspace);
      del.executeUpdate();
      reads.setString(1, workspace);
      reads.executeUpdate();
    } catch (SQLException e) {
      throw failure("cannot clear the compile record", e);
    }
  }

  private static OutputRecord record(ResultSet rs) throws SQLException {
    return new OutputRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7));
  }

  private DatabaseException failure(String what, SQLException e) {
    String fix =
        e.getMessage() != null && e.getMessage().contains("readonly")
            ? "make the database writable: the compile records what it wrote there"
            : null;
    return new DatabaseException(
        database, what + " (table mlos_outputs): " + e.getMessage(), fix, e);
  }

  @Override
  public void close() {
    for (PreparedStatement s : new PreparedStatement[] {find, insertSeen}) {
      if (s != null) {
        try {
          s.close();
        } catch (SQLException ignored) {
          // statements only; nothing to lose
        }
      }
    }
  }
}
