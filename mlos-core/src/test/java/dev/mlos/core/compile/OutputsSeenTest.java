package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile's early look at the last compile's outputs: only a file the manifest's stat key
 * proves unchanged is remembered; everything else is left for the kept pages' own look.
 */
class OutputsSeenTest {
  @TempDir Path out;

  private static final long LISTED_AT = TimeUnit.SECONDS.toNanos(2_000_000_000L);

  /** Writes a file last modified {@code secondsBefore} the manifest, and its manifest entry. */
  private OutputManifest.Entry written(String path, String text, long secondsBefore)
      throws IOException {
    Path f = out.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(
        f,
        FileTime.from(LISTED_AT - TimeUnit.SECONDS.toNanos(secondsBefore), TimeUnit.NANOSECONDS));
    String key = OutputManifest.key(Files.readAttributes(f, BasicFileAttributes.class));
    assumeTrue(key != null, "this file system tells a file's identity");
    return new OutputManifest.Entry(path, "needs", "h-" + path, key);
  }

  @Test
  void aFileAsListedIsRememberedWithItsKey() throws IOException {
    OutputManifest.Entry e = written("needs/1.md", "one\n", 60);

    OutputsSeen seen = OutputsSeen.look(List.of(e), out, LISTED_AT, 2);

    assertEquals(e.key(), seen.intactKey("needs/1.md"));
  }

  @Test
  void anythingTheKeyDoesNotProveIsLeftToLookAtAgain() throws IOException {
    List<OutputManifest.Entry> listed = new ArrayList<>();
    OutputManifest.Entry edited = written("needs/edited.md", "as compiled\n", 60);
    Files.writeString(out.resolve("needs/edited.md"), "edited by hand, longer\n");
    listed.add(edited);
    // Modified too close to the manifest: its key cannot be trusted.
    listed.add(written("needs/racy.md", "racy\n", 1));
    listed.add(new OutputManifest.Entry("needs/missing.md", "needs", "h", "4:1:(dev=1,ino=1)"));
    OutputManifest.Entry dir = written("needs/dir.md/x", "x\n", 60);
    listed.add(new OutputManifest.Entry("needs/dir.md", "needs", "h", dir.key()));
    OutputManifest.Entry keyless = written("needs/keyless.md", "k\n", 60);
    listed.add(new OutputManifest.Entry(keyless.path(), "needs", "h", null));
    listed.add(new OutputManifest.Entry("../outside.md", "needs", "h", "1:1:(dev=1,ino=1)"));

    OutputsSeen seen = OutputsSeen.look(listed, out, LISTED_AT, 2);

    for (OutputManifest.Entry e : listed) {
      assertNull(seen.intactKey(e.path()), e.path());
    }
    assertEquals(0, seen.size());
  }

  @Test
  void aPageMovedAwayAndLinkedBackIsLeftToLookAtAgain() throws IOException {
    // The same file (size, time and identity as listed) reached through a link in the page's place:
    // remembered, the page was kept and the link with it; the compile replaces the link and says
    // so.
    OutputManifest.Entry e = written("needs/1.md", "one\n", 60);
    Files.move(out.resolve("needs/1.md"), out.resolve("mine.md"));
    Files.createSymbolicLink(out.resolve("needs/1.md"), Path.of("../mine.md"));

    OutputsSeen seen = OutputsSeen.look(List.of(e), out, LISTED_AT, 2);

    assertNull(seen.intactKey("needs/1.md"));
  }

  @Test
  void manyFilesAreLookedAtOnSeveralThreads() throws IOException {
    List<OutputManifest.Entry> listed = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      listed.add(written("needs/" + i + ".md", "page " + i + "\n", 60));
    }

    OutputsSeen seen = OutputsSeen.look(listed, out, LISTED_AT, 2);

    assertEquals(3000, seen.size());
    for (OutputManifest.Entry e : listed) {
      assertNotNull(seen.intactKey(e.path()), e.path());
    }
  }
}
