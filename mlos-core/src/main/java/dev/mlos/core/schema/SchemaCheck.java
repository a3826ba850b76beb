package dev.mlos.core.schema;

import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqlScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a database is one mlos initialised and can work with, without changing it: compile,
 * clean and guard use it instead of creating tables (only init creates them), and init asks it
 * before it reports a database up to date.
 *
 * <p>The schema objects a database must have are derived from the migrations it recorded, not from
 * a list kept here: every {@code CREATE TABLE / INDEX / TRIGGER / VIEW} of an applied migration,
 * less what a later applied migration drops or renames. A new migration is covered as soon as it is
 * applied.
 */
public final class SchemaCheck {
  /** The schema set every compiled workspace's database has: the compile record. */
  public static final String COMPILER_SET = "mlos-compiler";

  private static final Pattern CREATE =
      Pattern.compile(
          "(?is)^\\s*CREATE\\s+(?:TEMP\\s+|TEMPORARY\\s+)?(?:UNIQUE\\s+|VIRTUAL\\s+)?(TABLE|INDEX|TRIGGER|VIEW)\\s+"
              + "(?:IF\\s+NOT\\s+EXISTS\\s+)?[\"`\\[]?([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern DROP =
      Pattern.compile(
          "(?is)^\\s*DROP\\s+(TABLE|INDEX|TRIGGER|VIEW)\\s+(?:IF\\s+EXISTS\\s+)?[\"`\\[]?([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern RENAME =
      Pattern.compile(
          "(?is)^\\s*ALTER\\s+TABLE\\s+[\"`\\[]?([A-Za-z_][A-Za-z0-9_]*)[\"`\\]]?\\s+RENAME\\s+TO\\s+[\"`\\[]?([A-Za-z_][A-Za-z0-9_]*)");

  /**
   * Objects per migration resource and checksum: the shipped files do not change while mlos runs.
   */
  private static final Map<String, List<Change>> PARSED = new ConcurrentHashMap<>();

  private SchemaCheck() {}

  /** A schema object a migration created, and which migration it was. */
  public record SchemaObject(String type, String name, String createdBy) {
    @Override
    public String toString() {
      return type + " " + name + " (" + createdBy + ")";
    }
  }

  private record Change(String op, String type, String name, String newName) {}

  /**
   * Refuses a database compile, clean or guard cannot use as it is: one mlos did not initialise (no
   * {@code schema_migrations}, or no {@value #COMPILER_SET} set recorded), one whose recorded
   * migrations differ from mlos's or are newer, one with migrations still to apply (unless {@code
   * allowOlder} and they are the compile record's: a read-only check can work with an older record,
   * not with views over an older schema), or one whose compile record tables were dropped, or one
   * whose schema differs from what its migrations create ({@link SchemaIntegrity}: a changed
   * object, a trigger added to one of mlos's tables). Nothing is written. The objects of the other
   * sets are init's to check: a view that reads a dropped table fails with its own error.
   *
   * @param operation what is refused, for the message ("compile", "guard", "clean")
   * @throws SchemaException naming the database, what is wrong and the fix
   */
  public static void requireReady(Connection c, String operation, boolean allowOlder) {
    String db = Database.fileOf(c);
    Map<String, Integer> sets = recordedSets(c, db);
    if (!sets.containsKey(COMPILER_SET)) {
      String what =
          sets.isEmpty() && !hasTable(c, db, "schema_migrations")
              ? "it was not initialised by mlos (it has no schema_migrations table)"
              : "it has no compile record (schema set " + COMPILER_SET + " is not applied)";
      throw new SchemaException(
              COMPILER_SET,
              0,
              null,
              "Database "
                  + db
                  + ": "
                  + what
                  + ", so the "
                  + operation
                  + " does not use it: only init creates mlos tables",
              "initialise it with {0} (it backs up an existing file first), or point {1} at this"
                  + " workspace's mlos database",
              null)
          .suggesting(Remedy.init(), Remedy.setting("database", null));
    }
    List<String> behind = new ArrayList<>();
    List<SchemaObject> missing = new ArrayList<>();
    for (String set : sets.keySet()) {
      Migrator m = shipped(set);
      if (m == null) {
        continue; // a set this mlos does not ship (a workspace's own): not ours to judge
      }
      List<Migration> pending = m.pending(c); // throws for a changed or newer migration
      // A read-only check may read an older compile record as it is, but not run the pack's
      // views over tables an older schema lacks (READY.md reads V4's ready_items): that failed
      // as the view's SQL error, naming no upgrade.
      if (!pending.isEmpty() && !(allowOlder && set.equals(COMPILER_SET))) {
        behind.add(
            set
                + " ("
                + pending.size()
                + " migration"
                + (pending.size() == 1 ? "" : "s")
                + " to apply, up to V"
                + pending.get(pending.size() - 1).version()
                + ")");
      }
      if (set.equals(COMPILER_SET)) {
        missing.addAll(missingObjects(c, m));
      }
    }
    if (!behind.isEmpty()) {
      throw new SchemaException(
              COMPILER_SET,
              0,
              null,
              "Database "
                  + db
                  + " is older than this mlos: schema "
                  + String.join(", ", behind)
                  + "; the "
                  + operation
                  + " does not upgrade it",
              "run {0}, which backs the database up and applies them",
              null)
          .suggesting(Remedy.init());
    }
    if (!missing.isEmpty()) {
      throw missingObjectsException(db, missing, operation);
    }
    SchemaIntegrity.requireUntampered(c, operation);
  }

  /** The refusal for a database whose schema objects were dropped. */
  public static SchemaException missingObjectsException(
      String db, List<SchemaObject> missing, String operation) {
    List<String> names = new ArrayList<>();
    Set<String> files = new TreeSet<>();
    for (SchemaObject o : missing) {
      names.add(o.type() + " " + o.name());
      files.add(o.createdBy());
    }
    String shown =
        names.size() > 20
            ? String.join(", ", names.subList(0, 20)) + " and " + (names.size() - 20) + " more"
            : String.join(", ", names);
    return new SchemaException(
        missing.get(0).createdBy(),
        0,
        null,
        "Database "
            + db
            + " lacks schema objects its"
            + " migrations created, so the rules they enforce do not hold: "
            + shown
            + (operation == null ? "" : "; the " + operation + " stops"),
        "restore the database from a backup (init writes one before every upgrade), or re-create what is missing"
            + " with its statement from "
            + String.join(", ", files),
        null);
  }

  /**
   * The objects the applied migrations of {@code migrator}'s set created that the database lacks
   * (compared by type and name, case-insensitively, as SQLite names compare).
   */
  public static List<SchemaObject> missingObjects(Connection c, Migrator migrator) {
    String db = Database.fileOf(c);
    Map<String, SchemaObject> expected = new LinkedHashMap<>();
    Map<Integer, Migration> byVersion = new LinkedHashMap<>();
    for (Migration m : migrator.migrations()) {
      byVersion.put(m.version(), m);
    }
    for (AppliedMigration a : migrator.applied(c)) {
      Migration m = byVersion.get(a.version());
      if (m == null) {
        continue; // newer than this mlos: pending() refuses it
      }
      for (Change ch : changes(m)) {
        String key = ch.type() + " " + ch.name().toLowerCase(Locale.ROOT);
        switch (ch.op()) {
          case "create" -> expected.put(key, new SchemaObject(ch.type(), ch.name(), m.resource()));
          case "drop" -> expected.remove(key);
          default -> {
            SchemaObject old = expected.remove(key);
            if (old != null) {
              expected.put(
                  ch.type() + " " + ch.newName().toLowerCase(Locale.ROOT),
                  new SchemaObject(ch.type(), ch.newName(), old.createdBy()));
            }
          }
        }
      }
    }
    Set<String> present = new java.util.HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT type, name FROM sqlite_schema")) {
      while (rs.next()) {
        present.add(
            rs.getString(1).toLowerCase(Locale.ROOT)
                + " "
                + rs.getString(2).toLowerCase(Locale.ROOT));
      }
    } catch (SQLException e) {
      throw new SchemaException(
          migrator.schemaSet(),
          0,
          null,
          "Database " + db + ": cannot read its schema: " + e.getMessage(),
          "check that the file is a readable SQLite database (init runs an integrity check)",
          e);
    }
    List<SchemaObject> missing = new ArrayList<>();
    for (Map.Entry<String, SchemaObject> e : expected.entrySet()) {
      if (!present.contains(e.getKey())) {
        missing.add(e.getValue());
      }
    }
    return missing;
  }

  /**
   * Every table, index, trigger and view a migration of {@code migrator}'s set creates (or renames
   * a table to), in order, each once: the names a database must leave free for the set to be
   * applied.
   */
  public static List<SchemaObject> createdObjects(Migrator migrator) {
    Map<String, SchemaObject> out = new LinkedHashMap<>();
    for (Migration m : migrator.migrations()) {
      for (Change ch : changes(m)) {
        String name = ch.op().equals("rename") ? ch.newName() : ch.name();
        if (!ch.op().equals("drop")) {
          out.putIfAbsent(
              ch.type() + " " + name.toLowerCase(Locale.ROOT),
              new SchemaObject(ch.type(), name, m.resource()));
        }
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * What SQLite's {@code PRAGMA quick_check} finds wrong with the database file (at most {@code
   * limit} lines); empty when it is sound.
   */
  public static List<String> integrityProblems(Connection c, int limit) {
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA quick_check(" + limit + ")")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!"ok".equalsIgnoreCase(line)) {
          problems.add(line);
        }
      }
    } catch (SQLException e) {
      problems.add(String.valueOf(e.getMessage()));
    }
    return problems;
  }

  private static List<Change> changes(Migration m) {
    return PARSED.computeIfAbsent(
        m.resource() + "@" + m.checksum(),
        k -> {
          List<Change> out = new ArrayList<>();
          for (SqlScript.Statement st : SqlScript.parse(m.resource(), m.sql()).statements()) {
            String sql = st.sql();
            Matcher cm = CREATE.matcher(sql);
            Matcher dm = DROP.matcher(sql);
            Matcher rm = RENAME.matcher(sql);
            if (cm.find()) {
              out.add(
                  new Change("create", cm.group(1).toLowerCase(Locale.ROOT), cm.group(2), null));
            } else if (dm.find()) {
              out.add(new Change("drop", dm.group(1).toLowerCase(Locale.ROOT), dm.group(2), null));
            } else if (rm.find()) {
              out.add(new Change("rename", "table", rm.group(1), rm.group(2)));
            }
          }
          return List.copyOf(out);
        });
  }

  /**
   * The schema sets recorded in the database, with their newest version; empty without
   * schema_migrations.
   */
  private static Map<String, Integer> recordedSets(Connection c, String db) {
    Map<String, Integer> sets = new LinkedHashMap<>();
    if (!hasTable(c, db, "schema_migrations")) {
      return sets;
    }
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT schema_set, max(version) FROM schema_migrations GROUP BY schema_set ORDER BY schema_set");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        sets.put(rs.getString(1), rs.getInt(2));
      }
    } catch (SQLException e) {
      throw new SchemaException(
              COMPILER_SET,
              0,
              null,
              "Database " + db + ": cannot read schema_migrations: " + e.getMessage(),
              "run {0}, which checks the database and names the fix",
              e)
          .suggesting(Remedy.init());
    }
    return sets;
  }

  private static boolean hasTable(Connection c, String db, String table) {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new SchemaException(
          COMPILER_SET,
          0,
          null,
          "Database " + db + ": cannot read its schema: " + e.getMessage(),
          "check that the file is a readable SQLite database (init runs an integrity check)",
          e);
    }
  }

  /** The shipped set of that name, or null when mlos ships none. */
  private static Migrator shipped(String set) {
    if (set == null || !set.matches("[A-Za-z0-9_-]{1,64}")) {
      return null;
    }
    try {
      return Migrator.forSet(set);
    } catch (SchemaException e) {
      return null;
    }
  }
}
