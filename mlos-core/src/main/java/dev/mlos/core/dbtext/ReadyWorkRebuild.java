package dev.mlos.core.dbtext;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The last step of a rebuild from a text form: ready work's items and counts, which the text form
 * does not hold ({@link DatabaseText#KEPT_BY_TRIGGERS}), computed by the file's triggers from its
 * rows ({@link DatabaseText#REBUILD_KEPT_BY_TRIGGERS}). It is the one statement of a rebuild that
 * runs code of the file's schema over every row, so it is bounded three ways:
 *
 * <ul>
 *   <li>it runs only when {@code needs}, {@code ready_items} and {@code ready_dirty} are tables (a
 *       view named {@code needs} made of an endless recursive query filled the temporary storage
 *       without end, past {@link GrowthBound}, which bounds the database file only);
 *   <li>it takes at most {@link MergeRules#MAX_LOOKS} looks of SQLite's steps, as a merge's check
 *       of the same rows does (a trigger of the file whose body never ends);
 *   <li>the database may grow past {@link GrowthBound#limit} by what ready work honestly holds:
 *       each open task's item carries its need's scope and tags, in the table and three covering
 *       indexes, so a need with 100 tags and thousands of tasks makes the database many times its
 *       text. The allowance counts a need's tags and scope at most at the engine's limits (100 tags
 *       of 64 characters, a scope of 200).
 * </ul>
 */
final class ReadyWorkRebuild {
  private ReadyWorkRebuild() {}

  /** Bytes one ready item may take per byte of its facts, in its table and indexes. */
  static final long BYTES_PER_FACT_BYTE = 6;

  /**
   * The facts of each ready item (needs and tasks), their need's at most at the engine's limits.
   */
  private static final String READY_FACTS =
      "SELECT coalesce(sum(min(length(CAST(n.tags AS BLOB)), 6800)"
          + " + min(coalesce(length(CAST(n.scope AS BLOB)), 0), 800) + 128), 0)"
          + " FROM (SELECT need_id AS id FROM tasks UNION ALL SELECT id FROM needs) i"
          + " JOIN needs n ON n.id = i.id";

  /**
   * Computes ready work in the database being built on {@code c} from {@code textFile} of {@code
   * textBytes}, when its schema has mlos's ready-work tables.
   *
   * @throws UnrestorableLineException when the file's schema makes it grow past its bound or run
   *     without end
   */
  static void run(Connection c, Path textFile, long textBytes) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (!allTables(s, "needs", "ready_items", "ready_dirty")) {
        return; // not mlos's ready work: the schema check after the rebuild names what is missing
      }
      StepBudget budget = new StepBudget(MergeRules.MAX_LOOKS);
      org.sqlite.ProgressHandler.setHandler(c, MergeRules.STEPS_PER_LOOK, budget);
      try {
        long allowance = 0;
        if (allTables(s, "tasks")) {
          try (ResultSet rs = s.executeQuery(READY_FACTS)) {
            allowance = rs.next() ? rs.getLong(1) * BYTES_PER_FACT_BYTE : 0;
          } catch (SQLException otherShape) {
            if (budget.spent()) {
              throw endless(textFile, otherShape);
            }
            allowance = 0; // a table of another shape than mlos's: no allowance
          }
        }
        GrowthBound.apply(c, textBytes, allowance);
        s.execute(DatabaseText.REBUILD_KEPT_BY_TRIGGERS);
      } catch (SQLException e) {
        if (budget.spent()) {
          throw endless(textFile, e);
        }
        if (GrowthBound.reached(e, textFile.toAbsolutePath().getParent())) {
          throw new UnrestorableLineException(
              textFile,
              0,
              "makes ready work, computed from its rows by its triggers, grow the database past"
                  + " what its rows hold ("
                  + GrowthBound.why(textBytes)
                  + ")",
              "restore the file from git; if the workspace's own schema in it is meant, make its"
                  + " triggers store no more than its rows hold",
              e);
        }
        throw e;
      } finally {
        org.sqlite.ProgressHandler.clearHandler(c);
      }
    }
  }

  private static UnrestorableLineException endless(Path textFile, SQLException e) {
    return new UnrestorableLineException(
        textFile,
        0,
        "makes computing ready work from its rows take more than "
            + (MergeRules.MAX_LOOKS * MergeRules.STEPS_PER_LOOK)
            + " steps of SQLite: a trigger of the file's own schema that does not end",
        "restore the file from git; if the workspace's own schema in it is meant, check its"
            + " triggers",
        e);
  }

  private static boolean allTables(Statement s, String... names) throws SQLException {
    for (String name : names) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '"
                  + name
                  + "'")) {
        if (!rs.next() || rs.getInt(1) == 0) {
          return false;
        }
      }
    }
    return true;
  }
}
