package dev.mlos.core.path;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds the stored paths with a path's {@link PathKey} in an index sorted by code point (a SQLite
 * column's binary order: UTF-8 bytes sort as code points), by a few seeks instead of reading every
 * row. SQLite's {@code lower()} folds ASCII only and SQLite has no Unicode normalisation, so no SQL
 * condition finds {@code docs/Spec.md} for {@code docs/spec.md}, or {@code café.md} written with
 * {@code e} and a combining accent for the composed one, through an index.
 *
 * <p>The key is matched segment by segment ({@code /} is never changed by case or normalisation,
 * and composes with nothing). A segment whose key is ASCII matches a stored segment of the same
 * length, character by character, each from a small set: the letter in either case, and the three
 * characters outside ASCII whose key is an ASCII one (KELVIN SIGN, GREEK QUESTION MARK, GREEK
 * VARIA). A segment with a character outside ASCII is matched so up to the character before its
 * first one outside ASCII (that one may be a base letter a combining accent composes with, or the
 * {@code i} of {@code İ}), and then by the key of the whole stored segment. At a stored path that
 * does not match, the next seek goes to the smallest path after it that could match, so with no
 * variant stored a lookup costs a few seeks, however many paths are stored.
 */
public final class PathKeyLookup {
  /** The first stored path at or after {@code bound} (after it when not inclusive), if any. */
  @FunctionalInterface
  public interface Seek {
    Optional<String> next(String bound, boolean inclusive);
  }

  /**
   * From this many paths on, {@link #findAll} reads every stored path once instead of seeking per
   * path. Measured on 100,000 artifacts (2 shared cores): a lookup costs about 7 seeks, 0.15 to
   * 0.35 ms through JDBC; reading and keying all 100,000 paths 50 to 180 ms. So a single
   * registration seeks, and an import of 100,000 files reads once instead of seeking for half a
   * minute.
   */
  public static final int READ_ALL_FROM = 1_000;

  private static final int END = -1;

  private PathKeyLookup() {}

  /** The stored paths whose {@link PathKey} is {@code path}'s, {@code path} itself included. */
  public static List<String> find(String path, Seek seek) {
    String key = PathKey.of(path);
    List<Element> pattern = pattern(key);
    List<String> found = new ArrayList<>();
    // No stored path below the first character the pattern allows can match.
    Element first = pattern.get(0);
    Step step = new Step(first.isSet() ? Character.toString(first.members()[0]) : "", true);
    while (true) {
      Optional<String> stored = seek.next(step.bound(), step.inclusive());
      if (stored.isEmpty()) {
        return found;
      }
      String s = stored.get();
      step = next(pattern, s);
      if (step == MATCH) {
        // Checked once more by the key itself: the walk is a faster way to the same answer.
        if (PathKey.of(s).equals(key)) {
          found.add(s);
        }
        step = new Step(s, false);
      } else if (step == null) {
        return found;
      }
    }
  }

  /**
   * {@link #find} for each of {@code paths}, by path; from {@link #READ_ALL_FROM} paths on by one
   * pass over {@code all} (every stored path, in code point order) instead, with the same answer.
   */
  public static java.util.Map<String, List<String>> findAll(
      List<String> paths, Seek seek, java.util.function.Supplier<List<String>> all) {
    java.util.Map<String, List<String>> found = new java.util.HashMap<>();
    if (paths.size() < READ_ALL_FROM) {
      for (String path : paths) {
        found.computeIfAbsent(path, p -> find(p, seek));
      }
      return found;
    }
    java.util.Map<String, List<String>> byKey = new java.util.HashMap<>();
    for (String path : paths) {
      byKey.put(PathKey.of(path), new ArrayList<>());
    }
    for (String stored : all.get()) {
      List<String> same = byKey.get(PathKey.of(stored));
      if (same != null) {
        same.add(stored);
      }
    }
    for (String path : paths) {
      found.put(path, byKey.get(PathKey.of(path)));
    }
    return found;
  }

  /** Where to seek next: {@link #MATCH} when the path read matches. */
  private record Step(String bound, boolean inclusive) {}

  private static final Step MATCH = new Step(null, false);

  /**
   * One position of the pattern: a set of characters ({@code members}), a segment compared by key
   * ({@code segmentKey}), a separator, or the end of the path.
   */
  private record Element(int[] members, String segmentKey, boolean separator) {
    boolean isSet() {
      return members != null;
    }

    boolean isSegment() {
      return segmentKey != null;
    }
  }

  /**
   * A position where a greater stored path may still match: a set's character, or a segment's end.
   */
  private record Raisable(int pos, int cp, Element element) {}

  private static List<Element> pattern(String key) {
    List<Element> pattern = new ArrayList<>();
    String[] segments = key.split("/", -1);
    for (int j = 0; j < segments.length; j++) {
      String segment = segments[j];
      int firstWide = -1;
      for (int i = 0; i < segment.length() && firstWide < 0; i++) {
        if (segment.charAt(i) >= 0x80) {
          firstWide = i;
        }
      }
      int sets = firstWide < 0 ? segment.length() : Math.max(0, firstWide - 1);
      for (int i = 0; i < sets; i++) {
        pattern.add(new Element(members(segment.charAt(i)), null, false));
      }
      if (firstWide >= 0) {
        pattern.add(new Element(null, segment, false));
      }
      pattern.add(new Element(null, null, j < segments.length - 1));
    }
    return pattern;
  }

  /** The characters whose key is the ASCII character {@code c} (a key's: lower case), in order. */
  static int[] members(char c) {
    int other =
        switch (c) {
          case 'k' -> '\u212a'; // KELVIN SIGN
          case ';' -> '\u037e'; // GREEK QUESTION MARK
          case '`' -> '\u1fef'; // GREEK VARIA
          default -> 0;
        };
    int upper = c >= 'a' && c <= 'z' ? c - 'a' + 'A' : 0;
    return Arrays.stream(new int[] {upper, c, other}).filter(m -> m != 0).sorted().toArray();
  }

  /**
   * {@link #MATCH} when {@code s} matches the pattern; else where the next path that may match can
   * start, or null when none after {@code s} can.
   */
  private static Step next(List<Element> pattern, String s) {
    List<Raisable> raisable = new ArrayList<>();
    int pos = 0;
    int segmentStart = 0;
    for (Element e : pattern) {
      int cp = pos < s.length() ? s.codePointAt(pos) : END;
      if (e.isSet()) {
        if (Arrays.binarySearch(e.members(), cp) >= 0) {
          raisable.add(new Raisable(pos, cp, e));
          pos += Character.charCount(cp);
          continue;
        }
        int member = firstAbove(e.members(), cp);
        return member != END
            ? new Step(s.substring(0, pos) + Character.toString(member), true)
            : backtrack(raisable, s);
      } else if (e.isSegment()) {
        int end = s.indexOf('/', pos);
        end = end < 0 ? s.length() : end;
        if (end > pos && PathKey.of(s.substring(segmentStart, end)).equals(e.segmentKey())) {
          raisable.add(new Raisable(end, END, e));
          pos = end;
          continue;
        }
        // Any path after s with this segment fails too; one with a longer segment may not.
        return end == s.length() ? new Step(s, false) : afterSegment(s, end);
      } else if (e.separator()) {
        if (cp == '/') {
          pos++;
          segmentStart = pos;
          continue;
        }
        return cp < '/' ? new Step(s.substring(0, pos) + '/', true) : backtrack(raisable, s);
      } else {
        return cp == END ? MATCH : backtrack(raisable, s);
      }
    }
    throw new IllegalStateException("a pattern ends with the end of the path");
  }

  /**
   * The smallest path after {@code s} that may match, when nothing after {@code s} sharing its
   * characters up to the last raisable position can: that position raised.
   */
  private static Step backtrack(List<Raisable> raisable, String s) {
    for (int i = raisable.size() - 1; i >= 0; i--) {
      Raisable r = raisable.get(i);
      if (r.element().isSegment()) {
        // s goes on past that segment with '/': every path from s up to the segment followed by
        // a character above '/' keeps the segment, and fails where s did.
        return afterSegment(s, r.pos());
      }
      int member = firstAbove(r.element().members(), r.cp());
      if (member != END) {
        return new Step(s.substring(0, r.pos()) + Character.toString(member), true);
      }
    }
    return null;
  }

  private static Step afterSegment(String s, int end) {
    return new Step(s.substring(0, end) + (char) ('/' + 1), true);
  }

  private static int firstAbove(int[] members, int cp) {
    for (int m : members) {
      if (m > cp) {
        return m;
      }
    }
    return END;
  }
}
