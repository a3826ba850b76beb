package dev.mlos.core.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The texts "between" two texts: each changed hunk of their line diff taken from one or the other.
 * The guard uses it to recover what was compiled from the page the database renders now and the
 * file a user edited: where only the database changed, the file still holds the compiled lines;
 * where only the user did, the render does. The one combination whose content hash is the recorded
 * one is the compiled text.
 */
public final class HunkChoices {
  private HunkChoices() {}

  /**
   * The first combination {@code accepted} accepts, trying at most {@code 2^maxHunks}: empty when
   * none is, or when the texts differ in more than {@code maxHunks} hunks (the search is bounded,
   * whatever the texts hold). A hunk that changes as many lines as it replaces is split into one
   * hunk per line.
   */
  public static Optional<String> find(
      String a, String b, int maxHunks, Predicate<String> accepted) {
    List<String> aLines = lines(a);
    List<String> bLines = lines(b);
    List<Piece> pieces = new ArrayList<>();
    for (AbstractDelta<String> delta : DiffUtils.diff(aLines, bLines).getDeltas()) {
      List<String> from = delta.getSource().getLines();
      List<String> to = delta.getTarget().getLines();
      int at = delta.getSource().getPosition();
      if (from.size() == to.size()) {
        // Line for line: two adjacent changed lines (a front matter time and a description) may
        // come from different changes.
        for (int k = 0; k < from.size(); k++) {
          pieces.add(new Piece(at + k, List.of(from.get(k)), List.of(to.get(k))));
        }
      } else {
        pieces.add(new Piece(at, from, to));
      }
      if (pieces.size() > Math.min(maxHunks, 20)) {
        return Optional.empty();
      }
    }
    for (long choice = 0; choice < (1L << pieces.size()); choice++) {
      StringBuilder text = new StringBuilder(Math.max(a.length(), b.length()));
      int at = 0; // next line of a
      for (int d = 0; d < pieces.size(); d++) {
        Piece piece = pieces.get(d);
        for (; at < piece.at(); at++) {
          text.append(aLines.get(at));
        }
        for (String line : (choice & (1L << d)) != 0 ? piece.to() : piece.from()) {
          text.append(line);
        }
        at = piece.at() + piece.from().size();
      }
      for (; at < aLines.size(); at++) {
        text.append(aLines.get(at));
      }
      String candidate = text.toString();
      if (accepted.test(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * A changed piece: {@code from} (lines of a, starting at line index {@code at}) or {@code to} (of
   * b).
   */
  private record Piece(int at, List<String> from, List<String> to) {}

  /**
   * The lines of {@code text}, each with its '\n' (the last one without, when the text has none).
   */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      lines.add(text.substring(start, end));
      start = end;
    }
    return lines;
  }
}
