package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.hash.Sha256;
import dev.mlos.core.hash.StopSignal;
import dev.mlos.core.hash.StoppedException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registering a dataset hashes all of it (107 s for 20 GB) and could not be stopped: an MCP client
 * that cancelled register_artifact, or a server told to stop, still waited for the whole read, and
 * then got the write. Under a {@link StopSignal} the hash now stops at the next 64 KiB read, and
 * nothing is written.
 */
class ArtifactHashStopTest {
  @TempDir Path dir;
  Path db;
  Engine engine;
  ArtifactPlaces places;

  @BeforeEach
  void open() throws Exception {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    engine = Engine.open(db, Actor.person("alice"));
    places = ArtifactPlaces.defaults(dir);
    Files.createDirectories(dir.resolve("data"));
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("data/big.bin").toFile(), "rw")) {
      f.setLength(256L * 1024 * 1024);
    }
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private List<String> rows() {
    return EngineDatabase.rows(db, "SELECT file_path || ' ' || content_hash FROM artifacts");
  }

  @Test
  void aRegistrationAskedToStopWhileHashingStopsAndWritesNothing() {
    AtomicInteger asked = new AtomicInteger();
    // Stop is asked after 10 reads (640 KiB) of the 256 MiB file.
    assertThrows(
        StoppedException.class,
        () ->
            StopSignal.during(
                () -> asked.incrementAndGet() > 10,
                () -> engine.registerArtifact(places, ArtifactSpec.of("data/big.bin"))));
    assertEquals(11, asked.get(), "stopped at the first read after the signal said so");
    assertEquals(List.of(), rows());
    assertEquals(
        List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM history"), "no history row");
  }

  @Test
  void aReHashAskedToStopKeepsTheRecordedHash() throws Exception {
    Path small = dir.resolve("data/a.txt");
    Files.writeString(small, "one\n");
    long id = engine.registerArtifact(places, ArtifactSpec.of("data/a.txt")).artifact().id();
    String before = rows().get(0);
    // The file becomes the large one: the re-hash is stopped and the old hash stays.
    Files.move(
        dir.resolve("data/big.bin"), small, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThrows(
        StoppedException.class,
        () -> StopSignal.during(() -> true, () -> engine.rehashArtifact(places, id)));
    assertEquals(List.of(before), rows());
  }

  @Test
  void aSignalNeverRaisedLetsTheRegistrationRecordTheWholeFilesHash() throws Exception {
    ArtifactRegistration r =
        StopSignal.during(
            () -> false, () -> engine.registerArtifact(places, ArtifactSpec.of("data/big.bin")));
    assertEquals(Sha256.ofFile(dir.resolve("data/big.bin")), r.artifact().contentHash());
    assertTrue(rows().get(0).startsWith("data/big.bin "));
  }
}
