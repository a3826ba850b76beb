package dev.mlos.cli.mcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins the responses to the messages of one JSON-RPC batch into one list, as JSON-RPC 2.0 has the
 * answer to a batch: one array holding a response per request (none for a notification), in any
 * order (here the batch's), and nothing at all when the batch held notifications only. Before, each
 * went out on a line of its own, and a client matching the batch to its answer waited for good.
 *
 * <p>A batch is open from the moment the gate meets it until every request of it that went on (to
 * the SDK, or held until the session opens) is answered, or given up (cancelled by the client, so
 * no answer goes out); what the gate answers itself while it handles the batch's messages (a
 * refusal, a ping before the session) joins it at once. The responses held here are bounded: past
 * {@link #MAX_BYTES} in all, a response is replaced by an error under its id that says so.
 */
final class BatchReplies {
  /** The most bytes of responses held for batches not answered yet. */
  static final int MAX_BYTES = 16 * 1024 * 1024;

  /** A batch being answered. */
  static final class Open {
    /** The thread that handles the batch's messages (the gate's): what it answers joins it. */
    final Thread owner = Thread.currentThread();

    /** The responses so far, each with the place of its message in the batch. */
    private final List<Map.Entry<Integer, String>> entries = new ArrayList<>();

    /** The requests of the batch that went on and are not answered yet (their id's keys). */
    private final Set<String> waiting = new HashSet<>();

    /** Whether the gate handled every message of the batch (no more requests join it). */
    private boolean handled;

    /** The place in the batch of the message handled now. */
    private int item;
  }

  /**
   * The requests waiting for their answer, by their id's key: each with its open batch and its
   * place in it, in the order they went on. One id is there twice only when a client reused it
   * before it was answered (JSON-RPC asks it not to): the server answers them in that order, so the
   * first answer is the first one's. Before, the second took the first's entry, and the first's
   * batch waited for an answer that had gone to the other: its list never went out.
   */
  private final Map<String, java.util.ArrayDeque<Waiting>> byId = new HashMap<>();

  /** A request of {@code batch}, at {@code place} in it, waiting for its answer. */
  private record Waiting(Open batch, int place) {}

  /** The bytes held in open batches' entries. */
  private long bytes;

  /** The gate is handling message {@code item} (from 0) of {@code batch}. */
  synchronized void at(Open batch, int item) {
    batch.item = item;
  }

  /**
   * The request of {@code key}, of the message handled now, went on: its answer joins the batch.
   */
  synchronized void expect(Open batch, String key) {
    byId.computeIfAbsent(key, k -> new java.util.ArrayDeque<>())
        .add(new Waiting(batch, batch.item));
    batch.waiting.add(key);
  }

  /** Whether a request of {@code key} waits for its answer in an open batch. */
  synchronized boolean expects(String key) {
    return byId.containsKey(key);
  }

  /**
   * The answer {@code json} to the request of {@code key}, when it belongs to an open batch: held
   * there. Returns null when it does not (it goes out on its own), else what to write now: the
   * batch's array when this completed it, or "" (nothing yet).
   */
  synchronized String take(String key, Object id, String json) {
    Waiting w = next(key);
    if (w == null) {
      return null;
    }
    add(w.batch(), w.place(), id, json);
    return done(w.batch());
  }

  /** The first request of {@code key} still waiting, no longer waiting; null when none is. */
  private Waiting next(String key) {
    java.util.ArrayDeque<Waiting> queue = byId.get(key);
    if (queue == null) {
      return null;
    }
    Waiting w = queue.poll();
    if (queue.isEmpty()) {
      byId.remove(key);
    }
    // The batch waits for the key as long as another request of it has the same id.
    if (queue.stream().noneMatch(o -> o.batch() == w.batch())) {
      w.batch().waiting.remove(key);
    }
    return w;
  }

  /**
   * The request of {@code key} gets no answer (the client cancelled it): its batch is answered
   * without it. Returns what to write now, as {@link #take}; null when it is in no open batch.
   */
  synchronized String drop(String key) {
    Waiting w = next(key);
    return w == null ? null : done(w.batch());
  }

  /** An answer of the gate's own to the message handled now of {@code batch}. */
  synchronized void answer(Open batch, Object id, String json) {
    add(batch, batch.item, id, json);
  }

  /**
   * The gate handled every message of {@code batch}. Returns what to write now, as {@link #take}.
   */
  synchronized String handled(Open batch) {
    batch.handled = true;
    return done(batch);
  }

  /**
   * The batches still open (a request whose answer never came): what they hold, to go out as it is
   * when the server ends.
   */
  synchronized List<String> flush() {
    List<String> out = new ArrayList<>();
    Set<Open> open = new java.util.LinkedHashSet<>();
    byId.values().forEach(q -> q.forEach(w -> open.add(w.batch())));
    for (Open batch : open) {
      batch.waiting.clear();
      String text = done(batch);
      if (text != null && !text.isEmpty()) {
        out.add(text);
      }
    }
    byId.clear();
    return out;
  }

  private void add(Open batch, int place, Object id, String json) {
    String entry = json;
    if (bytes + size(json) > MAX_BYTES) {
      entry = Answers.errorJson(id, -32000, TOO_LARGE);
    }
    bytes += size(entry);
    batch.entries.add(Map.entry(place, entry));
  }

  /** The batch's array once it is complete ("" when it holds nothing to send), else "". */
  private String done(Open batch) {
    if (!batch.handled || !batch.waiting.isEmpty() || batch.entries.isEmpty()) {
      return "";
    }
    batch.entries.sort(Map.Entry.comparingByKey());
    StringBuilder text = new StringBuilder("[");
    for (Map.Entry<Integer, String> e : batch.entries) {
      text.append(text.length() == 1 ? "" : ",").append(e.getValue());
      bytes -= size(e.getValue());
    }
    batch.entries.clear();
    return text.append(']').toString();
  }

  /** The bytes {@code json} takes on stdout (UTF-8). */
  private static long size(String json) {
    return json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** What a request is answered in place of a response that no longer fits. */
  static final String TOO_LARGE =
      "Not sent: the answers to this batch passed "
          + MAX_BYTES / (1024 * 1024)
          + " MiB, more than the server holds to send them as one list; this request was handled"
          + " (a write may have landed: read the state again)\nFix: send a request with a long"
          + " answer alone, on a line of its own, not in a batch";
}
