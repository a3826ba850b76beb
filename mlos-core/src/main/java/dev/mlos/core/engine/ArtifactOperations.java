package dev.mlos.core.engine;

import static dev.mlos.core.engine.Engine.ARTIFACT_TYPES;
import static dev.mlos.core.engine.Engine.MAX_ARTIFACTS_PER_CALL;
import static dev.mlos.core.engine.InputRules.MAX_TEXT;
import static dev.mlos.core.engine.InputRules.text;
import static dev.mlos.core.engine.InputRules.title;

import dev.mlos.core.Remedy;
import dev.mlos.core.path.FileIdentities;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.PathKey;
import dev.mlos.core.path.PortableName;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Registering artifacts and recording their content hashes. Reached through {@link Engine}, which
 * documents each operation.
 */
final class ArtifactOperations extends EngineOperations {
  ArtifactOperations(StateStore store, Actor actor) {
    super(store, actor);
  }

  Artifact getArtifact(long artifactId) {
    return store.read(
        () ->
            store.artifact(artifactId).orElseThrow(() -> missing(EntityRef.artifact(artifactId))));
  }

  ArtifactRemoval removeArtifact(long artifactId) {
    return write(
        null,
        () -> {
          Artifact a =
              store.artifact(artifactId).orElseThrow(() -> missing(EntityRef.artifact(artifactId)));
          List<Edge> edges = store.edgesOf(EntityRef.artifact(artifactId));
          store.deleteArtifact(artifactId);
          return new ArtifactRemoval(a, edges);
        });
  }

  Written<Artifact> updateArtifact(long artifactId, ArtifactChange change) {
    EntityRef ref = EntityRef.artifact(artifactId);
    if (change.isEmpty()) {
      throw new RefusedException(
          "input",
          ref.words() + ": nothing to change",
          List.of(),
          ref,
          "give a title, a description or a type");
    }
    if (change.clearDescription() && change.description() != null) {
      throw new RefusedException(
          "input",
          ref.words() + ": a new description and clearing it contradict each other",
          List.of(),
          ref,
          "give the new description, or clear it, not both");
    }
    String title =
        change.title() == null
            ? null
            : title(change.title(), "artifact.text", ref, "artifact title");
    text(change.description(), "description", MAX_TEXT, "artifact.text", ref);
    blankDescription(change.description(), ref);
    if (change.type() != null && !ARTIFACT_TYPES.contains(change.type())) {
      throw new RefusedException(
          "artifact.type",
          RefusedException.quoted(change.type()) + " is not an artifact type (" + ref.words() + ")",
          ARTIFACT_TYPES,
          ref);
    }
    return write(
        null,
        () -> {
          Artifact old = store.artifact(artifactId).orElseThrow(() -> missing(ref));
          Artifact updated =
              new Artifact(
                  old.id(),
                  title != null ? title.strip() : old.title(),
                  change.clearDescription()
                      ? null
                      : change.description() != null ? change.description() : old.description(),
                  old.filePath(),
                  change.type() != null ? change.type() : old.type(),
                  old.contentHash(),
                  old.sourceTranscript(),
                  old.createdAt(),
                  old.updatedAt());
          if (updated.equals(old)) {
            return new Written<>(old, false);
          }
          store.updateArtifact(updated);
          return new Written<>(store.artifact(artifactId).orElseThrow(), true);
        });
  }

  /**
   * Refuses an empty or blank description: it was stored as one (MCP's schema refuses it), where
   * leaving it out (a registration, {@code ref} null) or clearing it (an update) is what is meant.
   */
  private static void blankDescription(String description, EntityRef ref) {
    if (description != null && description.isBlank()) {
      throw new RefusedException(
          "input",
          (ref == null ? "" : ref.words() + ": ") + "the description is empty",
          List.of(),
          ref,
          ref == null
              ? "give the text, or leave it out"
              : "give the text, or clear description to remove the one recorded");
    }
  }

  /**
   * The title of a new artifact registered without one: its file's name. The path rule lets a name
   * hold a line or paragraph separator, a bidirectional control or U+FEFF, which the title rule
   * (and the database, since schema V11) refuses, or be white space only, which the title rule (and
   * the database, since schema V13) refuses as blank, or show nothing (a zero-width space alone,
   * which V19 refuses): refused here with the engine's words.
   */
  /** The fix of a file name that cannot be the artifact's title: the title it stands in for. */
  private static final String TITLE_FIX = "give the artifact a title, on one line";

  private static String nameAsTitle(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.isBlank()) {
      throw new RefusedException(
          "artifact.text",
          "artifact title, taken from the file name of "
              + RefusedException.quoted(path)
              + " when none is given, must not be blank; the name is white space only",
          List.of(),
          null,
          TITLE_FIX);
    }
    if (dev.mlos.core.InvisibleText.showsNothing(name)) {
      // Schema mlos V19 refuses such a title: its words named neither the file nor the character.
      throw new RefusedException(
          "artifact.text",
          "artifact title, taken from the file name of "
              + RefusedException.quoted(path)
              + " when none is given, must show some text; the name holds only spaces or invisible"
              + " characters (the first is "
              + dev.mlos.core.InvisibleText.describeFirst(name)
              + ")",
          List.of(),
          null,
          TITLE_FIX);
    }
    int control = InputRules.firstControl(name);
    if (control >= 0) {
      throw new RefusedException(
          "artifact.text",
          "artifact title, taken from the file name of "
              + RefusedException.quoted(path)
              + " when none is given, must be one line; it contains a control character ("
              + InputRules.describeControl(control)
              + ")",
          List.of(),
          null,
          TITLE_FIX);
    }
    return name;
  }

  ArtifactRegistration registerArtifact(ArtifactPlaces places, ArtifactSpec spec) {
    return registerArtifacts(places, List.of(spec)).get(0);
  }

  List<ArtifactRegistration> registerArtifacts(ArtifactPlaces places, List<ArtifactSpec> specs) {
    if (specs.size() > MAX_ARTIFACTS_PER_CALL) {
      throw new RefusedException(
          "input",
          "at most " + MAX_ARTIFACTS_PER_CALL + " files per call, got " + specs.size(),
          List.of(),
          null,
          "register them in calls of at most " + MAX_ARTIFACTS_PER_CALL + " files");
    }
    ArtifactFiles files = new ArtifactFiles(places, new FileIdentities(store.ownFiles()));
    List<ArtifactSpec> clean = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    for (ArtifactSpec spec : specs) {
      String path = checkedPath(spec.filePath(), places.root());
      String title =
          spec.title() == null
              ? null
              : title(spec.title(), "artifact.text", null, "artifact title");
      text(spec.description(), "description", MAX_TEXT, "artifact.text", null);
      blankDescription(spec.description(), null);
      InputRules.transcript(spec.sourceTranscript(), false, null);
      InputRules.transcriptText(
          spec.sourceTranscript(), "source_transcript", "artifact.text", null);
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
              spec.sourceTranscript(),
              spec.descriptionFromFile()));
    }
    refuseCompiledPages(clean);
    refuseOneFileTwice(clean);
    List<String> throughLinks = new ArrayList<>();
    List<String> realPaths = new ArrayList<>();
    for (ArtifactSpec spec : clean) {
      ArtifactFiles.Hashed hashed = files.hash(spec.filePath());
      hashes.add(hashed.hash());
      if (!hashed.realPath().equals(spec.filePath())) {
        throughLinks.add(spec.filePath());
        realPaths.add(hashed.realPath());
      }
    }
    refuseSecondPaths(files, throughLinks, realPaths);
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
          // In the write, so two clients cannot add two spellings of one file at once.
          Map<String, Artifact> sameFile =
              store.artifactsOfSameFile(clean.stream().map(ArtifactSpec::filePath).toList());
          List<ArtifactRegistration> out = new ArrayList<>();
          for (int i = 0; i < clean.size(); i++) {
            Artifact other = sameFile.get(clean.get(i).filePath());
            if (other != null) {
              throw oneFileTwice(clean.get(i).filePath(), other);
            }
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
      String title = spec.title() != null ? spec.title() : nameAsTitle(spec.filePath());
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
              // Kept unless given, or unless the file itself now says none (an import): an agent
              // recording its changed file over MCP (register_artifact, no rehash tool) lost the
              // description a person wrote.
              spec.description() != null || spec.descriptionFromFile()
                  ? spec.description()
                  : old.description(),
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

  ArtifactRegistration rehashArtifact(ArtifactPlaces places, long artifactId) {
    return rehashArtifacts(places, List.of(artifactId)).get(0);
  }

  List<ArtifactRegistration> rehashArtifacts(ArtifactPlaces places, List<Long> artifactIds) {
    if (artifactIds.size() > MAX_ARTIFACTS_PER_CALL) {
      throw new RefusedException(
          "input",
          "at most " + MAX_ARTIFACTS_PER_CALL + " artifacts per call, got " + artifactIds.size(),
          List.of(),
          null,
          "re-hash them in calls of at most " + MAX_ARTIFACTS_PER_CALL + " artifacts");
    }
    ArtifactFiles files = new ArtifactFiles(places, new FileIdentities(store.ownFiles()));
    // Files are hashed before the write transaction, so a slow disk never holds the write lock.
    List<String> hashes = new ArrayList<>();
    boolean anyChanged = false;
    List<ArtifactRegistration> unchanged = new ArrayList<>();
    List<String> throughLinks = new ArrayList<>();
    List<String> realPaths = new ArrayList<>();
    for (long id : artifactIds) {
      EntityRef ref = EntityRef.artifact(id);
      Artifact a = getArtifact(id);
      if (a.filePath() == null) {
        // Only a row written without the engine (raw SQL, an adopted table) has none: no
        // operation gives an artifact a path after it is registered.
        throw new RefusedException(
                "artifact.path",
                ref.words() + " has no file_path; there is no file to hash",
                List.of(),
                ref,
                "register the file it stands for by its path relative to the workspace root (a"
                    + " new artifact, hashed as it is registered); then remove this one with {0}")
            .suggesting(Remedy.removeArtifact(id));
      }
      // A row registered through a link before such paths were refused keeps being re-hashed.
      ArtifactFiles.Hashed hashed = files.hash(checkedPath(a.filePath(), null));
      if (!hashed.realPath().equals(a.filePath())) {
        throughLinks.add(a.filePath());
        realPaths.add(hashed.realPath());
      }
      String hash = hashed.hash();
      hashes.add(hash);
      anyChanged |= !hash.equals(a.contentHash());
      unchanged.add(new ArtifactRegistration(a, ArtifactRegistration.Outcome.UNCHANGED));
    }
    refuseSecondPaths(files, throughLinks, realPaths);
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
            Artifact now = store.artifact(id).orElseThrow(() -> missing(EntityRef.artifact(id)));
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
   * Refuses a path that reaches its file through a link, unless it is registered already (a row
   * from before this rule is recorded again rather than left stuck: an artifact is never removed)
   * and its real path is no other artifact: a registered file replaced by a link to another
   * registered one (b.md -> a.md) would otherwise record a.md's hash twice, one file as two
   * artifacts.
   */
  private void refuseSecondPaths(
      ArtifactFiles files, List<String> throughLinks, List<String> realPaths) {
    if (throughLinks.isEmpty()) {
      return;
    }
    RefusedException refusal =
        store.read(
            () -> {
              for (int i = 0; i < throughLinks.size(); i++) {
                Optional<Artifact> own = store.artifactByPath(throughLinks.get(i));
                if (own.isEmpty()) {
                  return files.notItsRealPath(throughLinks.get(i), realPaths.get(i));
                }
                Optional<Artifact> other = store.artifactByPath(realPaths.get(i));
                if (other.isPresent()) {
                  return files.alreadyAnArtifact(
                      throughLinks.get(i), realPaths.get(i), own.get().id(), other.get().id());
                }
              }
              return null;
            });
    if (refusal != null) {
      throw refusal;
    }
  }

  /**
   * Refuses a path the compile record names: mlos rewrites such a page with every compile, so as an
   * artifact it would drift at once and fail every guard after (and an artifact is never removed).
   * One read for all paths, before any file is hashed.
   */
  void refuseCompiledPages(List<ArtifactSpec> specs) {
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

  /**
   * Refuses two paths of one call that differ only in case or Unicode form ({@link PathKey}): on
   * macOS and Windows they are one file (a clone keeps one of them), so as two artifacts one of
   * them would drift at every guard there.
   */
  private static void refuseOneFileTwice(List<ArtifactSpec> specs) {
    if (specs.size() < 2) {
      return;
    }
    Map<String, String> byKey = new HashMap<>();
    for (ArtifactSpec spec : specs) {
      String first = byKey.putIfAbsent(PathKey.of(spec.filePath()), spec.filePath());
      if (first != null && !first.equals(spec.filePath())) {
        throw new RefusedException(
            "artifact.path",
            RefusedException.quoted(first)
                + " and "
                + RefusedException.quoted(spec.filePath())
                + differOnlyIn(first, spec.filePath())
                + oneFile(),
            List.of(),
            null,
            "rename one of the two files, or leave one out");
      }
    }
  }

  /**
   * A path not registered whose file is where names ignore case or Unicode form an artifact's: the
   * way out is that artifact's path, or (the file renamed since) that artifact moved.
   */
  private static RefusedException oneFileTwice(String path, Artifact other) {
    return (RefusedException)
        new RefusedException(
                "artifact.path",
                RefusedException.quoted(path)
                    + " and artifact "
                    + other.id()
                    + "'s path "
                    + RefusedException.quoted(other.filePath())
                    + differOnlyIn(path, other.filePath())
                    + oneFile(),
                List.of(),
                EntityRef.artifact(other.id()),
                "register it as "
                    + RefusedException.quoted(other.filePath())
                    + "; if the file was renamed, move artifact "
                    + other.id()
                    + " to its new path instead (its edges stay): {0}")
            .suggesting(Remedy.moveArtifact(other.id()));
  }

  private static String differOnlyIn(String a, String b) {
    boolean form = PathKey.composed(a).equals(PathKey.composed(b));
    boolean caseOnly = a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    return " differ only in "
        + (form
            ? "Unicode form (a composed accent, and a letter with a combining one)"
            : caseOnly ? "case" : "case and Unicode form");
  }

  private static String oneFile() {
    return ": where names ignore case or Unicode form (macOS, Windows) they are one file, so two"
        + " artifacts there would be one file, and one of them would drift at every guard";
  }

  /**
   * The fix of a file mlos or git rewrites itself (the database, its state directory, git's own, a
   * compiled page): it cannot be an artifact, whatever is done to it.
   */
  static final String OWN_FILE_FIX = "register the files your work produces instead";

  static RefusedException compiledPage(String what) {
    return new RefusedException(
        "artifact.path",
        what
            + ": mlos rewrites it from the database with every compile, so it cannot be an"
            + " artifact",
        List.of(),
        null,
        OWN_FILE_FIX + "; a compiled page's content is changed in the database");
  }

  /** {@code root}: the workspace root, for the path to write instead; null for a recorded path. */
  static String checkedPath(String filePath, Path root) {
    String path;
    try {
      path = WorkspacePath.of(filePath).value();
    } catch (InvalidPathException e) {
      ArtifactFiles.Instead instead =
          root == null ? ArtifactFiles.Instead.NONE : ArtifactFiles.asWritten(filePath, root);
      // The path to write instead, or to copy the file in, when the path was written as the file
      // system names the file; a directory's import.
      throw instead.refusal(e.getMessage(), ARTIFACT_PATH_FIX);
    }
    RefusedException stray = root == null ? null : StrayWhitespace.refusalOrNull(path, root);
    if (stray != null) {
      throw stray;
    }
    // A new path only: a row stored before the rule keeps being re-hashed by its id.
    String problem = root == null ? null : PortableName.problemWith(path);
    if (problem != null) {
      throw new RefusedException(
          "artifact.path",
          RefusedException.quoted(path) + " is not " + PortableName.RULE + ": " + problem,
          List.of(),
          null,
          PortableName.fix(path));
    }
    return path;
  }

  /** What an artifact's path must be, for a path that is not one. */
  static final String ARTIFACT_PATH_FIX =
      "pass the file's path relative to the workspace root, inside the workspace, with '/'"
          + " separators and no '.' or '..' segment, for example 'docs/spec.md'; a file outside"
          + " the workspace cannot be an artifact (copy it in first)";
}
