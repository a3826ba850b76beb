package dev.mlos.core.compile;

import dev.mlos.core.write.AtomicWriter;
import dev.mlos.core.write.WorkspaceLock;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Temporary files and staging directories ({@code .<name>.mlos-tmp-<16 hex digits>}, see {@link
 * AtomicWriter}) that a killed compile left behind. Removed only while the caller holds the {@link
 * WorkspaceLock} exclusively: then no live mlos process of this workspace owns any of them.
 */
final class StaleFiles {
  private static final Pattern TEMPORARY =
      Pattern.compile("\\..+" + Pattern.quote(AtomicWriter.TEMP_MARKER) + "[0-9a-f]{16}");

  private StaleFiles() {}

  /** True for a name {@link AtomicWriter} gives its temporary files and staging directories. */
  static boolean isTemporaryName(String name) {
    return name.startsWith(".") && TEMPORARY.matcher(name).matches();
  }

  /**
   * Removes the temporary files directly in the compile state directory (a killed compile's
   * unfinished {@code .compile-outputs.mlos-tmp-*} and {@code .compile-state.mlos-tmp-*}).
   *
   * @return how many were removed
   */
  static int removeFromStateDirectory(Path dir) {
    int removed = 0;
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (isTemporaryName(p.getFileName().toString())
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          try {
            Files.deleteIfExists(p);
            removed++;
          } catch (IOException e) {
            // Hidden and never read: not worth failing a compile for.
          }
        }
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      // As above.
    }
    return removed;
  }

  /**
   * Removes each path (a file, or a directory with everything in it, links not followed) whose name
   * is a temporary name; paths gone meanwhile (renamed into place) are passed over.
   *
   * @return how many were removed
   */
  static int remove(Collection<Path> paths) {
    int removed = 0;
    for (Path p : paths) {
      if (!isTemporaryName(p.getFileName().toString())) {
        continue;
      }
      try {
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()) {
          deleteTree(p);
        } else {
          Files.delete(p);
        }
        removed++;
      } catch (NoSuchFileException e) {
        // moved into place or removed meanwhile
      } catch (IOException e) {
        // Hidden and never read: not worth failing a compile for.
      }
    }
    return removed;
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
