package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.graph.GraphImporter;
import dev.mlos.core.graph.ImportedFiles;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.path.WorkspaceWalker;
import dev.mlos.core.yaml.YamlLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The guard's check of graph record files against what imports read ({@link ImportedFiles}, schema
 * agentos-graph V4), in fast and full guards alike: a recorded file whose bytes changed, one that
 * is gone, and a record file under a recorded directory source that no import read are {@link
 * ViolationClass#RECORD_DRIFT}, each with the import of its source as the fix. A file that differs
 * only in its line endings (a CRLF checkout of a file imported with LF, or the other way round)
 * holds the same records and passes. No link is followed out of the workspace, and the search for
 * new files is the {@link WorkspaceWalker}'s (no link, no hidden directory, {@code target/} or
 * {@code node_modules/}).
 *
 * <p>A database without the tables (another pack) has nothing to check; one with the tables but no
 * row (imported by an older mlos, or written through MCP's graph_upsert alone, which reads no file)
 * has nothing recorded to check either, and the guard says so once on its info log.
 */
final class RecordFileCheck {
  /**
   * At most this many new record files are reported one by one; the rest under each directory are
   * one violation that counts them ({@link Violation#count}).
   */
  static final int NEW_FILES_NAMED = 1000;

  private record FileRow(String path, String source, String sha256) {}

  private record SourceRow(String path, String kind) {}

  private final Path root;
  private final List<Violation> found = new ArrayList<>();
  private final List<CheckedFile> files = new ArrayList<>();

  private RecordFileCheck(WorkspaceConfig config) {
    this.root = config.root().toAbsolutePath().normalize();
    this.afterCompile =
        java.nio.file.Files.isRegularFile(
                dev.mlos.core.dbtext.DatabaseText.fileOf(
                    config.database().toAbsolutePath().normalize()))
            ? ", and commit the database's text form with the pages"
            : "";
  }

  /**
   * What follows the compile in an import's fix: committing the text form where the workspace keeps
   * one (as a compile writes it only then); nothing where it keeps none (a workspace made with
   * plain {@code mlos init}), which was told to commit a file it does not have.
   */
  private final String afterCompile;

  /**
   * {@code report} with the record files checked; {@code report} itself when the database keeps no
   * record of imported files.
   *
   * @param c the guard's (read-only) connection
   */
  static GuardReport addTo(
      GuardReport report, Connection c, WorkspaceConfig config, Reporter reporter) {
    Path db = config.database();
    List<FileRow> rows = new ArrayList<>();
    List<SourceRow> sources = new ArrayList<>();
    try {
      if (!GuardRecords.tableExists(c, db, ImportedFiles.FILES_TABLE)
          || !GuardRecords.tableExists(c, db, ImportedFiles.SOURCES_TABLE)) {
        return report;
      }
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT path, source, sha256 FROM "
                      + ImportedFiles.FILES_TABLE
                      + " ORDER BY path");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new FileRow(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT path, kind FROM " + ImportedFiles.SOURCES_TABLE + " ORDER BY path");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          sources.add(new SourceRow(rs.getString(1), rs.getString(2)));
        }
      }
      if (rows.isEmpty() && sources.isEmpty()) {
        if (GuardRecords.tableExists(c, db, "nodes") && hasNodes(c)) {
          reporter.info(
              "Record files: no import recorded the files it read (the graph was imported by an"
                  + " older mlos, or written through graph_upsert alone), so none is checked; the"
                  + " next import records them, and the guard checks them from then on");
        }
        return report;
      }
    } catch (SQLException e) {
      throw new DatabaseException(
          db, "cannot read the record of imported files: " + e.getMessage(), null, e);
    }
    RecordFileCheck check = new RecordFileCheck(config);
    Set<String> recorded = new HashSet<>();
    for (FileRow r : rows) {
      recorded.add(r.path());
      check.checkRecorded(r);
    }
    check.findNew(sources, recorded);
    List<Violation> violations = new ArrayList<>(report.violations());
    violations.addAll(check.found);
    List<CheckedFile> checked = new ArrayList<>(report.checkedFiles());
    checked.addAll(check.files);
    checked.sort(Comparator.comparing(CheckedFile::path).thenComparing(CheckedFile::kind));
    return new GuardReport(
        report.workspace(),
        report.root(),
        violations,
        checked,
        report.staleChecked(),
        report.rendered(),
        report.notRendered());
  }

  /** Checks one recorded file: still there, still a plain file inside the workspace, same bytes. */
  private void checkRecorded(FileRow r) {
    String source = fixSource(r.source(), r.path());
    String problem = null;
    String fix = null;
    try {
      WorkspacePath.Target target = WorkspacePath.of(r.path()).locateIn(root, null);
      Path file = target.path();
      // Through a link inside the workspace (the import reads a file through one): what it leads
      // to.
      BasicFileAttributes attrs =
          target.looked()
              ? target.attributes()
              : Files.exists(file) ? Files.readAttributes(file, BasicFileAttributes.class) : null;
      if (attrs == null) {
        problem =
            "was imported (source '"
                + source
                + "') and is gone: the graph, and the pages compiled from it, still hold the"
                + " records it held";
        fix =
            "restore it; or, if it was deleted on purpose, run {0} so that the guard stops checking"
                + " it (the records it held stay in the graph: an import never deletes a node),"
                + " then {1}";
      } else if (!attrs.isRegularFile()) {
        problem = "was imported (source '" + source + "') and is no longer a regular file";
        fix = "put the record file back in its place, then run {0} and {1}";
      } else if (attrs.size() > YamlLimits.RECORD_BYTES) {
        problem =
            "changed since it was imported: it is now "
                + YamlLimits.describeBytes(attrs.size())
                + ", over the record files' limit, so the import refuses it";
        fix =
            "split it into record files of at most "
                + YamlLimits.describeBytes(YamlLimits.RECORD_BYTES)
                + " each, then run {0} and {1}";
      } else {
        Sha256.LineEndingHashes hashes =
            Sha256.ofFileWithLineEndings(file, attrs.size(), r.sha256());
        String actual = hashes.exact();
        if (!actual.equalsIgnoreCase(r.sha256())
            && !hashes.lf().equalsIgnoreCase(r.sha256())
            && !hashes.crlf().equalsIgnoreCase(r.sha256())) {
          problem =
              "changed since it was imported (its SHA-256 is "
                  + actual.substring(0, 12)
                  + "..., the import read "
                  + shortHash(r.sha256())
                  + "...): the graph, and the pages compiled from it, still hold the records as"
                  + " they were";
          fix = "import it: run {0}, then {1}" + afterCompile;
        }
      }
    } catch (InvalidPathException e) {
      problem =
          e.link() == null
              ? "was recorded as imported but is no path inside the workspace ("
                  + e.reason()
                  + "): nothing is read through it"
              : "was imported and now goes through the symbolic link '"
                  + e.link()
                  + "', which leads out of the workspace or to nothing: mlos reads no record"
                  + " file through such a link";
      fix =
          e.link() == null
              ? "import its source again with {0}, which forgets what it does not read, then {1}"
              : "replace the link with the file or directory it points to, inside the workspace"
                  + " (what it points to is not touched), then run {0} and {1}";
    } catch (IOException e) {
      throw new MlosException(
          "Cannot read the record file " + r.path() + ": " + e.getMessage(),
          "check its permissions",
          e);
    }
    List<Violation> v = new ArrayList<>(1);
    if (problem != null) {
      v.add(violation(r.path(), "record file '" + r.path() + "' " + problem, fix, source));
    }
    found.addAll(v);
    files.add(new CheckedFile(r.path(), CheckedFile.Kind.RECORD, v));
  }

  /**
   * Record files under each recorded directory source that no import read, each under the deepest
   * such source (the smallest import that reads it).
   */
  private void findNew(List<SourceRow> sources, Set<String> recorded) {
    List<SourceRow> directories = new ArrayList<>();
    for (SourceRow s : sources) {
      if ("directory".equals(s.kind()) && validSource(s.path())) {
        directories.add(s);
      }
    }
    directories.sort(
        Comparator.comparingInt((SourceRow s) -> depth(s.path()))
            .reversed()
            .thenComparing(SourceRow::path));
    Set<String> seen = new HashSet<>(recorded);
    int named = 0;
    for (SourceRow s : directories) {
      Path dir;
      try {
        dir =
            s.path().equals(ImportedFiles.ROOT) ? root : WorkspacePath.of(s.path()).resolveIn(root);
      } catch (InvalidPathException e) {
        continue; // a directory that leads out of the workspace holds no file of it
      }
      if (Files.isSymbolicLink(dir)) {
        continue; // the import walks no linked directory either: it reads nothing there
      }
      String prefix = s.path().equals(ImportedFiles.ROOT) ? "" : s.path() + "/";
      List<String> candidates = new ArrayList<>();
      List<String> links = new ArrayList<>();
      candidates.addAll(
          WorkspaceWalker.regularFiles(
              dir,
              WorkspaceWalker.MAX_DEPTH,
              rel -> seen.contains(prefix + rel),
              rel -> GraphImporter.isRecordFile(rel.substring(rel.lastIndexOf('/') + 1)),
              (rel, what) -> {
                // The import reads a link to a file (or refuses one that leads out of the
                // directory): new to it too, by name. Only its type is looked at, never its bytes.
                if (what.equals("a symbolic link") && Files.isRegularFile(dir.resolve(rel))) {
                  links.add(rel);
                }
              }));
      candidates.addAll(links);
      candidates.sort(null);
      int more = 0;
      for (String rel : candidates) {
        String path = prefix + rel;
        if (!seen.add(path)) {
          continue;
        }
        if (named >= NEW_FILES_NAMED) {
          more++;
          continue;
        }
        named++;
        Violation v =
            violation(
                path,
                "record file '"
                    + path
                    + "' lies under '"
                    + s.path()
                    + "', which an import read, but no import read it: the graph holds none of its"
                    + " records",
                importFix(path, s.path()),
                s.path());
        found.add(v);
        files.add(new CheckedFile(path, CheckedFile.Kind.RECORD, List.of(v)));
      }
      if (more > 0) {
        // One line for the rest, standing for each of them in every count of violations.
        Violation v =
            new Violation(
                ViolationClass.RECORD_DRIFT,
                s.path(),
                0,
                more
                    + (more == 1 ? " more record file under '" : " more record files under '")
                    + s.path()
                    + "' that no import read (the guard lists the first "
                    + NEW_FILES_NAMED
                    + " it finds by path, and counts the rest)",
                "",
                "import them: run {0}, then {1}",
                List.of(Remedy.importPaths(s.path()), Remedy.compile()),
                more);
        found.add(v);
        files.add(new CheckedFile(s.path(), CheckedFile.Kind.RECORD, List.of(v)));
      }
    }
  }

  /**
   * The fix for a new record file: import its directory; first rename it when its path is not one
   * mlos can name ({@code data/a\\b.yaml}, a backslash in a name on Linux or macOS), since the
   * import refuses such a file and with it the whole directory: its refusal would be a second step.
   */
  private String importFix(String path, String source) {
    String rename = "";
    try {
      WorkspacePath.of(path);
    } catch (InvalidPathException e) {
      rename =
          "rename it first: its path "
              // The check's own words for a backslash say to write '/', which renames nothing.
              + (path.indexOf('\\') >= 0 ? "holds a backslash" : e.reason())
              + ", so the import refuses it as it is (a path of at most "
              + WorkspacePath.MAX_LENGTH
              + " characters from the workspace root, without control characters or"
              + " backslashes); then ";
    }
    return rename
        + "import it: run {0}, then {1}"
        + afterCompile
        + " (or move it out of '"
        + source
        + "' if it is no record file)";
  }

  private static Violation violation(String path, String message, String fix, String source) {
    return new Violation(
        ViolationClass.RECORD_DRIFT,
        path,
        0,
        message,
        "",
        fix,
        List.of(Remedy.importPaths(source), Remedy.compile()));
  }

  /**
   * The source to import for a recorded file: its row's source when that is a path mlos could have
   * written (it names no command otherwise), else the file itself.
   */
  private static String fixSource(String source, String path) {
    return source != null && validSource(source) ? source : path;
  }

  private static boolean validSource(String source) {
    if (source == null) {
      return false;
    }
    if (source.equals(ImportedFiles.ROOT)) {
      return true;
    }
    try {
      WorkspacePath.of(source);
      return true;
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static int depth(String source) {
    return source.equals(ImportedFiles.ROOT) ? 0 : source.split("/", -1).length;
  }

  private static String shortHash(String hash) {
    return hash == null ? "" : hash.length() > 12 ? hash.substring(0, 12) : hash;
  }

  private static boolean hasNodes(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM nodes)");
        ResultSet rs = s.executeQuery()) {
      return rs.next() && rs.getInt(1) == 1;
    }
  }
}
