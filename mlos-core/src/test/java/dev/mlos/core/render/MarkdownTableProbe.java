package dev.mlos.core.render;

import java.util.ArrayList;
import java.util.List;

/** What {@link MarkdownTable} keeps raw in a cell, for tests outside this package to check. */
public final class MarkdownTableProbe {
  private MarkdownTableProbe() {}

  /**
   * Every code point a cell holds raw, with the width mlos pads it by, as {@code [code point,
   * width]}.
   */
  public static List<int[]> rawCodePoints() {
    List<int[]> out = new ArrayList<>();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (MarkdownTable.isWidthSafe(cp)) {
        out.add(new int[] {cp, MarkdownTable.width(Character.toString(cp))});
      }
    }
    return out;
  }
}
