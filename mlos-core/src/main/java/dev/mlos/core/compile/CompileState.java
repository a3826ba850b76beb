package dev.mlos.core.compile;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.view.Json;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a compile's output depends on, recorded after a successful compile so that the next
 * one can tell, without rendering, that nothing changed: the configuration and mlos's own code, the
 * database file's bytes, every template it loaded and every workspace file a template read.
 * Rendering is deterministic, so equal inputs give equal pages. When anything differs, or the state
 * file is missing, the compile renders everything as usual.
 *
 * <p>Kept in {@code <state directory>/compile-state} (default {@code target/mlos/}), outside the
 * database, because recording it in the database would change the very bytes it fingerprints.
 */
record CompileState(
    String inputs,
    String database,
    Map<String, String> templates,
    Map<String, String> files,
    OutputManifest.Summary outputs) {

  static Path file(WorkspaceConfig config) {
    return config.stateDirectory().resolve("compile-state");
  }

  /** The fingerprint of the configuration and of mlos itself. */
  static String inputs(WorkspaceConfig config) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("code", codeFingerprint());
    all.put("workspace", config.name());
    all.put("root", config.root().toString());
    all.put("output", config.outputDirectory().toString());
    all.put("database", config.database().toString());
    // In declaration order: templates can list params, and see them in that order.
    all.put("params", config.params());
    all.put("views", PageInputs.viewDefinitions(config));
    return Sha256.of(Json.write(all));
  }

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
  static String database(Path db) throws IOException {
    Optional<String> stat = sqliteFingerprint(db);
    if (stat.isPresent()) {
      return stat.get();
    }
    Path wal = wal(db);
    boolean walPresent = Files.exists(wal, LinkOption.NOFOLLOW_LINKS);
    String walHash = walPresent && Files.isRegularFile(wal) ? Sha256.ofFile(wal) : "none";
    return Sha256.of(Sha256.ofFile(db) + ":" + walHash);
  }

  /**
   * {@link #database}'s fingerprint taken while a connection is still open: only for a database
   * without a write-ahead log, whose file closing the connection does not change; else null (a WAL
   * database is fingerprinted after closing: the last connection's close checkpoints it).
   */
  static String databaseWhileOpen(Path db) {
    try {
      return Files.exists(wal(db), LinkOption.NOFOLLOW_LINKS)
          ? null
          : sqliteFingerprint(db).orElse(null);
    } catch (IOException e) {
      return null;
    }
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
  static Optional<String> sqliteFingerprint(Path db) throws IOException {
    byte[] magic = new byte[20];
    int read;
    try (var in = Files.newInputStream(db, LinkOption.NOFOLLOW_LINKS)) {
      read = in.readNBytes(magic, 0, magic.length);
    }
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
    try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      n = in.readNBytes(header, 0, header.length);
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

  /** True when every input is as recorded. */
  boolean unchanged(WorkspaceConfig config, ClassLoader classLoader) throws IOException {
    return inputs.equals(inputs(config))
        && database.equals(database(config.database()))
        && new CompileReads(templates, files).unchanged(config, classLoader);
  }

  static Optional<CompileState> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String inputs = null;
      String database = null;
      OutputManifest.Summary outputs = null;
      Map<String, String> templates = new TreeMap<>();
      Map<String, String> files = new TreeMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] p = line.split("\t", 3);
        switch (p[0]) {
          case "inputs" -> inputs = p[1];
          case "database" -> database = p[1];
          case "outputs" -> outputs = new OutputManifest.Summary(Long.parseLong(p[1]), p[2]);
          case "template" -> templates.put(p[1], p[2]);
          case "file" -> files.put(p[1], p[2]);
          default -> {
            return Optional.empty();
          }
        }
      }
      return inputs == null || database == null || outputs == null
          ? Optional.empty()
          : Optional.of(new CompileState(inputs, database, templates, files, outputs));
    } catch (IOException | RuntimeException e) {
      // An unreadable state only costs a full compile.
      return Optional.empty();
    }
  }

  void write(Path file) {
    StringBuilder out = new StringBuilder();
    out.append("inputs\t").append(inputs).append('\n');
    out.append("database\t").append(database).append('\n');
    out.append("outputs\t")
        .append(outputs.count())
        .append('\t')
        .append(outputs.sha256())
        .append('\n');
    templates.forEach(
        (k, v) -> out.append("template\t").append(k).append('\t').append(v).append('\n'));
    files.forEach((k, v) -> out.append("file\t").append(k).append('\t').append(v).append('\n'));
    AtomicWriter.write(file, out.toString().getBytes(StandardCharsets.UTF_8), false);
  }

  /**
   * Deletes the state and the output list beside it, before a compile changes what they describe.
   */
  static void forget(WorkspaceConfig config) {
    for (Path f : new Path[] {file(config), OutputManifest.file(config)}) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // Left in place, the state is still checked against the database's bytes, which this
        // compile
        // changes; the list is trusted only through the state.
      }
    }
  }

  /**
   * The code that decides how pages render: mlos-core and the libraries it renders with
   * (FreeMarker, the token counter, the YAML/JSON reader), each by the SHA-256 of its jar. Only the
   * file's bytes and name count, not where it is, so the same versions give the same fingerprint on
   * every machine. A class directory (a build or test run of mlos itself) counts by the names,
   * sizes and modification times of its files.
   */
  static String codeFingerprint() {
    // The loaded classes cannot change during this JVM's life: hash the jars once.
    String known = codeFingerprint;
    if (known == null) {
      known = computeCodeFingerprint();
      codeFingerprint = known;
    }
    return known;
  }

  private static volatile String codeFingerprint;

  private static String computeCodeFingerprint() {
    StringBuilder all = new StringBuilder();
    for (Class<?> c :
        new Class<?>[] {
          Compiler.class,
          freemarker.template.Configuration.class,
          com.knuddels.jtokkit.Encodings.class,
          org.yaml.snakeyaml.Yaml.class
        }) {
      all.append(codeOf(c)).append('\n');
    }
    return Sha256.of(all.toString());
  }

  private static String codeOf(Class<?> c) {
    try {
      Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(where)) {
        return where.getFileName() + ":" + Sha256.ofFile(where);
      }
      StringBuilder listing = new StringBuilder("classes");
      try (java.util.stream.Stream<Path> files = Files.walk(where)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          listing
              .append('|')
              .append(where.relativize(f))
              .append(':')
              .append(Files.size(f))
              .append(':')
              .append(Files.getLastModifiedTime(f).toMillis());
        }
      }
      return Sha256.of(listing.toString());
    } catch (Exception e) {
      return "unknown " + c.getName();
    }
  }
}
