package dev.mlos.core.db;

import dev.mlos.core.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a database file is now, without reading its rows: the no-op compile compares it with the one
 * the last compile recorded, and the text form's record ({@code dbtext}) with the one it was dumped
 * at. Equal fingerprints mean no commit came in between.
 */
public final class DatabaseFingerprint {
  private DatabaseFingerprint() {}

  /**
   * The database as it is on disk, known by its files' identity and the header fields SQLite
   * changes, so the 600 MB of a large database need not be read. In rollback-journal mode SQLite
   * increments the header's change counter on every commit, and anything else that rewrites the
   * file changes its inode, size or change time. In WAL mode a commit appends frames to the
   * write-ahead log (its size grows) or, once the log was checkpointed, starts it again with new
   * salts in its header; a checkpoint writes the database file. So the database file's identity and
   * header plus the log's identity, size and header (an absent or empty log counts as none) change
   * with every commit in either mode. Only where the platform cannot tell a file's inode and change
   * time is the database known by its bytes (the file's and the log's SHA-256).
   */
  public static String of(Path db) throws IOException {
    db = followed(db);
    Optional<String> stat = sqliteFingerprint(db);
    if (stat.isPresent()) {
      return stat.get();
    }
    Path wal = wal(db);
    boolean walPresent = Files.exists(wal, LinkOption.NOFOLLOW_LINKS);
    String walHash = walPresent && Files.isRegularFile(wal) ? Sha256.ofFile(wal) : "none";
    return Sha256.of(HeldFiles.sha256(db) + ":" + walHash);
  }

  /**
   * {@link #of}'s fingerprint taken while a connection is still open: only for a database without a
   * write-ahead log, whose file closing the connection does not change; else null (a WAL database
   * is fingerprinted after closing: the last connection's close checkpoints it).
   */
  public static String whileOpen(Path db) {
    try {
      db = followed(db);
      return Files.exists(wal(db), LinkOption.NOFOLLOW_LINKS)
          ? null
          : sqliteFingerprint(db).orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The file a database path leads to. A workspace may reach a shared database through a symlink
   * ({@code mlos.db -> ../shared/mlos.db}): SQLite opens the file it leads to and keeps its log
   * beside that file, so that file is fingerprinted (and another target is another database), not
   * the link, whose own attributes no commit changes.
   */
  private static Path followed(Path db) throws IOException {
    return Files.isSymbolicLink(db) ? db.toRealPath() : db;
  }

  /** The write-ahead log SQLite keeps next to {@code db} in WAL mode. */
  private static Path wal(Path db) {
    return db.resolveSibling(db.getFileName() + "-wal");
  }

  private static final String FILE_IDENTITY = "unix:dev,ino,size,lastModifiedTime,ctime";

  /**
   * The identity, size and times of a SQLite database file with the header fields SQLite changes on
   * commits and checkpoints (change counter, page count, schema cookie, version-valid-for), and the
   * same for its write-ahead log with the log's 32-byte header; empty when the file is not a SQLite
   * database or the platform cannot tell a file's inode and change time.
   */
  private static Optional<String> sqliteFingerprint(Path db) throws IOException {
    byte[] magic = new byte[20];
    int read = HeldFiles.read(db, magic);
    boolean sqlite =
        read == magic.length
            && new String(magic, 0, 16, StandardCharsets.ISO_8859_1).equals("SQLite format 3\0")
            && magic[18] == magic[19]
            && (magic[18] == 1 || magic[18] == 2);
    Optional<String> file = sqlite ? identityAndHeader(db, 100) : Optional.empty();
    if (file.isEmpty()) {
      return Optional.empty();
    }
    String header = file.get();
    Path wal = wal(db);
    String log = "none";
    if (Files.exists(wal, LinkOption.NOFOLLOW_LINKS)) {
      Optional<String> w = identityAndHeader(wal, 32);
      if (w.isEmpty()) {
        return Optional.empty();
      }
      // An empty log (a reader opened the database) holds no commit: the same as none.
      log = Files.size(wal) == 0 ? "none" : w.get();
    }
    return Optional.of("sqlite:" + header + ";wal:" + log);
  }

  /**
   * A file's identity, size and times, and the hex of the header fields of a database file ({@code
   * headerBytes} 100) or of a whole log header (32), read twice around the header so a write in
   * between is noticed; empty when the platform lacks inode and change time, or a write came in
   * between.
   */
  private static Optional<String> identityAndHeader(Path file, int headerBytes) throws IOException {
    Map<String, Object> before;
    try {
      before = Files.readAttributes(file, FILE_IDENTITY, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
    byte[] header = new byte[headerBytes];
    int n;
    if (headerBytes == 100) {
      n = HeldFiles.read(file, header);
    } else {
      // The log has no locks of SQLite's on it (they are on the -shm file): read and closed.
      try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        n = in.readNBytes(header, 0, header.length);
      }
    }
    if (!before.equals(Files.readAttributes(file, FILE_IDENTITY, LinkOption.NOFOLLOW_LINKS))) {
      return Optional.empty();
    }
    StringBuilder f = new StringBuilder();
    for (String key : new String[] {"dev", "ino", "size", "lastModifiedTime", "ctime"}) {
      Object v = before.get(key);
      f.append(
              v instanceof java.nio.file.attribute.FileTime t
                  ? t.to(java.util.concurrent.TimeUnit.NANOSECONDS)
                  : v)
          .append(':');
    }
    java.util.HexFormat hex = java.util.HexFormat.of();
    if (headerBytes == 100) {
      if (n < 100) {
        return Optional.empty();
      }
      f.append(hex.formatHex(header, 0, 16)) // the magic string
          .append(':')
          .append(hex.formatHex(header, 18, 20)) // write and read versions: 1 rollback, 2 WAL
          .append(':')
          .append(hex.formatHex(header, 24, 32)) // change counter, page count
          .append(':')
          .append(hex.formatHex(header, 40, 44)) // schema cookie
          .append(':')
          .append(hex.formatHex(header, 92, 96)); // version-valid-for
    } else {
      f.append(hex.formatHex(header, 0, n));
    }
    return Optional.of(f.toString());
  }
}
