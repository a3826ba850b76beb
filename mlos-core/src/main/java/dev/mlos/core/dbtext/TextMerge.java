package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A three-way merge of the database's text form ({@link DatabaseText}), row by row: what git runs
 * as the {@code mlos-db} merge driver on {@code mlos.db.sql}.
 *
 * <p>Each text is loaded into an in-memory SQLite database (tables and rows only: no trigger runs)
 * and its rows are keyed by (table, primary key). A row changed, added or deleted on one side only
 * is taken from that side; a row both sides changed the same way is taken once. Rows both sides
 * added under the same integer id (ids are handed out in order, so two branches that each add a
 * need both take the next one) are not a conflict: every row theirs added to that table gets a
 * fresh id above the highest id either side used, in theirs' order, and every reference to it in
 * theirs' rows is rewritten first (declared foreign keys and the references in {@link
 * IdReferences}).
 *
 * <p>A row both sides changed in different columns holds both changes, and a column both changed
 * whose three values are JSON lists (a need's tags) holds the list both changes give ({@link
 * TableShape#columnMerge}, {@link JsonListCell}). A row both sides changed differently otherwise
 * (or one changed and the other deleted, or both added under the same text key) is a conflict: the
 * result holds git's conflict markers around that row's line only, ours above, theirs below; so is
 * a row that refers (by a declared foreign key, or as an endpoint of {@code relationships}) to a
 * row the other side deleted. The tables of the compile record ({@code mlos_outputs}, {@code
 * mlos_compile_reads}) and {@code schema_migrations} hold derived rows that the next compile or
 * init rewrites: there a row both sides changed takes ours, with a note, never a conflict.
 *
 * <p>Then the rules the schema's triggers enforce are re-checked across the merge ({@link
 * MergeRules}): each side's changes are replayed onto a scratch copy of the other side's database
 * with every trigger active, and a change refused there (but not, by the same rule, on the base) is
 * a conflict on its line too, the first marker line naming the rule: {@code <<<<<<< ours -- mlos:
 * rule "relationship: this blocks edge would close a cycle of blocks edges": ...}. Two edges that
 * close a cycle only together, a task added to a need the other side resolved, an id list naming a
 * row the other side deleted. When no rule is broken the result is what the row merge alone gives.
 *
 * <p>Ours and theirs must have the same schema (every {@code CREATE} statement and {@code PRAGMA
 * user_version}); otherwise the merge is refused and names both versions. The base may be older
 * (rows then compare by their lines). The result is deterministic: the same three texts give the
 * same bytes, the canonical text of the merged database (what a compile of it would write), so a
 * clean result rebuilds into a database whose text form is the result itself.
 */
public final class TextMerge {
  /** The derived tables, where a row both sides changed takes ours. */
  static final Set<String> DERIVED =
      Set.of("mlos_outputs", "mlos_compile_reads", "schema_migrations");

  /** The note of a merge whose rules were not re-checked (the base has another schema). */
  static final String RULES_NOT_CHECKED =
      "the rules the database's triggers enforce were not re-checked on the merged rows: the base"
          + " has another schema than both sides, so a change's own validity cannot be told from the"
          + " merge's";

  /**
   * How the note of a row both sides changed in different columns (or in a JSON list, merged as a
   * list) begins: the row then holds both changes ({@link TableShape#columnMerge}).
   */
  public static final String MERGED_BY_COLUMN = "merged column by column: ";

  private TextMerge() {}

  /**
   * A row both sides changed differently, or whose change breaks a rule together with the other
   * side's rows: its line in the result is wrapped in conflict markers.
   *
   * @param table the row's table
   * @param key its key (the id, or the quoted primary key values)
   * @param reason what each side did, e.g. "changed on both sides"
   * @param rule the rule the database enforces (a trigger's message) that the merged rows break, or
   *     null for a row both sides changed
   */
  public record Conflict(String table, String key, String reason, String rule) {
    /** A row both sides changed: no rule involved. */
    public Conflict(String table, String key, String reason) {
      this(table, key, reason, null);
    }
  }

  /**
   * A row of theirs that got a new id because ours had used its id too.
   *
   * @param table the row's table
   * @param from its id on theirs' side
   * @param to its id in the result
   */
  public record Renumbered(String table, long from, long to) {}

  /**
   * The merged text form.
   *
   * @param text the merged text; with conflicts, it holds git's markers around each conflicting row
   * @param conflicts the conflicting rows, in the order of the text
   * @param renumbered theirs' rows that got new ids, by table and id
   * @param notes derived rows both sides changed that took ours' version; rows both sides changed
   *     in different columns, merged column by column ({@link #MERGED_BY_COLUMN}); that the rules
   *     were not re-checked (a base with an older schema)
   * @param oursChanged the keys of the rows ours added, changed or deleted since the base, by table
   *     (the derived tables and the rows merged column by column aside): a clean result holds each
   *     as ours has it
   */
  public record Result(
      String text,
      List<Conflict> conflicts,
      List<Renumbered> renumbered,
      List<String> notes,
      Map<String, Set<String>> oursChanged,
      List<Integer> conflictLines) {
    public Result {
      conflicts = List.copyOf(conflicts);
      conflictLines = List.copyOf(conflictLines);
      renumbered = List.copyOf(renumbered);
      notes = List.copyOf(notes);
      Map<String, Set<String>> copy = new TreeMap<>();
      oursChanged.forEach((t, keys) -> copy.put(t, Set.copyOf(keys)));
      oursChanged = java.util.Collections.unmodifiableMap(copy);
    }

    /** A result without the lines of its conflict blocks. */
    public Result(
        String text,
        List<Conflict> conflicts,
        List<Renumbered> renumbered,
        List<String> notes,
        Map<String, Set<String>> oursChanged) {
      this(text, conflicts, renumbered, notes, oursChanged, List.of());
    }

    /** A result without a record of ours' changes (a merge git runs needs none). */
    public Result(
        String text, List<Conflict> conflicts, List<Renumbered> renumbered, List<String> notes) {
      this(text, conflicts, renumbered, notes, Map.of());
    }

    /**
     * The line (from 1) of the {@code <<<<<<<} marker that opens the block of the {@code i}-th
     * conflict in {@link #text}, or 0 when it is not known.
     */
    public int conflictLine(int i) {
      return i < conflictLines.size() ? conflictLines.get(i) : 0;
    }

    /** True when no row conflicts: the text is a valid text form. */
    public boolean clean() {
      return conflicts.isEmpty();
    }
  }

  /**
   * Merges the text forms {@code base}, {@code ours} and {@code theirs}. An empty base (the file
   * was added on both sides) is an empty database.
   *
   * @throws SchemaMismatchException when ours and theirs have different schemas
   * @throws MlosException naming the side and line of a text that is not a text form
   */
  public static Result merge(String base, String ours, String theirs) {
    return merge(base, ours, theirs, MergeRules.MAX_LOOKS);
  }

  /** {@link #merge(String, String, String)} with the rule check's budget ({@link MergeRules}). */
  static Result merge(String base, String ours, String theirs, long ruleBudget) {
    try (MergeSide b = MergeSide.load("base", base, true);
        MergeSide o = MergeSide.load("ours", ours, false);
        MergeSide t = MergeSide.load("theirs", theirs, false)) {
      return merge(b, o, t, ruleBudget);
    } catch (SQLException e) {
      throw new MlosException(
          "mlos failed to merge the database's text form: " + e.getMessage(),
          "report this as an mlos bug with the three files; until then merge the file by hand",
          e);
    }
  }

  /**
   * Git's merge driver: merges the files {@code base}, {@code ours} and {@code theirs} (git's
   * {@code %O %A %B}) and writes the result over {@code ours}. A refused merge leaves {@code ours}
   * as it was.
   *
   * @throws SchemaMismatchException when ours and theirs have different schemas
   * @throws MlosException when a file cannot be read or written, or is not a text form
   */
  public static Result mergeFiles(Path base, Path ours, Path theirs) {
    long largest = 0;
    for (Path p : List.of(base, ours, theirs)) {
      try {
        largest = Math.max(largest, Files.size(p));
      } catch (IOException e) {
        // read() below names the file that cannot be read
      }
    }
    TextFiles.requireHeapToMerge("merge row by row the text form git is merging", largest);
    Result r;
    try {
      r = merge(read(base, "base"), read(ours, "ours"), read(theirs, "theirs"));
    } catch (SchemaMismatchException e) {
      throw e.inGit();
    }
    try {
      Files.writeString(ours, r.text(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot write the merged text form to " + ours + ": " + e.getMessage(),
          "check the directory's permissions",
          e);
    }
    return r;
  }

  private static String read(Path file, String side) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      // Was "Input length = 1", with the fix to check that the files exist.
      throw new MlosException(
          "The "
              + side
              + " version of the text form "
              + file
              + " is not UTF-8 text, so it is not a text form mlos wrote",
          "merge this file by hand, or restore it from git",
          e);
    } catch (java.nio.file.NoSuchFileException e) {
      // Was "Cannot read ... /x/base: /x/base": the exception's message is the path again.
      throw new MlosException(
          "Cannot read the " + side + " version of the text form " + file + ": it does not exist",
          "check that git passed existing files (%O %A %B)",
          e);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot read the " + side + " version of the text form " + file + ": " + e.getMessage(),
          "check that git passed existing files (%O %A %B)",
          e);
    }
  }

  /** The side a newer mlos than this one wrote, in words, or null (see SchemaMismatchException). */
  private static String newerThanThisMlos(MergeSide ours, MergeSide theirs) {
    String o = MergeSide.newerThanThisMlos(ours);
    String t = MergeSide.newerThanThisMlos(theirs);
    return o != null ? "ours records " + o : t != null ? "theirs records " + t : null;
  }

  private static Result merge(MergeSide base, MergeSide ours, MergeSide theirs, long ruleBudget)
      throws SQLException {
    if (!MergeSide.sameSchema(ours, theirs) || !ours.migrations.equals(theirs.migrations)) {
      throw new SchemaMismatchException(
          ours.describe(),
          theirs.describe(),
          MergeSide.firstDifference(ours, theirs),
          MergeSide.older(ours, theirs),
          newerThanThisMlos(ours, theirs),
          false);
    }
    List<Renumbered> renumbered = renumber(base, ours, theirs);
    List<Conflict> conflicts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, String> blocks = new HashMap<>();
    Map<String, List<String>> extraBlocks = new LinkedHashMap<>();
    List<MergeRules.Change> oursChanges = new ArrayList<>();
    List<MergeRules.Change> theirsChanges = new ArrayList<>();
    Map<String, List<Long>> deletedHere = new HashMap<>(); // placeholders of delete conflicts
    Map<String, Set<String>> oursChanged = new HashMap<>();
    // Rows both sides changed in different columns, merged column by column: table "\n" key ->
    // line.
    Map<String, String> columnMerged = new LinkedHashMap<>();
    try (Connection m =
            dev.mlos.core.db.Database.allowLongStatements(
                DriverManager.getConnection("jdbc:sqlite::memory:"));
        Statement s = m.createStatement();
        RowInserts rows = new RowInserts(m)) {
      s.execute("PRAGMA foreign_keys = OFF");
      m.setAutoCommit(false);
      for (String ddl : ours.tableStatements) {
        s.execute(ddl);
      }
      for (TableShape table : ours.tables) {
        Map<String, String> b = base.rows(table.name());
        Map<String, String> o = ours.rows(table.name());
        Map<String, String> t = theirs.rows(table.name());
        List<String> keys = new ArrayList<>(o.keySet());
        t.keySet().stream().filter(k -> !o.containsKey(k)).forEach(keys::add);
        b.keySet().stream().filter(k -> !o.containsKey(k) && !t.containsKey(k)).forEach(keys::add);
        for (String key : keys) {
          String bl = b.get(key);
          String ol = o.get(key);
          String tl = t.get(key);
          String take;
          TableShape.ColumnMerge merged;
          boolean replayed = MergeRules.replayable(table);
          if (!Objects.equals(bl, ol) && !DERIVED.contains(table.name())) {
            oursChanged.computeIfAbsent(table.name(), k -> new HashSet<>()).add(key);
          }
          if (Objects.equals(ol, tl) || Objects.equals(bl, tl)) {
            take = ol;
            if (replayed && !Objects.equals(ol, tl)) {
              oursChanges.add(new MergeRules.Change(table, key, bl, ol));
            }
          } else if (Objects.equals(bl, ol)) {
            take = tl;
            if (replayed) {
              theirsChanges.add(new MergeRules.Change(table, key, bl, tl));
            }
          } else if (table.sameButUpdatedAt(ol, tl)) {
            // One change made on each side at another time (a pull's conflict fixed by making it
            // again with mlos, which stamps updated_at): no conflict, ours' row as it is.
            take = ol;
            if (replayed) {
              oursChanges.add(new MergeRules.Change(table, key, bl, ol));
            }
          } else if (DERIVED.contains(table.name())) {
            take = ol;
            notes.add(
                table.name()
                    + " "
                    + key
                    + ": both sides changed this derived row; took ours (the next compile or init rewrites it)");
          } else if ((merged = table.columnMerge(bl, ol, tl)) != null) {
            // Each side changed other columns (a need one side retitled and the other gave a
            // priority): both changes, re-checked against the rules below like any other.
            take = merged.line();
            columnMerged.put(table.name() + "\n" + key, take);
            // Not held as ours has it: a pull takes it as a row the file changed.
            oursChanged.get(table.name()).remove(key);
            notes.add(MERGED_BY_COLUMN + table.name() + " " + key + " (" + merged.describe() + ")");
            if (replayed) {
              oursChanges.add(new MergeRules.Change(table, key, bl, ol, merged.oursOverTheirs()));
              theirsChanges.add(new MergeRules.Change(table, key, bl, tl, merged.theirsOverOurs()));
            }
          } else {
            String reason =
                bl == null
                    ? "added on both sides with different values"
                    : ol == null
                        ? "deleted on ours, changed on theirs"
                        : tl == null
                            ? "changed on ours, deleted on theirs"
                            : "changed on both sides";
            conflicts.add(new Conflict(table.name(), key, reason));
            take = ol != null ? ol : tl;
            blocks.put(
                take,
                ConflictMarks.block(
                    ol,
                    tl,
                    bl != null && (ol == null || tl == null)
                        ? ConflictMarks.deletedLabel(ol == null)
                        : ""));
          }
          if (take == null) {
            continue;
          }
          try {
            rows.run(take);
            if (bl != null
                && (ol == null || tl == null)
                && !DERIVED.contains(table.name())
                && !table.withoutRowid()) {
              try (ResultSet id = s.executeQuery("SELECT last_insert_rowid()")) {
                deletedHere
                    .computeIfAbsent(table.name(), k -> new ArrayList<>())
                    .add(id.getLong(1));
              }
            }
          } catch (SQLException e) {
            // Both rows are valid on their own side but not together (e.g. the same edge added
            // twice).
            blocks.remove(take);
            conflicts.removeIf(c -> c.table().equals(table.name()) && c.key().equals(key));
            conflicts.add(
                new Conflict(
                    table.name(), key, "cannot be kept next to ours' rows: " + e.getMessage()));
            extraBlocks
                .computeIfAbsent(table.ddl(), k -> new ArrayList<>())
                .add(ConflictMarks.block(ol, tl == null ? take : tl));
          }
        }
      }
      DanglingRows.mark(m, ours, theirs, conflicts, blocks, deletedHere);
      RuleConflicts.mark(
          base,
          ours,
          theirs,
          oursChanges,
          theirsChanges,
          conflicts,
          blocks,
          extraBlocks,
          notes,
          columnMerged,
          ruleBudget);
      sequences(s, ours, theirs, renumbered);
      for (String statement : ours.otherSchema) {
        try {
          s.execute(statement);
        } catch (SQLException e) {
          throw new MlosException(
              "The merged rows break the schema: "
                  + e.getMessage()
                  + " ("
                  + MergeSide.firstLine(statement)
                  + ")",
              "merge mlos.db.sql by hand: keep one of the rows that clash",
              e);
        }
      }
      m.commit();
      String text = DatabaseText.dump(m, Path.of("merged " + ours.name));
      String marked = ConflictMarks.apply(text, blocks, extraBlocks);
      // Where each conflict's block opens, so the driver's message can name the file's line.
      Map<String, Integer> opens = ConflictMarks.openingLines(marked);
      List<Integer> lines = new ArrayList<>();
      for (Conflict c : conflicts) {
        Integer at = opens.get(ours.rows(c.table()).get(c.key()));
        if (at == null) {
          at = opens.get(theirs.rows(c.table()).get(c.key()));
        }
        lines.add(at == null ? 0 : at);
      }
      return new Result(marked, conflicts, renumbered, notes, oursChanged, lines);
    }
  }

  /** Theirs' added rows that collide with ids ours used get fresh ids; references follow. */
  private static List<Renumbered> renumber(MergeSide base, MergeSide ours, MergeSide theirs)
      throws SQLException {
    List<Renumbered> out = new ArrayList<>();
    for (TableShape table : ours.tables) {
      if (!table.integerKey()) {
        continue;
      }
      Map<String, String> b = base.rows(table.name());
      Map<String, String> o = ours.rows(table.name());
      Map<String, String> t = theirs.rows(table.name());
      long oursHigh = ours.highWater(table.name());
      TreeMap<Long, String> added = new TreeMap<>();
      for (Map.Entry<String, String> row : t.entrySet()) {
        if (!b.containsKey(row.getKey()) && !row.getValue().equals(o.get(row.getKey()))) {
          added.put(Long.parseLong(row.getKey()), row.getKey());
        }
      }
      if (added.isEmpty() || added.firstKey() > oursHigh) {
        continue; // ours used none of theirs' new ids
      }
      long next = Math.max(oursHigh, theirs.highWater(table.name())) + 1;
      for (long id : added.keySet()) {
        out.add(new Renumbered(table.name(), id, next++));
      }
    }
    if (out.isEmpty()) {
      return out;
    }
    try (Statement s = theirs.c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE remap (tbl TEXT NOT NULL, old INTEGER NOT NULL, new INTEGER NOT NULL, PRIMARY KEY (tbl, old))");
    }
    try (PreparedStatement ps = theirs.c.prepareStatement("INSERT INTO remap VALUES (?, ?, ?)")) {
      for (Renumbered r : out) {
        ps.setString(1, r.table());
        ps.setLong(2, r.from());
        ps.setLong(3, r.to());
        ps.executeUpdate();
      }
    }
    IdReferences.rewrite(theirs.c, theirs.tables);
    theirs.forget();
    return out;
  }

  /** The counters of AUTOINCREMENT tables: never below what either side handed out. */
  private static void sequences(
      Statement s, MergeSide ours, MergeSide theirs, List<Renumbered> renumbered)
      throws SQLException {
    boolean present;
    try (ResultSet rs =
        s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'")) {
      present = rs.next() && rs.getInt(1) > 0;
    }
    if (!present) {
      return;
    }
    Map<String, Long> seq = new LinkedHashMap<>();
    try (ResultSet rs = s.executeQuery("SELECT name, seq FROM sqlite_sequence ORDER BY rowid")) {
      while (rs.next()) {
        seq.put(rs.getString(1), rs.getLong(2));
      }
    }
    Map<String, Long> merged = new LinkedHashMap<>();
    ours.sequence.forEach((k, v) -> merged.merge(k, v, Math::max));
    theirs.sequence.forEach((k, v) -> merged.merge(k, v, Math::max));
    renumbered.forEach(r -> merged.merge(r.table(), r.to(), Math::max));
    seq.forEach((k, v) -> merged.merge(k, v, Math::max));
    s.execute("DELETE FROM sqlite_sequence");
    try (PreparedStatement ps =
        s.getConnection().prepareStatement("INSERT INTO sqlite_sequence VALUES (?, ?)")) {
      for (Map.Entry<String, Long> e : merged.entrySet()) {
        ps.setString(1, e.getKey());
        ps.setLong(2, e.getValue());
        ps.executeUpdate();
      }
    }
  }
}
