package dev.mlos.core.dbtext;

import dev.mlos.core.db.DatabaseFingerprint;
import dev.mlos.core.hash.CodeFingerprint;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What mlos knows of the text form since it last dumped the database: the database's fingerprint at
 * that dump ({@link DatabaseFingerprint}), the dump's SHA-256, and the identity, size and times of
 * the text form and its base as they were once written. While the database's fingerprint, the code
 * and both files are as recorded, a dump would give the very bytes the text form holds, so a no-op
 * compile and the guard need not dump (a dump reads every row: about 6 s at 10,000 needs).
 *
 * <p>Kept in {@code <state directory>/text-form}, outside the database (recording it there would
 * change the fingerprint it holds) and outside git (it describes this one checkout). Any doubt (no
 * record, an unreadable one, another database, another mlos or SQLite library, a changed file)
 * means: dump and compare, as without a record.
 */
record TextFormRecord(
    String code, String database, String fingerprint, String textHash, String text, String base) {

  /**
   * A file written this close to the record (in nanoseconds) is not known by its size and times: a
   * change within the file system's time resolution could keep them (as git's racy-clean files).
   */
  private static final long RACY_NANOS = 2_000_000_000L;

  static Path file(Path stateDirectory) {
    return stateDirectory.resolve("text-form");
  }

  /**
   * True when the text form of {@code database} and its base ({@code withBase}) are, byte for byte,
   * the dump of the database as it is now: the record says so and nothing it names changed.
   */
  static boolean vouches(Path stateDirectory, Path database, boolean withBase) {
    if (stateDirectory == null) {
      return false;
    }
    Path recordFile = file(stateDirectory);
    try {
      if (!Files.isRegularFile(recordFile, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      long recordedAt = Files.getLastModifiedTime(recordFile).to(TimeUnit.NANOSECONDS);
      List<String> lines = Files.readAllLines(recordFile, StandardCharsets.UTF_8);
      if (lines.size() != 6) {
        return false;
      }
      TextFormRecord r =
          new TextFormRecord(
              lines.get(0), lines.get(1), lines.get(2), lines.get(3), lines.get(4), lines.get(5));
      Path db = database.toAbsolutePath().normalize();
      if (!r.code.equals(currentCode())
          || !r.database.equals(db.toString())
          || !r.fingerprint.equals(DatabaseFingerprint.of(db))) {
        return false;
      }
      String text = seen(DatabaseText.fileOf(db), r.text, r.textHash, recordedAt);
      if (text == null) {
        return false;
      }
      if (!withBase) {
        return true;
      }
      String base =
          seen(DatabaseText.baseFileOf(stateDirectory, db), r.base, r.textHash, recordedAt);
      if (base == null) {
        return false;
      }
      if (!text.equals(r.text) || !base.equals(r.base)) {
        // Known by their hash now and old enough to be known by their size and times from now on
        // (as git refreshes its index): the next check need not read them.
        write(
            stateDirectory,
            new TextFormRecord(r.code, r.database, r.fingerprint, r.textHash, text, base));
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // an unreadable record only costs a dump
    }
  }

  /**
   * Records that the text form and its base now hold {@code dump}, the database's dump taken while
   * its fingerprint was {@code before}: only when the database still has that fingerprint (no
   * commit came in during the dump). Else the record is deleted.
   */
  static void write(Path stateDirectory, Path database, String dumpHash, String before) {
    if (stateDirectory == null) {
      return;
    }
    Path db = database.toAbsolutePath().normalize();
    try {
      String code = currentCode();
      String text = key(DatabaseText.fileOf(db));
      String base = key(DatabaseText.baseFileOf(stateDirectory, db));
      if (before == null
          || code.startsWith("unknown")
          || text == null
          || base == null
          || !before.equals(DatabaseFingerprint.of(db))) {
        forget(stateDirectory);
        return;
      }
      write(stateDirectory, new TextFormRecord(code, db.toString(), before, dumpHash, text, base));
    } catch (IOException | RuntimeException e) {
      forget(stateDirectory);
    }
  }

  private static void write(Path stateDirectory, TextFormRecord r) throws IOException {
    String out =
        String.join("\n", r.code, r.database, r.fingerprint, r.textHash, r.text, r.base) + "\n";
    if (out.chars().filter(ch -> ch == '\n').count() != 6) {
      forget(stateDirectory); // a path with a line break: no record rather than a wrong one
      return;
    }
    Files.createDirectories(stateDirectory);
    AtomicWriter.write(file(stateDirectory), out.getBytes(StandardCharsets.UTF_8), false);
  }

  /** The database's fingerprint now, or null when it cannot be taken (then nothing is recorded). */
  static String fingerprint(Path database) {
    try {
      return DatabaseFingerprint.of(database.toAbsolutePath().normalize());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Deletes the record: the next no-op compile or guard dumps. */
  static void forget(Path stateDirectory) {
    if (stateDirectory == null) {
      return;
    }
    try {
      Files.deleteIfExists(file(stateDirectory));
    } catch (IOException e) {
      // Left in place, it still names the text form's size and times, which a write changes.
    }
  }

  /**
   * The key to record for {@code file} when it holds the recorded bytes, else null: {@code key}
   * itself when its identity, size and times are still {@code key} and it was written well before
   * the record; else, when its bytes hash to {@code hash}, its key now if it was written well
   * before now (and did not change while it was hashed), or {@code key} (it stays known by its
   * hash).
   */
  private static String seen(Path file, String key, String hash, long recordedAt)
      throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile()) {
      return null;
    }
    long modified = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    String now = key(file);
    if (modified < recordedAt - RACY_NANOS && key.equals(now)) {
      return key;
    }
    if (!Sha256.ofFile(file, a.size()).equals(hash)) {
      return null;
    }
    long clock = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    return now != null && modified < clock - RACY_NANOS && now.equals(key(file)) ? now : key;
  }

  /**
   * The identity (device and inode), size, modification and change time of {@code file}; null when
   * it is not a regular file or the platform cannot tell them.
   */
  private static String key(Path file) throws IOException {
    try {
      java.util.Map<String, Object> a =
          Files.readAttributes(
              file, "unix:dev,ino,size,lastModifiedTime,ctime,mode", LinkOption.NOFOLLOW_LINKS);
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      return a.get("dev")
          + ":"
          + a.get("ino")
          + ":"
          + a.get("size")
          + ":"
          + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)
          + ":"
          + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  /**
   * The code that makes the dump: mlos's own (the jar this class is in) and the SQLite library
   * whose {@code quote()} writes every value.
   */
  static String currentCode() {
    String known = knownCode;
    if (known == null) {
      String mlos = CodeFingerprint.of(DatabaseText.class, "dev/mlos/core/");
      String sqlite = CodeFingerprint.of(org.sqlite.JDBC.class, "org/sqlite/");
      known =
          mlos.startsWith("unknown") || sqlite.startsWith("unknown")
              ? "unknown"
              : Sha256.of(mlos + "\n" + sqlite);
      knownCode = known;
    }
    return known;
  }

  private static volatile String knownCode;
}
