package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's last step on the jar (src/build/ReplaceFile.java, run by the java launcher as the POM
 * runs it): the new jar replaces target/mlos.jar in one rename, so a process still reading the old
 * jar (an MCP server an agent started before `mvn install`) keeps reading the old bytes, where the
 * shade plugin's in-place write left such a server without answers.
 */
class ReplaceFileTest {
  @Test
  void aReaderOfTheOldFileKeepsItsBytesAndTheNameGetsTheNewOnes(@TempDir Path dir)
      throws Exception {
    Path jar = dir.resolve("mlos.jar");
    Path fresh = dir.resolve("mlos.jar.new");
    Files.writeString(jar, "old jar, first bytes", StandardCharsets.UTF_8);
    Files.writeString(fresh, "new jar", StandardCharsets.UTF_8);
    try (FileChannel running = FileChannel.open(jar)) {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  Path.of("src", "build", "ReplaceFile.java").toAbsolutePath().toString(),
                  fresh.toString(),
                  jar.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      assertEquals(0, p.exitValue(), out);
      assertEquals("old jar, first bytes", read(running));
    }
    assertEquals("new jar", Files.readString(jar, StandardCharsets.UTF_8));
    assertFalse(Files.exists(fresh), "the new jar is moved, not copied");
  }

  private static String read(FileChannel c) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) c.size());
    c.read(b, 0);
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }
}
