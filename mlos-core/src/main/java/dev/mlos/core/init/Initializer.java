package dev.mlos.core.init;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.adopt.AdoptionReport;
import dev.mlos.core.adopt.TaskEngineAdoption;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.SqlScript;
import dev.mlos.core.db.Transaction;
import dev.mlos.core.schema.Migration;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.schema.SchemaCheck;
import dev.mlos.core.schema.SchemaIntegrity;
import dev.mlos.core.schema.SupersededMigrations;
import dev.mlos.core.schema.TamperedSchemaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates or upgrades a database: migrations, legacy TaskEngine adoption, seed scripts.
 *
 * <ul>
 *   <li>No file yet (or a file of 0 bytes, which holds no database, removed first): created with
 *       every requested schema set (default {@code mlos}) plus {@code mlos-compiler}, then the seed
 *       scripts run. If anything fails the new file is removed.
 *   <li>A TaskEngine database ({@code tasks} but no {@code needs}): checked, backed up, then
 *       adopted and migrated in one transaction (see {@link TaskEngineAdoption}).
 *   <li>An mlos database with pending migrations: checked, backed up, migrated.
 *   <li>Up to date: nothing is written.
 * </ul>
 */
public final class Initializer {
  /** Always applied: the compiler's output records. */
  public static final String COMPILER_SET = "mlos-compiler";

  /** Applied when the request names no set. */
  public static final String DEFAULT_SET = "mlos";

  /**
   * The line an init that found a file of 0 bytes at the database's path adds to its result: it
   * held no database, so init made one where it was.
   */
  public static final String EMPTY_FILE_TAKEN =
      "The file at the database's path was empty (0 bytes, no database in it): init took it as"
          + " none and made the database in its place; nothing was upgraded or backed up";

  private final Clock clock;

  /** An initializer that names backups after the current UTC time. */
  public Initializer() {
    this(Clock.systemUTC());
  }

  /** An initializer that names backups after {@code clock}'s time. */
  public Initializer(Clock clock) {
    this.clock = clock;
  }

  /**
   * Creates the database or brings it up to date. Safe to run again.
   *
   * @throws dev.mlos.core.MlosException (or a subclass) naming the file and the fix when the
   *     database is broken, newer than this mlos, or cannot be adopted; nothing is changed then
   */
  public InitResult init(InitRequest request) {
    if (request.database() == null) {
      throw new MlosException("No database file given", "set {0}")
          .suggesting(Remedy.setting("database", null));
    }
    try (InitLock lock = InitLock.acquire(request.database())) {
      return initAlone(request);
    }
  }

  /** {@link #init} while no other init of the database runs on this machine ({@link InitLock}). */
  private InitResult initAlone(InitRequest request) {
    List<Migrator> migrators = migrators(request.schemas());
    Database db = Database.at(request.database());
    for (Path seed : request.seedScripts()) {
      if (!Files.isRegularFile(seed)) {
        throw new SeedScriptException(seed, 0, "the file does not exist", null);
      }
    }
    // A file of 0 bytes holds no database (`touch mlos.db`, a copy that failed): SQLite would open
    // it as an empty one, and init would call its migrations an upgrade, back it up, and pass over
    // the text form a clone rebuilds from. It is taken as no file at all, and the result says so.
    boolean emptyFile = isEmptyFile(db.file());
    if (emptyFile || !Files.exists(db.file(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      // Before anything is written: a text form git tracks but the working tree lacks (rm mlos.db*)
      // would be replaced by an empty database, and the next compile deletes every page.
      dev.mlos.core.dbtext.TrackedTextForm.refuseNewDatabase(db.file());
      clearLeftoversOfAnotherDatabase(
          db.file(), emptyFile ? "it is empty (0 bytes)" : "it is missing");
    }
    if (emptyFile) {
      try {
        Files.delete(db.file());
      } catch (IOException e) {
        throw new DatabaseException(
                db.file(),
                "it is empty (0 bytes), no database, and cannot be removed to make one in its place",
                "delete it, then run {0} again",
                e)
            .suggesting(Remedy.init());
      }
      InitResult r = initAlone(request);
      List<String> actions = new ArrayList<>();
      actions.add(EMPTY_FILE_TAKEN);
      actions.addAll(r.actions());
      return new InitResult(
              r.created(), r.appliedMigrations(), r.backup(), actions, r.rebuiltFrom())
          .warning(r.warnings());
    }
    // --- text form hook (issue 19): a clone has <database>.sql but no database: rebuild it, then
    // upgrade.
    Path text = dev.mlos.core.dbtext.DatabaseText.fileOf(db.file());
    if (!Files.exists(db.file(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(text)
        && !dev.mlos.core.dbtext.DatabaseText.isBlank(text)) {
      dev.mlos.core.dbtext.DatabaseText.restore(text, db.file(), request.stateDirectory());
      InitResult upgraded;
      try {
        // No backup: the database was built from the text moments ago, and the text is still
        // there (a user trial was told "Backup written" of a database init had just built).
        upgraded = upgrade(db, migrators, request, false);
      } catch (TamperedSchemaException e) {
        // Built from the file moments ago, so nothing is lost; kept, the sqlite3 shell would
        // write to it under the changed rules.
        TamperedSchemaException refused =
            new TamperedSchemaException(e.database(), e.differences(), null, text);
        removeNewDatabase(db.file(), refused);
        throw refused;
      } catch (RuntimeException e) {
        // Half upgraded and with no backup: gone, so init run again rebuilds it from the text.
        removeNewDatabase(db.file(), e);
        throw e;
      }
      return new InitResult(true, upgraded.appliedMigrations(), null, upgraded.actions(), text);
    }
    // --- end of text form hook
    return db.exists() || Files.exists(db.file())
        ? upgrade(db, migrators, request)
        : create(db, migrators, request);
  }

  private InitResult create(Database db, List<Migrator> migrators, InitRequest request) {
    List<String> applied = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    try (Connection c = db.open(true)) {
      for (Migrator m : migrators) {
        m.migrate(c).applied().forEach(x -> applied.add(x.label()));
      }
      for (Path seed : request.seedScripts()) {
        actions.add(runSeed(c, seed));
        // A seed may run any SQL: one that drops or changes what the migrations created would
        // leave a database every later command refuses, with no backup to go back to.
        try {
          requireSound(c, db.file(), migrators);
        } catch (MlosException broken) {
          throw new SeedScriptException(
              seed,
              0,
              "it left the schema mlos's rules need broken: " + broken.getMessage(),
              broken);
        }
      }
    } catch (SQLException | RuntimeException e) {
      RuntimeException failure =
          e instanceof RuntimeException re
              ? re
              : new DatabaseException(db.file(), e.getMessage(), null, e);
      removeNewDatabase(db.file(), failure);
      throw failure;
    }
    return new InitResult(true, applied, null, actions);
  }

  private InitResult upgrade(Database db, List<Migrator> migrators, InitRequest request) {
    InitResult r = upgrade(db, migrators, request, true);
    if (r.appliedMigrations().isEmpty() && r.backup() == null) {
      return r; // up to date: nothing changed under anyone
    }
    return r.warning(openedElsewhere(db.file()));
  }

  /**
   * A warning naming the other processes that had {@code file} open while this init upgraded it, or
   * none: a user's trial found an MCP server of an older mlos left running through the upgrade
   * writing on, and init silent about it.
   */
  static List<String> openedElsewhere(Path file) {
    List<String> others = dev.mlos.core.db.OtherOpeners.of(file);
    if (others.isEmpty()) {
      return List.of();
    }
    return List.of(
        (others.size() == 1 ? "1 other process has " : others.size() + " other processes have ")
            + file
            + " open: "
            + String.join(", ", others)
            + ". If one is an MCP server or another mlos process started before this upgrade,"
            + " restart it with the new mlos: one built since 2026-12-05 refuses its next write,"
            + " but an older one (schema mlos V12 or older) goes on writing with its old code and"
            + " leaves the pages stale (docs/schema.md, \"Upgrading mlos\")");
  }

  /** {@code backUp} false: a database just rebuilt from its text form, which is its backup. */
  private InitResult upgrade(
      Database db, List<Migrator> migrators, InitRequest request, boolean backUp) {
    refuseReadOnly(db.file());
    try (Connection c = db.open(false)) {
      List<String> actions = new ArrayList<>();
      Path backup = replaceEarlierTexts(c, db, migrators, request, actions, backUp);
      // Adoption turns a TaskEngine `tasks` table into the ML OS tables: only when those are asked
      // for.
      boolean legacy = request.schemas().contains(DEFAULT_SET) && TaskEngineAdoption.applies(c);
      if (legacy) {
        TaskEngineAdoption.check(c);
      }
      List<Migration> pending = new ArrayList<>();
      for (Migrator m : migrators) {
        if (!(legacy && m.schemaSet().equals(DEFAULT_SET))) {
          pending.addAll(m.pending(c));
        }
      }
      requireSound(c, db.file(), migrators);
      if (!legacy && pending.isEmpty()) {
        // Said here too: an init --seed on an up-to-date database ran nothing and said nothing.
        actions.addAll(seedsSkipped(request));
        return new InitResult(false, List.of(), backup, actions);
      }
      if (backup == null && backUp) {
        backup = db.backup(c, request.backupDir(), clock);
      }
      List<String> applied = new ArrayList<>();
      if (legacy) {
        AdoptionReport report =
            Transaction.run(
                c,
                () -> {
                  AdoptionReport r = TaskEngineAdoption.adopt(c);
                  Migrator.forSet(DEFAULT_SET).migrations().forEach(x -> applied.add(x.label()));
                  for (Migrator m : migrators) {
                    m.migrate(c).applied().forEach(x -> applied.add(x.label()));
                  }
                  return r;
                });
        actions.addAll(report.lines());
      } else {
        for (Migrator m : migrators) {
          m.migrate(c).applied().forEach(x -> applied.add(x.label()));
        }
      }
      actions.addAll(seedsSkipped(request));
      return new InitResult(false, applied, backup, actions);
    } catch (SQLException e) {
      throw new DatabaseException(db.file(), e.getMessage(), null, e);
    }
  }

  /**
   * Brings the migrations a build of mlos applied before they were final to the text this mlos
   * ships ({@link SupersededMigrations}), after a backup, in one transaction that ends with the
   * schema checked against what the migrations create. Returns the backup, or null when there was
   * nothing to do.
   */
  private Path replaceEarlierTexts(
      Connection c,
      Database db,
      List<Migrator> migrators,
      InitRequest request,
      List<String> actions,
      boolean backUp)
      throws SQLException {
    List<Migration> earlier = new ArrayList<>();
    for (Migrator m : migrators) {
      earlier.addAll(SupersededMigrations.in(c, m));
    }
    if (earlier.isEmpty()) {
      return null;
    }
    Path backup = backUp ? db.backup(c, request.backupDir(), clock) : null;
    Transaction.run(
        c,
        () -> {
          for (Migration m : earlier) {
            SupersededMigrations.replace(c, m);
          }
          requireSound(c, db.file(), migrators);
        });
    for (Migration m : earlier) {
      actions.add(
          "Created the triggers of migration "
              + m.label()
              + " again as this mlos ships them (the database had the text a build of mlos applied"
              + " before it was final; no row changed)");
    }
    return backup;
  }

  /** What init says of the seed scripts it was given for a database that already exists. */
  private static List<String> seedsSkipped(InitRequest request) {
    return request.seedScripts().isEmpty()
        ? List.of()
        : List.of("seed scripts skipped: they run only when init creates the database");
  }

  /**
   * Refuses a database SQLite finds damaged ({@code PRAGMA quick_check}), one that lacks schema
   * objects its applied migrations created (a dropped trigger no longer enforces its rule), or one
   * whose objects differ from what they create (a changed trigger, one added to an mlos table),
   * before it is called up to date or migrated further.
   */
  private static void requireSound(Connection c, Path file, List<Migrator> migrators) {
    List<String> damage = SchemaCheck.integrityProblems(c, 10);
    if (!damage.isEmpty()) {
      throw new DatabaseException(
          file,
          "it is damaged: SQLite's integrity check says " + String.join("; ", damage),
          "restore it from a backup (init writes one before every upgrade, next to the file unless a backup directory is"
              + " set); the sqlite3 shell's .recover command may save what is left");
    }
    List<SchemaCheck.SchemaObject> missing = new ArrayList<>();
    for (Migrator m : migrators) {
      missing.addAll(SchemaCheck.missingObjects(c, m));
    }
    if (!missing.isEmpty()) {
      throw SchemaCheck.missingObjectsException(file.toString(), missing, null);
    }
    SchemaIntegrity.requireUntampered(c, null);
  }

  private static List<Migrator> migrators(List<String> schemas) {
    // An empty list is literal (a `pack: none` workspace over its own schema): only the compile
    // record.
    Set<String> sets = new LinkedHashSet<>(schemas);
    sets.add(COMPILER_SET);
    return sets.stream().map(Migrator::forSet).toList();
  }

  private static String runSeed(Connection c, Path seed) throws SQLException {
    String text;
    try {
      text = Files.readString(seed, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SeedScriptException(seed, 0, "cannot be read: " + e.getMessage(), e);
    }
    SqlScript script = SqlScript.parse(seed.toString(), text);
    SqlScript.Statement current = null;
    try (Statement s = c.createStatement()) {
      // One transaction per script: a seed of thousands of inserts would otherwise sync on each
      // one.
      c.setAutoCommit(false);
      for (SqlScript.Statement st : script.statements()) {
        current = st;
        s.execute(st.sql());
      }
      c.commit();
    } catch (SQLException e) {
      // The seed's error is the one to report; failures while cleaning up are kept with it. The
      // database is about to be removed, and auto-commit stays off when the rollback failed
      // (switching
      // it on would commit what the script did so far).
      SeedScriptException failure =
          new SeedScriptException(seed, current == null ? 0 : current.line(), sqliteWords(e), e);
      try {
        c.rollback();
        c.setAutoCommit(true);
      } catch (SQLException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
    c.setAutoCommit(true);
    return "ran seed script " + seed + " (" + script.statements().size() + " statements)";
  }

  private static String sqliteWords(SQLException e) {
    String m = String.valueOf(e.getMessage());
    int open = m.indexOf(" (");
    return m.startsWith("[SQLITE_") && open > 0 && m.endsWith(")")
        ? m.substring(open + 2, m.length() - 1)
        : m;
  }

  private static void refuseReadOnly(Path file) {
    boolean readOnly = !Files.isWritable(file);
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (!readOnly && posix != null) {
      try {
        // Root may write anyway; a file without the owner's write bit is still meant to be left
        // alone.
        readOnly = !posix.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE);
      } catch (IOException e) {
        readOnly = false;
      }
    }
    if (readOnly) {
      throw new DatabaseException(
              file,
              "it is read-only",
              "make it writable (chmod u+w "
                  + dev.mlos.core.RemedyWording.shellWord(file.toString())
                  + ") or point {0} at a copy")
          .suggesting(Remedy.setting("database", null));
    }
  }

  /**
   * Before a database is created or rebuilt where none is: the files SQLite keeps beside a database
   * ({@code -wal}, {@code -journal}, {@code -shm}) may be left from the one that was there (deleted
   * or moved aside without them). A write-ahead log or rollback journal that holds data belongs to
   * that database: SQLite would apply its pages to the new file (a rebuilt WAL database would
   * silently hold the old one's rows in its tables), and the old database's last commits may be
   * only in it, so init refuses and names them. Empty ones and the shared-memory index hold nothing
   * and are removed.
   */
  private static void clearLeftoversOfAnotherDatabase(Path file, String state) {
    List<Path> holdingData = new ArrayList<>();
    List<Path> empty = new ArrayList<>();
    for (String suffix : List.of("-wal", "-journal", "-shm")) {
      Path side = file.resolveSibling(file.getFileName() + suffix);
      try {
        if (!Files.exists(side, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        boolean plain = Files.isRegularFile(side, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (plain && (suffix.equals("-shm") || Files.size(side) == 0)) {
          empty.add(side);
        } else {
          holdingData.add(side);
        }
      } catch (IOException e) {
        holdingData.add(side);
      }
    }
    if (!holdingData.isEmpty()) {
      boolean one = holdingData.size() == 1;
      throw new DatabaseException(
              file,
              state
                  + ", but "
                  + holdingData.stream()
                      .map(p -> p.getFileName().toString())
                      .collect(java.util.stream.Collectors.joining(" and "))
                  + (one ? " beside it still holds" : " beside it still hold")
                  + " data of the database that was there (deleted or moved aside without "
                  + (one ? "it" : "them")
                  + "); a new database here would take "
                  + (one ? "its" : "their")
                  + " pages as its own",
              "stop every process that used that database (agents' MCP servers, the sqlite3 shell);"
                  + (one
                      ? " if you moved it, move this file"
                      : " if you moved it, move these files")
                  + " next to it under its new name plus the suffix (moved.db takes moved.db-wal);"
                  + " if it is gone for good, delete "
                  + (one ? "it" : "them")
                  + "; then run {0} again")
          .suggesting(Remedy.init());
    }
    for (Path side : empty) {
      try {
        Files.deleteIfExists(side);
      } catch (IOException e) {
        throw new DatabaseException(
                file,
                state
                    + ", and the empty "
                    + side.getFileName()
                    + " left beside it cannot be removed",
                "delete it, then run {0} again",
                e)
            .suggesting(Remedy.init());
      }
    }
  }

  /** A regular file (not a link) of 0 bytes; false when it cannot be told. */
  private static boolean isEmptyFile(Path file) {
    try {
      return Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          && Files.size(file) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Removes a database init created and could not finish; a file it cannot remove is kept with
   * {@code failure}.
   */
  private static void removeNewDatabase(Path file, RuntimeException failure) {
    for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
      try {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      } catch (IOException e) {
        // The original error is what the user needs to see first; this one says what was left
        // behind.
        failure.addSuppressed(e);
      }
    }
  }
}
