package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.write.AtomicWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * The database's text form, for git: a canonical SQL script, one data row per line, so a diff shows
 * the changed rows and the binary database need not be committed. It is written next to the
 * database as {@code <database>.sql} ({@code mlos.db.sql}) and read back by {@code mlos:init} on a
 * clone that has the text but no database.
 *
 * <p>Canonical: tables in the order they were created (as {@code sqlite3 .dump}), each as its
 * {@code CREATE TABLE} then its rows in key order; then indexes, triggers and views in the order
 * they were created (after the rows, so a trigger never fires while rows are restored, as {@code
 * sqlite3 .dump} does); then {@code PRAGMA user_version}. Values are SQLite's own {@code quote()}
 * literals; a text with line breaks is written as literals joined by {@code char(10)} / {@code
 * char(13)}, so every row stays on one line. The same database always gives the same bytes; the
 * file is rewritten only when they change.
 *
 * <p>The file is in git, so git changes it too (a pull or merge brings teammates' rows). mlos keeps
 * the bytes it last wrote or restored as a base beside the database ({@link #baseFileOf}) and never
 * overwrites a file that is neither that base nor the database's dump: a compile refuses ({@link
 * TextFormChangedException}) until {@link TextFormPull#pull} merged the file into the database.
 *
 * <p>A dump reads every row, so after each one the text form's record ({@code <state
 * directory>/text-form}) keeps the database's fingerprint, the dump's hash and the files' identity
 * and times: while none of them changed, a compile and the guard know the file is the dump without
 * making one ({@link #knownCurrent}); any doubt means a dump, as without the record.
 *
 * <p>Rows are ordered by rowid, or by primary key in a {@code WITHOUT ROWID} table. A virtual table
 * (such as an FTS5 full-text index) is written as its {@code CREATE VIRTUAL TABLE} and its rows
 * with their rowids ({@code INSERT INTO "t"(rowid, ...) VALUES(...)}); its shadow tables (the
 * index's own storage) are left out, because inserting the rows rebuilds them. Only a virtual table
 * whose rows cannot be read back (a contentless FTS table) is refused.
 *
 * <p>Restoring runs only the statements this form is made of ({@code CREATE TABLE / VIRTUAL TABLE /
 * INDEX / TRIGGER / VIEW}, row inserts, the {@code sqlite_sequence} lines, {@code PRAGMA
 * user_version}): a committed file is input from anyone with push access, and an {@code ATTACH} or
 * any other statement in it is refused with its line.
 */
public final class DatabaseText {
  /**
   * The first line of every text form: the same words whichever tool wrote it, so a form the {@code
   * mlos} command wrote is byte for byte what the Maven plugin writes.
   */
  public static final String HEADER =
      "-- mlos database text form: written by every compile, read by init when the database is missing. Do not edit.";

  /**
   * The first line forms had while it named the Maven goals: still read as a header, so a form
   * committed before is restored and merged as it was (the next compile writes {@link #HEADER}).
   */
  static final String OLDER_HEADER =
      "-- mlos database text form: written by mlos:compile, read by mlos:init when the database is missing. Do not edit.";

  /** True when {@code text} starts with a header line ({@link #HEADER} or an older one). */
  static boolean startsWithHeader(String text) {
    return text.startsWith(HEADER + "\n") || text.startsWith(OLDER_HEADER + "\n");
  }

  /** True when {@code text} is a header line and nothing else. */
  static boolean isHeaderOnly(String stripped) {
    return stripped.equals(HEADER) || stripped.equals(OLDER_HEADER);
  }

  private DatabaseText() {}

  /** The database has a table the text form cannot hold yet (a virtual table, such as FTS). */
  public static final class UnsupportedTableException extends DatabaseException {
    UnsupportedTableException(Path dbFile, String table) {
      super(
          dbFile,
          "table "
              + MlosException.quoted(table)
              + " is a virtual table whose rows cannot be read back"
              + " (a contentless full-text index), which the text form cannot hold",
          "commit the database itself instead of its text form, and delete "
              + fileOf(dbFile).getFileName());
    }
  }

  /**
   * Tables whose rows the schema's triggers compute from other rows (ready work's items and counts,
   * schema V4): the text form holds their definition but not their rows, so a diff or a merge never
   * shows them and a merge that renumbers ids cannot leave them stale; {@link #restore} recomputes
   * them with {@link #REBUILD_KEPT_BY_TRIGGERS}.
   */
  static final java.util.Set<String> KEPT_BY_TRIGGERS =
      java.util.Set.of("ready_items", "ready_counts");

  /**
   * Tables whose rows describe this one database file's history, not the workspace's state: the
   * change log an incremental compile reads (schema V5) and the request ids of keyed writes (schema
   * V21, kept a day). The text form holds neither their rows nor their AUTOINCREMENT counter (each
   * write would change a line and every merge would conflict); the text form writes the last
   * compile's place in the log as NULL ({@link TableShape#LOCAL_COLUMNS}), so a database rebuilt
   * from it compiles from its queries first, and remembers no request id (a pull may renumber the
   * rows a record names).
   */
  static final java.util.Set<String> LOCAL_ROWS = java.util.Set.of("mlos_changes", "mlos_requests");

  /** Recomputes the ready-work tables of every need (docs/schema.md, V4). */
  static final String REBUILD_KEPT_BY_TRIGGERS =
      "INSERT INTO ready_dirty (need_id) SELECT id FROM needs UNION SELECT need_id FROM ready_items";

  /**
   * The files a SQLite database keeps beside the workspace's own: the database, its journals
   * ({@code -wal}, {@code -shm}, {@code -journal}), its text form and the text form's base. Their
   * bytes change with every write: none of them can be an artifact, and no page is written there
   * ({@link dev.mlos.core.path.ReservedPlaces}, which names them).
   */
  public static java.util.List<Path> filesOf(Path database) {
    return dev.mlos.core.path.ReservedPlaces.databaseFiles(database);
  }

  /** Where the text form of {@code database} lives: {@code <database>.sql}. */
  public static Path fileOf(Path database) {
    return database.resolveSibling(database.getFileName() + ".sql");
  }

  /**
   * The canonical text of the database open on {@code c}.
   *
   * @throws DatabaseException when the database cannot be read, or holds a table this form cannot
   *     hold yet
   */
  public static String dump(Connection c, Path dbFile) {
    StringBuilder out = new StringBuilder();
    try {
      dump(c, dbFile, out);
    } catch (IOException e) {
      throw new IllegalStateException("a StringBuilder does not fail", e);
    }
    return out.toString();
  }

  /**
   * {@link #dump(Connection, Path)} into {@code out}, line by line, so the text of a large database
   * is never held whole (issue 20: at 100,000 needs it is about 680 MB).
   *
   * @throws DatabaseException as {@link #dump(Connection, Path)}
   * @throws IOException when {@code out} cannot be written
   */
  static void dump(Connection c, Path dbFile, Appendable out) throws IOException {
    DUMPS.incrementAndGet();
    out.append(HEADER).append('\n');
    try (Statement s = c.createStatement()) {
      for (TableShape t : TableShape.all(c, dbFile)) {
        out.append(t.ddl()).append(";\n");
        if (KEPT_BY_TRIGGERS.contains(t.name()) || LOCAL_ROWS.contains(t.name())) {
          continue;
        }
        try (ResultSet rs = s.executeQuery(t.rowSelect())) {
          while (rs.next()) {
            out.append(t.line(rs)).append('\n');
          }
        }
      }
      // AUTOINCREMENT counters: without them a restored database could hand out a deleted row's id
      // again.
      boolean sequences;
      try (ResultSet rs =
          s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'")) {
        sequences = rs.next() && rs.getInt(1) > 0;
      }
      if (sequences) {
        // Restoring the rows above already moved the counters; these lines set them as they were.
        out.append("DELETE FROM sqlite_sequence;\n");
        try (ResultSet rs =
            s.executeQuery(
                "SELECT quote(name), quote(seq), name FROM sqlite_sequence ORDER BY rowid")) {
          while (rs.next()) {
            if (LOCAL_ROWS.contains(rs.getString(3))) {
              continue;
            }
            out.append("INSERT INTO sqlite_sequence VALUES(")
                .append(rs.getString(1))
                .append(',')
                .append(rs.getString(2))
                .append(");\n");
          }
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT sql FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view')"
                  + " AND sql IS NOT NULL ORDER BY rowid")) {
        while (rs.next()) {
          out.append(rs.getString(1)).append(";\n");
        }
      }
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        out.append("PRAGMA user_version = ")
            .append(Long.toString(rs.next() ? rs.getLong(1) : 0))
            .append(";\n");
      }
    } catch (SQLException e) {
      throw new DatabaseException(dbFile, "cannot write its text form: " + e.getMessage(), null, e);
    }
  }

  /**
   * Dumps the database open on {@code c} into {@code to} as UTF-8 and returns the SHA-256 of those
   * bytes; {@code to} is flushed, not closed.
   */
  static String dumpTo(Connection c, Path dbFile, OutputStream to) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    Writer w =
        new BufferedWriter(
            new OutputStreamWriter(new DigestOutputStream(to, digest), StandardCharsets.UTF_8),
            64 * 1024);
    dump(c, dbFile, w);
    w.flush();
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The SHA-256 of the database's text form as {@link #dump} gives it, without keeping it. */
  public static String dumpHash(Connection c, Path dbFile) {
    try {
      return dumpTo(c, dbFile, OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new IllegalStateException("a null stream does not fail", e);
    }
  }

  private static final java.util.concurrent.atomic.AtomicLong DUMPS =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * How many times this JVM dumped a database ({@link #dump}): the benchmark and the tests read it
   * to see that a no-op compile and the guard right after a compile read no rows for the text form.
   */
  public static long dumps() {
    return DUMPS.get();
  }

  /**
   * True when the text form of {@code database} is known, without a dump, to hold exactly the
   * database's dump as it is now: the last compile (or other sync) recorded it in {@code
   * stateDirectory}, and neither the database (its {@link dev.mlos.core.db.DatabaseFingerprint
   * fingerprint}), nor the text form, nor mlos's or SQLite's code changed since. False means
   * "unknown": dump and compare.
   */
  public static boolean knownCurrent(Path database, Path stateDirectory) {
    return TextFormRecord.vouches(stateDirectory, database, false);
  }

  /**
   * Writes the text form of the database open on {@code c} to {@link #fileOf}, only when its bytes
   * change, and keeps those bytes as the base in {@code stateDirectory} ({@link #baseFileOf}).
   *
   * @return true when the file was written
   * @throws TextFormChangedException when the file changed outside mlos since it last wrote it (a
   *     git pull or merge, a hand edit): then nothing is written
   */
  public static boolean write(Connection c, Path dbFile, Path stateDirectory) {
    return write(c, dbFile, stateDirectory, true);
  }

  /**
   * Writes the text form of the database open on {@code c} whatever the file holds now, and keeps
   * it as the base: for the pull, which just merged that file into the database.
   *
   * @return true when the file was written
   */
  static boolean overwrite(Connection c, Path dbFile, Path stateDirectory) {
    return write(c, dbFile, stateDirectory, false);
  }

  private static boolean write(Connection c, Path dbFile, Path stateDirectory, boolean check) {
    AtomicWriter.StreamedFile dumped = AtomicWriter.open(fileOf(dbFile));
    try {
      String hash = dumpTo(c, dbFile, dumped.stream());
      return write(dbFile, stateDirectory, dumped, hash, null, check);
    } catch (IOException e) {
      throw cannotWrite(dbFile, e);
    } finally {
      dumped.abandon();
    }
  }

  /**
   * Puts the dump written to {@code dumped} in place as the text form unless the file already holds
   * those bytes, then copies it to the base. The dump is streamed to a file beside the text form
   * and compared with it there, so neither is held in memory.
   *
   * @param dumpHash the dump's SHA-256, noted while the text form and its base differ
   * @param acceptedHash the SHA-256 of the bytes {@link #checkBeforeCompile} found safe to
   *     overwrite, or null
   * @param check false to overwrite whatever the file holds (the pull, which merged it); true to
   *     refuse a file changed outside mlos ({@link TextFormChangedException})
   */
  private static boolean write(
      Path dbFile,
      Path stateDirectory,
      AtomicWriter.StreamedFile dumped,
      String dumpHash,
      String acceptedHash,
      boolean check)
      throws IOException {
    Path text = fileOf(dbFile);
    Path dump = dumped.finish();
    Path base = baseFileOf(stateDirectory, dbFile);
    boolean written = !TextFiles.sameBytes(text, dump);
    if (check
        && written
        && Files.isRegularFile(text)
        && !(acceptedHash != null && acceptedHash.equals(Sha256.ofFile(text)))
        && !isBlank(text) // a blank text form (as the scaffold writes it) holds no rows to lose
        && !TextFormWriting.mlosWrote(text, base, stateDirectory)) {
      throw TextFiles.changed(text); // rows mlos did not write last: neither the base nor blank
    }
    if (written) {
      TextFormWriting.begin(stateDirectory, dumpHash); // killed before its end: still mlos's
      dumped.commit();
    }
    // The text first, then its base: a reader between the two sees the text equal to the dump.
    TextFiles.copyIfChanged(text, base);
    TextFormWriting.end(stateDirectory);
    return written;
  }

  private static DatabaseException cannotWrite(Path dbFile, IOException e) {
    String problem = "cannot write its text form " + fileOf(dbFile).getFileName() + ": ";
    return new DatabaseException(dbFile, problem + e.getMessage(), WRITE_FIX, e);
  }

  private static final String WRITE_FIX =
      "make its directory writable with room for two copies of the text form, then compile again";

  /**
   * Where mlos keeps a copy of the text form it last wrote or restored ({@code
   * <database>.sql.base}, beside the database, never committed): the file in the workspace is
   * compared with it to tell a change mlos made from one git (or a person) made, and it is the base
   * of {@link TextFormPull#pull}'s merge. It lives with the database, not in the state directory,
   * because it describes that one database file and must survive {@code mvn clean}: without it
   * every compile after a clean and a change to the database would be refused. ({@code
   * stateDirectory} is kept for the callers' symmetry.)
   */
  public static Path baseFileOf(Path stateDirectory, Path database) {
    Path db = database.toAbsolutePath().normalize();
    return db.resolveSibling(fileOf(db).getFileName() + ".base");
  }

  /**
   * The text form changed outside mlos (a {@code git pull} or merge brought other rows, or it was
   * edited) and the database does not hold it yet: writing the database's text form now would drop
   * those rows, so mlos refuses (rule {@value #RULE}) and writes nothing.
   */
  public static final class TextFormChangedException extends MlosException {
    private final Path file;

    TextFormChangedException(Path file) {
      super(
          file
              + " changed outside mlos since mlos last wrote it (a git pull or merge, a checkout, stash or revert of it,"
              + " or an edit), and the database's rows differ from it: writing the database's text form now would undo"
              + " that change, so nothing was written"
              + " (rule "
              + RULE
              + ")",
          PULL_FIX);
      suggesting(Remedy.pullTextForm());
      this.file = file;
    }

    /** The rule's id, {@value DatabaseText#RULE}. */
    public String rule() {
      return RULE;
    }

    /** The text form that changed. */
    public Path file() {
      return file;
    }
  }

  /** The rule that keeps a compile from overwriting a text form changed outside mlos. */
  public static final String RULE = "dbtext.not_pulled";

  /** The fix for a text form changed outside mlos; its {@code {0}} is {@link #PULL_REMEDIES}. */
  public static final String PULL_FIX =
      "to take the file's rows, merge the text form into the database first: run {0} (agents' MCP"
          + " servers on this database may keep running: their writes wait for it and are kept; it"
          + " keeps a copy of the database it replaces and says which of its rows the file drops),"
          + " then compile and commit the text form; to keep"
          + " the database's rows instead, restore the text form mlos last wrote (`git stash pop`"
          + " or `git checkout` it, or copy mlos.db.sql.base, mlos's copy of it beside the"
          + " database, over mlos.db.sql)";

  /** The remedies {@link #PULL_FIX} names: take the text form into the database. */
  public static final List<Remedy> PULL_REMEDIES = List.of(Remedy.pullTextForm());

  /**
   * Before a compile writes anything, under the lock: removes a killed one's leftovers ({@link
   * TextFormWriting}); refuses a text form changed outside mlos that is not the database's dump.
   *
   * @return what the compile passes to {@link PendingSync#write} when it is done
   * @throws TextFormChangedException naming the file and the fix
   */
  public static PendingSync checkBeforeCompile(Path database, Path stateDirectory) {
    Path text = TextFormLink.refused(fileOf(database));
    if (!Files.isRegularFile(text) || !Files.isRegularFile(database)) {
      return new PendingSync(database, stateDirectory, null);
    }
    TextFormWriting.removeLeftovers(text);
    if (TextFormRecord.vouches(stateDirectory, database, true)) {
      // The text form and its base are as the last sync left them (usually known by their size and
      // times): nothing changed it outside mlos, and neither file need be read.
      return new PendingSync(database, stateDirectory, null);
    }
    try {
      if (!changedOutsideMlos(database, stateDirectory, text)) {
        // The usual case: no dump needed to know. Nothing is remembered: the file is still the
        // base (or blank) when the compile writes, unless something changed it in between, and
        // then the same check refuses.
        return new PendingSync(database, stateDirectory, null);
      }
      String onDisk = Sha256.ofFile(text);
      try (Connection c = Database.at(database).openReadOnly()) {
        // Neither the base nor blank: it may be overwritten only when it is the dump already.
        if (!dumpHash(c, database).equals(onDisk)) {
          throw TextFiles.changed(text);
        }
      } catch (UnsupportedTableException e) {
        // the compile warns when it cannot write this text form; nothing to compare
      } catch (SQLException e) {
        throw new DatabaseException(
            database, "cannot read it to check its text form: " + e.getMessage(), null, e);
      }
      return new PendingSync(database, stateDirectory, onDisk);
    } catch (IOException e) {
      throw cannotRead(text, e);
    }
  }

  /**
   * A text form {@link #checkBeforeCompile} found safe to rewrite: when it changed outside mlos but
   * was the database's dump, the SHA-256 of the bytes it saw (else null: the compile's own check
   * decides).
   */
  public static final class PendingSync {
    private final Path database;
    private final Path stateDirectory;
    private final String accepted;

    private PendingSync(Path database, Path stateDirectory, String accepted) {
      this.database = database;
      this.stateDirectory = stateDirectory;
      this.accepted = accepted;
    }

    /**
     * After the compile: {@link #syncIfPresent} that also accepts the bytes checked before it.
     *
     * @return true when the file was written
     */
    public boolean write(dev.mlos.core.Reporter reporter) {
      return sync(database, stateDirectory, accepted, reporter);
    }
  }

  /**
   * True when the text form {@code text} is neither what mlos last wrote or restored (the base
   * beside the database) nor blank: git (a pull, a merge) or a person changed it, and a compile
   * refuses until {@link TextFormPull#pull} merged it. The files are compared as streams.
   */
  public static boolean changedOutsideMlos(Path database, Path stateDirectory, Path text)
      throws IOException {
    return !isBlank(text)
        && !TextFormWriting.mlosWrote(text, baseFileOf(stateDirectory, database), stateDirectory);
  }

  private static MlosException cannotRead(Path file, IOException e) {
    return new MlosException(
        "Cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
  }

  static byte[] readIfExists(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    } catch (IOException e) {
      throw new MlosException(
          "Cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
    }
  }

  /**
   * True when {@code textFile} holds nothing but the header (as the scaffold writes it): there is
   * no database to rebuild, {@code mlos:init} creates a new one.
   */
  public static boolean isBlank(Path textFile) {
    try {
      if (Files.size(textFile) > OLDER_HEADER.length() + 16) {
        return false;
      }
      String text = Files.readString(textFile, StandardCharsets.UTF_8).strip();
      return text.isEmpty() || isHeaderOnly(text);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot read the database's text form " + textFile + ": " + e.getMessage(),
          "check its permissions",
          e);
    }
  }

  /**
   * After a compile: rewrites the text form of {@code database} when the workspace keeps one (the
   * file {@link #fileOf} exists; {@code mlos:init -Dmlos.scaffold} creates it) and its bytes
   * change, keeping them as the base in {@code stateDirectory}. The database is only read.
   *
   * @return true when the file was written
   * @throws TextFormChangedException when the file changed outside mlos: nothing is written
   */
  public static boolean syncIfPresent(
      Path database, Path stateDirectory, dev.mlos.core.Reporter reporter) {
    return sync(database, stateDirectory, null, reporter);
  }

  private static boolean sync(
      Path database, Path stateDirectory, String accepted, dev.mlos.core.Reporter reporter) {
    Path text = TextFormLink.refused(fileOf(database));
    if (!Files.isRegularFile(text) || !Files.isRegularFile(database)) {
      return false;
    }
    if (TextFormRecord.vouches(stateDirectory, database, true)) {
      // The text form and its base are the dump of the database as it is: nothing to write.
      return false;
    }
    TextFormRecord.forget(stateDirectory);
    // Taken before the dump's connection opens; recorded only if the database still has it after.
    String before = TextFormRecord.fingerprint(database);
    // Dumped into a file beside the text form, never held whole: at 100,000 needs the text is
    // about 680 MB (issue 20).
    AtomicWriter.StreamedFile dumped = AtomicWriter.open(text);
    try {
      String hash;
      try (Connection c = Database.at(database).openReadOnly()) {
        hash = dumpTo(c, database, dumped.stream());
      } catch (UnsupportedTableException e) {
        // The pages are written and recorded: a text form it cannot hold is a warning, not a
        // failed compile.
        reporter.warn(text.getFileName() + " was not updated: " + e.describe());
        return false;
      } catch (SQLException e) {
        throw new DatabaseException(
            database, "cannot write its text form: " + e.getMessage(), null, e);
      }
      boolean written = write(database, stateDirectory, dumped, hash, accepted, true);
      TextFormRecord.write(stateDirectory, database, hash, before);
      return written;
    } catch (IOException e) {
      throw cannotWrite(database, e);
    } finally {
      dumped.abandon();
    }
  }

  /**
   * Builds {@code database} from its text form. The database is assembled in a temporary file next
   * to it and moved into place only when every statement ran, so a failure leaves no database
   * ({@link TextFormRestore}: the file is read as a stream).
   *
   * @throws MlosException naming the text file and the line of the statement that failed
   */
  public static void restore(Path textFile, Path database) {
    TextFormRestore.restore(textFile, database, null);
  }

  /**
   * {@link #restore(Path, Path)}, then keeps the bytes it restored as the base in {@code
   * stateDirectory} (when not null), so the next compile knows the file as mlos's own.
   */
  public static void restore(Path textFile, Path database, Path stateDirectory) {
    TextFormRestore.restore(textFile, database, stateDirectory);
  }
}
