package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Re-checks a row merge ({@link TextMerge}) against the rules the schema's own triggers enforce,
 * with those triggers as the judge: a rule added by a future migration is covered without a line
 * here.
 *
 * <p>Each side's rows are valid on their own (its database's triggers judged every write). What a
 * row merge cannot see is a rule that two changes break only together: a {@code blocks} edge added
 * on each side that close a cycle, a task added on one side to a need the other side resolved, an
 * agent's id list naming a row the other side deleted. So each side's changes (its rows that differ
 * from the base and went into the merge) are replayed, as the {@code INSERT}, {@code UPDATE} and
 * {@code DELETE} statements they amount to, onto a scratch copy of the <em>other</em> side's
 * database with every trigger, index and view of the schema active. A change the triggers refuse
 * there is a rule the merge breaks, <em>unless</em> the same change is refused as well, by the same
 * rule, when replayed onto the base it was made from: a replay sees only a row's first and last
 * version, so a lifecycle the side walked in several steps ({@code identified -> active ->
 * actionable}) is refused on the base too, and is no finding. The replay retries refused statements
 * in further passes (its order is not the side's), at most {@value #MAX_PASSES} passes, each over
 * the statements still refused.
 *
 * <p>Not replayed: tables whose rows the triggers write themselves (history, {@code need_tags},
 * ready work, the change log), the compile record, virtual tables, and tables without a primary
 * key; their rows are loaded, so the triggers see them. The replay runs in memory and leaves no
 * trace: the scratch databases are closed when the check ends.
 */
final class MergeRules {
  /** How many passes a replay makes over the statements a pass refused. */
  static final int MAX_PASSES = 4;

  /** The longest rule text kept (a trigger's message), so a hostile schema cannot flood a line. */
  static final int MAX_RULE_LENGTH = 240;

  /**
   * SQLite VM instructions between two looks at the budget, and how many looks one check may take:
   * about {@code 4e9} instructions in all (loading the three databases included), far above what
   * the triggers of a large workspace need, but an end to a trigger that never ends (the schema is
   * part of the committed text). Counted, not timed, so the outcome does not depend on the machine.
   */
  static final int STEPS_PER_LOOK = 10_000;

  static final long MAX_LOOKS = 400_000;

  /** Tables whose rows the triggers write (or that a compile or init rewrites): not replayed. */
  static final Set<String> NOT_REPLAYED = notReplayed();

  private static final Pattern SQLITE_MESSAGE =
      Pattern.compile("(?s)^\\[SQLITE_[A-Z_]+\\]\\s*(.*?)(?:\\s*\\((.*)\\))?$");

  private MergeRules() {}

  private static Set<String> notReplayed() {
    Set<String> s = new java.util.HashSet<>();
    s.addAll(TextMerge.DERIVED);
    s.addAll(DatabaseText.KEPT_BY_TRIGGERS);
    s.addAll(DatabaseText.LOCAL_ROWS);
    s.addAll(List.of("history", "need_tags", "ready_dirty"));
    return Set.copyOf(s);
  }

  /**
   * One side's change to one row, as the merge took it.
   *
   * @param table the row's table
   * @param key its merge key ({@link TableShape#key})
   * @param before its line on the base (null: the side added it)
   * @param after its line on the side (null: the side deleted it)
   * @param overOther the line the change makes on top of the other side's rows: {@code after}, but
   *     for a row whose JSON lists the merge joined ({@link TableShape#columnMerge}), where it is
   *     {@code after} with those lists merged, so the triggers judge the list the merged row holds
   */
  record Change(TableShape table, String key, String before, String after, String overOther) {
    /** A change whose row the merge takes as the side has it (or merges in other columns). */
    Change(TableShape table, String key, String before, String after) {
      this(table, key, before, after, after);
    }

    /** This change as it is replayed on the other side's rows. */
    Change overOtherSide() {
      return java.util.Objects.equals(after, overOther)
          ? this
          : new Change(table, key, before, overOther);
    }
  }

  /**
   * A change the triggers refuse on top of the other side's rows but accept on the base (or refuse
   * there by another rule: the other side's rows made the difference).
   *
   * @param change the change
   * @param theirs true for a change of theirs (refused on ours' rows), false for one of ours
   * @param rule what the trigger (or constraint) said
   */
  record Refusal(Change change, boolean theirs, String rule) {}

  /**
   * A side's database as text: its table statements, its rows' lines in table order, and the rest
   * of its schema (indexes, triggers, views, user_version).
   */
  record Snapshot(List<String> tables, List<String> rows, List<String> schema) {}

  /** True when the schema has a trigger: without one there is no rule to re-check. */
  static boolean hasTriggers(List<String> schema) {
    return schema.stream()
        .anyMatch(s -> s.strip().toUpperCase(Locale.ROOT).startsWith("CREATE TRIGGER"));
  }

  /** True for a change the replay can state as a statement on its key. */
  static boolean replayable(TableShape t) {
    return !t.virtual() && !NOT_REPLAYED.contains(t.name()) && !t.primaryKey().isEmpty();
  }

  /**
   * The changes of each side that the triggers refuse on the other side's rows but not on the base.
   *
   * @param base the base (with ours' schema; rows in the ids the sides share)
   * @param ours ours' rows
   * @param theirs theirs' rows, renumbered as in the result
   * @param oursChanges ours' changes that went into the merge
   * @param theirsChanges theirs' changes that went into the merge
   * @param highWater per table, an id above every id of the three sides: rows the triggers add
   *     during a replay get ids above it, so they never take an id a replayed row needs
   * @param maxLooks the budget ({@link #MAX_LOOKS})
   * @throws MlosException when the check exceeds its budget
   */
  static List<Refusal> check(
      Snapshot base,
      Snapshot ours,
      Snapshot theirs,
      List<Change> oursChanges,
      List<Change> theirsChanges,
      Map<String, Long> highWater,
      long maxLooks)
      throws SQLException {
    if (oursChanges.isEmpty() || theirsChanges.isEmpty()) {
      return List.of(); // one side's changes alone, on the base they were made on: nothing new
    }
    Budget budget = new Budget(maxLooks);
    Map<Change, String> theirsOnOurs;
    Map<Change, String> oursOnTheirs;
    try (Connection o = load(ours, highWater, budget)) {
      theirsOnOurs = replay(o, theirsChanges, budget, ch -> statement(ch.overOtherSide()));
    }
    try (Connection t = load(theirs, highWater, budget)) {
      oursOnTheirs = replay(t, oursChanges, budget, ch -> statement(ch.overOtherSide()));
    }
    if (theirsOnOurs.isEmpty() && oursOnTheirs.isEmpty()) {
      return List.of();
    }
    List<Refusal> out = new ArrayList<>();
    try (Connection b = load(base, highWater, budget)) {
      // All of a side's changes, not only the refused ones: a refused row may need another (a task
      // its new need) that the other side's rows accepted.
      Map<Change, String> theirsOnBase =
          theirsOnOurs.isEmpty() ? Map.of() : replay(b, theirsChanges, budget);
      Map<Change, String> oursOnBase =
          oursOnTheirs.isEmpty() ? Map.of() : replay(b, oursChanges, budget);
      theirsOnOurs.forEach(
          (c, rule) -> {
            if (!rule.equals(theirsOnBase.get(c))) {
              out.add(new Refusal(c, true, rule));
            }
          });
      oursOnTheirs.forEach(
          (c, rule) -> {
            if (!rule.equals(oursOnBase.get(c))) {
              out.add(new Refusal(c, false, rule));
            }
          });
    }
    return out;
  }

  /**
   * The changes the triggers refuse when made on {@code base}, for a review of hand edits ({@link
   * TextFormReview}): {@code steps} first (the writes the history records since the base, each
   * tried on its own and skipped when refused, so a need walked through its lifecycle in several
   * engine writes reaches its last state step by step, as it did), then each change as the
   * statement that takes its row from where the steps left it to its last version, with further
   * passes over the refused ones as {@link #check} makes.
   *
   * @return the changes still refused, with what refused them
   * @throws MlosException when the replay exceeds its budget
   */
  static Map<Change, String> judge(
      Snapshot base,
      List<String> steps,
      List<Change> changes,
      Map<String, Long> highWater,
      long maxLooks)
      throws SQLException {
    Budget budget = new Budget(maxLooks);
    try (Connection b = load(base, highWater, budget)) {
      return walkAndReplay(b, steps, changes, budget);
    }
  }

  /**
   * {@link #judge} on {@code db}, a database that holds the base's rows with every trigger active
   * (a scratch copy of the database the base was dumped from): its writes are not undone, so it
   * must be a copy no one else reads.
   */
  static Map<Change, String> judgeOn(
      Connection db, List<String> steps, List<Change> changes, long maxLooks) throws SQLException {
    Budget budget = new Budget(maxLooks);
    org.sqlite.ProgressHandler.setHandler(db, STEPS_PER_LOOK, budget);
    try {
      return walkAndReplay(db, steps, changes, budget);
    } catch (SQLException | RuntimeException e) {
      budget.check();
      throw e;
    }
  }

  private static Map<Change, String> walkAndReplay(
      Connection b, List<String> steps, List<Change> changes, Budget budget) throws SQLException {
    try (Statement s = b.createStatement()) {
      s.execute("SAVEPOINT mlos_steps");
      for (String step : steps) {
        s.execute("SAVEPOINT mlos_step");
        try {
          s.execute(step);
        } catch (SQLException e) {
          budget.check();
          s.execute("ROLLBACK TO mlos_step");
        }
        s.execute("RELEASE mlos_step");
      }
      return replay(b, changes, budget, ch -> statementOn(b, ch));
    }
  }

  /**
   * The statement that takes the row of {@code ch} to its last version on {@code c} as it is now:
   * an insert when the row is not there, an update when it is, a delete (or nothing, {@code SELECT
   * 1}) for a removed row.
   */
  private static String statementOn(Connection c, Change ch) throws SQLException {
    TableShape t = ch.table();
    boolean present;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT 1 FROM "
                    + TableShape.ident(t.name())
                    + " WHERE "
                    + keyCondition(t, ch.key()))) {
      present = rs.next();
    }
    if (ch.after() == null) {
      return present ? statement(ch) : "SELECT 1";
    }
    return statement(new Change(t, ch.key(), present ? "" : null, ch.after()));
  }

  /** A statement for one change, on the connection the replay runs on. */
  private interface StatementOf {
    String of(Change ch) throws SQLException;
  }

  /**
   * A scratch database holding {@code s}, built as a rebuild from the text form builds it: tables,
   * rows, then indexes, triggers and views, so no trigger judges the rows already there.
   */
  private static Connection load(Snapshot s, Map<String, Long> highWater, Budget budget)
      throws SQLException {
    Connection c =
        dev.mlos.core.db.Database.allowLongStatements(
            DriverManager.getConnection("jdbc:sqlite::memory:"));
    try (Statement st = c.createStatement()) {
      org.sqlite.ProgressHandler.setHandler(c, STEPS_PER_LOOK, budget);
      st.execute("PRAGMA foreign_keys = OFF");
      c.setAutoCommit(false);
      for (String ddl : s.tables()) {
        st.execute(ddl);
      }
      try (RowInserts rows = new RowInserts(c)) {
        for (String row : s.rows()) {
          rows.run(row);
        }
      }
      for (String other : s.schema()) {
        st.execute(other);
      }
      boolean sequences;
      try (ResultSet rs =
          st.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'")) {
        sequences = rs.next() && rs.getInt(1) > 0;
      }
      if (sequences) {
        st.execute("DELETE FROM sqlite_sequence");
        try (var ps = c.prepareStatement("INSERT INTO sqlite_sequence VALUES (?, ?)")) {
          for (Map.Entry<String, Long> e : highWater.entrySet()) {
            ps.setString(1, e.getKey());
            ps.setLong(2, e.getValue());
            ps.executeUpdate();
          }
        }
      }
      boolean ready;
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'ready_dirty'")) {
        ready = rs.next() && rs.getInt(1) > 0;
      }
      if (ready) {
        st.execute(DatabaseText.REBUILD_KEPT_BY_TRIGGERS);
      }
      c.commit();
      c.setAutoCommit(true);
      // As every mlos connection: a declared reference is a rule too.
      st.execute("PRAGMA foreign_keys = ON");
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      budget.check();
      throw e;
    }
  }

  /**
   * Stops SQLite once a check has used {@link #MAX_LOOKS} looks; {@link #check} then turns the
   * interrupted statement into a refusal to merge.
   */
  private static final class Budget extends StepBudget {
    Budget(long max) {
      super(max);
    }

    void check() {
      if (spent()) {
        throw new MlosException(
            "The rules the database enforces could not be re-checked on the merged rows of"
                + " mlos.db.sql: replaying the changes took more than "
                + (max * STEPS_PER_LOOK)
                + " steps of SQLite (a trigger of the schema that does not end?)",
            "merge mlos.db.sql by hand, and check the schema's triggers in the file");
      }
    }
  }

  /**
   * Runs {@code changes} on {@code c}, each in its own savepoint, passing again over the refused
   * ones while a pass gets at least one more through; then undoes everything.
   *
   * @return the changes still refused, with what refused them
   */
  private static Map<Change, String> replay(Connection c, List<Change> changes, Budget budget)
      throws SQLException {
    return replay(c, changes, budget, MergeRules::statement);
  }

  private static Map<Change, String> replay(
      Connection c, List<Change> changes, Budget budget, StatementOf statementOf)
      throws SQLException {
    Map<Change, String> refused = new LinkedHashMap<>();
    if (changes.isEmpty()) {
      return refused;
    }
    try (Statement s = c.createStatement()) {
      s.execute("SAVEPOINT mlos_replay");
      try {
        List<Change> pending = changes;
        for (int pass = 0; pass < MAX_PASSES && !pending.isEmpty(); pass++) {
          refused.clear();
          for (Change ch : pending) {
            s.execute("SAVEPOINT mlos_change");
            try {
              s.execute(statementOf.of(ch));
              s.execute("RELEASE mlos_change");
            } catch (SQLException e) {
              budget.check();
              s.execute("ROLLBACK TO mlos_change");
              s.execute("RELEASE mlos_change");
              refused.put(ch, rule(e));
            }
          }
          if (refused.size() == pending.size()) {
            break; // no progress: another pass would refuse the same
          }
          pending = new ArrayList<>(refused.keySet());
        }
      } finally {
        if (!budget.spent()) {
          // An interrupted statement ended the transaction itself; the connection is closed next.
          s.execute("ROLLBACK TO mlos_replay");
          s.execute("RELEASE mlos_replay");
        }
      }
    }
    return refused;
  }

  /**
   * The statement that makes {@code ch} on a database that has the row as it was on the base, or as
   * the other side changed it: an update sets only the columns the side changed (as mlos's own
   * writes do), so on a row the other side changed in other columns it makes the row both changes
   * give ({@link TableShape#columnMerge}).
   */
  static String statement(Change ch) {
    TableShape t = ch.table();
    if (ch.before() == null) {
      return ch.after(); // the line is the row's INSERT
    }
    String where = " WHERE " + keyCondition(t, ch.key());
    if (ch.after() == null) {
      return "DELETE FROM " + TableShape.ident(t.name()) + where;
    }
    RowInserts.Parsed after = RowInserts.parse(ch.after(), true);
    if (after == null
        || !after.head().equals("INSERT INTO " + TableShape.ident(t.name()) + " ")
        || after.literals().size() != t.columns().size()) {
      // TableShape.line writes every row this way; anything else is mlos's own mistake.
      throw new IllegalStateException("not a row line of " + t.name() + ": " + ch.after());
    }
    // Before: the row's line, or no line of it ("") when only its presence is known.
    RowInserts.Parsed before = RowInserts.parse(ch.before(), true);
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < t.columns().size(); i++) {
      String value = after.literals().get(i);
      if (before == null
          || before.literals().size() != t.columns().size()
          || !value.equals(before.literals().get(i))) {
        names.add(TableShape.ident(t.columns().get(i)));
        values.add(value);
      }
    }
    if (names.isEmpty()) {
      // Not a change; the same row again (an update that fires the update triggers, as before).
      t.columns().forEach(c -> names.add(TableShape.ident(c)));
      values.addAll(after.literals());
    }
    return "UPDATE "
        + TableShape.ident(t.name())
        + " SET ("
        + String.join(", ", names)
        + ") = (SELECT "
        + String.join(",", values)
        + ")"
        + where;
  }

  /**
   * The condition that selects the row of {@code key}: a rowid (digits), or the primary key's
   * {@code quote()} literals joined by commas as {@link TableShape#rowSelect} writes them.
   */
  private static String keyCondition(TableShape t, String key) {
    if (t.integerKey()) {
      return "rowid = " + Long.parseLong(key);
    }
    return "("
        + String.join(", ", t.primaryKey().stream().map(TableShape::ident).toList())
        + ") = ("
        + key
        + ")";
  }

  /**
   * What refused a statement, in one line: a trigger's message ({@code RAISE}), or the constraint
   * SQLite names.
   */
  static String rule(SQLException e) {
    String m = e.getMessage() == null ? "refused" : e.getMessage();
    Matcher x = SQLITE_MESSAGE.matcher(m);
    if (x.matches()) {
      m = x.group(2) != null && !x.group(2).isBlank() ? x.group(2) : x.group(1);
    }
    StringBuilder out = new StringBuilder(Math.min(m.length(), MAX_RULE_LENGTH));
    for (int i = 0; i < m.length() && out.length() < MAX_RULE_LENGTH; i++) {
      char ch = m.charAt(i);
      out.append(Character.isISOControl(ch) ? ' ' : ch);
    }
    return out.toString().strip();
  }
}
