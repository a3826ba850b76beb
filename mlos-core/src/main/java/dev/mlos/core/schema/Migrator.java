package dev.mlos.core.schema;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the versioned migrations of one schema set, Flyway style.
 *
 * <p>A set lives on the classpath at {@code dev/mlos/core/schema/<set>/}, with one {@code
 * V<n>__<description>.sql} per version and an {@code index.txt} naming them (folders inside a jar
 * cannot be listed reliably). Applied migrations are recorded in {@code schema_migrations} with a
 * SHA-256 of their text. Before anything runs, the database is checked: a recorded migration whose
 * text has changed, or a version newer than this mlos knows, stops with an exception and nothing is
 * changed.
 */
public final class Migrator {
  /** Where schema sets live on the classpath. */
  public static final String ROOT = "dev/mlos/core/schema/";

  private static final Pattern FILE = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_\\-]+)\\.sql");
  private static final String TABLE =
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
          + " schema_set TEXT NOT NULL,"
          + " version INTEGER NOT NULL,"
          + " description TEXT NOT NULL,"
          + " checksum TEXT NOT NULL,"
          + " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
          + " PRIMARY KEY (schema_set, version)) STRICT";

  private final String schemaSet;
  private final List<Migration> migrations;

  private Migrator(String schemaSet, List<Migration> migrations) {
    this.schemaSet = schemaSet;
    this.migrations = List.copyOf(migrations);
  }

  /**
   * The migrator for a set shipped with mlos (for example {@code mlos} or {@code mlos-compiler}).
   *
   * @throws SchemaException when the set or one of its files is missing or misnamed
   */
  public static Migrator forSet(String schemaSet) {
    return forSet(schemaSet, Migrator.class.getClassLoader());
  }

  /** As {@link #forSet(String)}, loading the set's files from {@code loader}. */
  public static Migrator forSet(String schemaSet, ClassLoader loader) {
    String folder = ROOT + schemaSet + "/";
    String index = read(loader, folder + "index.txt", schemaSet, 0);
    if (index == null) {
      throw new SchemaException(
          schemaSet,
          0,
          folder + "index.txt",
          "Unknown schema set \"" + schemaSet + "\": no " + folder + "index.txt on the classpath",
          "use one of the sets mlos ships (mlos, runtime-memory, agentos-graph, mlos-compiler) or put the set's index.txt on the classpath",
          null);
    }
    List<Migration> list = new ArrayList<>();
    int lineNo = 0;
    for (String line : index.split("\n")) {
      lineNo++;
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Matcher m = FILE.matcher(name);
      int expected = list.size() + 1;
      if (!m.matches() || Integer.parseInt(m.group(1)) != expected) {
        throw new SchemaException(
            schemaSet,
            expected,
            folder + "index.txt",
            "Schema set "
                + schemaSet
                + ": line "
                + lineNo
                + " of "
                + folder
                + "index.txt is \""
                + name
                + "\", expected V"
                + expected
                + "__<description>.sql",
            "list the migrations in order as V1__..., V2__..., without gaps",
            null);
      }
      String resource = folder + name;
      String sql = read(loader, resource, schemaSet, expected);
      if (sql == null) {
        throw new SchemaException(
            schemaSet,
            expected,
            resource,
            "Schema set "
                + schemaSet
                + ": "
                + resource
                + " is listed in index.txt but not on the classpath",
            null,
            null);
      }
      list.add(
          new Migration(
              schemaSet, expected, m.group(2).replace('_', ' '), resource, sql, checksum(sql)));
    }
    return new Migrator(schemaSet, list);
  }

  /** The set this migrator applies, e.g. {@code mlos}. */
  public String schemaSet() {
    return schemaSet;
  }

  /** All migrations of the set, in version order. */
  public List<Migration> migrations() {
    return migrations;
  }

  /**
   * The migrations of this set recorded in the database, in version order (empty for a new
   * database).
   */
  public List<AppliedMigration> applied(Connection connection) {
    try {
      if (!hasTable(connection)) {
        return List.of();
      }
      List<AppliedMigration> out = new ArrayList<>();
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT version, description, checksum, applied_at FROM schema_migrations WHERE schema_set = ? ORDER BY version")) {
        ps.setString(1, schemaSet);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(
                new AppliedMigration(
                    schemaSet, rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw new SchemaException(
          schemaSet,
          0,
          null,
          "Database "
              + Database.fileOf(connection)
              + ": cannot read schema_migrations: "
              + e.getMessage(),
          "check the database with `sqlite3 <file> 'PRAGMA integrity_check'`; if it is damaged, restore it from a backup",
          e);
    }
  }

  /**
   * The migrations still to apply, after checking the database against this mlos.
   *
   * @throws ChangedMigrationException when an applied migration's text has changed since
   * @throws SchemaTooNewException when the database has a version this mlos does not know
   */
  public List<Migration> pending(Connection connection) {
    Map<Integer, AppliedMigration> applied = new TreeMap<>();
    for (AppliedMigration a : applied(connection)) {
      applied.put(a.version(), a);
    }
    List<Migration> out = new ArrayList<>();
    for (Migration m : migrations) {
      AppliedMigration a = applied.remove(m.version());
      if (a == null) {
        out.add(m);
      } else if (!a.checksum().equals(m.checksum())) {
        throw new ChangedMigrationException(m, Database.fileOf(connection), a.checksum());
      }
    }
    if (!applied.isEmpty()) {
      AppliedMigration newest = applied.values().stream().reduce((x, y) -> y).orElseThrow();
      throw new SchemaTooNewException(
          schemaSet, Database.fileOf(connection), newest, migrations.size());
    }
    return out;
  }

  /**
   * Applies every pending migration. With auto-commit on, each migration runs in its own
   * transaction; when the caller already holds a transaction (auto-commit off), the migrations join
   * it and the caller commits or rolls back.
   *
   * @throws ChangedMigrationException before anything is changed
   * @throws SchemaTooNewException before anything is changed
   * @throws SchemaException naming the file and line when a migration's SQL fails; that migration
   *     is rolled back, earlier ones of this call stay applied
   */
  public MigrationReport migrate(Connection connection) {
    return migrate(connection, Integer.MAX_VALUE);
  }

  /**
   * As {@link #migrate(Connection)}, applying the pending migrations up to version {@code through}
   * only: an import that copies rows as they were (an adoption) writes them between this and the
   * migrations whose rules they need not meet, as rows written before those migrations are kept.
   */
  public MigrationReport migrate(Connection connection, int through) {
    List<Migration> todo =
        pending(connection).stream().filter(m -> m.version() <= through).toList();
    boolean ownTransactions;
    try {
      ownTransactions = connection.getAutoCommit();
    } catch (SQLException e) {
      throw new SchemaException(
          schemaSet,
          0,
          null,
          "Database " + Database.fileOf(connection) + ": " + e.getMessage(),
          "run again; if it fails the same way, check the database with `sqlite3 <file> 'PRAGMA integrity_check'`",
          e);
    }
    for (Migration m : todo) {
      apply(connection, m, ownTransactions);
    }
    return new MigrationReport(schemaSet, todo, Math.min(through, migrations.size()));
  }

  /**
   * Applies one migration of this set in its own transaction and records it, whatever else is
   * applied: for {@link SchemaIntegrity}, which replays exactly the migrations a database recorded.
   */
  void applyOne(Connection connection, Migration m) {
    apply(connection, m, true);
  }

  /** The fix for a migration whose SQL failed: a lock, damage, or a database changed by hand. */
  private static String migrationFailedFix(SQLException e) {
    String why = String.valueOf(e.getMessage());
    if (why.contains("SQLITE_BUSY") || why.contains("locked")) {
      return "another process holds a lock on the database: wait for it (or end its transaction), then run again";
    }
    if (why.contains("SQLITE_CORRUPT") || why.contains("malformed")) {
      return "the database file is damaged: restore it from a backup (mlos writes one next to it before it migrates)";
    }
    if (why.contains("SQLITE_READONLY") || why.contains("readonly")) {
      return "make the database file and its directory writable, then run again";
    }
    if (why.contains("SQLITE_FULL") || why.contains("disk is full")) {
      return "free space on the disk that holds the database, then run again";
    }
    return "the database already has something this migration creates or breaks a rule it adds (a table, index or"
        + " trigger made by hand, rows a new constraint refuses): undo that change, or restore the database from a"
        + " backup (mlos writes one next to it before it migrates an existing database); if the database was only ever changed by mlos,"
        + " this is a bug in mlos: report it with this message";
  }

  private void apply(Connection connection, Migration m, boolean ownTransaction) {
    SqlScript.Statement current = null;
    Throwable failure = null;
    try {
      if (ownTransaction) {
        connection.setAutoCommit(false);
      }
      try (Statement s = connection.createStatement()) {
        s.execute(TABLE);
        for (SqlScript.Statement st : SqlScript.parse(m.resource(), m.sql()).statements()) {
          current = st;
          s.execute(st.sql());
        }
      }
      current = null;
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO schema_migrations (schema_set, version, description, checksum) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, m.schemaSet());
        ps.setInt(2, m.version());
        ps.setString(3, m.description());
        ps.setString(4, m.checksum());
        ps.executeUpdate();
      }
      if (ownTransaction) {
        connection.commit();
      }
    } catch (SQLException e) {
      String where = current == null ? "" : " at line " + current.line();
      SchemaException broken =
          new SchemaException(
              m.schemaSet(),
              m.version(),
              m.resource(),
              "Database "
                  + Database.fileOf(connection)
                  + ": schema set "
                  + m.schemaSet()
                  + " migration V"
                  + m.version()
                  + " ("
                  + m.resource()
                  + ") failed"
                  + where
                  + ": "
                  + e.getMessage()
                  + "; nothing of V"
                  + m.version()
                  + " was applied",
              migrationFailedFix(e),
              e);
      failure = broken;
      throw broken;
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      if (ownTransaction) {
        endTransaction(connection, m, failure);
      }
    }
  }

  /**
   * Ends the transaction {@link #apply} opened: rolls it back when the migration failed, then gives
   * the connection its auto-commit back. A failure of either is added to the migration's failure
   * (which is the one to report), or thrown when the migration itself succeeded. When the rollback
   * fails, auto-commit stays off: switching it on would commit what the migration did so far, and
   * closing the connection rolls it back instead.
   */
  private void endTransaction(Connection connection, Migration m, Throwable failure) {
    if (failure != null) {
      try {
        connection.rollback();
      } catch (SQLException e) {
        failure.addSuppressed(e);
        return;
      }
    }
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        throw new SchemaException(
            m.schemaSet(),
            m.version(),
            m.resource(),
            "Database "
                + Database.fileOf(connection)
                + ": schema set "
                + m.schemaSet()
                + " migration V"
                + m.version()
                + " was applied, but the connection could not return to auto-commit: "
                + e.getMessage(),
            "run again (the migration is recorded and will not run twice); if it fails the same way, check the database"
                + " with `sqlite3 <file> 'PRAGMA integrity_check'`",
            e);
      }
    }
  }

  private static boolean hasTable(Connection connection) throws SQLException {
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  static String checksum(String sql) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String read(ClassLoader loader, String resource, String schemaSet, int version) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SchemaException(
          schemaSet, version, resource, "Cannot read " + resource + ": " + e.getMessage(), null, e);
    }
  }
}
