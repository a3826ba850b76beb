package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParseResult;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A page rendered by a {@link PageWriter}, on a render thread: its front matter, the checks against
 * the file on disk (a hand edit, another workspace's file, a link), and the write.
 */
final class PageWrite {
  private PageWrite() {}

  /** Runs on a render thread: front matter, the checks against the file on disk, the write. */
  static PageWriter.Outcome work(PageWriter w, Page page, PageWriter.Ticket ticket) {
    String inputHash = page.inputHash();
    String path = page.path().value();
    CompiledFile.Rendering rendering;
    try {
      rendering = CompiledFile.rendering(page.fields(), page.view(), page.body(), w.compiledAt);
    } catch (IllegalArgumentException e) {
      throw new MlosException(
          "View '"
              + page.view()
              + "', template "
              + w.view.templateDisplayName()
              + " (page "
              + path
              + "): "
              + e.getMessage(),
          "fix what the template assigns to meta");
    }
    String contentHash = rendering.contentHash();
    // One look at the target: the path check's lstat, unless a symlink is on the way (then the
    // checks below follow it, so look again following links). Most pages of a first compile do
    // not exist yet, and each system call on a 100k-entry directory counts.
    Path lexical = w.outAbsolute.resolve(page.path().value());
    WorkspacePath.Target target =
        w.directories.created(lexical.getParent())
            // This compile created the directory: nothing in it can be older than this compile, and
            // paths are reserved case-insensitively, so the target cannot exist yet.
            ? new WorkspacePath.Target(lexical, null, true)
            : w.locate(page.path(), page.view(), page.sourceKey());
    Path file = target.path();
    if (!target.looked()) {
      String reserved = w.reservedThroughLink(file);
      if (reserved != null) {
        return PageWriter.Outcome.conflict(
            ticket, "'" + path + "' is, through a symbolic link, " + reserved);
      }
    }
    OutputRecord recorded = ticket.recorded();
    PageWarnings.Warning warning = null;
    BasicFileAttributes attributes;
    if (target.looked()) {
      attributes = target.attributes();
    } else {
      IOException failed;
      try {
        attributes = Files.readAttributes(file, BasicFileAttributes.class);
        failed = null;
      } catch (IOException e) {
        attributes = null;
        failed = e;
      }
      if (failed != null) {
        // A view's output under a file (output: pom.xml/PROBLEM.md): not a permission problem.
        // Java 17 reports that as "Not a directory", Java 24 and later as no such file.
        String blocking = PageFiles.fileOnTheWay(w.out, file);
        if (blocking != null) {
          return PageWriter.Outcome.conflict(
              ticket,
              "'" + path + "' cannot be written: '" + blocking + "' is a file, not a directory");
        }
        if (!(failed instanceof NoSuchFileException)) {
          throw new MlosException(
              "Cannot read " + file + ": " + failed.getMessage(), "check permissions", failed);
        }
      }
    }
    if (attributes != null && attributes.isDirectory()) {
      return PageWriter.Outcome.conflict(ticket, "'" + path + "' is a directory");
    }
    if (attributes != null && attributes.isOther()) {
      // A FIFO, socket or device where the page goes: hashing it would wait forever for a writer
      // (a FIFO) or read without end (a device), and mlos wrote none of them.
      return PageWriter.Outcome.conflict(
          ticket, "'" + path + "' is not a regular file (a FIFO, socket or device)");
    }
    // The page itself a link that stays inside the workspace (one leading w.out was refused by the
    // path check): the link is replaced, never written through, and the user told.
    String link = target.looked() ? null : PageFiles.linkAt(file);
    if (attributes != null) {
      String fileHash = PageFiles.hash(file, attributes.size());
      if (link == null
          && recorded != null
          && recorded.contentHash().equals(contentHash)
          && recorded.fileHash().equals(fileHash)) {
        return PageWriter.Outcome.kept(
            ticket, inputHash, contentHash, fileHash, recorded.compiledAt(), attributes);
      }
      // The file holds the bytes the last compile wrote and recorded (only a compile writes the
      // record): neither a hand edit nor another workspace's file, and its content is the recorded
      // one, which this rendering changes. It is rewritten without parsing it, as the checks below
      // would conclude (issue 20: a compile after many changed rows parsed every page it rewrote).
      if (link == null && recorded != null && recorded.fileHash().equals(fileHash)) {
        return written(w, ticket, inputHash, rendering, file, true, null, w.compiledAt);
      }
      ParseResult existing = PageFiles.parseQuietly(file);
      boolean ours =
          recorded != null
              || (existing instanceof ParsedFile p
                  && w.config.name().equals(String.valueOf(p.frontMatter().get("workspace"))))
              // Written by a compile that stopped before recording it.
              || (w.interrupted != null
                  && existing instanceof ParsedFile
                  && w.interrupted.recordOf(path, file) != null);
      if (!ours) {
        dev.mlos.core.config.OtherWorkspace other =
            dev.mlos.core.config.OtherWorkspace.of(w.config.name(), existing);
        return PageWriter.Outcome.conflict(
            ticket,
            "'"
                + path
                + "' exists and is not a compiled artifact of workspace '"
                + w.config.name()
                + "'"
                + (other == null ? "" : " (" + other.note() + "; " + other.fix() + ")"));
      }
      if (existing instanceof ParsedFile p) {
        String onDisk = CompiledFile.contentHashOf(PageFiles.read(file));
        if (link == null
            && contentHash.equals(p.declaredContentHash())
            && contentHash.equals(onDisk)) {
          // Same content (perhaps with other line endings, or from a committed checkout): keep it.
          return PageWriter.Outcome.kept(
              ticket, inputHash, contentHash, fileHash, p.compiledAt(), attributes);
        }
        if (link == null && !onDisk.equals(p.declaredContentHash())) {
          warning = PageWarnings.handEdit(path, ReplacedEdits.keep(w.config, file, path));
        }
      }
    }
    if (link != null) {
      warning = new PageWarnings.Warning(PageFiles.linkReplaced(path, link), false);
    }
    String compiledAt = w.compiledAt;
    if (recorded != null
        && recorded.contentHash().equals(contentHash)
        && !recorded.compiledAt().equals(compiledAt)) {
      // The content is the recorded one (a hand edit dropped, a deleted page restored): the page
      // gets back the bytes the last compile wrote, its compiled_at too, so the file and the text
      // form are as committed again (a new stamp left both modified in git for nothing).
      compiledAt = recorded.compiledAt();
      rendering = CompiledFile.rendering(page.fields(), page.view(), page.body(), compiledAt);
    }
    return written(w, ticket, inputHash, rendering, file, attributes != null, warning, compiledAt);
  }

  /** Writes the page's file (in its staging directory when this compile created it). */
  private static PageWriter.Outcome written(
      PageWriter w,
      PageWriter.Ticket ticket,
      String inputHash,
      CompiledFile.Rendering rendering,
      Path file,
      boolean exists,
      PageWarnings.Warning warning,
      String compiledAt) {
    byte[] bytes = rendering.bytes();
    Path staging = w.directories.prepare(file);
    Path written;
    if (staging != null) {
      // No reader sees the staging directory before it is complete: no temporary file and rename.
      written = staging.resolve(file.getFileName().toString());
      AtomicWriter.writeNew(written, bytes, w.fsync);
    } else {
      written = file;
      AtomicWriter.writeChecked(file, bytes, w.fsync, exists);
    }
    return new PageWriter.Outcome(
        ticket,
        inputHash,
        rendering.contentHash(),
        Sha256.of(bytes),
        compiledAt,
        true,
        null,
        warning,
        keyOf(written),
        false,
        null);
  }

  /** The stat key of a file just written (moving its directory into place keeps it), or null. */
  private static String keyOf(Path written) {
    try {
      return OutputManifest.key(Files.readAttributes(written, BasicFileAttributes.class));
    } catch (IOException e) {
      return null;
    }
  }
}
