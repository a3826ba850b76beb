package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list of outputs the no-op check trusts instead of reading the database's compile record. */
class OutputManifestTest {
  @TempDir Path dir;

  private OutputManifest.Summary write(Path file, String... paths) throws IOException {
    try (OutputManifest.Writer w = new OutputManifest.Writer(file)) {
      for (String p : paths) {
        w.add(p, "needs", "h-" + p, p.length() + ":1:(dev=1,ino=2)");
      }
      return w.publish();
    }
  }

  private static List<OutputManifest.Entry> read(
      Path file, OutputManifest.Summary s, boolean[] ok) {
    List<OutputManifest.Entry> all = new ArrayList<>();
    ok[0] = OutputManifest.read(file, s, all::add);
    return all;
  }

  @Test
  void aPublishedManifestReadsBackEntryByEntry() throws IOException {
    Path file = dir.resolve("target/mlos/compile-outputs");
    OutputManifest.Summary s = write(file, "needs/a b.md", "PROBLEM.md", "needs/ünï.md");
    boolean[] ok = {false};

    List<OutputManifest.Entry> all = read(file, s, ok);

    assertTrue(ok[0]);
    assertEquals(3, s.count());
    assertEquals(
        List.of(
            new OutputManifest.Entry(
                "needs/a b.md", "needs", "h-needs/a b.md", "12:1:(dev=1,ino=2)"),
            new OutputManifest.Entry("PROBLEM.md", "needs", "h-PROBLEM.md", "10:1:(dev=1,ino=2)"),
            new OutputManifest.Entry(
                "needs/ünï.md", "needs", "h-needs/ünï.md", "12:1:(dev=1,ino=2)")),
        all);
  }

  /**
   * A manifest as large as a 100k workspace's crosses the reader's buffer many times: every entry
   * reads back as written, whatever its length, view, path characters or missing stat key.
   */
  @Test
  void aLargeManifestReadsBackExactlyAcrossTheReadersBuffer() throws IOException {
    Path file = dir.resolve("compile-outputs");
    List<OutputManifest.Entry> written = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String view = i < 5 ? "problem" : i % 1000 == 0 ? "context" : "needs";
      String path =
          i == 7
              ? "needs/" + "x".repeat(200_000) + ".md"
              : i % 3 == 0 ? "needs/ünï-" + i + ".md" : "needs/n-" + i + ".md";
      written.add(
          new OutputManifest.Entry(
              path,
              view,
              "sha256-" + i,
              i % 5 == 0 ? "[]" : "[" + i + ",\"ü\"]",
              i % 2 == 0,
              i % 7 == 0 ? null : i + ":1700000000:(dev=1,ino=" + i + ")"));
    }
    OutputManifest.Summary s;
    try (OutputManifest.Writer w = new OutputManifest.Writer(file)) {
      for (OutputManifest.Entry e : written) {
        w.add(e.path(), e.view(), e.fileHash(), e.sourceKeys(), e.hasInputHash(), e.key());
      }
      s = w.publish();
    }
    boolean[] ok = {false};

    List<OutputManifest.Entry> all = read(file, s, ok);

    assertTrue(ok[0]);
    assertEquals(written, all);
    Files.writeString(file, Files.readString(file).stripTrailing());
    read(file, s, ok);
    assertFalse(ok[0], "the last line without its line break");
  }

  @Test
  void aManifestThatIsNotExactlyTheRecordedOneIsNotTrusted() throws IOException {
    Path file = dir.resolve("compile-outputs");
    OutputManifest.Summary s = write(file, "a.md", "b.md");
    boolean[] ok = {true};
    String text = Files.readString(file);

    Files.writeString(file, text.replace("h-b.md", "h-c.md"));
    read(file, s, ok);
    assertFalse(ok[0], "an edited line");

    Files.writeString(file, text.substring(0, text.indexOf('\n') + 1));
    read(file, s, ok);
    assertFalse(ok[0], "a truncated file");

    Files.writeString(file, text + "c.md\tneeds\th\t[]\t0\t-\n");
    read(file, s, ok);
    assertFalse(ok[0], "an extra line");

    Files.writeString(file, "no tabs here\n");
    read(file, new OutputManifest.Summary(1, s.checksum()), ok);
    assertFalse(ok[0], "a malformed line");

    Files.delete(file);
    read(file, s, ok);
    assertFalse(ok[0], "a missing file");

    Files.writeString(file, text);
    read(file, s, ok);
    assertTrue(ok[0], "the same bytes again");
  }

  /**
   * The stamp the compile record notes: the same rows listed in any order, with any stat keys, give
   * the same stamp; another file hash, source key, input hash, view or path, or a row more or less,
   * gives another (issue 20: an incremental compile trusts the manifest only when the stamps
   * agree).
   */
  @Test
  void theStampDependsOnTheRowsNotOnTheirOrderOrStatKeys() throws IOException {
    List<OutputManifest.Entry> rows =
        List.of(
            new OutputManifest.Entry("a.md", "needs", "h1", "[1]", true, "1:1:(dev=1,ino=1)"),
            new OutputManifest.Entry("b.md", "needs", "h2", "[2]", true, null),
            new OutputManifest.Entry("P.md", "problem", "h3", "[]", false, "3:1:(dev=1,ino=3)"));
    String stamp = stampOf("one", rows);
    List<OutputManifest.Entry> other = new ArrayList<>(rows);
    java.util.Collections.reverse(other);
    other.set(0, new OutputManifest.Entry("P.md", "problem", "h3", "[]", false, "9:9:(x)"));
    assertEquals(stamp, stampOf("two", other), "another order, another stat key");
    assertEquals(
        stamp,
        OutputManifest.readStamped(dir.resolve("one"), summaries.get("one"), e -> {}),
        "the reader finds the writer's stamp");
    List<List<OutputManifest.Entry>> changed =
        List.of(
            List.of(rows.get(0), rows.get(1)),
            List.of(rows.get(0), rows.get(1), rows.get(2), rows.get(2)),
            List.of(rows.get(0), rows.get(1), withHash(rows.get(2), "h4")),
            List.of(
                rows.get(0),
                rows.get(1),
                new OutputManifest.Entry("P.md", "problem", "h3", "[9]", false, null)),
            List.of(
                rows.get(0),
                rows.get(1),
                new OutputManifest.Entry("P.md", "problem", "h3", "[]", true, null)),
            List.of(
                rows.get(0),
                rows.get(1),
                new OutputManifest.Entry("P.md", "needs", "h3", "[]", false, null)),
            List.of(
                rows.get(0),
                rows.get(1),
                new OutputManifest.Entry("p.md", "problem", "h3", "[]", false, null)));
    int i = 0;
    for (List<OutputManifest.Entry> c : changed) {
      assertFalse(stamp.equals(stampOf("c" + i, c)), "change " + i++);
    }
  }

  @Test
  void aRecordWhoseSourceKeysHoldATabIsNotListed() throws IOException {
    try (OutputManifest.Writer w = new OutputManifest.Writer(dir.resolve("compile-outputs"))) {
      assertThrows(IOException.class, () -> w.add("a.md", "v", "h", "[\"a\tb\"]", true, null));
    }
  }

  private final java.util.Map<String, OutputManifest.Summary> summaries = new java.util.HashMap<>();

  private String stampOf(String name, List<OutputManifest.Entry> rows) throws IOException {
    try (OutputManifest.Writer w = new OutputManifest.Writer(dir.resolve(name))) {
      for (OutputManifest.Entry e : rows) {
        w.add(e.path(), e.view(), e.fileHash(), e.sourceKeys(), e.hasInputHash(), e.key());
      }
      String stamp = w.stamp();
      summaries.put(name, w.publish());
      return stamp;
    }
  }

  private static OutputManifest.Entry withHash(OutputManifest.Entry e, String hash) {
    return new OutputManifest.Entry(
        e.path(), e.view(), hash, e.sourceKeys(), e.hasInputHash(), e.key());
  }

  @Test
  void anUnpublishedManifestLeavesNothingBehindAndKeepsThePreviousOne() throws IOException {
    Path file = dir.resolve("compile-outputs");
    OutputManifest.Summary first = write(file, "a.md");
    try (OutputManifest.Writer w = new OutputManifest.Writer(file)) {
      w.add("b.md", "v", "h", null);
      // a failing compile never publishes
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left");
    }
    assertEquals(
        "a.md\tneeds\th-a.md\t[]\t0\t4:1:(dev=1,ino=2)\n",
        Files.readString(file, StandardCharsets.UTF_8));
    boolean[] ok = {false};
    read(file, first, ok);
    assertTrue(ok[0]);
  }

  @Test
  void aFileIsTakenAsRecordedOnlyWhenItsKeyIsUnchangedAndItIsOlderThanTheRacyWindow()
      throws IOException {
    Path file = Files.writeString(dir.resolve("a.md"), "abc\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
    BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
    String key = OutputManifest.key(before);
    assumeTrue(key != null, "the platform tells file identities");
    long modified = before.lastModifiedTime().to(TimeUnit.NANOSECONDS);

    assertTrue(OutputManifest.unmodified(before, key, modified + 3_000_000_000L));
    assertFalse(
        OutputManifest.unmodified(before, key, modified + 1_000_000_000L),
        "modified within two seconds of the manifest: hashed, a coarse clock could hide an edit");
    assertFalse(
        OutputManifest.unmodified(before, null, modified + 3_000_000_000L), "no key recorded");

    Files.writeString(file, "abd\n");
    assertFalse(
        OutputManifest.unmodified(
            Files.readAttributes(file, BasicFileAttributes.class), key, Long.MAX_VALUE),
        "an edit of the same size changes the modification time");
    Files.setLastModifiedTime(file, before.lastModifiedTime());
    Path other = Files.writeString(dir.resolve("b.md"), "abd\n");
    Files.setLastModifiedTime(other, before.lastModifiedTime());
    Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
    assertFalse(
        OutputManifest.unmodified(
            Files.readAttributes(file, BasicFileAttributes.class), key, Long.MAX_VALUE),
        "a replaced file is another inode, even with the same size and time");
  }
}
