package dev.mlos.core.dbtext;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One table as the text form writes it: its DDL, its columns, how its rows are ordered and keyed,
 * and the one line each row becomes. The dump and the merge share it, so a merged row's line is
 * byte for byte what a dump of the merged database writes.
 *
 * @param name the table's name
 * @param ddl its {@code CREATE TABLE} (or {@code CREATE VIRTUAL TABLE}) statement as SQLite keeps
 *     it
 * @param virtual a virtual table: rows are written with their rowid
 * @param withoutRowid ordered and keyed by its primary key
 * @param columns column names in order
 * @param primaryKey primary key column names in key order (empty: none declared)
 * @param integerKey the key is the rowid (an {@code INTEGER PRIMARY KEY}, or a virtual table's
 *     rowid): ids a merge may renumber
 * @param listColumns the columns the schema declares as JSON lists, by their default {@code '[]'}
 *     (a need's {@code tags}, a lens's {@code scopes}): the ones a merge may join as lists
 */
record TableShape(
    String name,
    String ddl,
    boolean virtual,
    boolean withoutRowid,
    List<String> columns,
    List<String> primaryKey,
    boolean integerKey,
    Set<String> listColumns) {
  private static final Pattern CONTENTLESS =
      Pattern.compile("(?is).*\\bcontent\\s*=\\s*(''|\"\").*");

  /**
   * Columns whose values belong to one database file, written as NULL in the text form: the last
   * compile's place in the change log ({@code mlos_compile_reads.changes_through}, schema
   * mlos-compiler V4), which means nothing to a database rebuilt from the text, whose log starts
   * empty; NULL makes its next compile run every view's queries instead of trusting a foreign log.
   * The schema cookie that compile saw ({@code schema_version}, SQLite's {@code PRAGMA
   * schema_version}) counts the schema changes of one file (a rebuild, a pull, a migration run in
   * place): kept, it made two clones with the same rows write different text forms, and a pull
   * followed by a compile left {@code mlos.db.sql} modified with no change of one's own.
   */
  static final java.util.Map<String, Set<String>> LOCAL_COLUMNS =
      java.util.Map.of("mlos_compile_reads", Set.of("changes_through", "schema_version"));

  TableShape {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    listColumns = Set.copyOf(listColumns);
  }

  /**
   * The tables of the database open on {@code c} in the order they were created, without SQLite's
   * own tables and without virtual tables' shadow tables.
   */
  static List<TableShape> all(Connection c, Path dbFile) throws SQLException {
    List<TableShape> out = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      Set<String> shadow = new HashSet<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'")) {
        while (rs.next()) {
          shadow.add(rs.getString(1));
        }
      }
      List<String[]> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name, sql FROM sqlite_schema WHERE type = 'table'"
                  + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")) {
        while (rs.next()) {
          if (!shadow.contains(rs.getString(1))) {
            tables.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
      for (String[] t : tables) {
        String upper = t[1].toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        boolean virtual = upper.startsWith("CREATE VIRTUAL");
        if (virtual && CONTENTLESS.matcher(t[1]).matches()) {
          throw new DatabaseText.UnsupportedTableException(dbFile, t[0]);
        }
        List<String> columns = new ArrayList<>();
        List<String[]> pk = new ArrayList<>();
        Set<String> lists = new HashSet<>();
        try (ResultSet rs =
            s.executeQuery(
                "SELECT name, type, pk, dflt_value FROM pragma_table_info("
                    + quote(t[0])
                    + ") ORDER BY cid")) {
          while (rs.next()) {
            columns.add(rs.getString(1));
            if ("'[]'".equals(rs.getString(4))) {
              lists.add(rs.getString(1));
            }
            if (rs.getInt(3) > 0) {
              pk.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
          }
        }
        pk.sort((a, b) -> Integer.compare(Integer.parseInt(a[2]), Integer.parseInt(b[2])));
        boolean withoutRowid = !virtual && upper.contains("WITHOUT ROWID");
        boolean integerKey =
            virtual
                || (!withoutRowid
                    && pk.size() == 1
                    && "INTEGER".equals(pk.get(0)[1].toUpperCase(Locale.ROOT)));
        out.add(
            new TableShape(
                t[0],
                t[1],
                virtual,
                withoutRowid,
                columns,
                pk.stream().map(p -> p[0]).toList(),
                integerKey,
                lists));
      }
    }
    return out;
  }

  /**
   * The query for its rows in text-form order: column 1 is the row's merge key (the rowid of an
   * integer-keyed table, the quoted primary key, or NULL for a table without one), then every value
   * as {@code quote()}, the rowid first for a virtual table.
   */
  String rowSelect() {
    StringBuilder select = new StringBuilder("SELECT ");
    if (integerKey) {
      select.append("rowid");
    } else if (!primaryKey.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (String k : primaryKey) {
        parts.add("quote(" + ident(k) + ")");
      }
      select.append(String.join(" || ',' || ", parts));
    } else {
      select.append("NULL");
    }
    if (virtual) {
      select.append(", rowid");
    }
    for (String col : columns) {
      if (LOCAL_COLUMNS.getOrDefault(name, Set.of()).contains(col)) {
        select.append(", 'NULL'");
      } else {
        select.append(", quote(").append(ident(col)).append(")");
      }
    }
    select.append(" FROM ").append(ident(name)).append(" ORDER BY ");
    select.append(
        withoutRowid
            ? String.join(", ", primaryKey.stream().map(TableShape::ident).toList())
            : "rowid");
    return select.toString();
  }

  /** {@link #rowSelect()} for the one row with the rowid given as parameter 1 (a rowid table). */
  String rowSelectByRowid() {
    String all = rowSelect();
    return all.substring(0, all.lastIndexOf(" ORDER BY ")) + " WHERE rowid = ?";
  }

  /** The line of the current row of a {@link #rowSelect()} result. */
  String line(ResultSet rs) throws SQLException {
    StringBuilder out = new StringBuilder("INSERT INTO ").append(ident(name));
    if (virtual) {
      out.append("(rowid");
      for (String col : columns) {
        out.append(',').append(ident(col));
      }
      out.append(')');
    }
    out.append(" VALUES(");
    int values = columns.size() + (virtual ? 1 : 0);
    for (int i = 0; i < values; i++) {
      String literal = rs.getString(i + 2);
      if (literal != null && literal.indexOf('\uFFFD') >= 0) {
        // Java reads bytes that are not UTF-8 as U+FFFD: written so, a restore would store other
        // bytes. Such a text is written as its bytes cast to text.
        String bytes = notUtf8Text(rs.getBytes(i + 2));
        literal = bytes != null ? bytes : literal;
      }
      out.append(i == 0 ? "" : ",").append(oneLine(literal));
    }
    return out.append(");").toString();
  }

  /**
   * {@code CAST(X'...' AS TEXT)} for the bytes of a {@code quote()} text literal that are not
   * UTF-8, or null when they are (or it is no text literal).
   */
  private static String notUtf8Text(byte[] literal) {
    if (literal == null || literal.length < 2 || literal[0] != '\'') {
      return null;
    }
    try {
      java.nio.charset.StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(literal));
      return null;
    } catch (java.nio.charset.CharacterCodingException e) {
      java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
      for (int i = 1; i < literal.length - 1; i++) {
        value.write(literal[i]);
        if (literal[i] == '\'') {
          i++; // quote() doubles a quote
        }
      }
      return "CAST(X'"
          + java.util.HexFormat.of().withUpperCase().formatHex(value.toByteArray())
          + "' AS TEXT)";
    }
  }

  /**
   * Whether the row lines {@code a} and {@code b} (both non-null) hold the same values but for
   * {@code updated_at}, which every write through mlos stamps: the same change made on two sides.
   * False for a table without that column and for a line with a literal that is not bound (a real).
   */
  boolean sameButUpdatedAt(String a, String b) {
    int stamp = columns.indexOf("updated_at");
    if (a == null || b == null || virtual || stamp < 0) {
      return false;
    }
    RowInserts.Parsed pa = RowInserts.parse(a);
    RowInserts.Parsed pb = RowInserts.parse(b);
    if (pa == null || pb == null || pa.values().size() != columns.size()) {
      return false;
    }
    for (int i = 0; i < columns.size(); i++) {
      Object x = pa.values().get(i);
      Object y = pb.values().get(i);
      boolean same =
          x instanceof byte[] bx && y instanceof byte[] by
              ? java.util.Arrays.equals(bx, by)
              : java.util.Objects.equals(x, y);
      if (i != stamp && !same) {
        return false;
      }
    }
    return pa.head().equals(pb.head());
  }

  /**
   * A row both sides changed, merged column by column: each column as the side that changed it has
   * it (as both have it when both made it the same), {@code updated_at} the later of the two
   * stamps, and a column the schema declares as a JSON list ({@link #listColumns}) both changed
   * differently, whose three values are JSON lists of scalars (a need's tags), as the list both
   * changes give ({@link JsonListCell}). Null when another column was changed differently on each
   * side, or a line is not a plain row line of this table: that row is a conflict.
   *
   * @param base the row's line on the base
   * @param ours its line on ours
   * @param theirs its line on theirs
   * @return the merged row's line, as a text form writes it, and the columns each side changed
   */
  ColumnMerge columnMerge(String base, String ours, String theirs) {
    if (base == null || ours == null || theirs == null || virtual) {
      return null;
    }
    RowInserts.Parsed b = RowInserts.parse(base, true);
    RowInserts.Parsed o = RowInserts.parse(ours, true);
    RowInserts.Parsed t = RowInserts.parse(theirs, true);
    if (b == null
        || o == null
        || t == null
        || !b.head().equals(o.head())
        || !b.head().equals(t.head())
        || b.literals().size() != columns.size()
        || o.literals().size() != columns.size()
        || t.literals().size() != columns.size()) {
      return null;
    }
    int stamp = columns.indexOf("updated_at");
    StringBuilder out = new StringBuilder(o.head()).append("VALUES(");
    // Each side's line with the lists merged: what its change is replayed as on the other side's
    // rows in the rule re-check, so the triggers judge the merged list, not the side's own.
    StringBuilder oursOver = new StringBuilder(o.head()).append("VALUES(");
    StringBuilder theirsOver = new StringBuilder(t.head()).append("VALUES(");
    List<String> oursColumns = new ArrayList<>();
    List<String> theirsColumns = new ArrayList<>();
    List<String> mergedLists = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String lb = b.literals().get(i);
      String lo = o.literals().get(i);
      String lt = t.literals().get(i);
      String take;
      String list = null;
      if (i == stamp) {
        // Two stamps written by mlos ('2026-05-01T00:00:00.000Z') sort by time as they sort as
        // text.
        take = lo.startsWith("'") && lt.startsWith("'") && lt.compareTo(lo) > 0 ? lt : lo;
      } else if (lo.equals(lt) || lt.equals(lb)) {
        take = lo;
        if (!lo.equals(lb)) {
          oursColumns.add(columns.get(i));
        }
      } else if (lo.equals(lb)) {
        take = lt;
        theirsColumns.add(columns.get(i));
      } else if (listColumns.contains(columns.get(i))
          && (list = JsonListCell.merge(b.values().get(i), o.values().get(i), t.values().get(i)))
              != null) {
        // Json.write escapes line breaks: the list is one quoted literal, as a dump writes it.
        take = quote(list);
        mergedLists.add(columns.get(i));
      } else {
        return null;
      }
      String sep = i == 0 ? "" : ",";
      out.append(sep).append(take);
      oursOver.append(sep).append(list != null ? take : lo);
      theirsOver.append(sep).append(list != null ? take : lt);
    }
    return new ColumnMerge(
        out.append(");").toString(),
        oursColumns,
        theirsColumns,
        mergedLists,
        oursOver.append(");").toString(),
        theirsOver.append(");").toString());
  }

  /**
   * A row merged column by column ({@link #columnMerge}).
   *
   * @param line the merged row's line
   * @param ours the columns ours changed (both sides' same changes among them), updated_at aside
   * @param theirs the columns only theirs changed
   * @param lists the columns both changed differently, merged as JSON lists ({@link JsonListCell})
   * @param oursOverTheirs ours' line with those lists merged: ours' change as the rule re-check
   *     replays it on theirs' rows
   * @param theirsOverOurs theirs' line with the lists merged, replayed on ours' rows
   */
  record ColumnMerge(
      String line,
      List<String> ours,
      List<String> theirs,
      List<String> lists,
      String oursOverTheirs,
      String theirsOverOurs) {
    ColumnMerge {
      ours = List.copyOf(ours);
      theirs = List.copyOf(theirs);
      lists = List.copyOf(lists);
    }

    /**
     * The columns in words, for the driver's listing: "title as ours changed it; priority as theirs
     * did; tags merged as a list: ...".
     */
    String describe() {
      List<String> parts = new ArrayList<>();
      if (!ours.isEmpty()) {
        parts.add(String.join(", ", ours) + " as ours changed it");
      }
      if (!theirs.isEmpty()) {
        parts.add(
            String.join(", ", theirs)
                + (ours.isEmpty() ? " as theirs changed it" : " as theirs did"));
      }
      if (!lists.isEmpty()) {
        parts.add(
            String.join(", ", lists)
                + (lists.size() == 1 ? " merged as a list" : " merged as lists")
                + ": the elements either side added, without those either side removed");
      }
      return String.join("; ", parts);
    }
  }

  /**
   * The merge key of the current row of a {@link #rowSelect()} result: null when the table has
   * none.
   */
  static String key(ResultSet rs) throws SQLException {
    return rs.getString(1);
  }

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** A quote() literal with its line breaks moved out into char() calls, so it fits on one line. */
  private static String oneLine(String literal) {
    if (literal.indexOf('\n') < 0 && literal.indexOf('\r') < 0) {
      return literal;
    }
    // Only a text literal ('...') can hold a line break: split its body at each break.
    String body = literal.substring(1, literal.length() - 1);
    List<String> pieces = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char ch = body.charAt(i);
      if (ch == '\n' || ch == '\r') {
        if (part.length() > 0) {
          pieces.add("'" + part + "'");
          part.setLength(0);
        }
        pieces.add("char(" + (int) ch + ")");
      } else {
        part.append(ch);
      }
    }
    if (part.length() > 0) {
      pieces.add("'" + part + "'");
    }
    return "(" + String.join("||", pieces) + ")";
  }
}
