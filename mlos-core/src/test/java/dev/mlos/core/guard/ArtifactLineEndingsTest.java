package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlos.core.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard's verdict on a registered file whose bytes changed: only its line endings (either way)
 * or its content, for LF, CRLF, mixed, binary and empty files, small and larger than one read (64
 * KiB); and a drifted file is read once, not three times.
 */
class ArtifactLineEndingsTest {
  @TempDir Path dir;

  private static final int LARGE = 200_000;

  private GuardWorkspace compiled() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    return w;
  }

  /** Registers {@code registered} as artifact 90 at data/f, then puts {@code now} there. */
  private static List<Violation> verdict(GuardWorkspace w, byte[] registered, byte[] now)
      throws Exception {
    Files.createDirectories(w.root.resolve("data"));
    w.sql("DELETE FROM artifacts WHERE id = 90");
    w.sql(
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (90, 'f', 'data/f', '"
            + Sha256.of(registered)
            + "')");
    Files.write(w.root.resolve("data/f"), now);
    return w.guard().violations().stream().filter(v -> v.path().equals("data/f")).toList();
  }

  /** {@code line} and {@code ending} as often as {@code size} bytes of LF lines would hold. */
  private static byte[] text(String line, String ending, int size) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < size / (line.length() + 1) + 1; i++) {
      s.append(line).append(ending);
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void assertSays(List<Violation> found, String words) {
    assertEquals(1, found.size(), found.toString());
    assertEquals(ViolationClass.ARTIFACT_DRIFT, found.get(0).violationClass());
    assertTrue(found.get(0).message().contains(words), found.get(0).message());
  }

  @Test
  void eachKindOfFileGetsTheVerdictOfItsChange() throws Exception {
    GuardWorkspace w = compiled();
    for (int size : new int[] {40, LARGE}) {
      byte[] lf = text("one line", "\n", size);
      byte[] crlf = text("one line", "\r\n", size);
      byte[] mixed = text("one\r\ntwo\nthree\r", "\n", size);
      byte[] mixedAsLf =
          new String(mixed, StandardCharsets.UTF_8)
              .replace("\r\n", "\n")
              .replace("\r", "\n")
              .getBytes(StandardCharsets.UTF_8);
      byte[] binary = new byte[size];
      for (int i = 0; i < size; i++) {
        binary[i] = (byte) (i * 31 + i / 7);
      }
      byte[] otherBinary = binary.clone();
      otherBinary[size - 1] ^= 1;

      assertEquals(List.of(), verdict(w, lf, lf), "unchanged, " + size);
      assertEquals(List.of(), verdict(w, mixed, mixed), "unchanged, " + size);
      assertEquals(List.of(), verdict(w, binary, binary), "unchanged, " + size);
      assertSays(verdict(w, lf, crlf), "only in its line endings");
      assertSays(verdict(w, mixedAsLf, mixed), "only in its line endings");
      assertSays(verdict(w, crlf, lf), "registered from a checkout with CRLF");
      assertSays(
          verdict(w, text("one line", "\n", size + 9), lf), "changed since it was registered");
      assertSays(verdict(w, lf, mixed), "changed since it was registered");
      assertSays(
          verdict(w, binary, otherBinary),
          "changed since it was registered: its SHA-256 is "
              + Sha256.of(otherBinary).substring(0, 12)
              + "...");
      assertSays(verdict(w, binary, new byte[0]), "changed since it was registered");
      assertSays(verdict(w, new byte[0], lf), "changed since it was registered");
    }
    assertEquals(List.of(), verdict(w, new byte[0], new byte[0]));
    assertSays(verdict(w, "\n".getBytes(), "\r\n".getBytes()), "only in its line endings");
    assertSays(
        verdict(w, "\r\n".getBytes(), "\n".getBytes()), "registered from a checkout with CRLF");
  }

  /**
   * A drifted artifact of 8 MiB, LF text registered with CRLF: the guard read it three times (its
   * bytes, as LF, as CRLF), 24 MiB; now twice (its bytes, then both other hashes in one read), and
   * an artifact as recorded once, with one hash. Counted by Linux's /proc/self/io.
   */
  @Test
  void aDriftedArtifactIsReadTwiceAndOneAsRecordedOnce() throws Exception {
    Path io = Path.of("/proc/self/io");
    assumeTrue(Files.isReadable(io), "no /proc/self/io here");
    GuardWorkspace w = compiled();
    int size = 8 << 20;
    byte[] lf = text("a line of a dataset", "\n", size);
    Files.createDirectories(w.root.resolve("data"));
    w.sql(
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (90, 'f', 'data/f', '"
            + Sha256.of(text("a line of a dataset", "\r\n", size))
            + "')");
    Files.write(w.root.resolve("data/f"), lf);
    w.guard(); // warm: classes, the database's pages

    long before = readBytes(io);
    GuardReport r = w.guard();
    long read = readBytes(io) - before;

    assertTrue(
        r.violations().stream().anyMatch(v -> v.path().equals("data/f")),
        r.violations().toString());
    assertTrue(read < lf.length * 5L / 2, "read " + read + " bytes for a file of " + lf.length);

    w.sql("UPDATE artifacts SET content_hash = '" + Sha256.of(lf) + "' WHERE id = 90");
    w.guard();
    before = readBytes(io);
    r = w.guard();
    read = readBytes(io) - before;
    assertTrue(
        r.violations().stream().noneMatch(v -> v.path().equals("data/f")),
        r.violations().toString());
    assertTrue(read < lf.length * 3L / 2, "read " + read + " bytes for a file of " + lf.length);
  }

  /**
   * The fix of a file whose line endings alone changed names a .gitattributes line: for a file
   * whose path holds a space or a glob character, that line gave git another pattern ('/docs/a b.md
   * text eol=lf' is the pattern '/docs/a' and an attribute 'b.md'; '[draft]' matches one letter),
   * so the file kept drifting. The line is now one git applies to that file, and only to it, which
   * git itself confirms, both ways round.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"docs/a b/c d.md", "docs/[draft] x.md", "docs/it's #2 (v2).md"})
  void theGitattributesLineOfTheFixAppliesToThatFile(String file) throws Exception {
    assumeTrue(gitOnPath(), "git is not on the PATH");
    GuardWorkspace w = compiled();
    assertEquals(0, git(w.root, "init", "-q"));
    Path onDisk = w.root.resolve(file);
    Files.createDirectories(onDisk.getParent());
    Files.createDirectories(w.root.resolve("docs"));
    Files.writeString(w.root.resolve("docs/d x.md"), "a name '[draft] x.md' matches\n");
    byte[] lf = "one\ntwo\n".getBytes(StandardCharsets.UTF_8);
    byte[] crlf = "one\r\ntwo\r\n".getBytes(StandardCharsets.UTF_8);
    for (byte[][] registeredAndNow : new byte[][][] {{lf, crlf}, {crlf, lf}}) {
      w.sql("DELETE FROM artifacts WHERE id = 91");
      w.sql(
          "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (91, 'f', '"
              + file.replace("'", "''")
              + "', '"
              + Sha256.of(registeredAndNow[0])
              + "')");
      Files.write(onDisk, registeredAndNow[1]);
      List<Violation> found =
          w.guard().violations().stream().filter(v -> v.path().equals(file)).toList();
      assertSays(found, "only in its line endings");
      String fix = found.get(0).fix();
      int start = fix.indexOf("add the line '") + "add the line '".length();
      String line = fix.substring(start, fix.indexOf("' to the workspace's .gitattributes"));
      Files.writeString(w.root.resolve(".gitattributes"), line + "\n");

      String[] out = new String[1];
      assertEquals(0, git(w.root, out, "check-attr", "eol", "--", file), out[0]);
      assertTrue(out[0].strip().endsWith(": eol: lf"), line + " -> " + out[0]);
      assertEquals(0, git(w.root, out, "check-attr", "eol", "--", "docs/d x.md"), out[0]);
      assertTrue(out[0].strip().endsWith(": eol: unspecified"), line + " -> " + out[0]);
    }
  }

  private static boolean gitOnPath() {
    try {
      return git(Path.of("."), new String[1], "--version") == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static int git(Path root, String... args) throws Exception {
    return git(root, new String[1], args);
  }

  private static int git(Path root, String[] out, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    out[0] = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", args));
    return p.exitValue();
  }

  private static long readBytes(Path io) throws Exception {
    for (String line : Files.readAllLines(io)) {
      if (line.startsWith("rchar:")) {
        return Long.parseLong(line.substring(6).strip());
      }
    }
    throw new AssertionError("no rchar in /proc/self/io");
  }
}
