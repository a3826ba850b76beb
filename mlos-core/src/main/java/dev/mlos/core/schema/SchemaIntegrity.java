package dev.mlos.core.schema;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.PrivateCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares a database's schema with the one its recorded migrations create, so that a schema
 * changed outside mlos (a hand-edited {@code mlos.db.sql} restored by init, the {@code sqlite3}
 * shell) cannot switch a rule off while every migration checksum still matches.
 *
 * <p>The expected schema is built, not listed: exactly the migrations {@code schema_migrations}
 * records (of the sets mlos ships), applied in their recorded order to an empty in-memory database,
 * read back from its {@code sqlite_schema}. SQLite stores each object's {@code sql} as the
 * statement that created it (normalised the same way on every path: a migration, a restore of the
 * text form that holds those texts, or the change log's pruning re-creating objects with their own
 * text), so equal migrations give equal texts. Built once per JVM for each list of recorded
 * migrations; each check after that reads the file's {@code sqlite_schema} (a few hundred rows) and
 * compares strings.
 *
 * <p>Refused: an object the migrations create whose type or {@code sql} differs or that is missing
 * (the engine opens a database without {@link SchemaCheck#missingObjects}' check, so a deleted rule
 * would otherwise go unnoticed there), and a trigger on a table or view the migrations create (or
 * on {@code schema_migrations}) that they do not create. Allowed: a workspace's own tables, views
 * and indexes, triggers on its own tables, SQLite's own tables ({@code sqlite_stat1} after {@code
 * ANALYZE}).
 */
public final class SchemaIntegrity {
  private static final String RECORD_TABLE = "schema_migrations";

  /** Expected schema per recorded list of (set, version, checksum). */
  private static final Map<List<Recorded>, Map<String, Expected>> EXPECTED =
      new ConcurrentHashMap<>();

  /** As {@link #EXPECTED}, with the migration that creates each object: built for a refusal. */
  private static final Map<List<Recorded>, Map<String, Expected>> ORIGINS =
      new ConcurrentHashMap<>();

  /** Shipped migrators by set name; empty when mlos ships no such set. */
  private static final Map<String, Optional<Migrator>> SHIPPED = new ConcurrentHashMap<>();

  private SchemaIntegrity() {}

  private record Recorded(String set, int version, String checksum) {}

  /** An object the migrations create, as SQLite keeps it, and the migration that made it so. */
  private record Expected(
      String type, String name, String table, String sql, boolean compared, String createdBy) {}

  /**
   * One way the database's schema differs from what its migrations create.
   *
   * @param type the object's type in the database ({@code trigger}, {@code table}, ...)
   * @param name its name
   * @param table the table or view it belongs to
   * @param what what differs, in words
   * @param createdBy the migration resource that creates the object, or null for an added one
   */
  public record Difference(String type, String name, String table, String what, String createdBy) {
    @Override
    public String toString() {
      return type + " " + name + (type.equals("trigger") ? " on " + table : "") + " " + what;
    }
  }

  /**
   * Refuses a database whose schema differs from what its recorded migrations create (see the class
   * comment).
   *
   * @param operation what stops, for the message ("compile", "guard", "engine"), or null
   * @throws TamperedSchemaException naming every changed or added object and the fix
   * @throws ChangedMigrationException when a recorded migration differs from the shipped one
   * @throws SchemaTooNewException when the database recorded a migration this mlos does not know
   */
  public static void requireUntampered(Connection c, String operation) {
    List<Difference> found = differences(c);
    if (!found.isEmpty()) {
      throw new TamperedSchemaException(Database.fileOf(c), found, operation, null);
    }
  }

  /** The ways the database's schema differs from what its recorded migrations create. */
  public static List<Difference> differences(Connection c) {
    String db = Database.fileOf(c);
    try {
      List<Recorded> recorded = recorded(c);
      if (recorded.isEmpty()) {
        return List.of();
      }
      List<Recorded> key = List.copyOf(recorded);
      List<Difference> found = compare(EXPECTED.computeIfAbsent(key, k -> expected(k, c)), c);
      // Which migration creates each object costs a schema read after every migration: only for
      // the message of a refusal.
      return found.isEmpty()
          ? found
          : compare(ORIGINS.computeIfAbsent(key, k -> build(k, true)), c);
    } catch (SQLException e) {
      throw new SchemaException(
          null,
          0,
          null,
          "Database " + db + ": cannot read its schema: " + e.getMessage(),
          "check that the file is a readable SQLite database (init runs an integrity check)",
          e);
    }
  }

  /**
   * The migrations of shipped sets the database recorded, in the order it applied them; a changed
   * or unknown one is refused as by {@link Migrator#pending}.
   */
  private static List<Recorded> recorded(Connection c) throws SQLException {
    List<Recorded> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet has =
            s.executeQuery(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '"
                    + RECORD_TABLE
                    + "'")) {
      if (!has.next()) {
        return out;
      }
    }
    Set<String> checked = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT schema_set, version, checksum FROM " + RECORD_TABLE + " ORDER BY rowid")) {
      while (rs.next()) {
        Recorded r = new Recorded(rs.getString(1), rs.getInt(2), rs.getString(3));
        Migrator m = shipped(r.set());
        if (m == null) {
          continue; // a set this mlos does not ship: its objects are the workspace's own
        }
        if (shippedAs(m, r) == null && checked.add(r.set())) {
          m.pending(c); // throws ChangedMigrationException or SchemaTooNewException
        }
        out.add(r);
      }
    }
    return out;
  }

  private static Migration shippedAs(Migrator m, Recorded r) {
    for (Migration x : m.migrations()) {
      if (x.version() == r.version()) {
        return x.checksum().equals(r.checksum()) ? x : null;
      }
    }
    return null;
  }

  private static Migrator shipped(String set) {
    if (set == null || !set.matches("[A-Za-z0-9_-]{1,64}")) {
      return null;
    }
    return SHIPPED
        .computeIfAbsent(
            set,
            k -> {
              try {
                return Optional.of(Migrator.forSet(k));
              } catch (SchemaException e) {
                return Optional.empty();
              }
            })
        .orElse(null);
  }

  /** Forgets what this JVM built or read (tests of the per-user cache). */
  static void forgetInMemory() {
    EXPECTED.clear();
    ORIGINS.clear();
  }

  /** Set {@code -Dmlos.schemaCache=false} to build the expected schema in every JVM. */
  static final String CACHE_ENABLED = "mlos.schemaCache";

  private static final String CACHE_HEADER = "mlos expected schema 1";

  /**
   * The expected schema of {@code recorded}: from the per-user cache ({@link PrivateCache}) when a
   * JVM built it before, else built (about 120-160 ms of SQLite in a fresh JVM, which every `mlos`
   * command and Maven goal is) and cached. The cache is keyed by every recorded migration's
   * checksum and SQLite's version, and a file whose content does not match the checksum its first
   * line gives is ignored. It spares a cost, not a check: whoever can write it as this user can
   * also change the database directly.
   */
  private static Map<String, Expected> expected(List<Recorded> recorded, Connection c) {
    if ("false".equals(System.getProperty(CACHE_ENABLED))) {
      return build(recorded, false);
    }
    java.util.Optional<java.nio.file.Path> dir = PrivateCache.directory("schema");
    String name;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
      StringBuilder key = new StringBuilder(CACHE_HEADER).append('\n');
      key.append(rs.next() ? rs.getString(1) : "?").append('\n');
      for (Recorded r : recorded) {
        key.append(r.set()).append('|').append(r.version()).append('|').append(r.checksum());
        key.append('\n');
      }
      name = "schema-" + dev.mlos.core.hash.Sha256.of(key.toString()) + ".tsv";
    } catch (SQLException e) {
      return build(recorded, false);
    }
    if (dir.isPresent()) {
      Map<String, Expected> cached =
          PrivateCache.read(dir.get(), name).map(SchemaIntegrity::parse).orElse(null);
      if (cached != null) {
        return cached;
      }
    }
    Map<String, Expected> built = build(recorded, false);
    dir.ifPresent(d -> PrivateCache.write(d, name, format(built)));
    return built;
  }

  /** One line per object: compared, type, name, table, sql, each escaped; under a hashed header. */
  private static byte[] format(Map<String, Expected> expected) {
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, Expected> e : new java.util.TreeMap<>(expected).entrySet()) {
      Expected x = e.getValue();
      body.append(x.compared() ? '1' : '0');
      for (String f : new String[] {x.type(), x.name(), x.table(), x.sql()}) {
        body.append('\t').append(escape(f));
      }
      body.append('\n');
    }
    String text = body.toString();
    return (CACHE_HEADER + "\t" + checksum(text) + "\n" + text)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The cached schema, or null when the file is not exactly one {@link #format} wrote. */
  private static Map<String, Expected> parse(byte[] bytes) {
    String all = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    int nl = all.indexOf('\n');
    if (nl < 0 || !all.startsWith(CACHE_HEADER + "\t")) {
      return null;
    }
    String text = all.substring(nl + 1);
    if (!all.substring(CACHE_HEADER.length() + 1, nl).equals(checksum(text))) {
      return null;
    }
    Map<String, Expected> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 5 || !(f[0].equals("0") || f[0].equals("1"))) {
        return null;
      }
      String name = unescape(f[2]);
      out.put(
          name == null ? "" : name.toLowerCase(Locale.ROOT),
          new Expected(
              unescape(f[1]), name, unescape(f[3]), unescape(f[4]), f[0].equals("1"), null));
    }
    return Map.copyOf(out);
  }

  /**
   * CRC-32C and length of {@code text}: the file guards against damage, not an attacker (see {@link
   * #expected}), and SHA-256 would cost a cold JVM more than the file saves.
   */
  private static String checksum(String text) {
    byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(b);
    return Long.toHexString(crc.getValue()) + "-" + b.length;
  }

  /** Tabs, line breaks and backslashes escaped; null as a lone backslash-N. */
  private static String escape(String s) {
    if (s == null) {
      return "\\N";
    }
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static String unescape(String s) {
    if (s.equals("\\N")) {
      return null;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /**
   * Applies the recorded migrations to an empty in-memory database and reads its schema; with
   * {@code origins}, also which migration last created or changed each object.
   */
  private static Map<String, Expected> build(List<Recorded> recorded, boolean origins) {
    try (Connection mem = Database.inMemory()) {
      Map<String, String[]> seen = new LinkedHashMap<>();
      Map<String, String> createdBy = new LinkedHashMap<>();
      for (Recorded r : recorded) {
        Migrator m = shipped(r.set());
        Migration migration = shippedAs(m, r);
        if (migration == null) {
          continue; // recorded() refused it; only a database changed meanwhile gets here
        }
        m.applyOne(mem, migration);
        if (!origins) {
          continue;
        }
        Map<String, String[]> now = schema(mem);
        for (Map.Entry<String, String[]> e : now.entrySet()) {
          String[] before = seen.get(e.getKey());
          if (before == null || !java.util.Arrays.equals(before, e.getValue())) {
            createdBy.put(e.getKey(), migration.resource());
          }
        }
        seen = now;
      }
      if (!origins) {
        seen = schema(mem);
      }
      Set<String> shadow = new HashSet<>();
      try (Statement s = mem.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT lower(name) FROM pragma_table_list WHERE type = 'shadow'")) {
        while (rs.next()) {
          shadow.add(rs.getString(1));
        }
      }
      Map<String, Expected> out = new LinkedHashMap<>();
      for (Map.Entry<String, String[]> e : seen.entrySet()) {
        String[] o = e.getValue();
        // A virtual table's shadow tables are written by its module (their text may change with
        // SQLite's version), the record table by the Migrator: neither holds a rule.
        boolean compared = !shadow.contains(e.getKey()) && !e.getKey().equals(RECORD_TABLE);
        out.put(
            e.getKey(), new Expected(o[0], o[1], o[2], o[3], compared, createdBy.get(e.getKey())));
      }
      return Map.copyOf(out);
    } catch (SQLException e) {
      throw new SchemaException(
          null,
          0,
          null,
          "Cannot build the schema the recorded migrations create in memory: " + e.getMessage(),
          "this is a fault in mlos: report it with this message",
          e);
    }
  }

  /**
   * {@code sqlite_schema} by lower-case name: type, name, tbl_name, sql (SQLite's own left out).
   */
  private static Map<String, String[]> schema(Connection c) throws SQLException {
    Map<String, String[]> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT type, name, tbl_name, sql FROM main.sqlite_schema"
                    + " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(
            rs.getString(2).toLowerCase(Locale.ROOT),
            new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    return out;
  }

  private static List<Difference> compare(Map<String, Expected> expected, Connection c)
      throws SQLException {
    Set<String> tables = new HashSet<>();
    for (Expected e : expected.values()) {
      if (e.type().equals("table") || e.type().equals("view")) {
        tables.add(e.name().toLowerCase(Locale.ROOT));
      }
    }
    List<Difference> out = new ArrayList<>();
    Map<String, String[]> actual = schema(c);
    for (Map.Entry<String, Expected> x : expected.entrySet()) {
      Expected e = x.getValue();
      // A rule's trigger deleted (from mlos.db.sql, or with the shell) switches the rule off for
      // every client: as much a tamper as a changed one.
      if (e.compared() && !actual.containsKey(x.getKey())) {
        out.add(
            new Difference(
                e.type(),
                e.name(),
                e.table(),
                "is missing: the migrations create it",
                e.createdBy()));
      }
    }
    for (String[] o : actual.values()) {
      String key = o[1].toLowerCase(Locale.ROOT);
      Expected e = expected.get(key);
      if (e == null) {
        if (o[0].equals("trigger") && tables.contains(o[2].toLowerCase(Locale.ROOT))) {
          out.add(
              new Difference(
                  o[0], o[1], o[2], "is not one the migrations create: it was added", null));
        }
      } else if (!e.type().equals(o[0])) {
        out.add(
            new Difference(
                o[0],
                o[1],
                o[2],
                "is a " + o[0] + " where the migrations create a " + e.type(),
                e.createdBy()));
      } else if (e.compared() && !java.util.Objects.equals(e.sql(), o[3])) {
        out.add(
            new Difference(
                o[0],
                o[1],
                o[2],
                "has other SQL: " + firstDifference(e.sql(), o[3]),
                e.createdBy()));
      }
    }
    return out;
  }

  /** Where two statements first differ: the first differing line of each, around the change. */
  static String firstDifference(String expected, String actual) {
    String[] want = String.valueOf(expected).split("\n", -1);
    String[] have = String.valueOf(actual).split("\n", -1);
    int i = 0;
    while (i < want.length && i < have.length && want[i].equals(have[i])) {
      i++;
    }
    String a = i < have.length ? have[i] : "";
    String b = i < want.length ? want[i] : "";
    int at = 0;
    while (at < a.length() && at < b.length() && a.charAt(at) == b.charAt(at)) {
      at++;
    }
    return "line "
        + (i + 1)
        + " is `"
        + around(a, at)
        + "` where the migrations have `"
        + around(b, at)
        + "`";
  }

  private static String around(String line, int at) {
    int from = Math.max(0, at - 40);
    int to = Math.min(line.length(), at + 60);
    return (from > 0 ? "..." : "")
        + line.substring(from, to).strip()
        + (to < line.length() ? "..." : "");
  }
}
