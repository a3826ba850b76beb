package dev.mlos.core.dbtext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The merge's check for rows that refer to a row the other side deleted ({@link TextMerge}). */
final class DanglingRows {
  private DanglingRows() {}

  /**
   * Rows that are fine on their side but refer to a row the other side deleted (a task added on
   * theirs for a need ours deleted): each is a conflict on its line, as git cannot see it. Declared
   * foreign keys ({@code PRAGMA foreign_key_check}) and the endpoints of relationships.
   */
  static void mark(
      Connection m,
      MergeSide ours,
      MergeSide theirs,
      List<TextMerge.Conflict> conflicts,
      Map<String, String> blocks,
      Map<String, List<Long>> deletedOnOneSide)
      throws SQLException {
    List<Object[]> found = new ArrayList<>(); // table, rowid, what it refers to
    // A row one side deleted and the other changed is in the merged rows only as its conflict
    // block's placeholder: a row that refers to it must be checked as if it were gone, or an edge
    // added to an artifact the other side removed passes unmarked, and resolving the block to the
    // delete leaves the edge behind.
    try (Statement s = m.createStatement()) {
      s.execute("SAVEPOINT dangling");
    }
    for (Map.Entry<String, List<Long>> e : deletedOnOneSide.entrySet()) {
      try (PreparedStatement ps =
          m.prepareStatement("DELETE FROM \"" + e.getKey() + "\" WHERE rowid = ?")) {
        for (long rowid : e.getValue()) {
          ps.setLong(1, rowid);
          ps.executeUpdate();
        }
      }
    }
    try (Statement s = m.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
      while (rs.next()) {
        if (rs.getObject(2) != null) {
          found.add(new Object[] {rs.getString(1), rs.getLong(2), "a row of " + rs.getString(3)});
        }
      }
    }
    if (ours.tables.stream().anyMatch(t -> t.name().equals("relationships"))) {
      for (String end : List.of("source", "target")) {
        StringBuilder exists = new StringBuilder("CASE r.").append(end).append("_type");
        IdReferences.ENTITIES.forEach(
            (word, table) -> {
              if (ours.tables.stream().anyMatch(t -> t.name().equals(table))) {
                exists
                    .append(" WHEN '")
                    .append(word)
                    .append("' THEN EXISTS (SELECT 1 FROM \"")
                    .append(table)
                    .append("\" WHERE id = r.")
                    .append(end)
                    .append("_id)");
              }
            });
        exists.append(" ELSE 1 END");
        try (Statement s = m.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT r.rowid, r."
                        + end
                        + "_type FROM relationships r WHERE NOT ("
                        + exists
                        + ") ORDER BY r.rowid")) {
          while (rs.next()) {
            found.add(
                new Object[] {
                  "relationships", rs.getLong(1), "its " + end + " " + rs.getString(2)
                });
          }
        }
      }
    }
    try (Statement s = m.createStatement()) {
      s.execute("ROLLBACK TO dangling");
      s.execute("RELEASE dangling");
    }
    Set<String> seen = new HashSet<>();
    for (Object[] f : found) {
      TableShape shape =
          ours.tables.stream().filter(t -> t.name().equals(f[0])).findFirst().orElse(null);
      if (shape == null || shape.withoutRowid() || !seen.add(f[0] + "/" + f[1])) {
        continue;
      }
      String key;
      String line;
      try (PreparedStatement ps = m.prepareStatement(shape.rowSelectByRowid())) {
        ps.setLong(1, (Long) f[1]);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            continue;
          }
          line = shape.line(rs);
          key = TableShape.key(rs) == null ? line : TableShape.key(rs);
        }
      }
      if (blocks.containsKey(line)) {
        continue; // already a conflict
      }
      String ol = ours.rows(shape.name()).get(key);
      String tl = theirs.rows(shape.name()).get(key);
      if (Objects.equals(ol, line) && Objects.equals(tl, line)) {
        continue; // the same row on both sides: it dangled there already, the merge did not cause
        // it
      }
      conflicts.add(
          new TextMerge.Conflict(
              shape.name(), key, "refers to " + f[2] + " that the other side deleted"));
      // A row merged column by column is neither side's line: the block shows both.
      boolean columnMerged =
          ol != null && tl != null && !Objects.equals(ol, line) && !Objects.equals(tl, line);
      blocks.put(
          line,
          ConflictMarks.block(
              columnMerged || Objects.equals(ol, line) ? ol : null,
              columnMerged || Objects.equals(tl, line) ? tl : null,
              ConflictMarks.danglingLabel((String) f[2])));
    }
  }
}
