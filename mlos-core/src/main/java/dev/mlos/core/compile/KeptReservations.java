package dev.mlos.core.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * The paths of the pages an incremental compile keeps in bulk ({@link PageWriter#beginView}),
 * reserved a view at a time instead of one map entry each (issue 20: 100,000 kept pages after one
 * changed row). Each view's kept paths, lower-cased, go into an open-addressing table of their hash
 * codes; {@link OutputLedger#reserveLowerCase} and {@link OutputLedger#claimed} look a path up in
 * every table besides the map of the pages reserved one by one.
 *
 * <p>The kept pages of all views are rows of one compile record, which a compile commits only when
 * no two of its pages collided (case-insensitively), so they need no check against each other: only
 * the pages reserved one by one are checked against them, whichever comes first, and the first
 * reservation wins as in a full compile.
 */
final class KeptReservations {
  /** One view's kept pages. */
  static final class Table {
    final String view;
    final String[] paths;
    final String[] lower;
    final String[] sourceKeys;
    private final int[] slots;
    private final int mask;

    private Table(String view, String[] paths, String[] lower, String[] sourceKeys) {
      this.view = view;
      this.paths = paths;
      this.lower = lower;
      this.sourceKeys = sourceKeys;
      int capacity = Integer.highestOneBit(Math.max(4, paths.length) * 2 - 1) << 1;
      this.slots = new int[capacity];
      this.mask = capacity - 1;
      for (int i = 0; i < lower.length; i++) {
        int s = spread(lower[i].hashCode()) & mask;
        while (slots[s] != 0) {
          s = (s + 1) & mask;
        }
        slots[s] = i + 1;
      }
    }

    /** The index of the kept page at {@code lowerCase}, or -1. */
    int find(String lowerCase) {
      int s = spread(lowerCase.hashCode()) & mask;
      for (int i = slots[s]; i != 0; s = (s + 1) & mask, i = slots[s]) {
        String l = lower[i - 1];
        if (l != null && l.equals(lowerCase)) {
          return i - 1;
        }
      }
      return -1;
    }

    /** Takes the page at {@code index} out: another page reserved its path first. */
    void release(int index) {
      lower[index] = null;
    }

    private static int spread(int h) {
      return h ^ (h >>> 16);
    }
  }

  private final List<Table> tables = new ArrayList<>();

  /**
   * Reserves a view's kept pages, index for index (paths as recorded, lower-cased with {@link
   * java.util.Locale#ROOT}, and source keys), but for those a page of {@code reserved} (by
   * lower-cased path) took first: returned by index, with that page's reservation.
   */
  java.util.SortedMap<Integer, OutputLedger.Reservation> add(
      String view,
      String[] paths,
      String[] lower,
      String[] sourceKeys,
      java.util.Map<String, OutputLedger.Reservation> reserved) {
    Table t = new Table(view, paths, lower, sourceKeys);
    tables.add(t);
    java.util.SortedMap<Integer, OutputLedger.Reservation> taken = new java.util.TreeMap<>();
    // The smaller side is gone through, the larger looked up.
    if (reserved.size() > lower.length) {
      for (int i = 0; i < lower.length; i++) {
        OutputLedger.Reservation r = reserved.get(lower[i]);
        if (r != null) {
          taken.put(i, r);
        }
      }
    } else {
      for (java.util.Map.Entry<String, OutputLedger.Reservation> e : reserved.entrySet()) {
        int i = t.find(e.getKey());
        if (i >= 0) {
          taken.put(i, e.getValue());
        }
      }
    }
    for (int i : taken.keySet()) {
      t.release(i);
    }
    return taken;
  }

  /** Who reserved {@code lowerCase} among the kept pages, or null. */
  OutputLedger.Reservation find(String lowerCase) {
    for (Table t : tables) {
      int i = t.find(lowerCase);
      if (i >= 0) {
        return new OutputLedger.Reservation(t.paths[i], t.view, t.sourceKeys[i]);
      }
    }
    return null;
  }

  void clear() {
    tables.clear();
  }
}
