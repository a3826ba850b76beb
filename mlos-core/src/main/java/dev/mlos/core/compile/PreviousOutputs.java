package dev.mlos.core.compile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last compile's outputs as its manifest lists them ({@link OutputManifest}), grouped by view
 * in the manifest's order, with what the manifest says about the record it copies. A page's entry
 * is looked up by path only when a view's rows are gone through one by one: the map by path is
 * built then, not for every compile (issue 20: 100,000 paths hashed and looked up once more).
 */
final class PreviousOutputs {
  static final PreviousOutputs NONE = new PreviousOutputs(Map.of(), Map.of(), null, 0, null);

  private final Map<String, List<OutputManifest.Entry>> byView;

  /** Each view's lines, index for index with its entries: offset, length and stamp part each. */
  private final Map<String, int[]> lines;

  /** The manifest as read. */
  private final byte[] bytes;

  private final int size;
  private final OutputManifest.Listing listing;
  private volatile Map<String, OutputManifest.Entry> byPath;

  private PreviousOutputs(
      Map<String, List<OutputManifest.Entry>> byView,
      Map<String, int[]> lines,
      byte[] bytes,
      int size,
      OutputManifest.Listing listing) {
    this.byView = byView;
    this.lines = lines;
    this.bytes = bytes;
    this.size = size;
    this.listing = listing;
  }

  /** How many outputs the manifest lists. */
  int size() {
    return size;
  }

  /** The manifest's stamp; null when there is no manifest. */
  String stamp() {
    return listing == null ? null : listing.stamp();
  }

  /** What the manifest's rows sum to ({@link RecordTotals}); null without a manifest. */
  String totals() {
    return listing == null ? null : listing.totals();
  }

  /** The outputs of {@code view}, in the manifest's order (empty when it lists none). */
  List<OutputManifest.Entry> ofView(String view) {
    return byView.getOrDefault(view, List.of());
  }

  /**
   * Copies the lines of entries {@code from} to {@code to} (exclusive) of {@code view} into {@code
   * w} as they are, as one run when they follow each other in the manifest.
   */
  void copyLines(String view, int from, int to, OutputManifest.Writer w) throws IOException {
    int[] l = lines.get(view);
    int runStart = -1;
    int runEnd = -1;
    for (int i = from; i < to; i++) {
      int offset = l[3 * i];
      int length = l[3 * i + 1];
      if (offset != runEnd) {
        if (runStart >= 0) {
          w.copy(bytes, runStart, runEnd - runStart);
        }
        runStart = offset;
      }
      runEnd = offset + length;
      w.copied(l[3 * i + 2]);
    }
    if (runStart >= 0) {
      w.copy(bytes, runStart, runEnd - runStart);
    }
  }

  /** The output at {@code path}, or null. Safe on several threads. */
  OutputManifest.Entry at(String path) {
    Map<String, OutputManifest.Entry> m = byPath;
    if (m == null) {
      m = byPath();
    }
    return m.get(path);
  }

  private synchronized Map<String, OutputManifest.Entry> byPath() {
    Map<String, OutputManifest.Entry> m = byPath;
    if (m == null) {
      m = new HashMap<>(size * 2);
      for (List<OutputManifest.Entry> entries : byView.values()) {
        for (OutputManifest.Entry e : entries) {
          m.put(e.path(), e);
        }
      }
      byPath = m;
    }
    return m;
  }

  /** Collects the entries as the manifest is read: the lines of a view follow each other. */
  static final class Builder implements OutputManifest.Lines {
    private final Map<String, List<OutputManifest.Entry>> byView = new LinkedHashMap<>();
    private final Map<String, int[]> lines = new HashMap<>();
    private String view;
    private List<OutputManifest.Entry> current;
    private int[] currentLines;
    private byte[] bytes;
    private int size;

    @Override
    public void accept(OutputManifest.Entry e, byte[] bytes, int offset, int length) {
      this.bytes = bytes;
      // The reader shares a view's name between the lines of one view: compared by identity first.
      if (e.view() != view && !e.view().equals(view)) {
        if (view != null) {
          lines.put(view, currentLines);
        }
        view = e.view();
        current = byView.computeIfAbsent(view, v -> new ArrayList<>());
        currentLines = lines.getOrDefault(view, new int[48]);
      }
      int i = current.size();
      if (3 * i + 3 > currentLines.length) {
        currentLines = java.util.Arrays.copyOf(currentLines, currentLines.length * 2);
      }
      currentLines[3 * i] = offset;
      currentLines[3 * i + 1] = length;
      current.add(e);
      size++;
    }

    /**
     * The outputs of a manifest read whole: each entry completed with its source keys, each line's
     * part of the stamp noted, and the manifest summed ({@link OutputManifest.Summing}).
     */
    PreviousOutputs build() {
      if (view != null) {
        lines.put(view, currentLines);
      }
      OutputManifest.Summing sums = new OutputManifest.Summing();
      for (Map.Entry<String, List<OutputManifest.Entry>> v : byView.entrySet()) {
        List<OutputManifest.Entry> entries = v.getValue();
        int[] l = lines.get(v.getKey());
        for (int i = 0; i < entries.size(); i++) {
          l[3 * i + 2] = sums.addCompleting(bytes, l[3 * i], entries, i);
        }
      }
      return new PreviousOutputs(byView, lines, bytes, size, sums.listing());
    }
  }
}
