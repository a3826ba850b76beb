package dev.mlos.core.hash;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The code a class was loaded from, as a fingerprint: what the no-op compile and the text form's
 * record keep of mlos's own code, so a new version of mlos never trusts a record an older one made.
 */
public final class CodeFingerprint {
  private CodeFingerprint() {}

  /**
   * The SHA-256 of the jar {@code c} was loaded from, with the jar's name (only the file's bytes
   * and name count, not where it is); for a class directory (a build or test run of mlos itself),
   * of the names, sizes and modification times of its files; {@code "unknown <class>"} when the
   * location cannot be read.
   */
  public static String of(Class<?> c) {
    try {
      Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(where)) {
        return where.getFileName() + ":" + Sha256.ofFile(where);
      }
      StringBuilder listing = new StringBuilder("classes");
      try (java.util.stream.Stream<Path> files = Files.walk(where)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          listing
              .append('|')
              .append(where.relativize(f))
              .append(':')
              .append(Files.size(f))
              .append(':')
              .append(Files.getLastModifiedTime(f).toMillis());
        }
      }
      return Sha256.of(listing.toString());
    } catch (Exception e) {
      return "unknown " + c.getName();
    }
  }
}
