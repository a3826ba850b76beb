package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.GitCheckout;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.PathKey;
import dev.mlos.core.path.PortableName;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The guard's phase for registered artifacts: every {@code artifacts} row with a {@code file_path}
 * (relative to the workspace root) must exist ({@link ViolationClass#ARTIFACT_MISSING}) and, when
 * it has a {@code content_hash}, hash the same ({@link ViolationClass#ARTIFACT_DRIFT}).
 */
final class ArtifactChecks {
  /** What checking an artifact found, and the unknown-file violation when the same file is one. */
  record Result(CheckedFile file, Violation unknown) {}

  private final GuardRun run;

  /** Checks an artifact that is also an unknown candidate. */
  private final UnknownFiles unknownFiles;

  /** The database's own files, none of which can be an artifact (read once, not per artifact). */
  private final dev.mlos.core.path.FileIdentities databaseFiles;

  /**
   * For an artifact whose path differs from another's only in case or Unicode form (registered
   * before registration refused a second spelling), that other artifact: where names ignore case
   * (macOS, Windows) the two are one file, and one of them drifts at every guard there.
   */
  private final java.util.Map<Long, GuardRecords.ArtifactRow> sameFile;

  ArtifactChecks(GuardRun run, UnknownFiles unknownFiles) {
    this.run = run;
    this.unknownFiles = unknownFiles;
    this.databaseFiles =
        new dev.mlos.core.path.FileIdentities(
            dev.mlos.core.dbtext.DatabaseText.filesOf(run.config.database()));
    this.sameFile = sameFile(run.artifacts);
  }

  private static java.util.Map<Long, GuardRecords.ArtifactRow> sameFile(
      List<GuardRecords.ArtifactRow> artifacts) {
    java.util.Map<String, List<GuardRecords.ArtifactRow>> byKey = new java.util.HashMap<>();
    for (GuardRecords.ArtifactRow a : artifacts) {
      if (a.filePath() != null) {
        byKey.computeIfAbsent(PathKey.of(a.filePath()), k -> new ArrayList<>(1)).add(a);
      }
    }
    // Each row of a group is paired with the first row (lowest id) spelled otherwise: the group's
    // first row, or for the rows spelled as it is, the first that is not. A row paired with an
    // earlier one is reported (sameFileElsewhere), each once. Rows at the very same path (raw SQL
    // allows it) are one file on every machine, and not paired.
    java.util.Map<Long, GuardRecords.ArtifactRow> twins = new java.util.HashMap<>();
    for (List<GuardRecords.ArtifactRow> rows : byKey.values()) {
      if (rows.size() < 2) {
        continue;
      }
      rows.sort(java.util.Comparator.comparingLong(GuardRecords.ArtifactRow::id));
      GuardRecords.ArtifactRow first = rows.get(0);
      GuardRecords.ArtifactRow otherwise =
          rows.stream()
              .filter(r -> !r.filePath().equals(first.filePath()))
              .findFirst()
              .orElse(null);
      for (GuardRecords.ArtifactRow a : rows) {
        GuardRecords.ArtifactRow twin = a.filePath().equals(first.filePath()) ? otherwise : first;
        if (twin != null) {
          twins.put(a.id(), twin);
        }
      }
    }
    return twins;
  }

  /**
   * A second artifact at a path that differs from an earlier one's only in case or Unicode form
   * (registered before schema V18, or through raw SQL, which compares Unicode paths exactly): on
   * macOS and Windows the two are one file, so a clone there holds one file for both and one of
   * them drifts at every guard. Reported on every machine, so CI on Linux says it first.
   */
  private static Violation sameFileElsewhere(
      GuardRecords.ArtifactRow a, GuardRecords.ArtifactRow first) {
    return new Violation(
        ViolationClass.ARTIFACT_MISSING,
        a.filePath(),
        0,
        "artifact "
            + a.id()
            + " is registered at '"
            + a.filePath()
            + "' and artifact "
            + first.id()
            + " at '"
            + first.filePath()
            + "': the paths differ only in case or Unicode form, so a clone on macOS or Windows"
            + " holds one file for both (git checks one out over the other)",
        "",
        "if they are two files, rename this one to a name that differs in more than case ("
            + dev.mlos.core.RemedyWording.code(
                "git mv " + dev.mlos.core.RemedyWording.shellWord(a.filePath()) + " <new name>")
            + "), then record its new path with {1}, which keeps its id and edges; if they are one"
            + " file, unregister this one with {0}",
        List.of(Remedy.removeArtifact(a.id()), Remedy.moveArtifact(a.id())));
  }

  /**
   * An artifact at a name Windows refuses ({@link PortableName}): git for Windows cannot check the
   * repository out, so the file is missing for every teammate there, and the clone fails.
   */
  private static Violation notPortable(long id, String path, String problem) {
    return new Violation(
        ViolationClass.ARTIFACT_MISSING,
        path,
        0,
        "artifact "
            + id
            + " is registered at '"
            + path
            + "', which a clone on Windows cannot check out ("
            + problem
            + "): git there fails for the whole repository",
        "",
        "rename the file to a name Windows accepts too ("
            + dev.mlos.core.RemedyWording.code(
                "git mv " + dev.mlos.core.RemedyWording.shellWord(path) + " <new name>")
            + "), then record its new path with {0}, which keeps its id and edges",
        List.of(Remedy.moveArtifact(id)));
  }

  /**
   * Waits for the artifact checks {@link UnknownFiles#search} started and takes their results in
   * order.
   */
  void collect(List<Future<Result>> artifactFutures) {
    for (Future<Result> f : artifactFutures) {
      Result check = GuardRun.await(f);
      run.artifactFiles.add(check.file());
      if (check.unknown() != null) {
        run.unknown.put(check.unknown().path(), check.unknown());
      }
    }
  }

  /**
   * Checks a registered artifact; with {@code candidate} (its path relative to the output
   * directory) it is also an unknown candidate, checked here too.
   */
  Result check(GuardRecords.ArtifactRow a, String candidate) throws IOException {
    String path = a.filePath();
    List<Violation> found = new ArrayList<>(0);
    Path file = null;
    long size = -1;
    String problem = null;
    String fix = null;
    java.nio.file.attribute.BasicFileAttributes seen = null;
    try {
      WorkspacePath.Target target = WorkspacePath.of(path).locateIn(run.root, run.plainDirectories);
      file = target.path();
      seen = target.looked() ? target.attributes() : null;
      size = seen != null ? seen.size() : -1;
      boolean regular =
          target.looked()
              ? target.attributes() != null && target.attributes().isRegularFile()
              : Files.isRegularFile(file);
      if (!regular) {
        boolean exists = target.looked() ? target.attributes() != null : Files.exists(file);
        problem = exists ? "it is not a regular file" : "it does not exist";
      }
    } catch (InvalidPathException e) {
      if (e.link() == null) {
        problem = e.getMessage();
      } else {
        problem = throughLink(path, e);
        fix = throughLinkFix(path, a.id(), e);
      }
    } catch (MlosException e) {
      problem = e.getMessage();
    }
    Violation unknownFile = null;
    // A row from before schema V18 (or another client's): git on Windows cannot check it out.
    String windows = PortableName.problemWith(path);
    if (windows != null) {
      found.add(notPortable(a.id(), path, windows));
    }
    GuardRecords.ArtifactRow earlier = sameFile.get(a.id());
    if (earlier != null && earlier.id() < a.id()) {
      found.add(sameFileElsewhere(a, earlier));
    }
    if (problem == null && databaseFiles.contains(file, seen)) {
      // Registered by raw SQL or an older mlos: it drifts with every write, and registering it
      // again is refused (artifact.path), so the only fix is to unregister it.
      found.add(
          new Violation(
              ViolationClass.ARTIFACT_DRIFT,
              path,
              0,
              "artifact "
                  + a.id()
                  + " is registered at '"
                  + path
                  + "', the workspace's database (or one of its journals, or its text form):"
                  + " mlos rewrites it with every change, so it cannot be an artifact",
              "",
              "unregister it with {0}",
              List.of(Remedy.removeArtifact(a.id()))));
    } else if (problem != null && windows != null) {
      // Missing too: restoring it under that name would break Windows clones again, so the
      // violation above, whose fix is the rename, says all.
    } else if (problem != null) {
      found.add(
          new Violation(
              ViolationClass.ARTIFACT_MISSING,
              path,
              0,
              "artifact " + a.id() + " is registered at '" + path + "' but " + problem,
              "",
              fix != null
                  ? fix
                  // Moved on purpose (git mv): the guard hashes no unregistered file, so it cannot
                  // name the new path; the user can.
                  : "restore '"
                      + path
                      + "'; if it was moved or renamed on purpose (git mv), record its new path"
                      + " with {1}, which keeps its id and edges; or unregister it with {0}",
              List.of(Remedy.removeArtifact(a.id()), Remedy.moveArtifact(a.id()))));
    } else if (a.contentHash() != null) {
      // One read of the file for all three hashes: an artifact may be a dataset of gigabytes.
      Sha256.LineEndingHashes hashes = Sha256.ofFileWithLineEndings(file, size, a.contentHash());
      String actual = hashes.exact();
      if (!actual.equalsIgnoreCase(a.contentHash())
          && hashes.lf().equalsIgnoreCase(a.contentHash())) {
        found.add(lineEndingsOnly(a.id(), path));
      } else if (!actual.equalsIgnoreCase(a.contentHash())
          && hashes.crlf().equalsIgnoreCase(a.contentHash())) {
        found.add(registeredWithCrlf(a.id(), path));
      } else if (!actual.equalsIgnoreCase(a.contentHash())) {
        GuardRecords.ArtifactRow twin = sameFile.get(a.id());
        found.add(
            new Violation(
                ViolationClass.ARTIFACT_DRIFT,
                path,
                0,
                "artifact "
                    + a.id()
                    + " '"
                    + path
                    + "' changed since it was registered: its SHA-256 is "
                    + actual.substring(0, 12)
                    + "..., the database says "
                    + shortHash(a.contentHash())
                    + "..."
                    + (twin == null
                        ? ""
                        : "; its path and artifact "
                            + twin.id()
                            + "'s '"
                            + twin.filePath()
                            + "' differ only in case or Unicode form, one file where names ignore"
                            + " case (macOS, Windows)"),
                "",
                twin == null
                    ? "review the change, then run {0}"
                    : "if this machine takes the two paths as one file, unregister one of the two"
                        + " artifacts ({1}; accepting its hash here makes it drift where they are"
                        + " two files); else review the change, then run {0}",
                twin == null
                    ? List.of(Remedy.accept(path, a.id()))
                    : List.of(Remedy.accept(path, a.id()), Remedy.removeArtifact(a.id()))));
      }
    }
    if (candidate != null) {
      unknownFile = unknownFiles.check(candidate);
    }
    return new Result(new CheckedFile(path, CheckedFile.Kind.ARTIFACT, found), unknownFile);
  }

  /**
   * What happened when an artifact's path leads through a symbolic link outside the workspace (or
   * to nothing): {@code it is now a symbolic link to '/elsewhere/design.md', outside the
   * workspace}.
   */
  private static String throughLink(String path, InvalidPathException e) {
    String to =
        e.linkTarget() == null ? "(unreadable)" : InvalidPathException.quote(e.linkTarget());
    String what =
        e.link().equals(path)
            ? "it is now a symbolic link to " + to
            : "it now goes through the symbolic link "
                + InvalidPathException.quote(e.link())
                + " -> "
                + to;
    return what
        + (e.reason().contains("does not exist")
            ? ", which leads to nothing"
            : ", outside the workspace: mlos reads no file through such a link, so it cannot check"
                + " the artifact");
  }

  /** The fix for {@link #throughLink}: the link goes (what it points to is not touched). */
  private static String throughLinkFix(String path, long id, InvalidPathException e) {
    String link = InvalidPathException.quote(e.link());
    // {0}: the caller's remedy, unregistering artifact id.
    String unregister = "or unregister it with {0}";
    if (e.reason().contains("does not exist")) {
      return "remove the dangling link "
          + link
          + " and put the file back at '"
          + path
          + "', "
          + unregister;
    }
    return "replace the link "
        + link
        + " with a copy of the "
        + (e.link().equals(path) ? "file" : "directory")
        + " it points to, inside the workspace (what it points to is not touched), "
        + unregister;
  }

  /**
   * A file registered with LF line endings and checked out with CRLF (git's {@code core.autocrlf},
   * or an editor): registering it again, the usual fix, would record this checkout's hash, and
   * every LF checkout (CI's) would then drift. The fix keeps the file LF in every checkout instead.
   */
  private static Violation lineEndingsOnly(long id, String path) {
    return new Violation(
        ViolationClass.ARTIFACT_DRIFT,
        path,
        0,
        "artifact "
            + id
            + " '"
            + path
            + "' differs from what was registered only in its line endings: this checkout has"
            + " CRLF (git's core.autocrlf, or an editor, converted them), the database's hash is of"
            + " the file with LF",
        "",
        "do not register it again (that records this checkout's hash, and every LF checkout, as"
            + " CI's, would drift); keep it LF in every checkout: add the line '"
            + lfAttributeLine(path)
            + "' to the workspace's .gitattributes (or '-text' for a file git must not"
            + " convert), then check it out again: "
            + dev.mlos.core.RemedyWording.code(
                "rm -- "
                    + dev.mlos.core.RemedyWording.shellWord(path)
                    + " && git checkout -- "
                    + dev.mlos.core.RemedyWording.shellWord(path)));
  }

  /**
   * The other way round: registered from a checkout with CRLF (git's {@code core.autocrlf}),
   * checked here with LF as git stores it, so every LF checkout (CI's) drifts, and nobody there can
   * accept it. The hash to record is the LF file's.
   */
  private static Violation registeredWithCrlf(long id, String path) {
    return new Violation(
        ViolationClass.ARTIFACT_DRIFT,
        path,
        0,
        "artifact "
            + id
            + " '"
            + path
            + "' differs from what was registered only in its line endings: it was registered from"
            + " a checkout with CRLF (git's core.autocrlf), this one has LF as git stores it, so"
            + " every LF checkout, as CI's, drifts",
        "",
        "register it again from this checkout, or from any checkout where it has LF: {0}; and add"
            + " the line '"
            + lfAttributeLine(path)
            + "' to the workspace's .gitattributes so that every checkout keeps it LF",
        List.of(Remedy.accept(path, id)));
  }

  /**
   * The .gitattributes line that keeps the file at {@code path} LF: its name as a pattern git
   * matches to that file alone. Written as it was, '/docs/a b.md text eol=lf' gave git the pattern
   * '/docs/a' and an attribute 'b.md', and '/docs/[draft].md' matched 'docs/d.md' instead.
   */
  private static String lfAttributeLine(String path) {
    return GitCheckout.attributePattern("/" + GitCheckout.pattern(path)) + " text eol=lf";
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
