package dev.mlos.core.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * A few files known by their identity (device and inode, through links), read once, so that many
 * other files can be checked against them without a file-system call each: the database's own
 * files, which no artifact may be.
 */
public final class FileIdentities {
  private final Set<Object> keys = new HashSet<>();
  private final Set<Path> paths = new HashSet<>();

  /** The files of {@code files} that exist now (the others are known by their path only). */
  public FileIdentities(Collection<Path> files) {
    for (Path f : files) {
      Path p = f.toAbsolutePath().normalize();
      paths.add(p);
      try {
        Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        if (key != null) {
          keys.add(key);
        }
      } catch (IOException e) {
        // not there now: known by its path
      }
    }
  }

  /**
   * True when {@code file} is one of these files: by identity when {@code attributes} (read by the
   * caller, following links) give one, else by its path.
   */
  public boolean contains(Path file, BasicFileAttributes attributes) {
    Object key = attributes == null ? null : attributes.fileKey();
    if (key != null && keys.contains(key)) {
      return true;
    }
    return paths.contains(file.toAbsolutePath().normalize());
  }
}
