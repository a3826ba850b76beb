package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class NativeLibraryCacheTest {
  @TempDir Path tmp;

  @BeforeEach
  void posixOnly() {
    assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "POSIX file permissions");
  }

  private static byte[] libraryInJar() throws IOException {
    String resource =
        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      return in.readAllBytes();
    }
  }

  @Test
  void extractsOnceIntoAnOwnerOnlyDirectoryAndReusesTheFile() throws IOException {
    Path first = NativeLibraryCache.cachedLibrary(tmp);

    assertNotNull(first);
    assertEquals(
        tmp.resolve(
            "mlos-sqlite-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_")),
        first.getParent());
    assertArrayEquals(libraryInJar(), Files.readAllBytes(first));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(first.getParent())));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
    Object inode = Files.readAttributes(first, BasicFileAttributes.class).fileKey();

    Path second = NativeLibraryCache.cachedLibrary(tmp);

    assertEquals(first, second);
    assertEquals(
        inode,
        Files.readAttributes(second, BasicFileAttributes.class).fileKey(),
        "the cached file is reused, not written again");
    assertEquals(List.of(first, platformFile(first.getParent())), list(first.getParent()));
  }

  /** The one file beside the library that remembers sqlite-jdbc's name of this platform. */
  private static Path platformFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> platform =
          files.filter(f -> f.getFileName().toString().startsWith("platform-")).toList();
      assertEquals(1, platform.size(), platform.toString());
      return platform.get(0);
    }
  }

  @Test
  void thePlatformsFolderIsSqliteJdbcsAnswerAskedOnceThenRemembered() throws IOException {
    Path library = NativeLibraryCache.cachedLibrary(tmp);
    Path remembered = platformFile(library.getParent());

    assertEquals(LibraryLoaderUtil.getNativeLibResourcePath(), Files.readString(remembered));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(remembered)));
    // A later JVM reads the answer instead of asking sqlite-jdbc (which lists /proc/self/map_files
    // and runs uname -o): told another folder, it looks there.
    Files.writeString(remembered, "/org/sqlite/native/Elsewhere/arch");
    assertEquals(
        "/org/sqlite/native/Elsewhere/arch",
        NativeLibraryCache.libraryFolder(library.getParent(), System.getProperty("user.name")));
    // One that names no folder of the driver's (a path, '..', anything else) is asked again and
    // written over.
    for (String hostile :
        new String[] {"/etc/passwd", "/org/sqlite/native/../../x/y", "", "/org/sqlite/native/A"}) {
      Files.writeString(remembered, hostile);
      assertEquals(
          LibraryLoaderUtil.getNativeLibResourcePath(),
          NativeLibraryCache.libraryFolder(library.getParent(), System.getProperty("user.name")),
          hostile);
      assertEquals(LibraryLoaderUtil.getNativeLibResourcePath(), Files.readString(remembered));
    }
    // Nor is one another user could have written (group or others may write it).
    Files.writeString(remembered, "/org/sqlite/native/Elsewhere/arch");
    Files.setPosixFilePermissions(remembered, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertEquals(
        LibraryLoaderUtil.getNativeLibResourcePath(),
        NativeLibraryCache.libraryFolder(library.getParent(), System.getProperty("user.name")));
    // And a library named by a folder the jar does not hold is not cached: the driver loads its
    // own.
    Files.writeString(remembered, "/org/sqlite/native/Elsewhere/arch");
    Files.setPosixFilePermissions(remembered, PosixFilePermissions.fromString("rw-------"));
    assertEquals(null, NativeLibraryCache.cachedLibrary(tmp));
  }

  @Test
  void aDamagedCachedFileIsReplaced() throws IOException {
    Path library = NativeLibraryCache.cachedLibrary(tmp);
    byte[] bytes = Files.readAllBytes(library);
    bytes[bytes.length / 2] ^= 1;
    Files.write(library, bytes);

    assertEquals(library, NativeLibraryCache.cachedLibrary(tmp));
    assertArrayEquals(libraryInJar(), Files.readAllBytes(library));

    Files.write(library, new byte[] {1, 2, 3});
    assertEquals(library, NativeLibraryCache.cachedLibrary(tmp));
    assertArrayEquals(libraryInJar(), Files.readAllBytes(library));
  }

  @Test
  void aDirectoryOthersCanWriteIsNotUsed() throws IOException {
    Path library = NativeLibraryCache.cachedLibrary(tmp);
    Files.setPosixFilePermissions(
        library.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));

    assertNull(NativeLibraryCache.cachedLibrary(tmp));

    Files.setPosixFilePermissions(
        library.getParent(), PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwx-w----"));
    assertEquals(
        library,
        NativeLibraryCache.cachedLibrary(tmp),
        "a file others could write is extracted again");
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(library)));
  }

  @Test
  void aSymlinkInPlaceOfTheDirectoryIsNotFollowed() throws IOException {
    Path elsewhere =
        Files.createDirectory(
            tmp.resolve("elsewhere"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path base = Files.createDirectory(tmp.resolve("base"));
    Files.createSymbolicLink(
        base.resolve(
            "mlos-sqlite-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_")),
        elsewhere);

    assertNull(NativeLibraryCache.cachedLibrary(base));
    assertEquals(List.of(), list(elsewhere));
  }

  @Test
  void manyExtractingAtOnceAllGetTheCompleteFile() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> NativeLibraryCache.cachedLibrary(tmp)));
      }
      Path library = results.get(0).get();
      for (Future<Path> f : results) {
        assertEquals(library, f.get());
      }
      assertArrayEquals(libraryInJar(), Files.readAllBytes(library));
      assertEquals(
          List.of(library, platformFile(library.getParent())),
          list(library.getParent()),
          "no temp file is left behind");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * In a fresh JVM the first connection loads the library from the cache (Linux: the mapped file is
   * visible in /proc/self/maps), twice in a row, and the driver's properties are cleared again.
   */
  @Test
  void aFreshJvmLoadsTheCachedLibrary() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "Linux /proc");
    Path db = tmp.resolve("t.db");
    Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
    for (int run = 0; run < 2; run++) {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Djava.io.tmpdir=" + javaTmp,
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Probe.class.getName(),
                  db.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes());
      assertEquals(0, p.waitFor(), output);
      assertTrue(output.contains(javaTmp.resolve("mlos-sqlite-").toString()), output);
      assertTrue(output.contains("properties cleared"), output);
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  /** Opens a database through {@link Database} and prints the sqlite-jdbc libraries it mapped. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      try (Connection c = Database.at(Path.of(args[0])).open(true)) {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
          if (line.contains("sqlitejdbc")) {
            System.out.println(line.substring(line.indexOf('/')));
            break;
          }
        }
      }
      if (System.getProperty("org.sqlite.lib.path") == null
          && System.getProperty("org.sqlite.lib.name") == null) {
        System.out.println("properties cleared");
      }
    }
  }

  private static final String LIB_PATH = "org.sqlite.lib.path";
  private static final String LIB_NAME = "org.sqlite.lib.name";

  @Test
  void pointsTheDriverAtTheCopyOnlyWhileItLoadsThenTakesItsPropertiesBack() throws Exception {
    Properties props = new Properties();
    Path library = tmp.resolve("cache").resolve("lib.so");
    List<String> seen = new ArrayList<>();
    assertTrue(
        NativeLibraryCache.loadFrom(
            library,
            props,
            () -> {
              seen.add(props.getProperty(LIB_PATH));
              seen.add(props.getProperty(LIB_NAME));
            }));
    assertEquals(List.of(library.getParent().toString(), "lib.so"), seen);
    assertTrue(props.isEmpty(), "both properties are gone again: " + props);

    RuntimeException failure = new RuntimeException("load failed");
    assertSame(
        failure,
        assertThrows(
            RuntimeException.class,
            () ->
                NativeLibraryCache.loadFrom(
                    library,
                    props,
                    () -> {
                      throw failure;
                    })));
    assertTrue(props.isEmpty(), "a failed load leaves no property behind: " + props);
  }

  @Test
  void neverReplacesOrClearsAPropertySomeoneElseSet() throws Exception {
    Path library = tmp.resolve("cache").resolve("lib.so");
    for (String theirs : new String[] {LIB_PATH, LIB_NAME}) {
      Properties props = new Properties();
      props.setProperty(theirs, "/their/choice");
      assertFalse(
          NativeLibraryCache.loadFrom(library, props, () -> fail("must not load over " + theirs)));
      assertEquals(Map.of(theirs, "/their/choice"), props, "theirs kept, ours not left behind");
    }
    // Someone sets them while the library loads: their values stay.
    Properties props = new Properties();
    assertTrue(
        NativeLibraryCache.loadFrom(
            library,
            props,
            () -> {
              props.setProperty(LIB_PATH, "/set/meanwhile");
              props.setProperty(LIB_NAME, "meanwhile.so");
            }));
    assertEquals(Map.of(LIB_PATH, "/set/meanwhile", LIB_NAME, "meanwhile.so"), props);
  }

  @Test
  void aSecondThreadDoesNotLoadWhileTheFirstHoldsTheProperties() throws Exception {
    Properties props = new Properties();
    Path library = tmp.resolve("cache").resolve("lib.so");
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> first =
          pool.submit(
              () ->
                  NativeLibraryCache.loadFrom(
                      library,
                      props,
                      () -> {
                        loading.countDown();
                        assertTrue(release.await(1, TimeUnit.MINUTES));
                      }));
      assertTrue(loading.await(1, TimeUnit.MINUTES));
      // The other thread (this one) finds the properties taken and leaves them alone.
      assertFalse(
          NativeLibraryCache.loadFrom(
              tmp.resolve("other").resolve("x.so"), props, () -> fail("two loads at once")));
      assertEquals(library.getParent().toString(), props.getProperty(LIB_PATH));
      release.countDown();
      assertTrue(first.get());
      assertTrue(props.isEmpty(), "" + props);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
