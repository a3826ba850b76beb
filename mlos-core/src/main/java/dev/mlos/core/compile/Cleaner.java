package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.schema.SchemaCheck;
import dev.mlos.core.write.AtomicWriter;
import dev.mlos.core.write.WorkspaceLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clean: deletes exactly the files this workspace's last compile recorded, and the record. A
 * recorded file that was edited by hand since is kept (and named), so no edit is lost, and so is
 * one replaced by a symbolic link, wherever it leads: nothing is deleted through a link, nor the
 * link itself. Something that is not a regular file at a page's path (a directory, a FIFO) is not
 * the page: it is left in place and named too. The database's text form, when the workspace keeps
 * one, is written again, as a compile does.
 */
public final class Cleaner {

  /**
   * What a clean did: the paths deleted, and the ones kept: edited by hand, replaced by a link
   * ({@code linked}, a part of {@code kept}), or with something other than a regular file at their
   * path ({@code notFiles}, a part of {@code kept}: each path with what is there, "a directory").
   */
  public record CleanResult(
      List<String> deleted, List<String> kept, List<String> linked, Map<String, String> notFiles) {
    public CleanResult {
      deleted = List.copyOf(deleted);
      kept = List.copyOf(kept);
      linked = List.copyOf(linked);
      notFiles = Collections.unmodifiableMap(new LinkedHashMap<>(notFiles));
    }

    /** Why {@code path}, one of {@link #kept}, was kept: words for a line naming it. */
    public String whyKept(String path) {
      if (notFiles.containsKey(path)) {
        return "not a regular file: "
            + notFiles.get(path)
            + " is at its path since it was compiled; left in place";
      }
      return linked.contains(path)
          ? "replaced by a symbolic link since it was compiled; nothing was deleted through it"
          : "edited by hand since it was compiled";
    }

    /**
     * The closing line: {@code Cleaned: 8 files deleted, 1 kept because they were edited by hand},
     * or with links or other things at a page's path {@code ..., 3 kept: 1 edited by hand, 1
     * replaced by a symbolic link, 1 not a regular file}.
     */
    public String summary() {
      String line = "Cleaned: " + deleted.size() + " files deleted, " + kept.size() + " kept";
      if (linked.isEmpty() && notFiles.isEmpty()) {
        return line + " because they were edited by hand";
      }
      return line
          + ": "
          + (kept.size() - linked.size() - notFiles.size())
          + " edited by hand, "
          + linked.size()
          + " replaced by a symbolic link"
          + (notFiles.isEmpty() ? "" : ", " + notFiles.size() + " not a regular file");
    }
  }

  /**
   * Deletes the recorded files and the record. The record is cleared first, in a transaction that
   * commits only after the files are deleted: a database that cannot take the change (read-only,
   * locked) stops the clean before any file is touched.
   *
   * @throws MlosException (a {@link DatabaseException}) for a database that is not mlos's, cannot
   *     be written or is in use; nothing is deleted then
   */
  public CleanResult clean(WorkspaceConfig config, Reporter reporter) {
    // The clean clears the compile record, rows of the database: its text form (committed in the
    // database's stead) is written again as a compile writes it, or it would keep the old record,
    // and the guard would call it stale, a fresh clone would rebuild the record. A text form git
    // changed is refused here, before anything is deleted, as the compile refuses it.
    // Checked before the lock file is created: a refused clean writes nothing. The places the
    // compile writes to are checked as the compile checks them: an output directory linked into
    // .git had the clean delete there what the compile would refuse to write.
    Path out = WritePlaces.checkBeforeCompile(config);
    // The text form is checked and written under the lock, as a compile does (see Compiler).
    try (WorkspaceLock lock =
        WorkspaceLock.exclusive(config, "clean", WorkspaceLock.DEFAULT_WAIT, reporter)) {
      DatabaseText.PendingSync textForm =
          DatabaseText.checkBeforeCompile(config.database(), config.stateDirectory());
      CleanResult result = cleanLocked(config, out, reporter);
      if (textForm.write(reporter)) {
        reporter.info("Wrote the database's text form " + DatabaseText.fileOf(config.database()));
      }
      return result;
    }
  }

  private CleanResult cleanLocked(WorkspaceConfig config, Path out, Reporter reporter) {
    Database db = Database.at(config.database());
    List<String> deleted = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    List<String> linked = new ArrayList<>();
    Map<String, String> notFiles = new LinkedHashMap<>();
    KeptEditWarnings keptEdits =
        new KeptEditWarnings(
            reporter,
            "files edited by hand after they were compiled were kept: delete them yourself if the"
                + " edits are not needed ({0} names each that keeps its front matter, as UNKNOWN)");
    // A link or a directory at each of 10,000 pages' paths gave 10,000 lines: the first named.
    CappedWarnings keptInPlace = new CappedWarnings(reporter);
    try (Connection c = db.open(false)) {
      SchemaCheck.requireReady(c, "clean", false);
      try (OutputLedger ledger = new OutputLedger(c, db.file(), config.name())) {
        ledger.requireWritable();
        List<OutputRecord> records = new ArrayList<>();
        ledger.forEach(records::add);
        // An interrupted compile's pages are not in the record: its journal must outlive this
        // clean.
        boolean compileInterrupted =
            CompileJournal.read(config).map(j -> !j.compiledAt().isEmpty()).orElse(false);
        c.setAutoCommit(false);
        try (CompileJournal journal = CompileJournal.forClean(config)) {
          // Written first: a database that refuses it stops the clean before any file is deleted.
          ledger.clear();
          for (OutputRecord r : records) {
            Path file;
            try {
              file = WorkspacePath.of(r.path()).resolveIn(out);
            } catch (InvalidPathException leaves) {
              // A page replaced by a link that leaves the workspace: kept and named, rather than
              // stopping the clean halfway with some pages deleted.
              kept.add(r.path());
              linked.add(r.path());
              String why =
                  r.path().equals(leaves.link())
                      ? "it was replaced by a symbolic link (to "
                          + InvalidPathException.quote(String.valueOf(leaves.linkTarget()))
                          + (leaves.reason().contains("does not exist")
                              ? ", which does not exist"
                              : ", outside the workspace")
                          + ") since it was compiled"
                      : leaves.shortReason();
              keptInPlace.say(
                  "Kept '"
                      + r.path()
                      + "': "
                      + why
                      + ". mlos deletes nothing through such a link: remove the link yourself"
                      + " (what it points to is not touched).");
              continue;
            }
            if (Files.isSymbolicLink(file)) {
              // Inside the workspace, but not the page: its target is someone's file, and the link
              // was put there on purpose. Deleting it would not delete a compiled page either.
              kept.add(r.path());
              linked.add(r.path());
              keptInPlace.say(
                  "Kept '"
                      + r.path()
                      + "': it was replaced by a symbolic link (to "
                      + InvalidPathException.quote(linkTarget(file))
                      + ") since it was compiled. mlos deletes nothing through a link: remove the"
                      + " link yourself if it is not needed (what it points to is not touched).");
              continue;
            }
            String link = WorkspacePath.of(r.path()).linkOnTheWay(out);
            if (link != null) {
              // Inside the workspace, but a directory on the way leads elsewhere (into .git, say):
              // what is there is not the page, however alike its bytes.
              kept.add(r.path());
              linked.add(r.path());
              keptInPlace.say(
                  "Kept '"
                      + r.path()
                      + "': the directory '"
                      + link
                      + "' on its way was replaced by a symbolic link (to "
                      + InvalidPathException.quote(linkTarget(out.resolve(link)))
                      + ") since it was compiled. mlos deletes nothing through a link: remove the"
                      + " link yourself if it is not needed (what it points to is not touched).");
              continue;
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
              if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                // A directory or a FIFO made at the page's path is not the page, and someone put
                // it there: left in place and named, as a hand edit is (a FIFO is never opened).
                String what = whatIsAt(file);
                kept.add(r.path());
                notFiles.put(r.path(), what);
                keptInPlace.say(
                    "Kept '"
                        + r.path()
                        + "': it is not a regular file ("
                        + what
                        + " is at its path since it was compiled), left in place. Remove it"
                        + " yourself if it is not needed.");
              }
              continue; // nothing there: deleted by someone already
            }
            if (!intact(file, r)) {
              kept.add(r.path());
              keptEdits.say(
                  "Kept '"
                      + r.path()
                      + "': it was edited by hand after it was compiled. Delete it yourself if the edit is not needed.");
              continue;
            }
            journal.deleting(r.path()); // a clean killed after the delete leaves no MISSING behind
            AtomicWriter.deleteAndPruneEmptyParents(file, out);
            deleted.add(r.path());
          }
          c.commit();
          if (!compileInterrupted) {
            journal.finished(config);
          }
        } catch (RuntimeException | SQLException e) {
          c.rollback();
          // The files already deleted must leave the record too, or the guard reports them missing.
          try {
            ledger.forget(deleted);
            c.commit();
          } catch (RuntimeException | SQLException notRecorded) {
            e.addSuppressed(notRecorded);
          }
          throw e;
        } finally {
          keptEdits.end();
          keptInPlace.end(KEPT_IN_PLACE);
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw new DatabaseException(db.file(), e.getMessage(), null, e);
    }
    return new CleanResult(deleted, kept, linked, notFiles);
  }

  /** The count line's words for the files kept in place past the ones named. */
  static final String KEPT_IN_PLACE =
      "files were kept, each a symbolic link, behind one, or not a regular file where a compiled"
          + " page was: mlos deletes nothing through a link nor anything it did not write; remove"
          + " them yourself if they are not needed (what a link points to is not touched)";

  /** What is at {@code path}, not a regular file nor a link: "a directory", "a FIFO", ... */
  private static String whatIsAt(Path path) {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return "a directory";
    }
    try {
      // The file type bits of st_mode, where the file system has them (not on Windows).
      int type =
          ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
      switch (type) {
        case 0010000:
          return "a FIFO (named pipe)";
        case 0140000:
          return "a socket";
        case 0020000:
        case 0060000:
          return "a device";
        default:
          break;
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // No unix view: the generic words below.
    }
    return "something other than a file";
  }

  private static String linkTarget(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "?";
    }
  }

  private static boolean intact(Path file, OutputRecord r) {
    try {
      if (Sha256.ofFile(file).equals(r.fileHash())) {
        return true;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return CompiledFile.parse(text) instanceof ParsedFile p
          && r.contentHash().equals(p.declaredContentHash())
          && r.contentHash().equals(CompiledFile.contentHashOf(text));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
