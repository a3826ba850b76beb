package dev.mlos.core.artifacts;

import dev.mlos.core.MlosException;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.MarkdownDocument;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.store.NewArtifact;
import dev.mlos.core.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code mlos:import}: registers files as rows of {@code artifacts}, matched by {@code file_path}.
 *
 * <ul>
 *   <li>{@code file_path}: relative to the workspace root, '/'-separated;
 *   <li>{@code title}: for markdown ({@code .md}, {@code .markdown}), the front matter's {@code
 *       title}, else the first heading (flexmark); otherwise, and as a last resort, the file name;
 *   <li>{@code description}: for markdown, the front matter's {@code desc} or {@code description};
 *       else NULL;
 *   <li>{@code artifact_type}: the request's type, else {@link ArtifactType#detect};
 *   <li>{@code content_hash}: SHA-256 of the raw bytes (streamed).
 * </ul>
 *
 * <p>Idempotent: a file already registered (the lowest id with its {@code file_path}) whose hash is
 * unchanged is left untouched; when its hash changed, its hash, title and description are recorded
 * again (its type only when the request names one or it had none), which the database's history
 * trigger records. Files are processed in path order and written in one transaction.
 *
 * <p>Patterns walk the workspace from their literal leading directories, skipping {@code .git} and
 * hidden, {@code target} and {@code node_modules} directories below that; files with {@code
 * compiled_at} front matter (build output) and the database itself are skipped, with a reason.
 */
public final class ArtifactImporter {

  /**
   * Imports the request's files.
   *
   * @throws MlosException when a path is outside the workspace, a named file does not exist, a
   *     pattern matches no file, or the database refuses the rows
   */
  public ImportResult importFiles(ImportRequest request) {
    Path root = request.config().root().toAbsolutePath().normalize();
    Path database = request.config().database().toAbsolutePath().normalize();
    if (request.paths().isEmpty()) {
      throw new MlosException("No files to import", "name files or glob patterns relative to the workspace root");
    }
    Map<String, Path> files = new TreeMap<>();
    List<String> skipped = new ArrayList<>();
    for (String input : request.paths()) {
      if (input == null || input.isBlank()) {
        continue;
      }
      String rel = WorkspaceRelative.of(root, input);
      if (GlobPattern.isGlob(rel)) {
        int before = files.size() + skipped.size();
        for (String match : walk(root, new GlobPattern(rel))) {
          add(root, database, match, files, skipped);
        }
        if (files.size() + skipped.size() == before && !anyMatches(root, new GlobPattern(rel))) {
          throw new MlosException("The pattern '" + input + "' matches no file under " + root,
              "check the pattern; it is relative to the workspace root ('**/' matches any directories)");
        }
      } else {
        while (rel.length() > 1 && rel.endsWith("/")) {
          rel = rel.substring(0, rel.length() - 1);
        }
        boolean wholeRoot = rel.isEmpty() || rel.equals(".") || rel.equals("/");
        Path file = wholeRoot ? root : WorkspaceRelative.resolve(root, rel, input);
        if (Files.isDirectory(file)) {
          // A directory is every file under it, as the glob <dir>/**/* (hidden, target and
          // node_modules directories skipped). rel has no glob character, so it is literal here.
          GlobPattern everything = new GlobPattern(wholeRoot ? "**/*" : rel + "/**/*");
          List<String> matches = walk(root, everything);
          if (matches.isEmpty()) {
            throw new MlosException("The directory " + MlosException.quoted(input) + " holds no file to import (" + file + ")",
                "add files to it, or name files or glob patterns relative to the workspace root");
          }
          for (String match : matches) {
            add(root, database, match, files, skipped);
          }
          continue;
        }
        if (!Files.isRegularFile(file)) {
          throw new MlosException(MlosException.quoted(input) + " is not a file (" + file + ")", "check the path; it is relative to the workspace root");
        }
        add(root, database, rel, files, skipped);
      }
    }

    List<Candidate> candidates = new ArrayList<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      candidates.add(describe(e.getKey(), e.getValue(), request.artifactType()));
    }
    List<ImportResult.ImportedArtifact> added = new ArrayList<>();
    List<ImportResult.ImportedArtifact> updated = new ArrayList<>();
    List<ImportResult.ImportedArtifact> unchanged = new ArrayList<>();
    Database db = Database.at(database);
    try (Connection c = db.open(false); Store store = Store.on(c)) {
      store.inTransaction(s -> {
        try (PreparedStatement find = c.prepareStatement(
            "SELECT id, content_hash, artifact_type, title FROM artifacts WHERE file_path = ? ORDER BY id LIMIT 1");
            PreparedStatement update = c.prepareStatement(
                "UPDATE artifacts SET content_hash = ?, title = ?, description = ?, artifact_type = ? WHERE id = ?");
            PreparedStatement retype = c.prepareStatement("UPDATE artifacts SET artifact_type = ? WHERE id = ?")) {
          for (Candidate k : candidates) {
            find.setString(1, k.path());
            try (ResultSet rs = find.executeQuery()) {
              if (!rs.next()) {
                long id = s.insertArtifact(new NewArtifact(k.title(), k.description(), k.path(), k.type(), k.hash(), null));
                added.add(new ImportResult.ImportedArtifact(id, k.path(), k.title(), k.type(), k.hash()));
                continue;
              }
              long id = rs.getLong(1);
              String oldHash = rs.getString(2);
              String oldType = rs.getString(3);
              String oldTitle = rs.getString(4);
              String type = request.artifactType() != null || oldType == null ? k.type() : oldType;
              if (k.hash().equals(oldHash)) {
                if (request.artifactType() != null && !k.type().equals(oldType)) {
                  retype.setString(1, k.type());
                  retype.setLong(2, id);
                  retype.executeUpdate();
                  updated.add(new ImportResult.ImportedArtifact(id, k.path(), oldTitle, k.type(), k.hash()));
                } else {
                  unchanged.add(new ImportResult.ImportedArtifact(id, k.path(), oldTitle, oldType, k.hash()));
                }
                continue;
              }
              update.setString(1, k.hash());
              update.setString(2, k.title());
              update.setString(3, k.description());
              update.setString(4, type);
              update.setLong(5, id);
              update.executeUpdate();
              updated.add(new ImportResult.ImportedArtifact(id, k.path(), k.title(), type, k.hash()));
            }
          }
        } catch (SQLException e) {
          throw new DatabaseException(db.file(), "cannot register artifacts: " + e.getMessage(),
              e.getMessage() != null && e.getMessage().contains("no such table")
                  ? "run `mvn mlos:init` first: the database has no artifacts table" : null, e);
        }
      });
    } catch (SQLException e) {
      throw new DatabaseException(db.file(), e.getMessage(), null, e);
    }
    return new ImportResult(added, updated, unchanged, skipped);
  }

  private record Candidate(String path, String title, String description, String type, String hash) {}

  private static void add(Path root, Path database, String rel, Map<String, Path> files, List<String> skipped) {
    Path file = WorkspaceRelative.resolve(root, rel, rel);
    if (files.containsKey(rel) || skipped.stream().anyMatch(s -> s.startsWith(rel + ":"))) {
      return;
    }
    String name = file.getFileName().toString();
    if (file.equals(database) || file.toString().startsWith(database + "-")) {
      skipped.add(rel + ": the mlos database itself");
      return;
    }
    if (name.toLowerCase(Locale.ROOT).endsWith(".md") && isCompiled(file)) {
      skipped.add(rel + ": a compiled file (compiled_at in its front matter) is build output, not an artifact");
      return;
    }
    files.put(rel, file);
  }

  private static boolean isCompiled(Path file) {
    try {
      return CompiledFile.parse(file) instanceof ParsedFile;
    } catch (MlosException e) {
      return false;
    }
  }

  private static Candidate describe(String rel, Path file, ArtifactType explicit) {
    String name = file.getFileName().toString();
    String title = null;
    String description = null;
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
      try {
        MarkdownDocument doc = MarkdownDocument.read(file);
        title = text(doc.frontMatter().get("title"));
        if (title == null) {
          title = doc.firstHeading().orElse(null);
        }
        description = text(doc.frontMatter().get("desc"));
        if (description == null) {
          description = text(doc.frontMatter().get("description"));
        }
      } catch (MlosException e) {
        // Broken front matter or not UTF-8: still an artifact, named by its file.
      }
    }
    if (title == null) {
      title = name;
    }
    ArtifactType type = explicit != null ? explicit : ArtifactType.detect(rel).orElse(null);
    String hash;
    try {
      hash = Sha256.ofFile(file);
    } catch (IOException e) {
      throw new MlosException("Cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
    }
    return new Candidate(rel, title, description, type == null ? null : type.dbValue(), hash);
  }

  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    String s = String.valueOf(value).strip();
    return s.isEmpty() ? null : s;
  }

  /** Files under the pattern's literal base that match it, relative to the root, sorted. */
  private static List<String> walk(Path root, GlobPattern pattern) {
    String base = pattern.literalBase();
    Path start = base.isEmpty() ? root : WorkspaceRelative.resolve(root, base, base);
    List<String> matches = new ArrayList<>();
    if (!Files.isDirectory(start)) {
      return matches;
    }
    try (Stream<Path> walk = Files.walk(start)) {
      walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !skippedDirectory(start.relativize(p)))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(pattern::matches)
          .sorted()
          .forEach(matches::add);
    } catch (IOException | UncheckedIOException e) {
      throw new MlosException("Cannot list " + start + ": " + e.getMessage(), "check its permissions", e);
    }
    return matches;
  }

  private static boolean anyMatches(Path root, GlobPattern pattern) {
    return !walk(root, pattern).isEmpty();
  }

  /** Hidden, target and node_modules directories below the walk's start. */
  private static boolean skippedDirectory(Path relative) {
    int dirs = relative.getNameCount() - 1;
    for (int i = 0; i < dirs; i++) {
      String s = relative.getName(i).toString();
      if (s.startsWith(".") || s.equals("target") || s.equals("node_modules")) {
        return true;
      }
    }
    return false;
  }
}
