package dev.mlos.core;

import java.util.List;

/**
 * A list cut for a log: the first {@link #DEFAULT_SHOWN} items and the count of the rest, so a
 * rename that removes 5,000 pages logs 21 lines, not 5,000.
 *
 * @param shown the items to print, in order
 * @param more how many were left out
 */
public record ShortList(List<String> shown, int more) {
  /** How many items a log shows before it summarises. */
  public static final int DEFAULT_SHOWN = 20;

  public ShortList {
    shown = List.copyOf(shown);
  }

  /** The first {@code max} of {@code all}, and how many more there are. */
  public static ShortList of(List<String> all, int max) {
    return all.size() <= max
        ? new ShortList(all, 0)
        : new ShortList(all.subList(0, max), all.size() - max);
  }

  /** {@link #of(List, int)} with {@link #DEFAULT_SHOWN}. */
  public static ShortList of(List<String> all) {
    return of(all, DEFAULT_SHOWN);
  }

  /** {@code "... and 4980 more <what>"}, or null when nothing was left out. */
  public String moreLine(String what) {
    return more == 0 ? null : "... and " + more + " more " + what;
  }
}
