package dev.mlos.core.artifacts;

import dev.mlos.core.MlosException;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Artifact;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.ArtifactRegistration;
import dev.mlos.core.engine.ArtifactSpec;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.MarkdownDocument;
import dev.mlos.core.path.ReservedPlaces;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.path.WorkspaceWalker;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Import: registers files as rows of {@code artifacts}, matched by {@code file_path}.
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
 * trigger records. Files are processed in path order and written through the engine ({@link
 * Engine#registerArtifacts}, the one write path) in one transaction, as actor {@code
 * tool:mlos-import}.
 *
 * <p>Patterns walk the workspace from their literal leading directories, skipping {@code .git} and
 * hidden, {@code target} and {@code node_modules} directories below that (the {@link
 * dev.mlos.core.path.WorkspaceWalker} rule); files with {@code compiled_at} front matter (build
 * output) and the database's own files ({@link ReservedPlaces#databaseFiles}: the database, its
 * journals, its text form {@code mlos.db.sql}) are skipped, with a reason.
 */
public final class ArtifactImporter {

  /**
   * Imports the request's files.
   *
   * @throws MlosException when a path is outside the workspace, a named file does not exist, or a
   *     pattern matches no file
   * @throws dev.mlos.core.engine.RefusedException when a rule refuses a file (nothing is recorded)
   */
  public ImportResult importFiles(ImportRequest request) {
    Path root = request.config().root().toAbsolutePath().normalize();
    Path database = request.config().database().toAbsolutePath().normalize();
    ReservedPlaces places = new ReservedPlaces(root, database);
    if (request.paths().isEmpty()) {
      throw new MlosException(
          "No files to import", "name files or glob patterns relative to the workspace root");
    }
    Map<String, Path> files = new TreeMap<>();
    // Keyed by the file's path: whether a file was skipped is one look-up, however many were.
    Map<String, String> skipped = new LinkedHashMap<>();
    for (String input : request.paths()) {
      if (input == null || input.isBlank()) {
        continue;
      }
      String rel = WorkspaceRelative.of(root, input);
      if (GlobPattern.isGlob(rel) && !namesAnEntry(root, rel, input)) {
        int before = files.size() + skipped.size();
        for (String match : walk(root, new GlobPattern(rel), skipped)) {
          addFound(places, root, database, match, files, skipped);
        }
        if (files.size() + skipped.size() == before && !anyMatches(root, new GlobPattern(rel))) {
          throw new MlosException(
              "The pattern '" + input + "' matches no file under " + root,
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
          // node_modules directories skipped), but hidden files (.gitignore, .gitattributes,
          // .env) and the workspace's own mlos.yaml, which `import .` registered as artifacts that
          // then drifted with every setting changed; a pattern or a file's own name still takes
          // them. rel is taken as written, glob characters and all.
          GlobPattern everything = GlobPattern.everythingUnder(wholeRoot ? "" : rel);
          Map<String, String> notFiles = new LinkedHashMap<>();
          List<String> matches =
              walk(root, everything, notFiles).stream()
                  .filter(m -> !m.substring(m.lastIndexOf('/') + 1).startsWith("."))
                  .filter(m -> !m.equals(WORKSPACE_CONFIG))
                  .toList();
          notFiles.forEach(
              (m, why) -> {
                if (!m.substring(m.lastIndexOf('/') + 1).startsWith(".")) {
                  skipped.putIfAbsent(m, why);
                }
              });
          if (matches.isEmpty() && notFiles.isEmpty()) {
            throw new MlosException(
                "The directory "
                    + MlosException.quoted(input)
                    + " holds no file to import ("
                    + file
                    + ")",
                "add files to it, or name files or glob patterns relative to the workspace root");
          }
          for (String match : matches) {
            addFound(places, root, database, match, files, skipped);
          }
          continue;
        }
        if (!Files.isRegularFile(file)) {
          // "is not a file" for a path that does not exist sent users looking at its type.
          throw new MlosException(
              MlosException.quoted(input)
                  + (Files.exists(file) ? " is not a regular file" : " does not exist")
                  + " ("
                  + file
                  + ")",
              "check the path; it is relative to the workspace root, and names a file, a directory"
                  + " or a glob pattern");
        }
        add(places, root, database, rel, files, skipped);
      }
    }

    List<ArtifactSpec> specs = new ArrayList<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      specs.add(describe(e.getKey(), e.getValue(), request.artifactType()));
    }
    List<ImportResult.ImportedArtifact> added = new ArrayList<>();
    List<ImportResult.ImportedArtifact> updated = new ArrayList<>();
    List<ImportResult.ImportedArtifact> unchanged = new ArrayList<>();
    // One write path: the engine checks each path again (real paths), hashes the file and records
    // the rows in one transaction, with this import as the actor in their history. A file a rule
    // refuses refuses the whole import as the rule's RefusedException, its fix apart: it was
    // "The database refused the import: ...", a broken setup where a rule was violated.
    try (Engine engine = Engine.open(database, Actor.tool(ACTOR))) {
      for (ArtifactRegistration r :
          engine.registerArtifacts(
              ArtifactPlaces.of(root, request.config().stateDirectory()), specs)) {
        Artifact a = r.artifact();
        ImportResult.ImportedArtifact row =
            new ImportResult.ImportedArtifact(
                a.id(), a.filePath(), a.title(), a.type(), a.contentHash());
        switch (r.outcome()) {
          case ADDED -> added.add(row);
          case UPDATED -> updated.add(row);
          case UNCHANGED -> unchanged.add(row);
        }
      }
    }
    return new ImportResult(added, updated, unchanged, new ArrayList<>(skipped.values()));
  }

  /**
   * Whether {@code rel}, which holds a glob character, names a file or directory as it is written
   * (docs/[draft].md, or docs/${x}.md, which -Dmlos.import takes with a backslash before its
   * brace): such a path is that entry, as a path without one is, not a pattern that matches other
   * names or none (the braces of docs/${x}.md matched only docs/$x.md). A path the workspace rule
   * refuses is left to the pattern, as before.
   */
  private static boolean namesAnEntry(Path root, String rel, String input) {
    String path = rel;
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      return Files.exists(WorkspaceRelative.resolve(root, path, input), LinkOption.NOFOLLOW_LINKS);
    } catch (MlosException | InvalidPathException e) {
      return false;
    }
  }

  /** The workspace's configuration, at its root: left out of a directory's import. */
  private static final String WORKSPACE_CONFIG = "mlos.yaml";

  /** Who the history rows of an import name as the actor: {@code tool:mlos-import}. */
  public static final String ACTOR = "mlos-import";

  /**
   * {@link #add} for a file a pattern or a directory found: one whose name no artifact's {@code
   * file_path} may hold (a line break or another control character in it) is skipped with the
   * reason, where it refused the whole import of every other file the pattern found.
   */
  private static void addFound(
      ReservedPlaces places,
      Path root,
      Path database,
      String rel,
      Map<String, Path> files,
      Map<String, String> skipped) {
    try {
      dev.mlos.core.path.WorkspacePath.of(rel);
    } catch (dev.mlos.core.path.InvalidPathException e) {
      skipped.putIfAbsent(
          rel, dev.mlos.core.LogText.line(rel) + ": " + e.getMessage() + "; rename the file");
      return;
    }
    String windows = dev.mlos.core.path.PortableName.problemWith(rel);
    if (windows != null) {
      // Registered, it would refuse the whole import (artifact.path); skipped, the rest goes in.
      skipped.putIfAbsent(
          rel,
          dev.mlos.core.LogText.line(rel)
              + ": not "
              + dev.mlos.core.path.PortableName.RULE
              + ", "
              + windows
              + "; rename the file");
      return;
    }
    add(places, root, database, rel, files, skipped);
  }

  private static void add(
      ReservedPlaces places,
      Path root,
      Path database,
      String rel,
      Map<String, Path> files,
      Map<String, String> skipped) {
    Path file = WorkspaceRelative.resolve(root, rel, rel);
    if (files.containsKey(rel) || skipped.containsKey(rel)) {
      return;
    }
    String name = file.getFileName().toString();
    String own = places.databaseFile(file);
    if (own != null || file.toString().startsWith(database + "-")) {
      skipped.put(
          rel,
          rel
              + ": "
              + (own != null ? own : "one of the database's files")
              + ", which mlos rewrites with every change: not an artifact");
      return;
    }
    if (name.toLowerCase(Locale.ROOT).endsWith(".md") && CompiledFile.saysCompiled(file)) {
      skipped.put(
          rel,
          rel
              + ": a compiled file (compiled_at in its front matter) is build output, not an artifact");
      return;
    }
    files.put(rel, file);
  }

  private static ArtifactSpec describe(String rel, Path file, ArtifactType explicit) {
    String name = file.getFileName().toString();
    String title = null;
    String description = null;
    // Only a markdown file whose front matter was read says what its description is; from any
    // other file (and a broken one) the recorded description is kept, as a person's title is.
    boolean describedByFile = false;
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
      try {
        MarkdownDocument doc = MarkdownDocument.read(file);
        describedByFile = true;
        title = text(doc.frontMatter().get("title"));
        if (title == null) {
          title = doc.firstHeading().orElse(null);
        }
        title = oneLine(title);
        description = text(doc.frontMatter().get("desc"));
        if (description == null) {
          description = text(doc.frontMatter().get("description"));
        }
        description = asTheEngineTakesIt(description);
      } catch (MlosException e) {
        // Broken front matter or not UTF-8: still an artifact, named by its file.
      }
    }
    // No title in the file: a new artifact is titled by its file name, a registered one keeps its
    // title (mlos artifact update may have set it: an import of the changed file undid it).
    // The file's own description: a file whose front matter no longer has one takes it away.
    ArtifactSpec spec =
        new ArtifactSpec(rel, title, description, null, false, null, describedByFile);
    if (explicit != null) {
      return spec.withType(explicit.dbValue());
    }
    return ArtifactType.detect(rel).map(t -> spec.withGuessedType(t.dbValue())).orElse(spec);
  }

  /** The most characters of a title (the engine's limit). */
  private static final int MAX_TITLE = 500;

  /**
   * A title taken from a file, as the engine takes a title: one line of at most {@value #MAX_TITLE}
   * characters. Whitespace runs (line breaks, tabs, a YAML title written over lines) become one
   * space, control and invisible characters (an ESC pasted from a terminal, a bidirectional
   * control) are dropped, and a longer title is cut with "...": a document mlos titles itself must
   * not refuse the whole import. Null, or nothing left that shows, is null (the file name stands
   * in).
   */
  static String oneLine(String title) {
    if (title == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(title.length());
    boolean space = false;
    for (int i = 0; i < title.length(); ) {
      int c = title.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = out.length() > 0;
      } else if (!Character.isISOControl(c)
          && !(c <= 0xFFFF && dev.mlos.core.InvisibleText.isInvisible((char) c))
          && Character.getType(c) != Character.SURROGATE) {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.appendCodePoint(c);
      }
    }
    String one = out.toString();
    if (one.codePointCount(0, one.length()) > MAX_TITLE) {
      one = one.substring(0, one.offsetByCodePoints(0, MAX_TITLE - 3)) + "...";
    }
    // A heading of a zero-width space alone (or a soft hyphen, a Hangul filler) shows nothing:
    // the engine refuses it as a title (schema mlos V19 too), and the whole import with it.
    return one.isEmpty() || dev.mlos.core.InvisibleText.showsNothing(one) ? null : one;
  }

  /** The most characters of a description (the engine's limit). */
  private static final int MAX_DESCRIPTION = 100_000;

  /**
   * A description taken from a file, as the engine takes one: its lines and tabs kept, its other
   * control characters dropped, cut to {@value #MAX_DESCRIPTION} characters with "...". Null, or
   * nothing left, is null.
   */
  static String asTheEngineTakesIt(String description) {
    if (description == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(description.length());
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      if (!Character.isISOControl(c) || c == '\n' || c == '\t' || c == '\r') {
        out.append(c);
      }
    }
    String kept = out.toString();
    if (kept.codePointCount(0, kept.length()) > MAX_DESCRIPTION) {
      kept = kept.substring(0, kept.offsetByCodePoints(0, MAX_DESCRIPTION - 3)) + "...";
    }
    return kept.isBlank() ? null : kept;
  }

  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    String s = String.valueOf(value).strip();
    return s.isEmpty() ? null : s;
  }

  /**
   * Files under the pattern's literal base that match it, relative to the root, sorted: the {@link
   * WorkspaceWalker} walk, which skips hidden, target and node_modules directories below the base.
   */
  private static List<String> walk(Path root, GlobPattern pattern) {
    return walk(root, pattern, new LinkedHashMap<>());
  }

  /**
   * {@link #walk(Path, GlobPattern)}, putting each match that is a symbolic link or a FIFO, socket
   * or device into {@code notFiles} with the reason it is not imported (the summary counted them
   * nowhere: 'Imported: 0 added, ... 0 skipped' for a directory holding only such entries).
   */
  private static List<String> walk(Path root, GlobPattern pattern, Map<String, String> notFiles) {
    String base = pattern.literalBase();
    Path start = base.isEmpty() ? root : WorkspaceRelative.resolve(root, base, base);
    String prefix = WorkspacePath.relative(root, start);
    String rootRelative = prefix.isEmpty() ? "" : prefix + "/";
    return WorkspaceWalker.regularFiles(
            start,
            WorkspaceWalker.MAX_DEPTH,
            rel -> false,
            rel -> pattern.matches(rootRelative + rel),
            (rel, what) ->
                notFiles.putIfAbsent(
                    rootRelative + rel,
                    dev.mlos.core.LogText.line(rootRelative + rel)
                        + ": "
                        + what
                        + (what.startsWith("a symbolic")
                            ? ", not imported: name the file it leads to (one file is one artifact,"
                                + " by its real path)"
                            : ", not a file: only regular files are imported")))
        .stream()
        .map(rel -> rootRelative + rel)
        .sorted()
        .toList();
  }

  private static boolean anyMatches(Path root, GlobPattern pattern) {
    return !walk(root, pattern).isEmpty();
  }
}
