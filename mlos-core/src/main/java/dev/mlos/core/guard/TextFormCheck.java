package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.dbtext.TextFormRestore;
import dev.mlos.core.dbtext.UnrestorableLineException;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * The guard's check of the database's text form: like a compiled file, {@code <database>.sql} must
 * be what a compile would write now. When it is not, it is {@link ViolationClass#STALE}: either the
 * database changed after the last compile (compiling would change the file), or the file changed
 * outside mlos (a git pull or merge, an edit; it is not the copy mlos last wrote) and its rows must
 * be merged into the database first ({@link dev.mlos.core.dbtext.TextFormPull#pull}), which the
 * violation's fix says.
 *
 * <p>Finding out means dumping the database (every row), unless the record of the last compile's
 * dump shows that neither the database nor the file changed since ({@link
 * DatabaseText#knownCurrent}): then the file is what a compile would write, and is reported intact.
 */
public final class TextFormCheck {
  private TextFormCheck() {}

  /**
   * {@code report} with the text form checked, when the workspace keeps one inside it and the stale
   * check is on; else {@code report} itself.
   *
   * @param c the guard's (read-only) connection to the database
   */
  public static GuardReport addTo(GuardReport report, Connection c, WorkspaceConfig config) {
    Path text =
        dev.mlos.core.dbtext.TextFormLink.refused(
            DatabaseText.fileOf(config.database().toAbsolutePath().normalize()));
    Path root = config.root().toAbsolutePath().normalize();
    if (text.startsWith(root) && dev.mlos.core.dbtext.TrackedTextForm.missing(text)) {
      // Checked with or without the stale check: committed so, the team's rows are gone.
      String rel = WorkspacePath.relative(root, text);
      return withFound(
          report,
          rel,
          List.of(
              new Violation(
                      ViolationClass.MISSING,
                      rel,
                      0,
                      "'"
                          + rel
                          + "' (the database's text form) is tracked by git but missing from the"
                          + " working tree (rule "
                          + dev.mlos.core.dbtext.TrackedTextForm.RULE
                          + "): committed so, the rows it holds are gone from the repository, and"
                          + " an init on a clone creates an empty database",
                      "",
                      dev.mlos.core.dbtext.TrackedTextForm.fix(text),
                      List.of())
                  .withKind(Violation.Kind.TEXT_FORM_TRACKED_MISSING)));
    }
    if (!report.staleChecked() || !text.startsWith(root) || !Files.isRegularFile(text)) {
      return report;
    }
    String rel = WorkspacePath.relative(root, text);
    if (DatabaseText.knownCurrent(config.database(), config.stateDirectory())) {
      // The last compile recorded this text form as the dump of the database as it still is: a
      // dump would give these bytes.
      return withFound(report, rel, List.of());
    }
    // Compared by their SHA-256, neither held whole: at 100,000 needs the text is about 680 MB.
    String expected;
    try {
      expected = DatabaseText.dumpHash(c, config.database());
    } catch (DatabaseText.UnsupportedTableException e) {
      return report; // the compile warns that it cannot keep this text form; nothing to compare
    }
    List<Violation> found;
    long marker;
    try {
      if (Sha256.ofFile(text).equals(expected)) {
        found = List.of();
      } else if (dev.mlos.core.dbtext.TextFiles.hasCrlf(text)) {
        // A Windows checkout without eol=lf: not a change to take, a setting to fix.
        found =
            stale(
                rel,
                "has Windows line endings (CRLF); mlos writes and reads it with LF only",
                dev.mlos.core.dbtext.TextFiles.crlf(text).fix(),
                List.of());
      } else if ((marker = dev.mlos.core.dbtext.TextFiles.firstConflictMarker(text)) > 0) {
        // A merge committed unresolved: the pull would refuse it; say where, not "pull".
        found = conflictMarked(rel, marker, lineOf(text, marker));
      } else if (DatabaseText.changedOutsideMlos(
          config.database().toAbsolutePath().normalize(), config.stateDirectory(), text)) {
        // Pulled (or merged, or edited) but not in the database yet: a compile refuses to overwrite
        // it. A pull or a rebuild would refuse a line of it: that line is named now, not "pull".
        UnrestorableLineException unrestorable = TextFormRestore.firstUnrestorable(text);
        found =
            unrestorable != null
                ? unrestorable(rel, unrestorable)
                : stale(
                    rel,
                    "changed outside mlos since mlos last wrote it (a git pull or merge, a checkout,"
                        + " stash or revert of it, or an edit), and the database's rows differ from it"
                        + " (rule "
                        + DatabaseText.RULE
                        + "): a compile refuses until one side is taken",
                    DatabaseText.PULL_FIX,
                    DatabaseText.PULL_REMEDIES);
      } else {
        String older = olderSchema(text, c);
        found =
            stale(
                rel,
                older != null
                    ? "was written at an older schema than the database's ("
                        + older
                        + "): init applied the migrations of an upgrade of mlos since, and a"
                        + " compile writes the text form with them"
                    : "is not the database's text form as a compile would write it now (the"
                        + " database changed after the last compile, or another version of mlos"
                        + " wrote the file)",
                (older != null ? "" : "change data in the database, not in '" + rel + "'; ")
                    + "run {0} and commit '"
                    + rel
                    + "'",
                List.of(Remedy.compile()));
      }
    } catch (IOException e) {
      throw new MlosException(
          "Cannot read the database's text form " + text + ": " + e.getMessage(),
          "check its permissions",
          e);
    }
    return withFound(report, rel, found);
  }

  /** The text form holding git's conflict markers from line {@code line} on. */
  private static List<Violation> conflictMarked(String rel, long line, String markerLine) {
    if (dev.mlos.core.dbtext.TextFiles.mergedLineByLine(markerLine)) {
      return List.of(
          new Violation(
              ViolationClass.STALE,
              rel,
              (int) Math.min(line, Integer.MAX_VALUE),
              "'"
                  + rel
                  + "' holds git's own conflict markers (line "
                  + line
                  + "): git merged it line by line, as it does where no mlos-db merge driver is"
                  + " registered in the clone or no .gitattributes line names it for the file",
              "",
              "do not keep one side of its blocks (that drops rows both branches added under one"
                  + " id): undo the merge (`git merge --abort`, or `git rebase --abort` in a pull"
                  + " --rebase), run {0} in this clone (it registers the driver and warns when"
                  + " .gitattributes does not name it), then merge or pull again",
              List.of(Remedy.init())));
    }
    return List.of(
        new Violation(
            ViolationClass.STALE,
            rel,
            (int) Math.min(line, Integer.MAX_VALUE),
            "'"
                + rel
                + "' holds an unresolved merge conflict (line "
                + line
                + " starts with one of git's conflict markers)",
            "",
            "resolve it: keep one side's lines of each block between <<<<<<< and >>>>>>> (docs/ci.md,"
                + " \"Conflicts\"), delete the markers and commit, then run {0}",
            List.of(Remedy.pullTextForm())));
  }

  /**
   * The text form, changed outside mlos, holding a line that neither a pull nor a rebuild can take:
   * named with their words ({@code mlos.db.sql:40: cannot be restored: ...}) and their fix, then
   * the pull.
   */
  private static List<Violation> unrestorable(String rel, UnrestorableLineException e) {
    List<Remedy> remedies = new ArrayList<>(e.remedies());
    remedies.add(Remedy.pullTextForm());
    return List.of(
        new Violation(
                ViolationClass.STALE,
                rel,
                (int) Math.min(e.line(), Integer.MAX_VALUE),
                "'"
                    + rel
                    + "' changed outside mlos (a git pull or merge, an edit), and neither a pull"
                    + " nor a rebuild of the database can take it: "
                    + rel
                    + (e.line() > 0 ? ":" + e.line() + ": " : " ")
                    + e.reason(),
                "",
                e.fixTemplate()
                    + "; then take its rows into the database: run {"
                    + (remedies.size() - 1)
                    + "}",
                remedies)
            .withKind(Violation.Kind.TEXT_FORM_UNRESTORABLE));
  }

  /** How many lines of a text form's head are read for its {@code schema_migrations} rows. */
  private static final int MIGRATION_LINES = 10_000;

  /** How many bytes of a text form's head are read for them (its rows are about 100 bytes). */
  private static final int HEAD_BYTES = 4 << 20;

  private static final java.util.regex.Pattern MIGRATION_ROW =
      java.util.regex.Pattern.compile(
          "^INSERT INTO \"schema_migrations\" VALUES\\('([a-z0-9-]{1,64})',([0-9]{1,9}),");

  /**
   * The schema sets whose latest migration the text form records below the database's ({@code "mlos
   * V12, the database V20"}), as after an upgrade of mlos before the compile; null when there is
   * none, or the file's head cannot be read. Only the file's head is read: a dump writes {@code
   * schema_migrations} first, one row a line.
   */
  private static String olderSchema(Path text, Connection c) {
    java.util.Map<String, Integer> written = new java.util.TreeMap<>();
    // The head alone, in bytes: a committed file may be one line of a gigabyte.
    String head;
    try (java.io.InputStream in = Files.newInputStream(text)) {
      head = new String(in.readNBytes(HEAD_BYTES), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
    java.util.Iterator<String> lines = head.lines().limit(MIGRATION_LINES).iterator();
    while (lines.hasNext()) {
      java.util.regex.Matcher m = MIGRATION_ROW.matcher(lines.next());
      if (m.find()) {
        written.merge(m.group(1), Integer.parseInt(m.group(2)), Math::max);
      } else if (!written.isEmpty()) {
        break;
      }
    }
    if (written.isEmpty()) {
      return null;
    }
    List<String> older = new ArrayList<>();
    try (java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(
                "SELECT schema_set, MAX(version) FROM schema_migrations GROUP BY schema_set"
                    + " ORDER BY schema_set")) {
      while (rs.next()) {
        Integer was = written.get(rs.getString(1));
        if (was != null && was < rs.getInt(2)) {
          older.add(rs.getString(1) + " V" + was + ", the database V" + rs.getInt(2));
        }
      }
    } catch (java.sql.SQLException e) {
      return null;
    }
    return older.isEmpty() ? null : String.join("; ", older);
  }

  /** Line {@code n} (from 1) of {@code file}, or "" when it cannot be read. */
  private static String lineOf(java.nio.file.Path file, long n) {
    try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(file)) {
      return lines.skip(n - 1).findFirst().orElse("");
    } catch (IOException | java.io.UncheckedIOException e) {
      return "";
    }
  }

  /** The text form, {@code rel}, reported {@link ViolationClass#STALE}: {@code '<rel>' <why>}. */
  private static List<Violation> stale(String rel, String why, String fix, List<Remedy> remedies) {
    return List.of(
        new Violation(ViolationClass.STALE, rel, 0, "'" + rel + "' " + why, "", fix, remedies));
  }

  private static GuardReport withFound(GuardReport report, String rel, List<Violation> found) {
    List<Violation> violations = new ArrayList<>(report.violations());
    violations.addAll(found);
    List<CheckedFile> files = new ArrayList<>(report.checkedFiles());
    files.add(new CheckedFile(rel, CheckedFile.Kind.COMPILED, found));
    return new GuardReport(
        report.workspace(),
        report.root(),
        violations,
        files,
        report.staleChecked(),
        report.rendered(),
        report.notRendered());
  }
}
