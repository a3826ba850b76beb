package dev.mlos.core.dbtext;

import static dev.mlos.core.dbtext.DatabaseText.baseFileOf;
import static dev.mlos.core.dbtext.DatabaseText.fileOf;
import static dev.mlos.core.dbtext.DatabaseText.readIfExists;
import static dev.mlos.core.dbtext.DatabaseText.restore;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.schema.SchemaIntegrity;
import dev.mlos.core.schema.SchemaTooNewException;
import dev.mlos.core.schema.TamperedSchemaException;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Taking a pulled or merged text form into the database ({@code mlos:init -Dmlos.pullText}, {@code
 * mlos init --pull-text}): a three-way merge, row by row, of the text mlos last wrote (the base,
 * {@link DatabaseText#baseFileOf}), the database's own dump (ours) and the file git brought
 * (theirs). A compile refuses to overwrite such a file ({@link
 * DatabaseText.TextFormChangedException}) until this ran.
 */
public final class TextFormPull {
  /**
   * How long the pull waits for another process's write to end before it starts (milliseconds): an
   * engine write takes milliseconds, a pull refused for one would be refused for nothing.
   */
  static final int BEGIN_WAIT_MS = 2_000;

  /**
   * How long the pull's commit waits for readers to let go of a rollback-journal database
   * (milliseconds); a WAL database never makes it wait.
   */
  static final int COMMIT_WAIT_MS = 10_000;

  private TextFormPull() {}

  /**
   * What {@link #pull} did: whether the database was replaced, one line per step for the user, and
   * what it did to the database's rows, per table that changed ({@link PulledRows}).
   */
  public record PullResult(
      boolean databaseReplaced, List<String> actions, List<PulledRows.TableChange> tables) {
    public PullResult {
      actions = List.copyOf(actions);
      tables = List.copyOf(tables);
    }

    /** A pull that changed no row. */
    public PullResult(boolean databaseReplaced, List<String> actions) {
      this(databaseReplaced, actions, List.of());
    }
  }

  /** The rule that refuses a pull whose rows conflict. */
  public static final String CONFLICT_RULE = "dbtext.pull_conflict";

  /**
   * The pulled text form and the database changed the same rows differently: {@link #pull} changed
   * nothing (rule {@value #CONFLICT_RULE}). Carries the rows.
   */
  public static final class PullConflictException extends MlosException {
    private final List<TextMerge.Conflict> conflicts;

    PullConflictException(Path text, List<TextMerge.Conflict> conflicts) {
      super(
          text
              + " and the database both changed the same rows since mlos last wrote the text form, differently;"
              + " nothing was changed (rule "
              + CONFLICT_RULE
              + "): "
              + listed(conflicts),
          "make both sides agree on each of these rows, then pull again: to take the pulled version, change the row in"
              + " the database to it (with mlos, as you made your change: only updated_at may differ); to keep yours, edit that row's line in "
              + text.getFileName()
              + " to your database's values (commit it after the pull)");
      this.conflicts = List.copyOf(conflicts);
    }

    static String listed(List<TextMerge.Conflict> conflicts) {
      StringBuilder out = new StringBuilder();
      int shown = 0;
      for (TextMerge.Conflict c : conflicts) {
        if (shown++ == 20) {
          return out.append("; ... and ").append(conflicts.size() - 20).append(" more").toString();
        }
        out.append(shown == 1 ? "" : "; ")
            .append("table ")
            .append(MlosException.quoted(c.table()))
            .append(" row ")
            .append(MlosException.quoted(c.key()))
            .append(" (")
            .append(c.reason())
            .append(')');
      }
      return out.toString();
    }

    /** The rule's id, {@value TextFormPull#CONFLICT_RULE}. */
    public String rule() {
      return CONFLICT_RULE;
    }

    /** The rows that conflict (table and key). */
    public List<TextMerge.Conflict> conflicts() {
      return conflicts;
    }
  }

  /** The rule that refuses a pull whose rows, merged, break a rule the database enforces. */
  public static final String RULES_RULE = "dbtext.pull_breaks_rule";

  /**
   * The pulled text form and the database each changed rows that are valid on their own but,
   * merged, break a rule the database's triggers enforce (a cycle of {@code blocks} edges, a task
   * of a resolved need, an id list naming a deleted row): {@link #pull} changed nothing (rule
   * {@value #RULES_RULE}). Carries the rows, each with the rule it breaks.
   */
  public static final class PullBreaksRuleException extends MlosException {
    private final List<TextMerge.Conflict> conflicts;

    PullBreaksRuleException(Path text, List<TextMerge.Conflict> conflicts) {
      super(
          text
              + " and the database each changed rows that are valid on their own but break a rule"
              + " the database enforces once merged; nothing was changed (rule "
              + RULES_RULE
              + "; ours is the database, theirs the pulled file): "
              + PullConflictException.listed(conflicts),
          "undo one side of each of these rows so the rule holds, then run {0} again: change or"
              + " delete the row in the database (your change), or edit or delete that row's line in "
              + text.getFileName()
              + " (the pulled change, and commit it after the pull)");
      suggesting(Remedy.pullTextForm());
      this.conflicts = List.copyOf(conflicts);
    }

    /** The rule's id, {@value TextFormPull#RULES_RULE}. */
    public String rule() {
      return RULES_RULE;
    }

    /** The rows that break a rule, each with the rule ({@link TextMerge.Conflict#rule}). */
    public List<TextMerge.Conflict> conflicts() {
      return conflicts;
    }
  }

  /**
   * After a {@code git pull} or merge brought other rows into the text form: merges them into the
   * workspace's database. Three-way, row by row ({@link TextMerge#merge}): the base is the text
   * form mlos last wrote or restored ({@link DatabaseText#baseFileOf}), ours the database's dump,
   * theirs the file. When the merge is clean, the merged database is built next to the database and
   * its rows take the place of the database's (the workspace lock held, so no compile runs
   * meanwhile), then the text form and its base are written. When rows conflict nothing is changed.
   *
   * <p>Ours is dumped and merged without holding other writers off; then the pull takes the write
   * lock and, when another process wrote since the dump, merges again holding it from the dump on.
   * So one write transaction spans the dump the merge used and the commit of the merged rows
   * ({@link ContentReplacement}): processes that keep the database open (agents' MCP servers) may
   * go on; a write they make waits for the pull and lands in the merged rows, or, waiting longer
   * than its own timeout, fails with "busy" (never lost after it was reported done). One that holds
   * a write for more than {@link #BEGIN_WAIT_MS} makes the pull refuse, changing nothing.
   *
   * @throws PullConflictException listing the rows that conflict; nothing changed
   * @throws PullBreaksRuleException listing the rows that, merged, break a rule the database's
   *     triggers enforce, with the rule; nothing changed
   * @throws SchemaMismatchException when the text form has another schema than the database
   * @throws DatabaseException when the database is busy (another process holds it) or cannot be
   *     read
   * @throws MlosException when there is no text form, no database, or a file cannot be written
   */
  public static PullResult pull(
      dev.mlos.core.config.WorkspaceConfig config, dev.mlos.core.Reporter reporter) {
    Path database = config.database().toAbsolutePath().normalize();
    Path text = TextFormLink.refused(fileOf(database));
    Path baseFile = baseFileOf(config.stateDirectory(), database);
    if (!Files.isRegularFile(text)) {
      throw new MlosException(
          "There is no text form " + text + " to pull",
          "run it where the workspace keeps mlos.db.sql in git");
    }
    if (TextFiles.hasCrlf(text)) {
      // Merged as it is, every row would differ from the database's by its line ending.
      throw TextFiles.crlf(text);
    }
    if (!Files.isRegularFile(database)) {
      throw new MlosException(
              "There is no database " + database + " to pull " + text.getFileName() + " into",
              "run {0} (not {1}): it builds the database from the text form")
          .suggesting(Remedy.init(), Remedy.pullTextForm());
    }
    if (DatabaseText.isBlank(text)) {
      // A header line alone (as a new workspace's, or a checkout of its first commit) holds no
      // schema and no rows: taken, it would leave a database without tables. The compile writes
      // over such a file freely, so the pull leaves it and the database alone.
      return new PullResult(
          false,
          List.of(
              text.getFileName()
                  + " holds no rows (only its header line, as a new workspace's): nothing to"
                  + " pull (the next compile writes the database's rows into it)"));
    }
    try (dev.mlos.core.write.WorkspaceLock lock =
        dev.mlos.core.write.WorkspaceLock.exclusive(
            config,
            "pull the text form",
            dev.mlos.core.write.WorkspaceLock.DEFAULT_WAIT,
            reporter)) {
      Database.at(database).requireWritable("pulling the text form replaces it");
      Path merged =
          database.resolveSibling(database.getFileName() + AtomicWriter.TEMP_MARKER + "pull");
      Path mergedText =
          database.resolveSibling(text.getFileName() + AtomicWriter.TEMP_MARKER + "pull");
      List<String> actions = new ArrayList<>();
      List<PulledRows.TableChange> tables = List.of();
      Path kept = null;
      boolean replaced = false;
      AtomicWriter.StreamedFile oursDump = null;
      try {
        // First without holding other writers off while the rows are merged (seconds for a large
        // database); when one wrote meanwhile, once more holding them off from the dump on.
        for (int attempt = 1; ; attempt++) {
          boolean holding = attempt > 1;
          actions.clear();
          if (holding) {
            actions.add(
                "Another process wrote to the database while the rows were merged: merged them"
                    + " again, its writes waiting until the pull committed");
          }
          if (oursDump != null) {
            oursDump.abandon();
          }
          PulledRows.Taken taken = PulledRows.Taken.FILE;
          java.util.Map<String, java.util.Set<String>> oursChanged = java.util.Map.of();
          List<TextMerge.Renumbered> renumbered = List.of();
          oursDump = AtomicWriter.open(text);
          try (Connection c = Database.at(database).open(false);
              Statement s = c.createStatement()) {
            // The merged rows are copied as they are (a merge's result is checked against the
            // rules before): no cascade or check may fire while the old rows are dropped.
            s.execute("PRAGMA foreign_keys = OFF");
            if (holding) {
              beginWrite(s, database);
            } else {
              s.execute("BEGIN"); // a read: the dump is one snapshot
            }
            // Ours is dumped into a file beside the text form and compared there: the usual pulls
            // (nothing changed on our side, or nothing to take) never hold a text form whole.
            DatabaseText.dumpTo(c, database, oursDump.stream());
            Path oursFile = oursDump.finish();
            long seen = dataVersion(s);
            if (TextFiles.sameBytes(oursFile, text)) {
              s.execute("COMMIT");
              TextFiles.copyIfChanged(oursFile, baseFile);
              return new PullResult(
                  false,
                  List.of(
                      text.getFileName() + " already holds the database's rows: nothing to pull"));
            }
            Path source = mergedText;
            boolean hasBase = Files.isRegularFile(baseFile);
            boolean judgePulled = false;
            if (TextFormWriting.mlosWrote(text, baseFile, config.stateDirectory())) {
              // Nothing was pulled: merged, the rows would be the database's own. Putting them in
              // would gain nothing.
              s.execute("COMMIT");
              return new PullResult(
                  false,
                  List.of(
                      text.getFileName()
                          + " has not changed since mlos last wrote it: nothing to pull (the"
                          + " database's own changes go into it at the next compile)"));
            }
            if (hasBase && TextFiles.sameBytes(oursFile, baseFile)) {
              source = text; // no local change since the base: theirs is the answer
              // A pull brings rows; a checkout, stash or revert of the file takes them away: say
              // which.
              actions.add(
                  "The database had no changes since mlos last wrote "
                      + text.getFileName()
                      + ": took the pulled rows");
              judgePulled = true;
            } else {
              // Merged row by row, with the three texts in memory (docs/ci.md).
              TextFiles.requireHeapToMerge(
                  "merge row by row the pulled "
                      + text.getFileName()
                      + " into "
                      + database.getFileName(),
                  Math.max(
                      Files.size(text),
                      Math.max(Files.size(oursFile), hasBase ? Files.size(baseFile) : 0)));
              // Decoded strictly: a byte that is not UTF-8 would otherwise go into the database as
              // U+FFFD without a word.
              String theirs =
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .decode(java.nio.ByteBuffer.wrap(readIfExists(text)))
                      .toString();
              byte[] ours = Files.readAllBytes(oursFile);
              String result;
              if (!hasBase && containsEveryLine(theirs, ours)) {
                // the pulled text holds every row the database has
                result = theirs;
                taken = PulledRows.Taken.SUPERSET;
                actions.add(
                    "The pulled "
                        + text.getFileName()
                        + " holds every row of the database: took it");
              } else if (!hasBase) {
                // Without a base a row's two versions cannot be told apart as ours or theirs:
                // refuse,
                // change nothing.
                throw new MlosException(
                        "mlos cannot pull "
                            + text
                            + " into "
                            + database
                            + ": "
                            + baseFile
                            + ", the copy of the"
                            + " text form mlos last wrote, is missing (deleted with the state directory, e.g. by a clean build), and the"
                            + " database has rows the pulled file lacks, so its changes cannot be told from the pulled ones",
                        "to take the pulled rows, move "
                            + database.getFileName()
                            + " aside and run {0} (it rebuilds the"
                            + " database from "
                            + text.getFileName()
                            + "; your own changes stay in the moved file); to keep the"
                            + " database's rows instead, `git checkout` the version of "
                            + text.getFileName()
                            + " mlos wrote")
                    .suggesting(Remedy.init());
              } else {
                TextMerge.Result r =
                    TextMerge.merge(
                        new String(readIfExists(baseFile), StandardCharsets.UTF_8),
                        new String(ours, StandardCharsets.UTF_8),
                        theirs);
                if (r.conflicts().stream().anyMatch(x -> x.rule() == null)) {
                  throw new PullConflictException(text, r.conflicts());
                }
                if (!r.clean()) {
                  throw new PullBreaksRuleException(text, r.conflicts());
                }
                result = r.text();
                taken = PulledRows.Taken.MERGED;
                oursChanged = r.oursChanged();
                renumbered = r.renumbered();
                actions.add(
                    "Merged the pulled rows of "
                        + text.getFileName()
                        + " with the database's own changes, row by row");
              }
              Files.writeString(mergedText, result, StandardCharsets.UTF_8);
            }
            Files.deleteIfExists(merged);
            restore(source, merged);
            requireKnownSchema(merged, text);
            if (judgePulled) {
              // The pulled rows go in past the triggers, as a rebuild does: judged by them first
              // (after the restore, which names a line that is no row line of a text form).
              String unjudged =
                  PulledHandEdits.check(
                      c, text, baseFile, ReplacedDatabase.scratch(config, database));
              if (unjudged != null) {
                actions.add(unjudged);
              }
            }
            if (!holding) {
              s.execute("COMMIT"); // the read
              beginWrite(s, database);
              if (dataVersion(s) != seen) {
                // Another process wrote since the dump: its rows are not in the merge.
                s.execute("ROLLBACK");
                continue;
              }
            }
            // From here to the commit no other process writes: a write that waits commits after
            // the pull, into the merged rows. The copy of the database as it was, made while this
            // transaction holds it: the same rows as the dump.
            kept = ReplacedDatabase.keep(config, database);
            // What the rows to take do to the database's, told before anything is replaced: a row
            // the database changed that the merge did not keep refuses the pull here.
            tables =
                PulledRows.compare(
                    config.root().toAbsolutePath().normalize().resolve(kept),
                    merged,
                    oursChanged,
                    renumbered);
            actions.addAll(PulledRows.lines(tables, text.getFileName().toString(), taken));
            // The merged rows go into the database through SQLite, inside this transaction, not by
            // replacing the file: a process that keeps the database open (an agent's idle MCP
            // server, a sqlite3 shell) reads them on its next statement, and its next write lands
            // in them. A renamed-over file would leave it writing into the old one, lost.
            ContentReplacement.replace(c, merged);
            int carried =
                ReplacedDatabase.carryPageRecords(
                    c, config.root().toAbsolutePath().normalize().resolve(kept));
            try {
              s.execute("COMMIT");
            } catch (SQLException e) {
              // A reader that holds the database longer than the wait: nothing was replaced.
              throw busy(database, e);
            }
            replaced = true;
            if (carried > 0) {
              actions.add(
                  "Kept the compile's record of "
                      + carried
                      + " page(s) the pulled rows do not list (pages of rows the pull dropped), so"
                      + " the next compile deletes the ones no view produces any more");
            }
          }
          break;
        }
        actions.add(
            "Replaced the database "
                + database
                + " with the merged rows; the database as it was is kept at "
                + kept
                + " (the next pull replaces that copy)");
        try (Connection c = Database.at(database).openReadOnly()) {
          DatabaseText.overwrite(c, database, config.stateDirectory());
        }
        actions.add(
            "Wrote " + text.getFileName() + " from the merged database: compile, then commit it");
        return new PullResult(true, actions, tables);
      } catch (MlosException e) {
        if (!replaced) {
          throw e;
        }
        throw pulledButThen(text, database, kept, e);
      } catch (SQLException | IOException e) {
        if (replaced) {
          throw pulledButThen(text, database, kept, e);
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
          // The pulled file, read as UTF-8 (ours and the base are mlos's own dumps): was "Input
          // length = 1", fix: check that the directory is writable.
          throw TextFiles.notUtf8(text, (IOException) e);
        }
        throw new MlosException(
            "Cannot pull " + text + " into " + database + ": " + e.getMessage(),
            "check that the directory is writable; the database was not replaced",
            e);
      } finally {
        if (oursDump != null) {
          oursDump.abandon();
        }
        ReplacedDatabase.deleteScratch(config, database);
        try {
          Files.deleteIfExists(merged);
          Files.deleteIfExists(mergedText);
        } catch (IOException ignored) {
          // best effort: a left temp file carries the temp marker and is overwritten next time
        }
      }
    }
  }

  /**
   * The rows to take, built into {@code merged}, must have the schema this mlos's migrations
   * create. A text form a newer mlos wrote (a teammate upgraded first) would otherwise replace the
   * database with one this mlos refuses to open, and one whose rules were changed by hand would put
   * them into it; either way nothing is changed.
   *
   * @throws MlosException naming the newer migration, and to upgrade mlos first
   * @throws TamperedSchemaException naming the changed objects
   */
  private static void requireKnownSchema(Path merged, Path text) {
    try (Connection m = Database.at(merged).openReadOnly()) {
      List<SchemaIntegrity.Difference> found = SchemaIntegrity.differences(m);
      if (!found.isEmpty()) {
        throw new TamperedSchemaException(merged.toString(), found, "pull", text)
            .suggesting(Remedy.pullTextForm());
      }
    } catch (SchemaTooNewException e) {
      throw new MlosException(
              text
                  + " was written by a newer mlos: it records schema set "
                  + e.schemaSet()
                  + " at version "
                  + e.version()
                  + ", and this mlos knows only up to V"
                  + e.knownVersion()
                  + " (a teammate upgraded mlos); nothing was pulled, the database is unchanged",
              "upgrade mlos to the version that wrote it (docs/schema.md, \"Upgrading mlos\"): run"
                  + " its {0} (it upgrades the database), then {1}")
          .suggesting(Remedy.init(), Remedy.pullTextForm());
    } catch (SQLException e) {
      throw new MlosException(
          "Cannot read the rows pulled from " + text + ": " + e.getMessage(),
          "check that the directory is writable; the database was not replaced",
          e);
    }
  }

  /**
   * True when every line of {@code part} is a line of {@code whole}, the AUTOINCREMENT counters
   * aside (they move with every added row; a lower pulled counter only means the pulled side added
   * less).
   */
  private static boolean containsEveryLine(String whole, byte[] part) {
    java.util.Set<String> lines = new java.util.HashSet<>(whole.lines().toList());
    return new String(part, StandardCharsets.UTF_8)
        .lines()
        .allMatch(l -> lines.contains(l) || l.startsWith("INSERT INTO sqlite_sequence VALUES("));
  }

  /**
   * A failure after the merged rows went into the database: only the text form or its copy could
   * not be written, and the message must say the database was replaced.
   */
  private static MlosException pulledButThen(Path text, Path database, Path kept, Exception e) {
    return new MlosException(
        "Pulled "
            + text
            + " into "
            + database
            + " (the database now holds the merged rows; the one it replaced is kept at "
            + kept
            + "), but then: "
            + e.getMessage(),
        "make the file writable, then run the compile: it writes the text form again",
        e);
  }

  /**
   * Takes the database's write lock for the pull, waiting {@link #BEGIN_WAIT_MS} for a write under
   * way, then lets the commit wait {@link #COMMIT_WAIT_MS} for readers.
   */
  private static void beginWrite(Statement s, Path database) throws SQLException {
    s.execute("PRAGMA busy_timeout = " + BEGIN_WAIT_MS);
    try {
      s.execute("BEGIN IMMEDIATE");
    } catch (SQLException e) {
      throw busy(database, e);
    }
    s.execute("PRAGMA busy_timeout = " + COMMIT_WAIT_MS);
  }

  /** {@code PRAGMA data_version}: changes when another connection commits. */
  private static long dataVersion(Statement s) throws SQLException {
    try (java.sql.ResultSet rs = s.executeQuery("PRAGMA data_version")) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  private static DatabaseException busy(Path database, SQLException e) {
    return new DatabaseException(
        database,
        "another process holds it (a write under way for more than "
            + BEGIN_WAIT_MS / 1000
            + " s, or a read for more than "
            + COMMIT_WAIT_MS / 1000
            + " s when the pull commits), and the pull waits no longer; nothing was changed",
        "pull again; if it keeps happening, end what holds the database (a sqlite3 shell inside"
            + " BEGIN, a script's long transaction); agents' servers may keep running",
        e);
  }
}
