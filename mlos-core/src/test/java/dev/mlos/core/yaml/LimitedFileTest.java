package dev.mlos.core.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file over its limit is refused with the fix that is true for its kind: mlos.yaml includes no
 * other file, so "split it into smaller files" was no fix for it; a record file's list can be
 * split.
 */
class LimitedFileTest {
  @TempDir Path dir;

  private FileTooLargeException tooLarge(LimitedFile kind) throws Exception {
    Path file = dir.resolve(kind.name());
    Files.writeString(file, "x".repeat((int) kind.limit() + 100));
    return assertThrows(FileTooLargeException.class, () -> YamlLimits.read(file, kind));
  }

  @Test
  void aWorkspaceSettingsFileIsNotToldToSplitItself() throws Exception {
    FileTooLargeException e = tooLarge(LimitedFile.WORKSPACE_CONFIG);
    assertTrue(
        e.getMessage()
            .endsWith(
                ": is larger than the 1 MiB limit for configuration files (1048676"
                    + " bytes); refused before parsing"),
        e.getMessage());
    assertEquals(
        "a workspace's settings file includes no other file, so keep it to settings and views: a"
            + " view's template is a file of its own already (template: <file>.ftl); a long query"
            + " can become a view of your own in the database (CREATE VIEW, which mlos allows beside"
            + " its schema) that the query selects from; views can be spread over several"
            + " workspaces (directories, each with its own mlos.yaml and workspace name) that"
            + " compile from one database. A file this large that holds none of these is not a"
            + " workspace's settings",
        e.fix());
  }

  @Test
  void eachOtherKindGetsItsOwnFix() throws Exception {
    assertEquals(
        "split its list of records over several record files, each at most 4 MiB (an import takes"
            + " a directory or several files, and a record may name a record of another file), or"
            + " move long text out of the records",
        tooLarge(LimitedFile.RECORD).fix());
    assertEquals(
        "a shape file holds one shape, which is far smaller: shorten its descriptions, or put"
            + " fields and relations it shares with other shapes into a shape of their own that it"
            + " names in also:; a file that is not a shape (records saved there) belongs outside"
            + " the shapes directory",
        tooLarge(LimitedFile.SHAPE).fix());
    assertEquals(
        "move parts of it into templates of their own, which it names with #include or #import",
        tooLarge(LimitedFile.TEMPLATE).fix());
    // A built-in pack's file is mlos's, in its jar: not the user's to shorten.
    FileTooLargeException pack =
        assertThrows(
            FileTooLargeException.class,
            () ->
                YamlLimits.read(
                    new ByteArrayInputStream(new byte[(1 << 20) + 1]),
                    "built-in pack 'big' (mlos/packs/big/pack.yaml)",
                    LimitedFile.BUILT_IN_PACK));
    assertTrue(pack.fix().startsWith("this file is mlos's own, in its jar"), pack.fix());
    assertTrue(pack.fix().contains("a bug in mlos"), pack.fix());
  }

  /**
   * A file one byte over its limit was "more than 1048576 bytes read", though its size was known:
   * it is told its size as a larger file is, whether read from disk or from a stream (a built-in
   * pack's); only a stream that goes on past what mlos reads is told the bytes read.
   */
  @Test
  void aFileOneByteOverItsLimitIsToldItsSize() throws Exception {
    LimitedFile kind = LimitedFile.WORKSPACE_CONFIG;
    int limit = (int) kind.limit();
    Path file = dir.resolve("mlos.yaml");
    Files.writeString(file, "#".repeat(limit));
    assertEquals(limit, YamlLimits.read(file, kind).length());
    for (int size : new int[] {limit + 1, limit + 2, 5 * limit}) {
      Files.writeString(file, "#".repeat(size));
      String said = " (" + size + " bytes); refused before parsing";
      FileTooLargeException onDisk =
          assertThrows(FileTooLargeException.class, () -> YamlLimits.read(file, kind));
      assertTrue(onDisk.getMessage().endsWith(said), onDisk.getMessage());
      assertEquals(size, onDisk.size());
      FileTooLargeException bytes =
          assertThrows(FileTooLargeException.class, () -> YamlLimits.readBytes(file, kind));
      assertTrue(bytes.getMessage().endsWith(said), bytes.getMessage());
    }
    assertEquals(
        limit, YamlLimits.read(new ByteArrayInputStream(new byte[limit]), "s", kind).length());
    FileTooLargeException oneOver =
        assertThrows(
            FileTooLargeException.class,
            () -> YamlLimits.read(new ByteArrayInputStream(new byte[limit + 1]), "s", kind));
    assertTrue(
        oneOver.getMessage().endsWith(" (" + (limit + 1) + " bytes); refused before parsing"),
        oneOver.getMessage());
    FileTooLargeException goesOn =
        assertThrows(
            FileTooLargeException.class,
            () -> YamlLimits.read(new ByteArrayInputStream(new byte[5 * limit]), "s", kind));
    assertTrue(
        goesOn
            .getMessage()
            .endsWith(" (more than " + (limit + 1) + " bytes read); refused before parsing"),
        goesOn.getMessage());
    assertEquals(limit + 2, goesOn.size());
  }

  /** No fix of any kind sends the reader to split a file that has no include. */
  @Test
  void noFixSaysSplitItIntoSmallerFiles() {
    for (LimitedFile kind : LimitedFile.values()) {
      assertTrue(!kind.fix().contains("smaller files"), kind + ": " + kind.fix());
    }
  }

  /** SnakeYAML's own length limit, behind the byte limit, words the same fix for the kind. */
  @Test
  void aDocumentPastTheParsersLengthLimitGetsItsKindsFix() {
    InvalidYamlException e =
        assertThrows(
            InvalidYamlException.class,
            () ->
                YamlNode.parse(
                    "mlos.yaml",
                    new StringReader("workspace: '" + "x".repeat(1 << 20) + "'\n"),
                    LimitedFile.WORKSPACE_CONFIG));
    assertEquals(
        "the document is longer than mlos reads for configuration files (1 MiB): "
            + LimitedFile.WORKSPACE_CONFIG.fix(),
        e.fix());
  }
}
