package dev.mlos.core.compile;

import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keep phase of an incremental compile: which recorded pages stay as they are without running
 * their queries, following the {@link ChangePlan}. A page is kept only when its record has an input
 * hash and its file on disk holds the recorded bytes (the last compile's stat key of it, outside
 * the racy window, or else its hash); anything else is rendered, exactly as a full compile would
 * render it. A kept page is recorded again as it was, which is what a full compile records for a
 * page whose inputs did not change.
 */
final class KeptPages {
  /** A page kept as recorded, with the stat key of its file as seen now (or null). */
  record Kept(OutputRecord record, String statKey) {}

  private final ChangePlan plan;
  private final OutputLedger ledger;
  private final Path out;
  private final Map<String, OutputManifest.Entry> previous;
  private final long listedAt;
  private ChangePlan.ViewPlan current;

  /**
   * The current view's recorded pages by source key, in {@link ChangePlan.Mode#SUBSET}; else null.
   */
  private Map<String, OutputRecord> byKey;

  /**
   * @param previous the last compile's outputs by path, as its manifest lists them (empty without
   *     one)
   * @param listedAt when that manifest was written, in nanoseconds (for the racy window)
   */
  KeptPages(
      ChangePlan plan,
      OutputLedger ledger,
      Path out,
      Map<String, OutputManifest.Entry> previous,
      long listedAt) {
    this.plan = plan;
    this.ledger = ledger;
    this.out = out;
    this.previous = previous;
    this.listedAt = listedAt;
  }

  /**
   * Starts a view. Returns every page of it, in path order, when all are kept (nothing it reads
   * changed and every file is intact); null when the view's rows must be gone through, in which
   * case {@link #keep} decides per row.
   */
  List<Kept> beginView(ViewDefinition v) {
    current = plan.of(v.name());
    byKey = null;
    if (current.mode() == ChangePlan.Mode.RENDER) {
      return null;
    }
    List<OutputRecord> records = new ArrayList<>();
    ledger.forEachOfView(v.name(), records::add);
    if (current.mode() == ChangePlan.Mode.KEEP) {
      List<Kept> all = new ArrayList<>(records.size());
      for (OutputRecord r : records) {
        String key = r.inputHash() == null ? null : intactKey(r);
        if (key == null) {
          all = null;
          break;
        }
        all.add(new Kept(r, key));
      }
      // A single page (or any view without a current row) keeps all its pages or renders.
      if (all != null && (v.perRow() || all.size() == 1)) {
        return all;
      }
      if (!v.perRow()) {
        current = new ChangePlan.ViewPlan(ChangePlan.Mode.RENDER, Set.of(), current.why());
        return null;
      }
      // Some file was edited or is missing: go through the rows, rendering those pages only.
      current = new ChangePlan.ViewPlan(ChangePlan.Mode.SUBSET, Set.of(), current.why());
    }
    byKey = new HashMap<>(records.size() * 2);
    for (OutputRecord r : records) {
      byKey.put(r.sourceKeys(), r);
    }
    return null;
  }

  /**
   * The recorded page of a row of a view being gone through, when it can be kept: its key is not
   * among those the plan renders, its record is at the same path with an input hash, and its file
   * is intact. Null: render it.
   */
  Kept keep(String view, WorkspacePath path, String sourceKey) {
    if (byKey == null || current.keys().contains(sourceKey)) {
      return null;
    }
    OutputRecord r = byKey.get(sourceKey);
    if (r == null
        || r.inputHash() == null
        || !r.view().equals(view)
        || !r.path().equals(path.value())) {
      return null;
    }
    String key = intactKey(r);
    return key == null ? null : new Kept(r, key);
  }

  /**
   * The file's stat key when it holds the recorded bytes; null when it does not (or is missing).
   */
  private String intactKey(OutputRecord r) {
    Path file = out.resolve(r.path());
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return null;
      }
      OutputManifest.Entry e = previous.get(r.path());
      boolean same =
          e != null
                  && e.fileHash().equals(r.fileHash())
                  && OutputManifest.unmodified(a, e.key(), listedAt)
              || Sha256.ofFile(file, a.size()).equals(r.fileHash());
      return same ? OutputManifest.key(a) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
