package dev.mlos.core.graph;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.Transaction;
import dev.mlos.core.graph.shape.ShapeLoader;
import dev.mlos.core.graph.shape.ShapeRegistry;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.path.WorkspaceWalker;
import dev.mlos.core.schema.Migration;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.yaml.YamlLimits;
import dev.mlos.core.yaml.YamlNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports graph records (YAML or JSON files naming their shape) into an agentos-graph database.
 *
 * <p>A file holds one record (a mapping) or a list of them. A record names its shape with {@code
 * _shape}; every other key is a field or a relation of that shape or of a shape it implies ({@code
 * also}). Values are coerced to the field types; a value that cannot be is an error naming file,
 * line, record and field. A key the shapes do not declare is kept (typed by how it was written) and
 * reported as a warning. Long text ({@code text} fields) goes to {@code content}.
 *
 * <p>Identity: an explicit {@code _id} names the node. Otherwise, for the record's shape and then
 * each shape it implies, an existing node of that shape with the same values of all {@code
 * identity} fields, or of any one {@code identity_any} field, is updated instead of creating a
 * node. A new node's id is the first 16 hex digits of a SHA-256 of the shape and its identity
 * values (of the whole record when it has none), so importing the same files into a fresh database
 * gives the same ids. Values a record does not mention are left as they are; a key with an empty
 * value clears it.
 *
 * <p>Relations become edges labelled with the relation's name. A relation value (or each item of a
 * {@code shape[]} relation) is either a mapping, which is a nested record of the target shape
 * (matched or created like any record), or a single value: a node id, else the value of a one-field
 * {@code identity} or of an {@code identity_any} field of the target shape (created when the
 * target's identity is that one field and nothing matches). The edges a record lists replace that
 * node's live edges of the same label; dropped ones get {@code deleted_at}.
 *
 * <p>The shape registry is written to {@code settings} ({@code shape:<name>}), so the agentos-graph
 * views can render fields, relations and {@code also} without the YAML. Everything happens in one
 * transaction: an error leaves the database as it was, and re-importing the same files changes
 * nothing.
 *
 * <p>The sources and the record files read are recorded with the SHA-256 of each file's bytes
 * ({@link ImportedFiles}), in the same transaction, so the guard can tell a record file that
 * changed after its import. A source that no longer exists is forgotten when an earlier import
 * recorded it, and refused otherwise.
 */
public final class GraphImporter {
  /** The schema set this importer writes to. */
  public static final String SCHEMA_SET = "agentos-graph";

  /**
   * Runs one import.
   *
   * @throws dev.mlos.core.graph.shape.InvalidShapeException when a shape file is wrong
   * @throws InvalidRecordException when a record is wrong (nothing is written)
   * @throws dev.mlos.core.yaml.InvalidYamlException when a file is not valid YAML or JSON
   * @throws DatabaseException when the database is missing or unreadable
   * @throws MlosException when the database lacks the agentos-graph schema or a source is missing
   */
  public GraphImportResult importRecords(GraphImportRequest request) {
    ShapeRegistry registry = new ShapeLoader().load(request.shapesDirectory());
    Path root = request.root().toAbsolutePath().normalize();
    List<ImportedFiles.Source> sources = new ArrayList<>();
    List<ImportWarning> linkedDirectories = new ArrayList<>();
    Map<Path, String> files = recordFiles(root, request.sources(), sources, linkedDirectories);
    List<YamlNode> documents = new ArrayList<>();
    List<ImportedFiles.ReadFile> read = new ArrayList<>();
    for (Map.Entry<Path, String> f : files.entrySet()) {
      // Hashed as read, parsed from the same bytes: what the guard compares is what was imported.
      byte[] bytes = bytes(f.getKey());
      read.add(
          new ImportedFiles.ReadFile(
              ImportedFiles.relative(root, f.getKey()), f.getValue(), Sha256.of(bytes)));
      documents.add(parse(f.getKey(), bytes));
    }
    String now = TypedValue.timestamp(request.now());
    try (Connection c = Database.at(request.database()).open(false)) {
      requireSchema(c, request.database());
      // IMMEDIATE, as graph_upsert's: an import beside another import, an upsert or a compile's
      // write waits its turn; a deferred transaction read first and failed at once ("database is
      // locked") when it then wrote while another writer held the lock.
      return Transaction.immediate(
          c,
          () -> {
            List<ImportWarning> forgotten = ImportedFiles.record(c, root, sources, read, now);
            return new GraphImportRun(registry, new GraphStore(c, now))
                .execute(documents, files.size())
                .withWarnings(linkedDirectories)
                .withWarnings(forgotten);
          });
    } catch (SQLException e) {
      throw new DatabaseException(
          request.database(), "the import failed and was rolled back: " + e.getMessage(), null, e);
    }
  }

  /**
   * Refuses a database without the agentos-graph schema, or whose schema differs from what its
   * migrations create, with the fix.
   */
  static void requireSchema(Connection c, Path database) throws SQLException {
    List<Migration> pending = Migrator.forSet(SCHEMA_SET).pending(c);
    if (!pending.isEmpty()) {
      throw new MlosException(
              "Database "
                  + database
                  + " does not have the "
                  + SCHEMA_SET
                  + " schema (V"
                  + pending.get(0).version()
                  + " and later are not applied)",
              "set 'pack: agentos-graph' in mlos.yaml and run {0}")
          .suggesting(Remedy.init());
    }
    dev.mlos.core.schema.SchemaIntegrity.requireUntampered(c, "graph import");
  }

  /**
   * Imports one record (already parsed, e.g. from a tool call) with exactly the import's rules, in
   * the caller's transaction on {@code c}: the shape registry is written, the record (and its
   * nested records) matched or created, its relations synced. The outcome is the top-level
   * record's.
   */
  static GraphUpsert upsert(Connection c, ShapeRegistry registry, YamlNode record, String now)
      throws SQLException {
    GraphImportRun run = new GraphImportRun(registry, new GraphStore(c, now));
    GraphImportResult result = run.execute(List.of(record), 0);
    GraphImportRun.Outcome top = run.outcomes.get(0);
    GraphUpsert.Outcome outcome =
        top.created
            ? GraphUpsert.Outcome.CREATED
            : top.changed ? GraphUpsert.Outcome.UPDATED : GraphUpsert.Outcome.UNCHANGED;
    return new GraphUpsert(
        top.nodeId,
        outcome,
        result.records(),
        result.edgesAdded(),
        result.edgesRemoved(),
        result.warnings());
  }

  /**
   * The record files {@code sources} name, each with the source (relative to {@code root}) that
   * named it first, in the order given; {@code named} gets each source and what it is.
   */
  private static Map<Path, String> recordFiles(
      Path root,
      List<Path> sources,
      List<ImportedFiles.Source> named,
      List<ImportWarning> linkedDirectories) {
    Map<Path, String> out = new LinkedHashMap<>();
    for (Path given : sources) {
      Path s = WorkspacePath.checkedIn(root, given);
      String rel = ImportedFiles.relative(root, s);
      if (Files.isSymbolicLink(s) && Files.isDirectory(s)) {
        // The walk below reads nothing through a linked directory: imported as it is, the source
        // would read no file, forget every file recorded under it as gone, and turn the guard
        // green with the edited records never imported.
        throw new MlosException(
            "Record directory '"
                + rel
                + "' is a symbolic link: mlos reads no record files through a link to a directory",
            "replace the link with the directory it points to (what it points to is not touched),"
                + " then import '"
                + rel
                + "' again");
      }
      if (Files.isDirectory(s)) {
        named.add(new ImportedFiles.Source(rel, ImportedFiles.Kind.DIRECTORY));
        // mlos's one walk (WorkspaceWalker: no hidden directory, target/, node_modules/ or nested
        // workspace), the one the guard looks for record files no import read with: a file the
        // import reads is one the guard checks, and the other way round. A link to a file is read
        // too, through the one path check against the directory named: a link in it cannot bring
        // in a file from elsewhere.
        List<String> found = new ArrayList<>();
        found.addAll(
            WorkspaceWalker.regularFiles(
                s,
                WorkspaceWalker.MAX_DEPTH,
                f -> false,
                f ->
                    isRecordFile(f.substring(f.lastIndexOf('/') + 1))
                        || Files.isSymbolicLink(s.resolve(f)),
                (f, what) -> {
                  if (!what.equals("a symbolic link")) {
                    return;
                  }
                  if (Files.isRegularFile(s.resolve(f))) {
                    if (isRecordFile(f.substring(f.lastIndexOf('/') + 1))) {
                      found.add(f);
                    }
                  } else if (Files.isDirectory(s.resolve(f))) {
                    linkedDirectory(linkedDirectories, rel.equals(".") ? f : rel + "/" + f);
                  }
                }));
        found.sort(null);
        for (String f : found) {
          // Named from the root first: a name the guard could not check (a backslash in it) is
          // refused by its path from the root, with the fix to rename it.
          ImportedFiles.relative(root, s.resolve(f));
          out.putIfAbsent(WorkspacePath.checkedIn(s, s.resolve(f)), rel);
        }
      } else if (Files.isRegularFile(s) && isRecordFile(s)) {
        named.add(new ImportedFiles.Source(rel, ImportedFiles.Kind.FILE));
        out.putIfAbsent(s, rel);
      } else if (Files.isRegularFile(s)) {
        throw new MlosException(
            "Record file " + s + " is not .yaml, .yml or .json", "rename it or leave it out");
      } else if (Files.exists(s, LinkOption.NOFOLLOW_LINKS)) {
        throw new MlosException(
            "Record source " + s + " is neither a file nor a directory",
            "point the import at existing record files or directories");
      } else {
        // Refused in the transaction unless an earlier import recorded it: then it is forgotten.
        named.add(new ImportedFiles.Source(rel, ImportedFiles.Kind.MISSING));
      }
    }
    return out;
  }

  /** At most this many linked directories are named in an import's warnings; the rest counted. */
  static final int LINKED_DIRECTORIES_NAMED = 20;

  /**
   * Warns of a link to a directory under a source: the walk does not enter it (it could lead out of
   * the workspace, or in a circle), so the record files it holds were neither imported nor looked
   * for by the guard, where before the import passed over them without a word.
   */
  private static void linkedDirectory(List<ImportWarning> warnings, String path) {
    if (warnings.size() < LINKED_DIRECTORIES_NAMED) {
      warnings.add(
          new ImportWarning(
              path,
              "a symbolic link to a directory: no record file in it was imported, nor does the"
                  + " guard look there (mlos follows no link to a directory); replace the link with"
                  + " the directory it points to to import its files"));
    } else {
      // One line counts the rest: the summary's count of warnings counts each of them.
      int more =
          warnings.size() == LINKED_DIRECTORIES_NAMED
              ? 1
              : warnings.remove(LINKED_DIRECTORIES_NAMED).count() + 1;
      warnings.add(
          new ImportWarning(
              "(" + more + " more links)",
              "also symbolic links to directories, passed over as the ones above",
              more));
    }
  }

  /** Whether a file name is a record file's ({@code .yaml}, {@code .yml}, {@code .json}). */
  public static boolean isRecordFile(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private static boolean isRecordFile(Path p) {
    return isRecordFile(p.getFileName().toString());
  }

  private static byte[] bytes(Path file) {
    try {
      return YamlLimits.readBytes(file, dev.mlos.core.yaml.LimitedFile.RECORD);
    } catch (IOException e) {
      throw new MlosException(
          "Record file " + file + " cannot be read: " + e.getMessage(), null, e);
    }
  }

  private static YamlNode parse(Path file, byte[] bytes) {
    String text = YamlLimits.text(bytes, file.toString());
    if (file.getFileName().toString().endsWith(".json")) {
      return YamlNode.parseJson(file.toString(), text);
    }
    return YamlNode.parse(file.toString(), new StringReader(text));
  }
}
