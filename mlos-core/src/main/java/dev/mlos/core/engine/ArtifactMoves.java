package dev.mlos.core.engine;

import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;
import dev.mlos.core.path.FileIdentities;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.Optional;

/**
 * Moving a registered artifact to its file's new path (after {@code git mv docs/a.md docs/b.md}),
 * keeping its id, its edges and its history: the one operation that changes an artifact's {@code
 * file_path}. Beside {@link Engine}, which has no room for it, and reached through it.
 *
 * <p>The new path passes the checks a registration makes ({@link Engine#registerArtifact}): a
 * {@link dev.mlos.core.path.WorkspacePath} inside the workspace, no link leading out of it and not
 * reached through one, not the database or a file mlos or git rewrites, not a compiled page, a
 * regular file that exists, a name every clone can check out, and no other artifact's path (nor one
 * that differs from it only in case or Unicode form). The file is hashed before the write
 * transaction; the path is written in one transaction, which the schema's triggers on {@code
 * file_path} check again and record in history (and in the change log, for the compile).
 *
 * <p>A file that differs from what the artifact recorded (moved and edited) is moved all the same,
 * with its recorded hash kept: a move says where the file is, not that its new content was
 * reviewed, so the guard reports the change ({@code ARTIFACT_DRIFT}) until it is reviewed and
 * recorded with {@link Engine#rehashArtifact}. {@link ArtifactMoved#contentDiffers} says so. An
 * artifact with no recorded hash (a row written with SQL) takes the file's.
 */
public final class ArtifactMoves extends EngineOperations {
  private ArtifactMoves(StateStore store, Actor actor) {
    super(store, actor);
  }

  /**
   * Moves artifact {@code artifactId} to {@code newPath} (relative to the workspace root). Moving
   * it to the path it has writes nothing ({@link ArtifactMoved#changed} false).
   *
   * @param places the workspace root and its state directory, as the workspace's configuration says
   * @throws RefusedException {@code not_found}, {@code artifact.path} (the path rules, another
   *     artifact's path), {@code artifact.file} (missing, a directory, not a regular file,
   *     unreadable)
   */
  public static ArtifactMoved move(
      Engine engine, ArtifactPlaces places, long artifactId, String newPath) {
    return new ArtifactMoves(engine.store, engine.actor()).move(places, artifactId, newPath);
  }

  private ArtifactMoved move(ArtifactPlaces places, long id, String newPath) {
    EntityRef ref = EntityRef.artifact(id);
    Artifact before = store.read(() -> store.artifact(id)).orElseThrow(() -> missingRow(ref));
    String path;
    ArtifactFiles.Hashed hashed;
    ArtifactFiles files = new ArtifactFiles(places, new FileIdentities(store.ownFiles()));
    try {
      path = ArtifactOperations.checkedPath(newPath, places.root());
      new ArtifactOperations(store, actor).refuseCompiledPages(List.of(ArtifactSpec.of(path)));
      hashed = files.hash(path);
    } catch (RefusedException e) {
      throw asMove(e, before, newPath, places);
    }
    if (!hashed.realPath().equals(path)) {
      RefusedException e = files.notItsRealPath(path, hashed.realPath());
      throw new RefusedException(
          e.rule(),
          e.getMessage(),
          List.of(),
          ref,
          "move it to the path the file really has, " + RefusedException.quoted(hashed.realPath()));
    }
    return write(
        null,
        () -> {
          Artifact now = store.artifact(id).orElseThrow(() -> missing(ref));
          if (path.equals(now.filePath())) {
            return new ArtifactMoved(now, now.filePath(), false, hashed.hash());
          }
          Optional<Artifact> other = store.artifactByPath(path);
          if (other.isEmpty()) {
            // In the write, so two clients cannot move two artifacts to one file at once.
            Artifact same = store.artifactsOfSameFile(List.of(path)).get(path);
            other = same == null || same.id() == id ? Optional.empty() : Optional.of(same);
          }
          if (other.isPresent()) {
            throw anotherArtifact(now, path, other.get());
          }
          store.moveArtifact(
              id, path, now.contentHash() == null ? hashed.hash() : now.contentHash());
          return new ArtifactMoved(
              store.artifact(id).orElseThrow(), now.filePath(), true, hashed.hash());
        });
  }

  private RefusedException missingRow(EntityRef ref) {
    return store.read(() -> missing(ref));
  }

  private static RefusedException anotherArtifact(Artifact moved, String path, Artifact other) {
    boolean exact = path.equals(other.filePath());
    return (RefusedException)
        new RefusedException(
                "artifact.path",
                "artifact "
                    + moved.id()
                    + " cannot move to "
                    + RefusedException.quoted(path)
                    + (exact
                        ? ": it is artifact " + other.id() + "'s path"
                        : ": it differs from artifact "
                            + other.id()
                            + "'s path "
                            + RefusedException.quoted(other.filePath())
                            + " only in case or Unicode form, one file on macOS and Windows")
                    + "; one file is one artifact",
                List.of(),
                moved.ref(),
                "if artifact "
                    + other.id()
                    + " is this file registered again after the move (an import), unregister it"
                    + " with {0} (its own edges go with it), then move artifact "
                    + moved.id()
                    + " again; else give the path of the file artifact "
                    + moved.id()
                    + " stands for")
            .suggesting(Remedy.removeArtifact(other.id()));
  }

  /**
   * A refusal of the path checks registration shares, with a fix for a move: theirs says to
   * register or import a file, which here would make a second artifact, without this one's edges.
   */
  private static RefusedException asMove(
      RefusedException e, Artifact moved, String newPath, ArtifactPlaces places) {
    if (!"artifact.path".equals(e.rule()) && !"artifact.file".equals(e.rule())) {
      return e;
    }
    String fix = e.fixTemplate();
    if (fix != null && !fix.contains("register") && !fix.contains("{0}")) {
      return e; // its own way out (remove a link, rename a name Windows refuses) holds for a move
    }
    boolean absent;
    try {
      absent = !Files.exists(places.root().resolve(newPath), LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.InvalidPathException notAPath) {
      absent = false;
    }
    String from = moved.filePath() == null ? "<old path>" : moved.filePath();
    String instead;
    if (fix != null && fix.startsWith("register it as ")) {
      // The path as it was meant (a space copied with it, './' before it).
      instead = "move it to " + fix.substring("register it as ".length());
    } else if (fix != null && fix.startsWith("rename the file (or directory) to a name Windows")) {
      instead = fix.replace("then register the new path", "then move the artifact to it");
    } else {
      instead = null;
    }
    return new RefusedException(
        e.rule(),
        // '/w/docs/b.md' is absolute ... (register it as 'docs/b.md', its path ...)
        e.getMessage().replace(" (register it as ", " (move it to "),
        List.of(),
        moved.ref(),
        instead != null
            ? instead
            : absent && "artifact.file".equals(e.rule())
                ? "move the file first ("
                    + RemedyWording.code(
                        "git mv "
                            + RemedyWording.shellWord(from)
                            + " "
                            + RemedyWording.shellWord(newPath))
                    + "), then move the artifact; or give the path the file has now, relative to the"
                    + " workspace root"
                : "give the path of the regular file artifact "
                    + moved.id()
                    + " stands for now, relative to the workspace root: a file of your work, not one"
                    + " mlos or git writes itself");
  }
}
