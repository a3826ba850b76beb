package dev.mlos.core.engine;

import static dev.mlos.core.engine.Engine.ARTIFACT_TYPES;
import static dev.mlos.core.engine.Engine.MAX_ARTIFACTS_PER_CALL;
import static dev.mlos.core.engine.InputRules.MAX_TEXT;
import static dev.mlos.core.engine.InputRules.text;
import static dev.mlos.core.engine.InputRules.title;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.FileIdentities;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Registering artifacts and recording their content hashes. Reached through {@link Engine}, which
 * documents each operation.
 */
final class ArtifactOperations extends EngineOperations {
  /** Larger markdown files are not read for front matter (a compiled page is far smaller). */
  private static final long MAX_COMPILED_BYTES = 16L << 20;

  ArtifactOperations(StateStore store, Actor actor) {
    super(store, actor);
  }

  Artifact getArtifact(long artifactId) {
    return store.read(
        () ->
            store.artifact(artifactId).orElseThrow(() -> notFound(EntityRef.artifact(artifactId))));
  }

  ArtifactRegistration registerArtifact(Path workspaceRoot, ArtifactSpec spec) {
    return registerArtifacts(workspaceRoot, List.of(spec)).get(0);
  }

  List<ArtifactRegistration> registerArtifacts(Path workspaceRoot, List<ArtifactSpec> specs) {
    if (specs.size() > MAX_ARTIFACTS_PER_CALL) {
      throw new RefusedException(
          "input",
          "at most " + MAX_ARTIFACTS_PER_CALL + " files per call, got " + specs.size(),
          List.of(),
          null);
    }
    Path root = workspaceRoot.toAbsolutePath().normalize();
    FileIdentities own = new FileIdentities(store.ownFiles());
    List<ArtifactSpec> clean = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    for (ArtifactSpec spec : specs) {
      String path = checkedPath(spec.filePath());
      String title = spec.title() == null ? null : title(spec.title(), "artifact.text", null);
      text(spec.description(), "description", MAX_TEXT, "artifact.text", null);
      InputRules.transcript(spec.sourceTranscript(), false, null);
      text(spec.sourceTranscript(), "source_transcript", MAX_TEXT, "artifact.text", null);
      if (spec.type() != null && !ARTIFACT_TYPES.contains(spec.type())) {
        throw new RefusedException(
            "artifact.type",
            RefusedException.quoted(spec.type()) + " is not an artifact type (" + path + ")",
            ARTIFACT_TYPES,
            null);
      }
      clean.add(
          new ArtifactSpec(
              path,
              title,
              spec.description(),
              spec.type(),
              spec.typeGuessed(),
              spec.sourceTranscript()));
    }
    refuseCompiledPages(clean);
    for (ArtifactSpec spec : clean) {
      hashes.add(hash(root, spec.filePath(), own));
    }
    // Nothing to record (a re-import of unchanged files): answer from a read, so the database file
    // is not written at all.
    List<ArtifactRegistration> unchanged =
        store.read(
            () -> {
              List<ArtifactRegistration> out = new ArrayList<>();
              for (int i = 0; i < clean.size(); i++) {
                Optional<Artifact> existing = store.artifactByPath(clean.get(i).filePath());
                if (existing.isEmpty() || !unchanged(existing.get(), clean.get(i), hashes.get(i))) {
                  return null;
                }
                out.add(
                    new ArtifactRegistration(
                        existing.get(), ArtifactRegistration.Outcome.UNCHANGED));
              }
              return out;
            });
    if (unchanged != null) {
      return unchanged;
    }
    return write(
        null,
        () -> {
          List<ArtifactRegistration> out = new ArrayList<>();
          for (int i = 0; i < clean.size(); i++) {
            out.add(record(clean.get(i), hashes.get(i)));
          }
          return out;
        });
  }

  /** Same content, and no type named by a person that differs from the recorded one. */
  private static boolean unchanged(Artifact old, ArtifactSpec spec, String hash) {
    return hash.equals(old.contentHash())
        && (spec.typeGuessed() || spec.type() == null || spec.type().equals(old.type()));
  }

  private ArtifactRegistration record(ArtifactSpec spec, String hash) {
    Optional<Artifact> existing = store.artifactByPath(spec.filePath());
    if (existing.isEmpty()) {
      String title =
          spec.title() != null
              ? spec.title()
              : spec.filePath().substring(spec.filePath().lastIndexOf('/') + 1);
      long id =
          store.insertArtifact(
              new ArtifactSpec(
                  spec.filePath(),
                  title,
                  spec.description(),
                  spec.type(),
                  spec.typeGuessed(),
                  spec.sourceTranscript()),
              hash);
      return new ArtifactRegistration(
          store.artifact(id).orElseThrow(), ArtifactRegistration.Outcome.ADDED);
    }
    Artifact old = existing.get();
    boolean typeReplaces = spec.type() != null && (!spec.typeGuessed() || old.type() == null);
    String type = typeReplaces ? spec.type() : old.type();
    Artifact updated;
    if (hash.equals(old.contentHash())) {
      if (unchanged(old, spec, hash)) {
        return new ArtifactRegistration(old, ArtifactRegistration.Outcome.UNCHANGED);
      }
      updated =
          new Artifact(
              old.id(),
              old.title(),
              old.description(),
              old.filePath(),
              spec.type(),
              old.contentHash(),
              old.sourceTranscript(),
              old.createdAt(),
              old.updatedAt());
    } else {
      updated =
          new Artifact(
              old.id(),
              spec.title() != null ? spec.title() : old.title(),
              spec.description(),
              old.filePath(),
              type,
              hash,
              spec.sourceTranscript() != null ? spec.sourceTranscript() : old.sourceTranscript(),
              old.createdAt(),
              old.updatedAt());
    }
    store.updateArtifact(updated);
    return new ArtifactRegistration(
        store.artifact(old.id()).orElseThrow(), ArtifactRegistration.Outcome.UPDATED);
  }

  ArtifactRegistration rehashArtifact(Path workspaceRoot, long artifactId) {
    return rehashArtifacts(workspaceRoot, List.of(artifactId)).get(0);
  }

  List<ArtifactRegistration> rehashArtifacts(Path workspaceRoot, List<Long> artifactIds) {
    if (artifactIds.size() > MAX_ARTIFACTS_PER_CALL) {
      throw new RefusedException(
          "input",
          "at most " + MAX_ARTIFACTS_PER_CALL + " artifacts per call, got " + artifactIds.size(),
          List.of(),
          null);
    }
    Path root = workspaceRoot.toAbsolutePath().normalize();
    FileIdentities own = new FileIdentities(store.ownFiles());
    // Files are hashed before the write transaction, so a slow disk never holds the write lock.
    List<String> hashes = new ArrayList<>();
    boolean anyChanged = false;
    List<ArtifactRegistration> unchanged = new ArrayList<>();
    for (long id : artifactIds) {
      EntityRef ref = EntityRef.artifact(id);
      Artifact a = getArtifact(id);
      if (a.filePath() == null) {
        throw new RefusedException(
            "artifact.path",
            ref.words() + " has no file_path; there is no file to hash",
            List.of(),
            ref);
      }
      String hash = hash(root, checkedPath(a.filePath()), own);
      hashes.add(hash);
      anyChanged |= !hash.equals(a.contentHash());
      unchanged.add(new ArtifactRegistration(a, ArtifactRegistration.Outcome.UNCHANGED));
    }
    if (!anyChanged) {
      return unchanged;
    }
    return write(
        null,
        () -> {
          List<ArtifactRegistration> out = new ArrayList<>();
          for (int i = 0; i < artifactIds.size(); i++) {
            long id = artifactIds.get(i);
            String hash = hashes.get(i);
            Artifact now = store.artifact(id).orElseThrow(() -> notFound(EntityRef.artifact(id)));
            if (hash.equals(now.contentHash())) {
              out.add(new ArtifactRegistration(now, ArtifactRegistration.Outcome.UNCHANGED));
              continue;
            }
            store.updateArtifact(
                new Artifact(
                    now.id(),
                    now.title(),
                    now.description(),
                    now.filePath(),
                    now.type(),
                    hash,
                    now.sourceTranscript(),
                    now.createdAt(),
                    now.updatedAt()));
            out.add(
                new ArtifactRegistration(
                    store.artifact(id).orElseThrow(), ArtifactRegistration.Outcome.UPDATED));
          }
          return out;
        });
  }

  /**
   * Refuses a path the compile record names: mlos rewrites such a page with every compile, so as an
   * artifact it would drift at once and fail every guard after (and an artifact is never removed).
   * One read for all paths, before any file is hashed.
   */
  private void refuseCompiledPages(List<ArtifactSpec> specs) {
    List<String> paths = specs.stream().map(ArtifactSpec::filePath).toList();
    java.util.Map<String, List<String>> compiled = store.read(() -> store.compiledAs(paths));
    if (!compiled.isEmpty()) {
      java.util.Map.Entry<String, List<String>> first = compiled.entrySet().iterator().next();
      throw compiledPage(
          RefusedException.quoted(first.getKey())
              + " is a page mlos compiles ("
              + String.join(", ", first.getValue())
              + ")");
    }
  }

  private static RefusedException compiledPage(String what) {
    return new RefusedException(
        "artifact.path",
        what
            + ": mlos rewrites it from the database with every compile, so it cannot be an"
            + " artifact (register the files your work produces; a compiled page's content is"
            + " changed in the database)",
        List.of(),
        null);
  }

  /** Whether a markdown file's front matter says mlos compiled it, as the import's skip does. */
  private static boolean looksCompiled(Path file, BasicFileAttributes attributes) {
    if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md")
        || attributes.size() > MAX_COMPILED_BYTES) {
      return false;
    }
    return CompiledFile.saysCompiled(file);
  }

  private static String checkedPath(String filePath) {
    try {
      return WorkspacePath.of(filePath).value();
    } catch (InvalidPathException e) {
      throw new RefusedException("artifact.path", e.getMessage(), List.of(), null);
    }
  }

  /**
   * Registered, a file in mlos's state directory would drift with the next compile or guard: never
   * reviewable.
   */
  private static RefusedException inStateDirectory(String path) {
    return new RefusedException(
        "artifact.path",
        RefusedException.quoted(path)
            + " is in mlos's own state directory ("
            + WorkspaceConfig.DEFAULT_STATE_DIRECTORY
            + "): mlos rewrites what it keeps there (compile records, guard reports, copies of"
            + " replaced edits), so it cannot be an artifact (register the files your work"
            + " produces)",
        List.of(),
        null);
  }

  /** Whether {@code file}, links followed, is in the workspace's state directory. */
  private static boolean inStateDirectory(Path root, Path file) {
    try {
      Path state = root.resolve(WorkspaceConfig.DEFAULT_STATE_DIRECTORY);
      return Files.isDirectory(state) && file.toRealPath().startsWith(state.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private static String hash(Path root, String path, FileIdentities own) {
    if (path.toLowerCase(Locale.ROOT).startsWith(WorkspaceConfig.DEFAULT_STATE_DIRECTORY + "/")) {
      throw inStateDirectory(path);
    }
    Path file;
    try {
      file = WorkspacePath.of(path).resolveIn(root);
    } catch (InvalidPathException e) {
      throw new RefusedException("artifact.path", e.getMessage(), List.of(), null);
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      attributes = null;
    }
    if (attributes == null || !attributes.isRegularFile()) {
      throw new RefusedException(
          "artifact.file",
          RefusedException.quoted(path)
              + " is not a file under the workspace "
              + root
              + (attributes != null
                  ? " (it is a directory or special file)"
                  : " (it does not exist; a path is relative to the workspace root, not to the"
                      + " current directory)"),
          List.of(),
          null);
    }
    if (inStateDirectory(root, file)) {
      // Reached through a link (st -> target/mlos): the same directory under another name.
      throw inStateDirectory(path);
    }
    if (own.contains(file, attributes)) {
      throw new RefusedException(
          "artifact.path",
          RefusedException.quoted(path)
              + " is the workspace's database, one of its journals or its text form: mlos"
              + " rewrites it with every change, so it cannot be an artifact (register the files"
              + " your work produces)",
          List.of(),
          null);
    }
    if (looksCompiled(file, attributes)) {
      throw compiledPage(
          RefusedException.quoted(path)
              + " is a compiled page (compiled_at in its front matter), a copy of one or one"
              + " the compile wrote");
    }
    try {
      String hash = Sha256.ofFile(file);
      // The path was checked before it was read: a link swapped in meanwhile must not get a file
      // outside the workspace recorded, so where the file really is is checked again after reading.
      Path realRoot = root.toRealPath();
      if (!file.toRealPath().startsWith(realRoot)) {
        throw new RefusedException(
            "artifact.path",
            RefusedException.quoted(path)
                + " leads outside the workspace "
                + root
                + " (it changed while it was read)",
            List.of(),
            null);
      }
      return hash;
    } catch (IOException e) {
      throw new RefusedException(
          "artifact.file",
          RefusedException.quoted(path) + " cannot be read: " + e.getMessage(),
          List.of(),
          null);
    }
  }
}
