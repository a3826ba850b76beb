package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.write.WorkspaceLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a compile is about to change, written down before it changes anything, so that the files of
 * a compile that never recorded them (killed, or its database refused the record: read-only,
 * locked, a full disk) are known as mlos's own and never reported as edited by hand.
 *
 * <p>{@code <workspace>/target/mlos/compile-journal} gets one {@code compile} line when a compile
 * starts, before its first write, with the {@code compiled_at} value that compile stamps into the
 * front matter of every page it writes. Every file the compile writes is therefore recognisable by
 * itself: its {@code compiled_at} is one the journal names and its {@code content_hash} is the hash
 * of its own content (a hand edit breaks that, as the compiler's own check knows). This costs
 * nothing per page, where a journal line per page would cost a system call per page before each
 * write. Deletions leave no file to recognise, so each is journaled ({@code deleted} line) before
 * it happens.
 *
 * <p>The journal is removed once the compile's record is in the database. A compile that finds one
 * left behind recovers (see {@link Compiler}): pages of the interrupted compile are taken as its
 * own, those no view produces any more are deleted, and left-over temporary files are removed. The
 * guard reads it too, and counts such files as compiled. Lines are tab-separated; the file is only
 * appended to while a compile holds the {@link WorkspaceLock}.
 */
public final class CompileJournal implements AutoCloseable {
  /**
   * A journal larger than this is not read (it is a hostile or broken file: no compile writes that
   * much).
   */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private final FileChannel channel;
  private final boolean durable;

  private CompileJournal(FileChannel channel, boolean durable) {
    this.channel = channel;
    this.durable = durable;
  }

  /** Where a workspace's journal is kept. */
  public static Path file(WorkspaceConfig config) {
    return CompileState.file(config).resolveSibling("compile-journal");
  }

  /**
   * Opens the journal for a compile (appending to what an interrupted compile left) and notes the
   * start of this compile before it writes anything.
   *
   * @throws MlosException when it cannot be written: the compile then writes nothing either
   */
  static CompileJournal begin(WorkspaceConfig config, String compiledAt, boolean durable) {
    Path file = file(config);
    try {
      CompileJournal journal = open(file, durable);
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown";
      }
      journal.append(
          "compile\t"
              + compiledAt
              + "\t"
              + ProcessHandle.current().pid()
              + "\t"
              + clean(host)
              + "\t"
              + Instant.now());
      return journal;
    } catch (IOException e) {
      throw new MlosException(
          "Cannot write the compile journal " + file + ": " + e.getMessage(),
          "make "
              + file.getParent()
              + " writable and check that the disk is not full: a compile notes there what"
              + " it is about to change before it writes any page",
          e);
    }
  }

  /**
   * Opens the journal for a clean, which notes only its deletions: a clean killed half way leaves
   * no record of files it already deleted behind.
   *
   * @throws MlosException when it cannot be written: the clean then deletes nothing
   */
  static CompileJournal forClean(WorkspaceConfig config) {
    Path file = file(config);
    try {
      return open(file, false);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot write the compile journal " + file + ": " + e.getMessage(),
          "make " + file.getParent() + " writable and check that the disk is not full",
          e);
    }
  }

  private static CompileJournal open(Path file, boolean durable) throws IOException {
    Files.createDirectories(file.getParent());
    return new CompileJournal(
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND,
            LinkOption.NOFOLLOW_LINKS),
        durable);
  }

  /**
   * Notes that the file at {@code path} (relative to the output directory) is about to be deleted.
   */
  void deleting(String path) {
    try {
      append("deleted\t" + path);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot write the compile journal: " + e.getMessage(),
          "check that the disk is not full",
          e);
    }
  }

  private void append(String line) throws IOException {
    ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      channel.write(b);
    }
    if (durable) {
      channel.force(false);
    }
  }

  /** Removes the journal: the compile's record (and so every earlier one's) is in the database. */
  void finished(WorkspaceConfig config) {
    close();
    try {
      Files.deleteIfExists(file(config));
    } catch (IOException e) {
      // Left in place it only makes the next compile look for an interrupted one's files.
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // appended lines are already written
    }
  }

  /** A tab or line break in a value would break the line format. */
  private static String clean(String s) {
    return s.replaceAll("[\\p{Cntrl}]", "?");
  }

  /**
   * What interrupted compiles left in the journal, or empty when there is no journal (the last
   * compile recorded everything it did) or it cannot be read.
   */
  public static Optional<Interrupted> read(WorkspaceConfig config) {
    Path file = file(config);
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile() || a.size() > MAX_BYTES) {
        return Optional.empty();
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    Set<String> compiledAt = new LinkedHashSet<>();
    Set<String> deleted = new HashSet<>();
    List<String> runs = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] p = line.split("\t", -1);
        if (p[0].equals("compile") && p.length >= 2 && !p[1].isEmpty()) {
          compiledAt.add(p[1]);
          runs.add(
              "process "
                  + (p.length > 2 ? p[2] : "?")
                  + (p.length > 3 ? " on host " + p[3] : "")
                  + (p.length > 4 ? ", started " + p[4] : ""));
        } else if (p[0].equals("deleted") && p.length == 2) {
          deleted.add(p[1]);
        }
        // Anything else is a line cut short by the kill: skipped.
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return compiledAt.isEmpty() && deleted.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new Interrupted(Set.copyOf(compiledAt), Set.copyOf(deleted), List.copyOf(runs)));
  }

  /**
   * Compiles that started and did not record what they did.
   *
   * @param compiledAt the {@code compiled_at} values they stamped into their pages
   * @param deleted the output paths they were about to delete
   * @param runs who they were (process, host, start), for messages
   */
  public record Interrupted(Set<String> compiledAt, Set<String> deleted, List<String> runs) {
    /**
     * The record an interrupted compile would have made for the file at {@code path} (relative to
     * the output directory), when the file is a page it wrote: its front matter names one of their
     * {@code compiled_at} values and its content hashes as its {@code content_hash} says. Null for
     * any other file, or one that cannot be read.
     */
    public OutputRecord recordOf(String path, Path file) {
      byte[] bytes;
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile() || a.size() > Integer.MAX_VALUE - 16) {
          return null;
        }
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        return null;
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      try {
        if (CompiledFile.parse(text) instanceof ParsedFile p
            && p.compiledAt() != null
            && compiledAt.contains(p.compiledAt())
            && p.declaredContentHash() != null
            && p.declaredContentHash().equals(CompiledFile.contentHashOf(text))) {
          return new OutputRecord(
              path,
              p.view(),
              null,
              p.declaredContentHash(),
              Sha256.of(bytes),
              p.compiledAt(),
              null);
        }
      } catch (MlosException | IllegalArgumentException e) {
        return null;
      }
      return null;
    }
  }
}
