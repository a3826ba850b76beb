package dev.mlos.core.dbtext;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merge's re-check of the rules the database enforces ({@link TextMerge}, {@link MergeRules}).
 */
final class RuleConflicts {
  private RuleConflicts() {}

  /**
   * The rules the schema's triggers enforce, re-checked on the merged rows ({@link MergeRules}): a
   * change of one side that the triggers refuse on top of the other side's rows (and accept on the
   * base) becomes a conflict on its line, the marker line naming the rule.
   */
  static void mark(
      MergeSide base,
      MergeSide ours,
      MergeSide theirs,
      List<MergeRules.Change> oursChanges,
      List<MergeRules.Change> theirsChanges,
      List<TextMerge.Conflict> conflicts,
      Map<String, String> blocks,
      Map<String, List<String>> extraBlocks,
      List<String> notes,
      Map<String, String> columnMerged,
      long ruleBudget)
      throws SQLException {
    if (oursChanges.isEmpty()
        || theirsChanges.isEmpty()
        || !MergeRules.hasTriggers(ours.otherSchema)) {
      return;
    }
    boolean blankBase = base.schema.isEmpty();
    if (!blankBase && !MergeSide.sameSchema(base, ours)) {
      notes.add(TextMerge.RULES_NOT_CHECKED);
      return;
    }
    Map<String, Long> highWater = new LinkedHashMap<>();
    for (TableShape t : ours.tables) {
      if (t.integerKey()) {
        highWater.put(
            t.name(),
            Math.max(
                base.tables.isEmpty() ? 0 : base.highWater(t.name()),
                Math.max(ours.highWater(t.name()), theirs.highWater(t.name()))));
      }
    }
    MergeRules.Snapshot b =
        new MergeRules.Snapshot(ours.tableStatements, base.lines(ours.tables), ours.otherSchema);
    List<MergeRules.Refusal> refused =
        MergeRules.check(
            b,
            ours.snapshot(),
            theirs.snapshot(),
            oursChanges,
            theirsChanges,
            highWater,
            ruleBudget);
    // In the text's order: by table, then as the rows were merged.
    Map<MergeRules.Change, Integer> order = new HashMap<>();
    for (TableShape t : ours.tables) {
      for (List<MergeRules.Change> side : List.of(oursChanges, theirsChanges)) {
        side.stream().filter(c -> c.table().equals(t)).forEach(c -> order.put(c, order.size()));
      }
    }
    refused = new ArrayList<>(refused);
    refused.sort(java.util.Comparator.comparingInt(r -> order.getOrDefault(r.change(), 0)));
    Set<String> conflicted = new HashSet<>();
    conflicts.forEach(c -> conflicted.add(c.table() + "\n" + c.key()));
    for (MergeRules.Refusal r : refused) {
      TableShape t = r.change().table();
      String key = r.change().key();
      if (!conflicted.add(t.name() + "\n" + key)) {
        continue; // already a conflict (a dangling reference, a row both sides changed)
      }
      String ol = ours.rows(t.name()).get(key);
      String tl = theirs.rows(t.name()).get(key);
      // A row merged column by column is in the result as neither side's line.
      String taken = columnMerged.getOrDefault(t.name() + "\n" + key, r.theirs() ? tl : ol);
      if (taken != null && blocks.containsKey(taken)) {
        continue;
      }
      String who = r.theirs() ? "theirs'" : "ours'";
      String other = r.theirs() ? "ours'" : "theirs'";
      conflicts.add(
          new TextMerge.Conflict(
              t.name(),
              key,
              "breaks the rule \""
                  + r.rule()
                  + "\" together with "
                  + other
                  + " rows ("
                  + who
                  + " change is refused on top of them)",
              r.rule()));
      String label =
          " -- mlos: rule \""
              + r.rule()
              + "\": "
              + who
              + " change breaks it with "
              + other
              + " rows; keep one side's line (or neither), or change the other rows it names";
      if (taken != null) {
        blocks.put(taken, ConflictMarks.block(ol, tl, label));
      } else {
        extraBlocks
            .computeIfAbsent(t.ddl(), k -> new ArrayList<>())
            .add(ConflictMarks.block(ol, tl, label));
      }
    }
  }
}
