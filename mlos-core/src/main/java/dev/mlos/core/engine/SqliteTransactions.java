package dev.mlos.core.engine;

import dev.mlos.core.db.DatabaseException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The SQLite connection of a {@link SqliteStateStore} and everything about running statements on
 * it: {@code BEGIN IMMEDIATE} write transactions retried whole while the database stays busy,
 * prepared statements kept until {@link #close()}, and the translation of SQLite's errors into
 * refusals or a broken database. The per-table classes run their SQL through {@link #list}, {@link
 * #one}, {@link #update}, {@link #insert} and {@link #walk}.
 */
final class SqliteTransactions {
  /** SQLite's own wait for a lock, per statement, in milliseconds (reads and opening). */
  static final int BUSY_TIMEOUT_MS = 5_000;

  /**
   * How long a write waits for the write lock, in all, before it reports the database as busy.
   * SQLite's own busy handler polls at up to 100 ms intervals, so a waiter can starve while other
   * processes write back to back (each holds the lock for well under a millisecond); the engine
   * therefore asks for the lock without SQLite's wait and polls itself every 20 us to 1 ms,
   * jittered. Under a minute: the MCP TypeScript SDK (and so the MCP Inspector and many clients)
   * gives up on a request after 60 s, and a client waiting on a write must hear that the database
   * stayed busy and nothing was changed, not time out with the outcome unknown.
   */
  static final long WRITE_WAIT_MS = 45_000;

  /** SQLite's current time as the schema writes it (UTC, milliseconds, ISO 8601). */
  static final String NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

  final Path file;
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final java.util.Set<String> functions = new java.util.HashSet<>();
  private boolean inTransaction;

  /**
   * {@code PRAGMA schema_version} when the schema was last checked: at open ({@link
   * SqliteStateStore#open}), or by a write that found it changed since.
   */
  private int checkedSchema;

  /**
   * The identity (inode) of the file at {@link #file} when the connection opened it; null where the
   * platform has none, or it could not be read then.
   */
  private final Object openedFile;

  SqliteTransactions(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
    this.checkedSchema = schemaVersion();
    this.openedFile = fileKey(file);
  }

  private static Object fileKey(Path file) {
    try {
      return java.nio.file.Files.readAttributes(
              file, java.nio.file.attribute.BasicFileAttributes.class)
          .fileKey();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /**
   * A database deleted or replaced at its path while this process keeps it open (a person runs
   * {@code rm mlos.db && mlos init} to rebuild it from its text form while agents' servers run, or
   * copies a backup over it): in WAL mode SQLite goes on writing into the removed file, so the
   * write would be answered done and be lost with that file (SQLite's own check, {@code
   * SQLITE_READONLY_DBMOVED}, is made for the rollback journal only). Checked inside the write
   * lock, before anything is written. A read is checked too: it would show the removed file's rows,
   * not the ones the workspace's database holds now (one rebuilt at that path), and an agent would
   * act on them.
   */
  private void requireFileInPlace(boolean write) {
    if (openedFile == null) {
      return;
    }
    Object now = fileKey(file);
    if (openedFile.equals(now)) {
      return;
    }
    throw new DatabaseException(
        file,
        (now == null ? "was deleted" : "was deleted or replaced by another file")
            + " since this process opened it: "
            + (write
                ? "a write would go into the removed file and be lost with it, so nothing was"
                    + " written"
                : "a read would show the removed file's rows, not the database's now, so nothing"
                    + " was read"),
        "put the file back, or restart this process (an mlos mcp server: restart it from its"
            + " client) so it opens the database now at that path; then run again");
  }

  /** SQLite's schema cookie: it changes with every CREATE, DROP or ALTER of any process. */
  private int schemaVersion() {
    try (java.sql.ResultSet rs = prepared("PRAGMA schema_version").executeQuery()) {
      return rs.next() ? rs.getInt(1) : -1;
    } catch (SQLException e) {
      throw failure(e, "cannot read the schema version");
    }
  }

  /**
   * A long-running process (an agent's MCP server) checked the schema when it opened the database;
   * a newer mlos's {@code init} may upgrade it since (docs/schema.md says to stop the servers
   * first, nothing made them). Its writes would then go on under this mlos's idea of the rules. So
   * a write whose transaction finds the schema changed checks it again, as the open did, inside the
   * write lock: a migration this mlos does not know, one it has not applied (a text form of an
   * older mlos pulled), or a changed rule, refuses the write.
   */
  private void requireCheckedSchema() {
    int now = schemaVersion();
    if (now != checkedSchema) {
      SqliteStateStore.requireCurrentSchema(file, connection);
      checkedSchema = now;
    }
  }

  /**
   * Makes the SQL function {@code name} ({@code args} arguments, deterministic) available on this
   * connection, once: it is defined in Java, so only the SQLite store has it.
   */
  void function(String name, int args, org.sqlite.Function f) {
    if (functions.contains(name)) {
      return;
    }
    try {
      org.sqlite.Function.create(connection, name, f, args, org.sqlite.Function.FLAG_DETERMINISTIC);
    } catch (SQLException e) {
      throw failure(e, "cannot define the SQL function " + name);
    }
    functions.add(name);
  }

  /** A busy database inside a transaction: the whole transaction is retried. */
  private static final class Busy extends RuntimeException {
    Busy(SQLException cause) {
      super(cause);
    }
  }

  <T> T write(
      Actor actor, String reason, StateStore.Work<?> beforeSigning, StateStore.Work<T> work) {
    if (inTransaction) {
      throw new IllegalStateException("nested engine transaction");
    }
    return transaction(
        "BEGIN IMMEDIATE",
        "the write failed",
        () -> {
          requireFileInPlace(true);
          requireCheckedSchema();
          // A row here now was left by a committed raw SQL write (this transaction holds the write
          // lock, and the engine deletes its own before committing): it is not this write's.
          prepared("DELETE FROM write_context").executeUpdate();
          beforeSigning.run();
          PreparedStatement ctx =
              prepared(
                  "INSERT INTO write_context (id, actor, session, reason) VALUES (1, ?, ?, ?)");
          ctx.setString(1, actor.label());
          ctx.setString(2, actor.session());
          ctx.setString(3, reason != null ? reason : actor.reason());
          ctx.executeUpdate();
          T result = work.run();
          prepared("DELETE FROM write_context").executeUpdate();
          return result;
        });
  }

  <T> T read(StateStore.Work<T> work) {
    if (inTransaction) {
      return work.run();
    }
    return transaction(
        "BEGIN",
        "the read failed",
        () -> {
          requireFileInPlace(false);
          return work.run();
        });
  }

  /** The part of a transaction that may fail with an {@link SQLException}. */
  private interface Body<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code body} between {@code begin} and COMMIT, rolled back on any failure; a busy database
   * (another process holds the write lock) is retried, with a short jittered pause, for up to
   * {@value #WRITE_WAIT_MS} ms in all before it is reported.
   */
  private <T> T transaction(String begin, String what, Body<T> body) {
    boolean write = !begin.equals("BEGIN");
    long started = System.nanoTime();
    long deadline = started + TimeUnit.MILLISECONDS.toNanos(WRITE_WAIT_MS);
    boolean told = false;
    for (int attempt = 1; ; attempt++) {
      if (attempt > 1 && !told) {
        told = tellWaiting(started);
      }
      try {
        if (write) {
          busyTimeout(0);
          try {
            exec(begin);
          } finally {
            busyTimeout(BUSY_TIMEOUT_MS);
          }
        } else {
          exec(begin);
        }
      } catch (SQLException e) {
        if (busy(e) && System.nanoTime() < deadline) {
          dev.mlos.core.hash.StopSignal.checkWhileWaitingForLock();
          lockPause(attempt);
          continue;
        }
        throw failure(e, write ? "cannot start a write transaction" : what);
      }
      inTransaction = true;
      try {
        T result = body.run();
        exec("COMMIT");
        inTransaction = false;
        return result;
      } catch (Busy e) {
        rollback();
        if (System.nanoTime() >= deadline) {
          throw stayedBusy((SQLException) e.getCause());
        }
        dev.mlos.core.hash.StopSignal.checkWhileWaitingForLock(); // rolled back: nothing written
        lockPause(attempt);
      } catch (SQLException e) {
        SQLException notRolledBack = rollback();
        if (busy(e) && System.nanoTime() < deadline) {
          dev.mlos.core.hash.StopSignal.checkWhileWaitingForLock(); // rolled back: nothing written
          lockPause(attempt);
          continue;
        }
        throw withSuppressed(failure(e, what), notRolledBack);
      } catch (RuntimeException | Error e) {
        SQLException notRolledBack = rollback();
        if (notRolledBack != null) {
          e.addSuppressed(notRolledBack);
        }
        throw e;
      }
    }
  }

  /**
   * Rolls back; the failure, or null. "No transaction is active" is not one: SQLite may have rolled
   * it back itself, and there is nothing left to undo. Any other (a closed connection, an I/O
   * error) goes with the failure that caused the rollback, as a suppressed exception.
   */
  private SQLException rollback() {
    inTransaction = false;
    try {
      exec("ROLLBACK");
      return null;
    } catch (SQLException e) {
      String m = e.getMessage();
      return m != null && m.contains("no transaction is active") ? null : e;
    }
  }

  private static <X extends Throwable> X withSuppressed(X failure, SQLException secondary) {
    if (secondary != null && secondary != failure) {
      failure.addSuppressed(secondary);
    }
    return failure;
  }

  private void exec(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // Closing; nothing to recover.
      }
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new DatabaseException(file, "cannot be closed: " + e.getMessage(), null, e);
    }
  }

  static boolean busy(SQLException e) {
    int code = e.getErrorCode() & 0xff;
    String m = String.valueOf(e.getMessage());
    return code == 5
        || code == 6
        || m.contains("SQLITE_BUSY")
        || m.contains("SQLITE_LOCKED")
        || m.contains("database is locked");
  }

  static void pause(int attempt) {
    try {
      // Jittered, growing back-off: 2, 4, 8 ... ms, up to ~250 ms, so retrying writers spread out.
      long base = Math.min(250, 1L << Math.min(attempt, 8));
      Thread.sleep(base + ThreadLocalRandom.current().nextLong(base + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void busyTimeout(int ms) throws SQLException {
    exec("PRAGMA busy_timeout = " + ms);
  }

  /** After how long a wait for the write lock the {@link #onLockWait} listener hears of it. */
  static final long LOCK_WAIT_NOTICE_MS = 2_000;

  /** Told once per transaction that waited {@value #LOCK_WAIT_NOTICE_MS} ms; null: no one. */
  private LockWait lockWait;

  /**
   * {@code listener} hears, once per transaction, that it has waited {@value #LOCK_WAIT_NOTICE_MS}
   * ms for the write lock another process holds (with the ms waited), so a person is not left
   * before a silent command; null: no one hears.
   */
  void onLockWait(LockWait listener) {
    this.lockWait = listener;
  }

  /** True once the listener was told of a wait since {@code started} (or there is none). */
  private boolean tellWaiting(long started) {
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (lockWait == null) {
      return true;
    }
    if (waited < LOCK_WAIT_NOTICE_MS) {
      return false;
    }
    lockWait.waiting(waited, WRITE_WAIT_MS);
    return true;
  }

  /** A short, jittered pause between attempts at the write lock: 20 us growing to at most 1 ms. */
  private static void lockPause(int attempt) {
    long maxMicros = Math.min(1_000, 20L << Math.min(attempt, 6));
    LockSupport.parkNanos(
        TimeUnit.MICROSECONDS.toNanos(20 + ThreadLocalRandom.current().nextLong(maxMicros)));
  }

  private DatabaseException stayedBusy(SQLException e) {
    return new DatabaseException(
        file,
        "stayed busy: other writers held it for "
            + WRITE_WAIT_MS / 1000
            + " s; nothing was changed",
        "try again; if it persists, look for a process holding a long write transaction on it",
        e);
  }

  /**
   * Turns an SQLException into a refusal (a rule of the database) or a broken-database exception.
   */
  private RuntimeException failure(SQLException e, String what) {
    if (busy(e)) {
      return stayedBusy(e);
    }
    RefusedException refused = DatabaseRefusals.translate(e);
    if (refused != null) {
      return refused;
    }
    if (DatabaseRefusals.ownFault(e)) {
      // Neither the user's input nor a broken database: the adapters word it as mlos's fault.
      String sqlite = DatabaseRefusals.sqliteMessage(e);
      return new IllegalStateException(
          (sqlite.startsWith("NOT NULL")
                  ? "mlos wrote a row without a value the database requires ("
                  : "mlos wrote a row that a rule of the database refuses, one mlos keeps itself"
                      + " (it gives that value itself, or checks it before it writes: ")
              + sqlite
              + "); nothing was written",
          e);
    }
    return new DatabaseException(
        file, what + ": " + DatabaseRefusals.sqliteMessage(e), readOnlyFix(e), e);
  }

  /**
   * The fix for a write SQLite refused because it could not write the file (null for any other
   * failure): "attempt to write a readonly database" alone left the user to guess.
   */
  private String readOnlyFix(SQLException e) {
    String why = String.valueOf(e.getMessage());
    if (!why.contains("SQLITE_READONLY")) {
      return null;
    }
    if (why.contains("SQLITE_READONLY_DBMOVED")) {
      return "the database file was moved or deleted while this process had it open: put it back"
          + " (or restart the process, an mlos mcp server, on the workspace's database), then run"
          + " again";
    }
    java.nio.file.Path dir = file.toAbsolutePath().getParent();
    if (why.contains("SQLITE_READONLY_DIRECTORY")
        || (dir != null && !java.nio.file.Files.isWritable(dir))) {
      return dev.mlos.core.db.Database.readOnlyDirectoryFix(dir);
    }
    return "make the database file writable for this user (chmod u+w "
        + dev.mlos.core.RemedyWording.shellWord(file.toString())
        + "), then run again; reads still work";
  }

  /** Inside a transaction: busy -> retry the transaction; a rule -> refusal; else broken. */
  RuntimeException inside(SQLException e) {
    if (busy(e)) {
      return new Busy(e);
    }
    return failure(e, "a statement failed");
  }

  PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  <T> List<T> list(String sql, Binder binder, Reader<T> reader) {
    try {
      PreparedStatement ps = prepared(sql);
      binder.bind(ps);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(reader.read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw inside(e);
    }
  }

  <T> Optional<T> one(String sql, Binder binder, Reader<T> reader) {
    List<T> rows = list(sql, binder, reader);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  int update(String sql, Binder binder) {
    try {
      PreparedStatement ps = prepared(sql);
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw inside(e);
    }
  }

  long insert(String sql, Binder binder) {
    update(sql, binder);
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw inside(e);
    }
  }

  static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static Integer intOrNull(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  static void setNullable(PreparedStatement ps, int i, Object value) throws SQLException {
    ps.setObject(i, value);
  }

  /** Reads rows until {@code reader} says stop: the statement is not run to its end. */
  void walk(String sql, Binder binder, RowVisitor visitor) {
    try {
      PreparedStatement ps = prepared(sql);
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && visitor.visit(rs)) {
          // the visitor keeps what it needs
        }
      }
    } catch (SQLException e) {
      throw inside(e);
    }
  }

  @FunctionalInterface
  interface RowVisitor {
    boolean visit(ResultSet rs) throws SQLException;
  }
}
