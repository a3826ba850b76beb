package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a pull that replaces the database does to its rows, table by table: the rows it adds from
 * the pulled file, the rows it changes or removes as that file says, the database's own rows it
 * keeps under a new id (a merge gave them one), and the rows the database changed since mlos last
 * wrote the text form, kept as the database had them. The database as it was (the pull's kept copy)
 * and the rows to take (the merged database) are compared with SQL, row by row, by the key the text
 * form and the merge use, so the report holds no text form in memory.
 *
 * <p>Before it, a pull said only how many of the database's rows the result did not hold "as they
 * were (dropped, changed or given new ids)": after a {@code git pull --rebase} of a teammate's
 * commits, a user read rows the teammate changed and their own rows under new ids as losses.
 */
public final class PulledRows {
  /** How many keys each kind of change lists per table (the count is always whole). */
  static final int LISTED = 10;

  /**
   * A table with more changed rows than this on either side is not searched for rows under new ids
   * (the pairing holds each changed row's values in memory): its rows are told as added, changed
   * and removed by key.
   */
  static final int MAX_PAIRED = 10_000;

  /**
   * A number that stands alone as a value or a JSON member (an id, a reference to one, a priority):
   * between {@code ( , : [} and {@code , ) } ]}. Not the digits of a time stamp or a hash. Two rows
   * whose values are equal once such numbers are set aside are one row under another id, its
   * references rewritten with it (as the merge driver renumbers them).
   */
  private static final Pattern IDS = Pattern.compile("(?<=[(,:\\[])-?\\d+(?=[,)}\\]])");

  private PulledRows() {}

  /** How the pull came to its rows, which decides what its changes mean for the database's own. */
  enum Taken {
    /** The database had no change since mlos last wrote the text form: the file taken as it is. */
    FILE,
    /** The file holds every row of the database (no base to merge against): taken as it is. */
    SUPERSET,
    /** The database's own changes merged with the file's, row by row. */
    MERGED
  }

  /**
   * Rows of one kind of change: how many, and the keys of the first {@link #LISTED} in key order.
   *
   * @param count how many rows
   * @param keys their keys (an id, or the quoted primary key values), at most {@link #LISTED}
   */
  public record Rows(long count, List<String> keys) {
    public Rows {
      keys = List.copyOf(keys);
    }

    static final Rows NONE = new Rows(0, List.of());
  }

  /**
   * One of the database's rows that the result holds under another key, its values otherwise as
   * they were.
   */
  public record Moved(String from, String to) {}

  /**
   * What the pull did to the rows of one table.
   *
   * @param table the table
   * @param added rows the pulled file has and the database had not (a pulled row that got a new id
   *     because the database used its id is listed under its new id)
   * @param changed rows whose values the pulled file changed (the database had not changed them)
   * @param removed rows the pulled file does not have (the database had not changed them)
   * @param moved the database's rows now under another id, otherwise as they were
   * @param kept rows the database changed (added, changed, deleted) since mlos last wrote the text
   *     form, kept as the database had them
   * @param renumbered of the added rows, those that got a new id: new id to the id in the pulled
   *     file
   */
  public record TableChange(
      String table,
      Rows added,
      Rows changed,
      Rows removed,
      List<Moved> moved,
      Rows kept,
      Map<String, Long> renumbered) {
    public TableChange {
      moved = List.copyOf(moved);
      renumbered = Map.copyOf(renumbered);
    }

    boolean isEmpty() {
      return added.count() + changed.count() + removed.count() + moved.size() + kept.count() == 0;
    }
  }

  /** Tables whose rows are mlos's records of one database file or the schema's own bookkeeping. */
  static boolean counted(String table) {
    return !table.startsWith("mlos_")
        && !table.startsWith("sqlite_")
        && !DatabaseText.KEPT_BY_TRIGGERS.contains(table)
        && !DatabaseText.LOCAL_ROWS.contains(table);
  }

  /**
   * Compares the database as it was ({@code before}) with the rows to take ({@code after}), both
   * database files nobody writes to.
   *
   * @param local the rows the database changed since mlos last wrote the text form (table to keys),
   *     as the merge found them; empty when it had none
   * @param renumbered pulled rows the merge gave new ids
   * @throws MlosException when a row the database changed since mlos last wrote the text form is
   *     not in the result as the database had it: a fault in mlos's merge, and nothing is changed
   */
  static List<TableChange> compare(
      Path before,
      Path after,
      Map<String, Set<String>> local,
      List<TextMerge.Renumbered> renumbered)
      throws SQLException {
    List<TableChange> out = new ArrayList<>();
    try (Connection c = dev.mlos.core.db.Database.at(after).openReadOnly()) {
      try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS mlos_before")) {
        attach.setString(1, before.toString());
        attach.execute();
      }
      Map<String, TableShape> was = new LinkedHashMap<>();
      try (Connection b = dev.mlos.core.db.Database.at(before).openReadOnly()) {
        for (TableShape t : TableShape.all(b, before)) {
          was.put(t.name(), t);
        }
      }
      Map<String, TableShape> is = new LinkedHashMap<>();
      for (TableShape t : TableShape.all(c, after)) {
        is.put(t.name(), t);
      }
      java.util.SortedSet<String> names = new java.util.TreeSet<>(was.keySet());
      names.addAll(is.keySet());
      for (String name : names) {
        if (!counted(name)) {
          continue;
        }
        Map<String, Long> pulledAs = new TreeMap<>();
        for (TextMerge.Renumbered r : renumbered) {
          if (r.table().equals(name)) {
            pulledAs.put(Long.toString(r.to()), r.from());
          }
        }
        TableChange change =
            table(c, was.get(name), is.get(name), local.getOrDefault(name, Set.of()), pulledAs);
        if (!change.isEmpty()) {
          out.add(change);
        }
      }
    }
    return out;
  }

  /**
   * One side's rows that differ: key to the digest of the row's values with ids set aside, in key
   * order, for the first {@link #MAX_PAIRED}; every row counted.
   */
  private static final class Side {
    final Map<String, String> rows = new LinkedHashMap<>();
    final Set<String> gone = new java.util.HashSet<>(); // held keys the other side lacks
    final Set<String> local;
    final List<String> lost = new ArrayList<>();
    long goneCount;
    long presentCount;
    boolean over;

    Side(Set<String> local) {
      this.local = local;
    }

    void add(String key, String values, boolean absentOnOtherSide) {
      if (absentOnOtherSide) {
        goneCount++;
      } else {
        presentCount++;
      }
      if (local.contains(key)) {
        lost.add(key);
      }
      if (over || rows.size() == MAX_PAIRED) {
        over = true;
        return;
      }
      // Its digest, not the values: a changed row may be megabytes of text.
      rows.put(key, dev.mlos.core.hash.Sha256.of(IDS.matcher("(" + values + ")").replaceAll("#")));
      if (absentOnOtherSide) {
        gone.add(key);
      }
    }
  }

  private static TableChange table(
      Connection c, TableShape was, TableShape is, Set<String> local, Map<String, Long> pulledAs)
      throws SQLException {
    TableShape shape = is != null ? is : was;
    List<String> columns = new ArrayList<>(shape.columns());
    if (was != null && is != null) {
      columns.retainAll(was.columns());
    }
    if (shape.name().equals("schema_migrations")) {
      // Each clone's init applied a migration at its own time: not a change of anyone's.
      columns.remove("applied_at");
    }
    String values =
        columns.isEmpty()
            ? "''"
            : String.join(
                " || ',' || ",
                columns.stream().map(col -> "quote(x." + TableShape.ident(col) + ")").toList());
    boolean keyed = shape.integerKey() || !shape.primaryKey().isEmpty();
    String key = keyed ? key(shape, "x") : values;
    Side theirs = new Side(local); // the result's rows that differ: added or changed
    Side ours = new Side(local); // the database's rows that differ: changed or removed
    String table = TableShape.ident(shape.name());
    try (Statement s = c.createStatement()) {
      if (was == null || is == null) {
        Side side = was == null ? theirs : ours;
        String schema = was == null ? "main" : "mlos_before";
        try (ResultSet rs =
            s.executeQuery(
                "SELECT "
                    + key
                    + ", "
                    + values
                    + " FROM "
                    + schema
                    + "."
                    + table
                    + " x"
                    + order(shape, "x"))) {
          while (rs.next()) {
            side.add(rs.getString(1), rs.getString(2), true);
          }
        }
      } else {
        String join = join(shape, "x", "y");
        String absent =
            shape.withoutRowid()
                ? "y." + TableShape.ident(shape.primaryKey().get(0)) + " IS NULL"
                : "y.rowid IS NULL";
        String differs =
            keyed
                ? columns.stream()
                    .map(col -> "x." + TableShape.ident(col) + " IS NOT y." + TableShape.ident(col))
                    .reduce((a, b) -> a + " OR " + b)
                    .orElse("0")
                : "0";
        for (String[] sides : new String[][] {{"main", "mlos_before"}, {"mlos_before", "main"}}) {
          Side side = sides[0].equals("main") ? theirs : ours;
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT "
                      + key
                      + ", "
                      + values
                      + ", "
                      + absent
                      + " FROM "
                      + sides[0]
                      + "."
                      + table
                      + " x LEFT JOIN "
                      + sides[1]
                      + "."
                      + table
                      + " y ON "
                      + join
                      + " WHERE "
                      + absent
                      + " OR "
                      + differs
                      + order(shape, "x"))) {
            while (rs.next()) {
              side.add(rs.getString(1), rs.getString(2), rs.getBoolean(3));
            }
          }
        }
      }
    }
    if (!ours.lost.isEmpty() || !theirs.lost.isEmpty()) {
      // A row the database changed since the base differs in the result: changed, removed, or (one
      // it deleted) back. The merge keeps each such row as the database has it, or refuses.
      java.util.SortedSet<String> lost = new java.util.TreeSet<>(PulledRows::byKey);
      lost.addAll(ours.lost);
      lost.addAll(theirs.lost);
      throw new MlosException(
          "mlos's merge of the pulled rows did not keep the database's own change of table "
              + MlosException.quoted(shape.name())
              + " row(s) "
              + String.join(", ", lost.stream().limit(LISTED).toList())
              + " (changed since mlos last wrote the text form); nothing was pulled, the database"
              + " is unchanged",
          "this is a fault in mlos: report it with this message; until then make both sides agree"
              + " on these rows by hand, then pull again");
    }
    return classify(shape.name(), keyed, ours, theirs, local, pulledAs);
  }

  /**
   * Sorts the differing rows into kinds of change, pairing a row of the database with a row of the
   * result whose values are the same but for ids: the same row under a new id.
   */
  private static TableChange classify(
      String table,
      boolean keyed,
      Side ours,
      Side theirs,
      Set<String> local,
      Map<String, Long> pulledAs) {
    Map<String, String> movedTo = new LinkedHashMap<>(); // database key -> result key
    Set<String> movedIn = new java.util.HashSet<>();
    if (keyed && !ours.over && !theirs.over) {
      Map<String, List<String>> bySignature = new HashMap<>();
      theirs.rows.forEach(
          (k, sig) -> {
            if (!pulledAs.containsKey(k)) {
              bySignature.computeIfAbsent(sig, x -> new ArrayList<>()).add(k);
            }
          });
      ours.rows.forEach(
          (k, sig) -> {
            List<String> candidates = bySignature.get(sig);
            // Changed in place when the row under its own key is as like it: not moved.
            if (candidates != null && !candidates.contains(k)) {
              for (java.util.Iterator<String> it = candidates.iterator(); it.hasNext(); ) {
                String to = it.next();
                movedTo.put(k, to);
                movedIn.add(to);
                it.remove();
                break;
              }
            }
          });
    }
    Listing added = new Listing(keyed);
    Listing changed = new Listing(keyed);
    Listing removed = new Listing(keyed);
    for (String k : theirs.rows.keySet()) {
      if (movedIn.contains(k)) {
        continue;
      }
      if (theirs.gone.contains(k) || movedTo.containsKey(k)) {
        added.add(k);
      } else {
        changed.add(k);
      }
    }
    for (String k : ours.rows.keySet()) {
      if (!movedTo.containsKey(k) && (ours.gone.contains(k) || movedIn.contains(k))) {
        removed.add(k);
      }
    }
    // Past MAX_PAIRED rows the rest are counted by key alone.
    added.count += theirs.goneCount - theirs.gone.size();
    changed.count += theirs.presentCount - (theirs.rows.size() - theirs.gone.size());
    removed.count += ours.goneCount - ours.gone.size();
    List<Moved> moved = new ArrayList<>();
    movedTo.forEach((from, to) -> moved.add(new Moved(from, to)));
    List<String> keptKeys = local.stream().sorted(PulledRows::byKey).toList();
    return new TableChange(
        table,
        added.rows(),
        changed.rows(),
        removed.rows(),
        moved,
        new Rows(
            keptKeys.size(),
            keyed ? keptKeys.subList(0, Math.min(LISTED, keptKeys.size())) : List.of()),
        pulledAs);
  }

  /** Keys in the order of the text form: numbers by value, others as text. */
  private static int byKey(String a, String b) {
    boolean na = a.matches("-?\\d{1,18}");
    boolean nb = b.matches("-?\\d{1,18}");
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return na ? -1 : nb ? 1 : a.compareTo(b);
  }

  private static final class Listing {
    final List<String> keys = new ArrayList<>();
    final boolean keyed;
    long count;

    Listing(boolean keyed) {
      this.keyed = keyed;
    }

    void add(String key) {
      count++;
      if (keyed && keys.size() < LISTED) {
        keys.add(key);
      }
    }

    Rows rows() {
      return count == 0 ? Rows.NONE : new Rows(count, keys);
    }
  }

  /** The key the text form and the merge give a row ({@link TableShape#rowSelect}). */
  private static String key(TableShape t, String alias) {
    if (t.integerKey()) {
      return alias + ".rowid";
    }
    if (!t.primaryKey().isEmpty()) {
      return String.join(
          " || ',' || ",
          t.primaryKey().stream()
              .map(k -> "quote(" + alias + "." + TableShape.ident(k) + ")")
              .toList());
    }
    return "NULL"; // no key: the row is its own key, and none is listed
  }

  private static String join(TableShape t, String x, String y) {
    if (t.integerKey()) {
      return y + ".rowid = " + x + ".rowid";
    }
    List<String> cols = t.primaryKey().isEmpty() ? t.columns() : t.primaryKey();
    return cols.stream()
        .map(col -> y + "." + TableShape.ident(col) + " IS " + x + "." + TableShape.ident(col))
        .reduce((a, b) -> a + " AND " + b)
        .orElse("1");
  }

  private static String order(TableShape t, String alias) {
    if (t.withoutRowid()) {
      return " ORDER BY "
          + String.join(
              ", ", t.primaryKey().stream().map(k -> alias + "." + TableShape.ident(k)).toList());
    }
    return " ORDER BY " + alias + ".rowid";
  }

  /**
   * The lines a pull prints for its changes: one per table that changed, then what they mean for
   * the database's own rows.
   *
   * @param file the text form's file name
   * @param taken how the pull came to its rows
   */
  static List<String> lines(List<TableChange> tables, String file, Taken taken) {
    List<String> out = new ArrayList<>();
    if (tables.isEmpty()) {
      out.add(
          "No table's rows changed: the database's rows are as they were (only mlos's own records"
              + " of the compile differ)");
      return out;
    }
    long removed = 0;
    boolean migrations = false;
    for (TableChange t : tables) {
      List<String> parts = new ArrayList<>();
      if (t.added().count() > 0) {
        // A pulled row that got a new id is told apart, "from -> to" as a moved row.
        List<String> plain = new ArrayList<>();
        List<String> renamed = new ArrayList<>();
        t.added()
            .keys()
            .forEach(
                k -> {
                  if (t.renumbered().containsKey(k)) {
                    renamed.add(t.renumbered().get(k) + " -> " + k);
                  } else {
                    plain.add(k);
                  }
                });
        long renamedCount = t.renumbered().size();
        long plainCount = t.added().count() - renamedCount;
        if (plainCount > 0) {
          parts.add(
              count(plainCount, "row")
                  + " added from the pulled file"
                  + keys(new Rows(plainCount, plain)));
        }
        if (renamedCount > 0) {
          parts.add(
              count(renamedCount, "row")
                  + " added from the pulled file under a new id, the database having used "
                  + (renamedCount == 1 ? "its id" : "theirs")
                  + keys(new Rows(renamedCount, renamed)));
        }
      }
      if (t.changed().count() > 0) {
        parts.add(
            count(t.changed().count(), "row") + " changed by the pulled file" + keys(t.changed()));
      }
      if (t.removed().count() > 0) {
        parts.add(
            count(t.removed().count(), "row") + " removed by the pulled file" + keys(t.removed()));
        removed += t.removed().count();
        migrations |= t.table().equals("schema_migrations");
      }
      if (!t.moved().isEmpty()) {
        List<String> pairs = new ArrayList<>();
        t.moved().stream().limit(LISTED).forEach(m -> pairs.add(m.from() + " -> " + m.to()));
        parts.add(
            count(t.moved().size(), "row")
                + " of the database's under a new id, otherwise as "
                + (t.moved().size() == 1 ? "it was" : "they were")
                + " ("
                + String.join(", ", pairs)
                + (t.moved().size() > LISTED
                    ? ", ... and " + (t.moved().size() - LISTED) + " more"
                    : "")
                + ")");
      }
      if (t.kept().count() > 0) {
        parts.add(
            count(t.kept().count(), "row")
                + " the database changed since mlos last wrote "
                + file
                + ", kept as the database had "
                + (t.kept().count() == 1 ? "it" : "them")
                + keys(t.kept()));
      }
      out.add("Table " + t.table() + ": " + String.join("; ", parts));
    }
    StringBuilder meaning = new StringBuilder("No row of the database was lost: ");
    if (taken == Taken.SUPERSET) {
      meaning.append("the pulled file holds every row of the database as the database has it");
    } else if (taken == Taken.MERGED) {
      meaning.append(
          "every change the database made since mlos last wrote "
              + file
              + " is kept as it made it (checked row by row), and the rows the pulled file changed or"
              + " removed are rows the database had not changed since then");
    } else {
      meaning.append(
          "each of its rows is in it as it was, under a new id, or as the pulled file changed or"
              + " removed it; the database had no change of its own since mlos last wrote "
              + file
              + ", so those are the file's changes (a teammate's, or your own commits as a rebase or"
              + " merge put them into the file), none of the database's undone");
      if (removed > 0) {
        meaning.append(
            "; a checkout, stash or revert of "
                + file
                + " removes rows too: to keep them, restore the file mlos wrote and compile");
      }
    }
    if (migrations) {
      meaning.append(
          " (schema_migrations: migrations the database had applied are not in the file, an older"
              + " mlos's: the database is at that schema now, and `init` upgrades it again before"
              + " the next compile)");
    }
    out.add(meaning.toString());
    return out;
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static String keys(Rows rows) {
    if (rows.keys().isEmpty()) {
      return "";
    }
    long more = rows.count() - rows.keys().size();
    return " ("
        + String.join(", ", rows.keys())
        + (more > 0 ? ", ... and " + more + " more" : "")
        + ")";
  }
}
