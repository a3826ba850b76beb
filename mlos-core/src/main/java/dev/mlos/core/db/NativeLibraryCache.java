package dev.mlos.core.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Lets sqlite-jdbc load its native library from a per-user cache instead of extracting it again on
 * every JVM start. By default the driver copies the library (about 1 MB) out of its jar into the
 * temp directory under a fresh random name, reads both back byte by byte to compare them, and loads
 * the copy; that costs a short command such as the guard about 0.1-0.2 s of CPU each run.
 *
 * <p>Here the library is extracted once to {@code
 * <tmp>/mlos-sqlite-<user>/<os>-<crc>-<size>-<name>} ({@code <tmp>} is {@code org.sqlite.tmpdir} or
 * {@code java.io.tmpdir}; the name changes with the jar entry's CRC-32 and size), through a temp
 * file and an atomic rename, so two JVMs starting at once both end up with a complete file. Which
 * platform's library that is, sqlite-jdbc's slow answer, is kept beside it ({@link
 * #libraryFolder}). Before each use the directory must be a real directory owned by this user and
 * writable by nobody else, and the file must have the jar entry's size and CRC-32; then sqlite-jdbc
 * is pointed at it with {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}, which are
 * claimed atomically and taken out again once the library is loaded, never touching a value someone
 * else set (see {@link #loadFrom}). Anything unexpected (no POSIX permissions, a library not in a
 * plain jar, a user who set those properties, an I/O error) leaves the driver's own loader to do
 * what it always does. The system property {@code mlos.sqlite.nativeCache=false} turns the cache
 * off.
 */
final class NativeLibraryCache {
  /** System property: {@code false} turns the cache off. */
  static final String ENABLED = "mlos.sqlite.nativeCache";

  private static final String LIB_PATH = "org.sqlite.lib.path";
  private static final String LIB_NAME = "org.sqlite.lib.name";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private static boolean prepared;

  private NativeLibraryCache() {}

  /**
   * Once per class loader, before the first connection: loads the native library from the cache
   * when it can. Synchronized, so a second thread of the same class loader (Mojos are {@code
   * threadSafe}, a parallel build runs several) waits until the library is loaded and then does
   * nothing.
   */
  static synchronized void prepare() {
    if (prepared) {
      return;
    }
    prepared = true;
    if ("false".equalsIgnoreCase(System.getProperty(ENABLED))
        || System.getProperty(LIB_PATH) != null
        || System.getProperty(LIB_NAME) != null) {
      return;
    }
    try {
      Path library =
          cachedLibrary(
              Path.of(
                  System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"))));
      if (library == null) {
        return;
      }
      // Loads from the properties; if that fails, the driver goes on to its own extraction.
      loadFrom(library, System.getProperties(), SQLiteJDBCLoader::initialize);
    } catch (Exception | LinkageError e) {
      // The driver's own loader runs at the first connection, as without the cache.
    }
  }

  /**
   * What loads the driver's library once the properties point at it ({@link
   * SQLiteJDBCLoader#initialize}).
   */
  @FunctionalInterface
  interface Loader {
    void load() throws Exception;
  }

  /**
   * Points sqlite-jdbc at {@code library} through {@code properties} (the JVM's system properties,
   * shared by everything in a Maven JVM) while {@code loader} runs, and takes its own values out
   * again. Each property is claimed with an atomic {@code putIfAbsent} and released with {@code
   * remove(key, ourValue)}: a value someone else set, before or meanwhile (the user, another
   * plugin, this class in another plugin's class loader), is never replaced or cleared, and if
   * either is taken the driver is left to load as usual. Returns whether {@code loader} ran.
   *
   * <p>What no property protocol can prevent: another copy of sqlite-jdbc initialising in another
   * class loader during those milliseconds reads the properties too, and loads this verified copy
   * of the same driver's library, as it would if the user had set them.
   */
  static boolean loadFrom(Path library, Properties properties, Loader loader) throws Exception {
    String dir = library.getParent().toString();
    String name = library.getFileName().toString();
    if (properties.putIfAbsent(LIB_PATH, dir) != null) {
      return false;
    }
    try {
      if (properties.putIfAbsent(LIB_NAME, name) != null) {
        return false;
      }
      try {
        loader.load();
        return true;
      } finally {
        properties.remove(LIB_NAME, name);
      }
    } finally {
      properties.remove(LIB_PATH, dir);
    }
  }

  /**
   * The verified cached copy of this driver's native library for this platform under {@code base},
   * extracting it first when it is missing or damaged; null when there is no safe way (the caller
   * then leaves loading to the driver).
   */
  static Path cachedLibrary(Path base) throws IOException {
    String user = System.getProperty("user.name", "");
    if (user.isEmpty()) {
      return null;
    }
    Path dir =
        PrivateCache.privateDirectory(
            base.toAbsolutePath().resolve("mlos-sqlite-" + PrivateCache.safe(user)), user);
    if (dir == null) {
      return null;
    }
    String name = LibraryLoaderUtil.getNativeLibName();
    String folder = libraryFolder(dir, user);
    String resource = folder + "/" + name;
    URL url = SQLiteJDBCLoader.class.getClassLoader().getResource(resource.substring(1));
    if (url == null || !"jar".equals(url.getProtocol())) {
      return null;
    }
    URLConnection connection = url.openConnection();
    if (!(connection instanceof JarURLConnection jar)
        || !"file".equals(jar.getJarFileURL().getProtocol())) {
      return null;
    }
    Path jarFile;
    try {
      jarFile = Path.of(jar.getJarFileURL().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    try (ZipFile zip = new ZipFile(jarFile.toFile())) {
      ZipEntry entry = zip.getEntry(jar.getEntryName());
      if (entry == null || entry.getSize() < 0 || entry.getCrc() < 0) {
        return null;
      }
      String fileName =
          PrivateCache.safe(
              folder.replace(FOLDERS, "")
                  + "-"
                  + Long.toHexString(entry.getCrc())
                  + "-"
                  + entry.getSize()
                  + "-"
                  + name);
      Path library = dir.resolve(fileName);
      if (isIntact(library, entry, user)) {
        return library;
      }
      Path temp =
          Files.createTempFile(
              dir, fileName + ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try {
        CRC32 crc = new CRC32();
        long size = 0;
        try (InputStream in = zip.getInputStream(entry);
            OutputStream out = Files.newOutputStream(temp)) {
          byte[] buffer = new byte[64 * 1024];
          int n;
          while ((n = in.read(buffer)) != -1) {
            crc.update(buffer, 0, n);
            out.write(buffer, 0, n);
            size += n;
          }
        }
        if (crc.getValue() != entry.getCrc() || size != entry.getSize()) {
          return null;
        }
        // Atomic: a JVM starting at the same time sees the old file, none, or this one, never a
        // part.
        Files.move(
            temp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
      return isIntact(library, entry, user) ? library : null;
    } catch (UnsupportedOperationException e) {
      // No POSIX permissions (Windows): nothing here could prove the file is ours.
      return null;
    }
  }

  /** Where sqlite-jdbc keeps its native libraries in its jar, one folder per platform. */
  static final String FOLDERS = "/org/sqlite/native/";

  /**
   * The driver's folder of native libraries for this platform ({@code
   * /org/sqlite/native/Linux/x86_64}), as sqlite-jdbc's {@code OSInfo} names it, remembered in the
   * cache directory {@code dir}. Asking {@code OSInfo} costs a JVM about 35 ms (on Linux it lists
   * {@code /proc/self/map_files} to tell musl from glibc and runs {@code uname -o} to tell
   * Android), and every mlos process that opens a database asked it (issue 20). The answer is kept
   * per {@code os.name}, {@code os.arch} and Java runtime; a folder that is not as {@code OSInfo}
   * would say now (the cache shared between a glibc machine and a musl container) only makes the
   * driver's own loader do what it does without the cache, after the library from the wrong folder
   * failed to load.
   */
  static String libraryFolder(Path dir, String user) throws IOException {
    String platform =
        System.getProperty("os.name", "")
            + "|"
            + System.getProperty("os.arch", "")
            + "|"
            + System.getProperty("java.runtime.name", "")
            + "|"
            + System.getProperty("java.vm.vendor", "");
    CRC32 crc = new CRC32();
    crc.update(platform.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path file = dir.resolve("platform-" + Long.toHexString(crc.getValue()));
    try {
      PosixFileAttributes a =
          Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isRegularFile() && PrivateCache.ownedAndPrivate(a, user) && a.size() < 256) {
        String folder = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        if (folder.matches("/org/sqlite/native/[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)+")) {
          return folder;
        }
      }
    } catch (NoSuchFileException e) {
      // asked below, once
    } catch (IOException | RuntimeException e) {
      // unreadable or not ours: asked below, and written again
    }
    String folder = LibraryLoaderUtil.getNativeLibResourcePath();
    Path temp =
        Files.createTempFile(
            dir,
            file.getFileName() + ".",
            ".tmp",
            PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.writeString(temp, folder, java.nio.charset.StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return folder;
  }

  /** A regular file of {@code user}, writable by no one else, with the entry's size and CRC-32. */
  private static boolean isIntact(Path library, ZipEntry entry, String user) throws IOException {
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(library, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (!a.isRegularFile()
        || !PrivateCache.ownedAndPrivate(a, user)
        || a.size() != entry.getSize()) {
      return false;
    }
    CRC32 crc = new CRC32();
    try (InputStream in = Files.newInputStream(library)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) != -1) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue() == entry.getCrc();
  }
}
