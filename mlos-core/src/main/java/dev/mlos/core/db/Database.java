package dev.mlos.core.db;

import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * Opens SQLite connections the way every part of mlos needs them: foreign keys on, a busy timeout
 * so a concurrent writer (an agent, the sqlite3 shell) is waited for, UTF-8.
 */
public final class Database {
  private final Path file;

  private Database(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  /** A database at {@code file}; nothing is opened yet. */
  public static Database at(Path file) {
    return new Database(file);
  }

  public Path file() {
    return file;
  }

  public boolean exists() {
    return Files.isRegularFile(file);
  }

  /**
   * Opens a connection to an existing database (or creates it when {@code create} is true).
   *
   * @throws DatabaseException naming the file when it is missing, not SQLite, or unreadable
   */
  public Connection open(boolean create) {
    Path dir = file.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new DatabaseException(
              file,
              "its directory " + dir + " does not exist",
              "create the directory or point {0} elsewhere")
          .suggesting(Remedy.setting("database", null));
    }
    if (!create) {
      requireFile();
    } else if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new DatabaseException(
              file, "it is not a regular file", "point {0} at a SQLite database file")
          .suggesting(Remedy.setting("database", null));
    }
    return connect(false, "it cannot be opened: ");
  }

  /**
   * The main database file behind {@code connection}, for messages; "(unknown)" when it cannot be
   * read.
   */
  public static String fileOf(Connection connection) {
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT file FROM pragma_database_list WHERE name = 'main'")) {
      return rs.next() ? rs.getString(1) : "(unknown)";
    } catch (SQLException e) {
      return "(unknown)";
    }
  }

  /** Most page cache, in KiB, a connection keeps (native memory, not the Java heap). */
  static final int CACHE_KIB = 64 * 1024;

  /** The page cache, in KiB, of a connection {@link #narrowCache} narrowed: SQLite's default. */
  static final int NARROW_CACHE_KIB = 2 * 1024;

  private static final DateTimeFormatter BACKUP_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * Writes a consistent copy of this database, read through {@code connection}, to {@code
   * <dir>/<file name>.backup-<yyyyMMdd'T'HHmmss'Z'>} (a {@code -2}, {@code -3}... suffix when that
   * exists). {@code VACUUM INTO} copies committed state even while other clients write.
   *
   * @param connection an open connection to this database, outside any transaction
   * @param dir where the copy goes (created if missing); null means next to the database
   * @param clock the time the name is stamped with
   * @return the backup file
   * @throws DatabaseException when the copy cannot be written
   */
  public Path backup(Connection connection, Path dir, Clock clock) {
    Path target = dir == null ? file.getParent() : dir.toAbsolutePath().normalize();
    String base = file.getFileName() + ".backup-" + BACKUP_STAMP.format(clock.instant());
    try {
      Files.createDirectories(target);
      Path out = target.resolve(base);
      for (int n = 2; Files.exists(out); n++) {
        out = target.resolve(base + "-" + n);
      }
      try (PreparedStatement ps = connection.prepareStatement("VACUUM INTO ?")) {
        ps.setString(1, out.toString());
        ps.execute();
      }
      return out;
    } catch (IOException | SQLException e) {
      throw new DatabaseException(
          file,
          "the backup copy in " + target + " could not be written: " + e.getMessage(),
          "make " + target + " writable or set another backup directory",
          e);
    }
  }

  /**
   * Refuses a database whose file is gone from its path (deleted or moved since it was opened), is
   * read-only (no write permission, or no owner write bit: root may write anyway, but such a file
   * is meant to be left alone) or whose directory cannot take SQLite's journal, before anything is
   * changed.
   *
   * @param why why the operation writes to the database, for the message
   * @throws DatabaseException naming the file and the fix
   */
  public void requireWritable(String why) {
    if (Files.notExists(file)) {
      // Files.isWritable is false for a file that is not there: a database deleted while this
      // process had it open (a person rebuilding it with rm and mlos init under a running MCP
      // server, whose background compile then got here) was reported as read-only, with chmod as
      // the fix.
      throw new DatabaseException(
              file,
              "it is not there any more (deleted or moved while mlos was using it), and " + why,
              "put the file back, or run {0} to create it again; then run again")
          .suggesting(Remedy.init());
    }
    boolean readOnly = !Files.isWritable(file);
    java.nio.file.attribute.PosixFileAttributeView posix =
        Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class);
    if (!readOnly && posix != null) {
      try {
        readOnly =
            !posix
                .readAttributes()
                .permissions()
                .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      } catch (IOException e) {
        readOnly = false;
      }
    }
    if (readOnly) {
      throw new DatabaseException(
              file,
              "it is read-only, and " + why,
              // The path, as the engine's own write error gives it: "chmod u+w" alone is no
              // command a user can run.
              "make it writable (chmod u+w "
                  + RemedyWording.shellWord(file.toString())
                  + "), or point {0} at a writable copy")
          .suggesting(Remedy.setting("database", null));
    }
    Path dir = file.getParent();
    if (dir != null && !Files.isWritable(dir)) {
      throw new DatabaseException(
              file,
              "its directory "
                  + dir
                  + " is read-only (SQLite writes its journal there), and "
                  + why,
              "make " + dir + " writable, or point {0} at a copy elsewhere")
          .suggesting(Remedy.setting("database", null));
    }
  }

  /**
   * Opens an existing database read-only (for the guard): SQLite refuses every write on this
   * connection, so a check can never change the database, its journal or its history.
   *
   * @throws DatabaseException naming the file when it is missing, not SQLite, or unreadable
   */
  public Connection openReadOnly() {
    requireFile();
    return connect(true, "it cannot be opened for reading: ");
  }

  /**
   * Keeps {@code c}'s page cache to SQLite's 2 MiB until {@link #widenCache}: for work that reads
   * most pages about once. Each page the cache grows by is new memory the kernel maps on first
   * touch, which costs more than reading the page again: in a fresh JVM at N=100k, the queries of
   * PROBLEM.md and READY.md and the record's totals, which a compile after one change runs, took
   * 0.51 s with 64 MiB and 0.16 s with 2 MiB (issue 20).
   *
   * @throws SQLException when SQLite refuses the setting
   */
  public static void narrowCache(Connection c) throws SQLException {
    cacheSize(c, NARROW_CACHE_KIB);
  }

  /**
   * Gives {@code c} back the 64 MiB of page cache every connection opens with, for work that reads
   * the same pages many times (rendering many pages, each reading its need's rows through indexes
   * all over the file: with 2 MiB a cold compile at N=100k read 921k pages of 4 KiB, 205k with 64).
   *
   * @throws SQLException when SQLite refuses the setting
   */
  public static void widenCache(Connection c) throws SQLException {
    cacheSize(c, CACHE_KIB);
  }

  private static void cacheSize(Connection c, int kib) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA cache_size = -" + kib);
    }
  }

  /**
   * A private, empty in-memory database with the settings of {@link #open} (foreign keys on): where
   * the schema a database's migrations create is built to compare it with the file's.
   *
   * @throws SQLException when SQLite cannot be loaded
   */
  public static Connection inMemory() throws SQLException {
    NativeLibraryCache.prepare();
    SQLiteConfig config = new SQLiteConfig();
    config.enforceForeignKeys(true);
    config.setGetGeneratedKeys(false);
    return allowLongStatements(
        DriverManager.getConnection("jdbc:sqlite::memory:", config.toProperties()));
  }

  /**
   * Lets {@code c} run a statement as long as SQLite's largest value (1,000,000,000 bytes), where
   * the driver's default is 1,000,000: a row of the text form is one {@code INSERT}, and one
   * holding a text of 1 MB could be written by a dump but not read back by a restore or a merge.
   *
   * @return {@code c}
   */
  public static Connection allowLongStatements(Connection c) throws SQLException {
    org.sqlite.core.DB db = c.unwrap(org.sqlite.SQLiteConnection.class).getDatabase();
    db.limit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_SQL_LENGTH.getId(), Integer.MAX_VALUE);
    return c;
  }

  private void requireFile() {
    if (!Files.exists(file)) {
      throw new DatabaseException(file, "it does not exist", "run {0} to create it, or set {1}")
          .suggesting(Remedy.init(), Remedy.setting("database", null));
    }
    if (!Files.isRegularFile(file)) {
      throw new DatabaseException(
              file, "it is not a regular file", "point {0} at a SQLite database file")
          .suggesting(Remedy.setting("database", null));
    }
  }

  /**
   * A connection with foreign keys on and a busy timeout, so a concurrent writer (an agent, the
   * sqlite3 shell) is waited for. The file header is read at once: a non-SQLite file fails here,
   * not later in the middle of work.
   */
  private Connection connect(boolean readOnly, String failure) {
    NativeLibraryCache.prepare();
    try {
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(readOnly);
      config.enforceForeignKeys(true);
      config.setBusyTimeout(10000);
      // Nothing here reads getGeneratedKeys (Store asks last_insert_rowid() itself); left on, the
      // driver runs an extra "SELECT last_insert_rowid()" after every INSERT.
      config.setGetGeneratedKeys(false);
      // Up to 64 MiB of page cache (taken only as pages are read) instead of SQLite's 2 MiB: a
      // compile reads each need's tasks, edges and history through indexes all over the file, and
      // with 2 MiB it read the same pages again and again (at N=100k: 921k reads of 4 KiB, 205k
      // now).
      config.setCacheSize(-CACHE_KIB);
      Connection c =
          allowLongStatements(
              DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties()));
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT count(*) FROM sqlite_schema").close();
      }
      return c;
    } catch (SQLException e) {
      String why = e.getMessage();
      if (why != null && (why.contains("NOTADB") || why.contains("not a database"))) {
        throw new DatabaseException(file, "it is not a SQLite database", notSqliteFix(), e)
            .suggesting(Remedy.setting("database", null), Remedy.init());
      }
      if (why != null && (why.contains("SQLITE_CORRUPT") || why.contains("malformed"))) {
        throw new DatabaseException(
            file,
            failure + "the file is damaged (cut short or overwritten): " + why,
            damagedFix(),
            e);
      }
      if (why != null
          && (why.contains("SQLITE_READONLY_DIRECTORY")
              // A directory no one may write (immutable, a read-only mount) fails the -shm file's
              // creation with EPERM or EROFS, which SQLite reports as "unable to open".
              || (why.contains("SQLITE_CANTOPEN") && cannotWriteBeside(file)))) {
        throw readOnlyDirectory(file, failure, e);
      }
      if (why != null && (why.contains("SQLITE_BUSY") || why.contains("database is locked"))) {
        throw new DatabaseException(
            file,
            failure + "another process held a lock on it for more than 10 s (" + why + ")",
            "wait for the other process (a compile, an import, a sqlite3 shell with an open transaction) to finish,"
                + " or end its transaction with COMMIT or ROLLBACK, then run again",
            e);
      }
      throw new DatabaseException(
          file,
          failure + why,
          "check that "
              + file
              + " and its directory can be read (and written, for a goal that writes), then run again",
          e);
    }
  }

  /**
   * A database whose directory cannot be written: SQLite creates files beside it, and for a
   * database in WAL mode (as the engine keeps it) even a read needs its -shm file. The generic
   * "check that it and its directory can be read (and written, for a goal that writes)" sent a user
   * of mlos guard or mlos ready, which write nothing, looking at the file's permissions.
   */
  /** True when {@code file} is there and its directory is, but this process may not write it. */
  private static boolean cannotWriteBeside(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    return dir != null && Files.isRegularFile(file) && !Files.isWritable(dir);
  }

  static DatabaseException readOnlyDirectory(Path file, String failure, SQLException e) {
    Path dir = file.toAbsolutePath().getParent();
    return new DatabaseException(
        file,
        failure
            + "its directory "
            + dir
            + " cannot be written, and SQLite creates files there beside the database (its"
            + " journal; for a database in WAL mode, as mlos's engine keeps it, the -wal and -shm"
            + " files, even to read it)",
        readOnlyDirectoryFix(dir),
        e);
  }

  /**
   * The fix for a database whose directory {@code dir} this process cannot write: the same words
   * for an open and for a write (the engine's).
   */
  public static String readOnlyDirectoryFix(Path dir) {
    return "make the directory writable for this user (chmod u+w "
        + dev.mlos.core.RemedyWording.shellWord(String.valueOf(dir))
        + "), then run again; or work on a copy of the workspace in a directory you can write";
  }

  /**
   * What to do with a file at the database's path that is not SQLite. Inside a workspace (a
   * directory at or above it holds mlos.yaml) it is taken for the workspace's broken database: it
   * is renamed, kept, and init then rebuilds the database from the text form (a clone's rows) where
   * the workspace keeps one, or else starts an empty one. Outside every workspace ({@code database:
   * /etc/passwd}) the file is someone else's: "move that file aside" told a person to move a system
   * file, so the fix there is the setting alone, pointed at a file inside the workspace.
   */
  private String notSqliteFix() {
    if (!inWorkspace(file)) {
      return "leave that file where it is (it lies outside the workspace and is not an mlos"
          + " database); point {0} at a database file inside the workspace (such as mlos.db),"
          + " then run {1}";
    }
    Path text = file.resolveSibling(file.getFileName() + ".sql");
    // The name goes into a template whose {0} and {1} are remedies: one holding a brace is not
    // named.
    String name = text.getFileName().toString();
    String then =
        Files.isRegularFile(text)
            ? "then run {1}, which rebuilds the database from its text form"
                + (name.indexOf('{') < 0 ? " " + name : "")
            : "then run {1}, which creates an empty one";
    String own = file.getFileName().toString();
    return "rename that file, keeping it (it is not an mlos database and may hold something of"
        + " yours)"
        + (own.indexOf('{') < 0 ? ", for example to " + own + ".not-sqlite" : "")
        + ", "
        + then
        + "; or point {0} at the SQLite file you meant";
  }

  /** Most directories looked at above a database for mlos.yaml. */
  private static final int MAX_WORKSPACE_DEPTH = 64;

  /**
   * True when a directory at or above {@code file}'s (real path) holds {@code mlos.yaml}: the file
   * lies in a workspace.
   */
  public static boolean inWorkspace(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      dir = dir == null ? null : dir.toRealPath();
    } catch (IOException | SecurityException e) {
      // the path as named
    }
    for (int n = 0; dir != null && n < MAX_WORKSPACE_DEPTH; n++, dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mlos.yaml"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * What to do with a damaged database: restore the newest backup mlos made next to it (named
   * {@code <file>.backup-<time>} by {@link #backup}), or recover what SQLite can still read.
   */
  private String damagedFix() {
    String name = file.getFileName().toString();
    String newest = null;
    try (Stream<Path> siblings = Files.list(file.toAbsolutePath().getParent())) {
      newest =
          siblings
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(name + ".backup-"))
              .max(String::compareTo)
              .orElse(null);
    } catch (IOException | RuntimeException e) {
      // no listing, no hint about a backup
    }
    String restore =
        newest != null
            ? "restore the newest backup ("
                + file.resolveSibling(newest)
                + ") by copying it over "
                + name
            : "restore it from a backup";
    return restore
        + ", or recover what is readable with `sqlite3 "
        + name
        + " .recover | sqlite3 recovered.db`"
        + " and use recovered.db; `sqlite3 "
        + name
        + " 'PRAGMA integrity_check'` shows what is damaged";
  }
}
