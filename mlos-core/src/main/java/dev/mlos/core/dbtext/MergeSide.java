package dev.mlos.core.dbtext;

import dev.mlos.core.LogText;
import dev.mlos.core.MlosException;
import dev.mlos.core.db.SqlScript;
import dev.mlos.core.schema.SchemaIntegrity;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One side of a {@link TextMerge} (base, ours or theirs), loaded into an in-memory database: tables
 * and rows, no trigger, index or view.
 */
final class MergeSide implements AutoCloseable {
  final String name;
  final Connection c;
  final List<String> schema = new ArrayList<>();
  final List<String> tableStatements = new ArrayList<>();
  final List<String> otherSchema = new ArrayList<>();
  final List<String> migrations = new ArrayList<>();

  /**
   * The highest applied version of each schema set, read from the rows: a set's name is the side's
   * own value, and one holding a space was split apart when read back out of {@link #migrations}.
   */
  private final Map<String, Long> versions = new TreeMap<>();

  final Map<String, Long> sequence = new LinkedHashMap<>();
  List<TableShape> tables = List.of();
  private final Map<String, Map<String, String>> rows = new HashMap<>();
  private long userVersion;

  /** The side's text's length, which bounds its database ({@link GrowthBound}). */
  private long textChars;

  private MergeSide(String name, Connection c) {
    this.name = name;
    this.c = c;
  }

  static MergeSide load(String name, String text, boolean emptyAllowed) throws SQLException {
    MergeSide side =
        new MergeSide(
            name,
            dev.mlos.core.db.Database.allowLongStatements(
                DriverManager.getConnection("jdbc:sqlite::memory:")));
    try {
      GrowthBound.apply(side.c, text.length());
      side.textChars = text.length();
      side.fill(text, emptyAllowed);
      return side;
    } catch (SQLException | RuntimeException e) {
      side.close();
      throw e;
    }
  }

  private void fill(String text, boolean emptyAllowed) throws SQLException {
    if (text.isBlank() && emptyAllowed) {
      return;
    }
    if (!DatabaseText.startsWithHeader(text) && !DatabaseText.isHeaderOnly(text.strip())) {
      throw new MlosException(
          "The "
              + name
              + " side is not an mlos database text form (its first line is not the mlos header)",
          "merge this file by hand, or restore it from git");
    }
    List<SqlScript.Statement> statements = SqlScript.parse(name, text).statements();
    List<SqlScript.Statement> data = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = OFF");
      c.setAutoCommit(false);
      for (SqlScript.Statement st : statements) {
        StatementKind kind = StatementKind.of(st.sql());
        switch (kind) {
          case TABLE, VIRTUAL_TABLE -> {
            schema.add(st.sql());
            tableStatements.add(st.sql());
            run(s, st);
          }
          case SCHEMA -> {
            schema.add(st.sql());
            otherSchema.add(st.sql());
          }
          case USER_VERSION -> {
            schema.add(st.sql());
            otherSchema.add(st.sql());
            userVersion = Long.parseLong(st.sql().replaceAll("[^0-9-]", ""));
          }
          case ROW, SEQUENCE -> data.add(st);
          default ->
              throw ConflictMarks.startsWithMarker(st.sql())
                  // The same committed conflict as the restore finds, met by the merge driver.
                  ? new MlosException(
                      name
                          + " side, line "
                          + st.line()
                          + ConflictMarks.found(
                              firstLine(st.sql()),
                              "an earlier merge's conflict was committed without being resolved"),
                      ConflictMarks.fix(firstLine(st.sql())))
                  : new MlosException(
                      name
                          + " side, line "
                          + st.line()
                          + ": "
                          + StatementKind.whyNot(firstLine(st.sql())),
                      "merge this file by hand, or restore it from git");
        }
      }
      tables = TableShape.all(c, java.nio.file.Path.of(name));
      for (TableShape t : tables) {
        if (t.virtual()) {
          // A plain table in its place: rows keep their rowids and can be renumbered without the
          // module.
          s.execute("DROP TABLE " + TableShape.ident(t.name()));
          s.execute(
              "CREATE TABLE "
                  + TableShape.ident(t.name())
                  + " ("
                  + String.join(", ", t.columns().stream().map(TableShape::ident).toList())
                  + ")");
        }
      }
      try (RowInserts rows = new RowInserts(c)) {
        for (SqlScript.Statement st : data) {
          try {
            rows.run(st.sql());
          } catch (SQLException e) {
            throw failed(st, e);
          }
        }
      }
      c.commit();
      try (ResultSet rs = s.executeQuery("SELECT name, seq FROM sqlite_sequence ORDER BY rowid")) {
        while (rs.next()) {
          sequence.put(rs.getString(1), rs.getLong(2));
        }
      } catch (SQLException noSequences) {
        // no AUTOINCREMENT table
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT schema_set, version, checksum FROM schema_migrations ORDER BY schema_set, version")) {
        while (rs.next()) {
          migrations.add(rs.getString(1) + " V" + rs.getLong(2) + " " + rs.getString(3));
          versions.merge(String.valueOf(rs.getString(1)), rs.getLong(2), Math::max);
        }
      } catch (SQLException noMigrations) {
        // not initialised by mlos: the schema statements alone must agree
      }
    }
  }

  private void run(Statement s, SqlScript.Statement st) {
    try {
      s.execute(st.sql());
    } catch (SQLException e) {
      throw failed(st, e);
    }
  }

  /**
   * How this side's schema differs from what its recorded migrations create ({@link
   * SchemaIntegrity}): its schema statements and its {@code schema_migrations} rows, built in a
   * database of their own (this side's holds no index, trigger or view). Empty when it records no
   * migration, or ones this mlos cannot rebuild (a newer mlos, a changed migration: the pull and
   * init say so in their own words).
   */
  List<SchemaIntegrity.Difference> schemaDifferences() throws SQLException {
    if (migrations.isEmpty()) {
      return List.of();
    }
    try (Connection m =
            dev.mlos.core.db.Database.allowLongStatements(
                DriverManager.getConnection("jdbc:sqlite::memory:"));
        Statement s = m.createStatement();
        RowInserts rows = new RowInserts(m)) {
      for (String ddl : tableStatements) {
        s.execute(ddl);
      }
      for (String line : rows("schema_migrations").values()) {
        rows.run(line);
      }
      for (String ddl : otherSchema) {
        s.execute(ddl); // after the rows: no trigger fires
      }
      return SchemaIntegrity.differences(m);
    } catch (dev.mlos.core.schema.SchemaException e) {
      return List.of();
    }
  }

  /** The refusal of statement {@code st}, which SQLite failed with {@code e}. */
  private MlosException failed(SqlScript.Statement st, SQLException e) {
    return new MlosException(
        name
            + " side, line "
            + st.line()
            + ": "
            + (GrowthBound.reached(e, null)
                ? GrowthBound.why(textChars)
                : LogText.line(e.getMessage())),
        "merge this file by hand, or restore it from git",
        e);
  }

  /**
   * The rows of {@code table} by key, in text-form order: key to line (no key: the line is its own
   * key).
   */
  Map<String, String> rows(String table) throws SQLException {
    Map<String, String> cached = rows.get(table);
    if (cached != null) {
      return cached;
    }
    Map<String, String> out = new LinkedHashMap<>();
    TableShape shape = tables.stream().filter(t -> t.name().equals(table)).findFirst().orElse(null);
    if (shape != null) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(shape.rowSelect())) {
        while (rs.next()) {
          String line = shape.line(rs);
          String key = TableShape.key(rs);
          out.put(key == null ? line : key, line);
        }
      }
    }
    rows.put(table, out);
    return out;
  }

  /**
   * The highest id {@code table} has handed out: its largest row id or its AUTOINCREMENT counter.
   */
  long highWater(String table) throws SQLException {
    long high = sequence.getOrDefault(table, 0L);
    for (String key : rows(table).keySet()) {
      high = Math.max(high, Long.parseLong(key));
    }
    return high;
  }

  void forget() {
    rows.clear();
  }

  /** The lines of every row of {@code shapes}' tables, in table order. */
  List<String> lines(List<TableShape> shapes) throws SQLException {
    List<String> out = new ArrayList<>();
    for (TableShape t : shapes) {
      out.addAll(rows(t.name()).values());
    }
    return out;
  }

  /** This side as a database to replay the other side's changes on ({@link MergeRules}). */
  MergeRules.Snapshot snapshot() throws SQLException {
    return new MergeRules.Snapshot(tableStatements, lines(tables), otherSchema);
  }

  String describe() {
    List<String> sets = new ArrayList<>();
    // A set's name is a value of the side's rows: on one line, as the merge driver prints it.
    versions().forEach((set, v) -> sets.add(LogText.line(set) + " V" + v));
    return "user_version "
        + userVersion
        + (sets.isEmpty() ? "" : ", migrations " + String.join(", ", sets));
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }

  /** The first line of a statement, with " ..." when there is more. */
  static String firstLine(String sql) {
    int nl = sql.indexOf('\n');
    return nl < 0 ? sql : sql.substring(0, nl) + " ...";
  }

  /**
   * "ours" when every schema set of {@code ours} is at or below {@code theirs}' version (and one
   * below), "theirs" the other way round, null when neither is simply older (each has a migration
   * the other lacks, or the versions are the same and only the statements differ).
   */
  static String older(MergeSide ours, MergeSide theirs) {
    Map<String, Long> o = ours.versions();
    Map<String, Long> t = theirs.versions();
    java.util.Set<String> sets = new java.util.TreeSet<>(o.keySet());
    sets.addAll(t.keySet());
    boolean oursBelow = false;
    boolean theirsBelow = false;
    for (String set : sets) {
      long a = o.getOrDefault(set, 0L);
      long b = t.getOrDefault(set, 0L);
      oursBelow |= a < b;
      theirsBelow |= b < a;
    }
    return oursBelow == theirsBelow ? null : oursBelow ? "ours" : "theirs";
  }

  /**
   * {@code "schema set mlos at version 16, and this mlos knows only up to V15"} for the first
   * schema set {@code side} records at a version this mlos ships no migration for (a teammate's
   * newer mlos wrote it); null when this mlos knows every version, or ships no such set (a pack's
   * own).
   */
  static String newerThanThisMlos(MergeSide side) {
    for (Map.Entry<String, Long> e : side.versions().entrySet()) {
      List<dev.mlos.core.schema.Migration> known;
      try {
        known = dev.mlos.core.schema.Migrator.forSet(e.getKey()).migrations();
      } catch (dev.mlos.core.schema.SchemaException unknownSet) {
        continue;
      }
      int top = known.isEmpty() ? 0 : known.get(known.size() - 1).version();
      if (e.getValue() > top) {
        return "schema set "
            + e.getKey()
            + " at version "
            + e.getValue()
            + ", and this mlos knows only up to V"
            + top;
      }
    }
    return null;
  }

  /** The highest applied version of each schema set. */
  private Map<String, Long> versions() {
    return versions;
  }

  /**
   * Whether both sides hold the same schema statements, in any order. The text form lists them in
   * the order the database created them, and a database created at a version (a clone's first init
   * on a header-only text form) lists a migration's trigger before objects that one upgraded to it
   * in place lists after: the same schema, refused before as "different schemas" with a fix (run
   * init) that changed nothing. The merged text takes ours' order.
   */
  static boolean sameSchema(MergeSide a, MergeSide b) {
    if (a.schema.equals(b.schema)) {
      return true;
    }
    List<String> x = new ArrayList<>(a.schema);
    List<String> y = new ArrayList<>(b.schema);
    java.util.Collections.sort(x);
    java.util.Collections.sort(y);
    return x.equals(y);
  }

  /** Where two sides' schemas first differ, in words (for a refused merge). */
  static String firstDifference(MergeSide a, MergeSide b) {
    if (!a.migrations.equals(b.migrations)) {
      return "the applied migrations";
    }
    for (int i = 0; i < Math.max(a.schema.size(), b.schema.size()); i++) {
      String x = i < a.schema.size() ? a.schema.get(i) : "(nothing)";
      String y = i < b.schema.size() ? b.schema.get(i) : "(nothing)";
      if (!x.equals(y)) {
        return "ours has "
            + MlosException.quoted(firstLine(x))
            + " where theirs has "
            + MlosException.quoted(firstLine(y));
      }
    }
    return "none";
  }
}
