package dev.mlos.core.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The code a class was loaded from, as a fingerprint: what the no-op compile, the view seeds and
 * the text form's record keep of mlos's own code, so a new version of mlos never trusts a record an
 * older one made.
 *
 * <p>Only the library's own entries count, not how it is packaged: mlos-core's classes inside the
 * {@code mlos} command's single jar give the same fingerprint as mlos-core's own jar under Maven,
 * so a workspace compiled by one and guarded or compiled by the other is not taken for one that a
 * different mlos compiled (which renders every page again).
 */
public final class CodeFingerprint {
  private CodeFingerprint() {}

  /**
   * The fingerprint of the entries under {@code prefix} (e.g. {@code "dev/mlos/core/"}) of the jar
   * {@code c} was loaded from: each entry's name, size and CRC-32, as the jar's directory records
   * them (no entry is read); for a class directory (a build or test run of mlos itself), of the
   * names, sizes and modification times of its files; {@code "unknown <class>"} when the location
   * cannot be read.
   */
  public static String of(Class<?> c, String prefix) {
    try {
      Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(where)) {
        return ofJar(where, prefix);
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

  /**
   * The entries of {@code jar} under {@code prefix}, by name, size and CRC-32, in name order: the
   * same for the same classes whichever jar holds them.
   *
   * @throws IOException when the jar cannot be read
   */
  public static String ofJar(Path jar, String prefix) throws IOException {
    List<String> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        if (!e.isDirectory() && e.getName().startsWith(prefix)) {
          entries.add(
              e.getName()
                  + ':'
                  + e.getSize()
                  + ':'
                  + String.format(Locale.ROOT, "%08x", e.getCrc()));
        }
      }
    }
    entries.sort(null);
    return Sha256.of(prefix + '\n' + String.join("\n", entries));
  }
}
