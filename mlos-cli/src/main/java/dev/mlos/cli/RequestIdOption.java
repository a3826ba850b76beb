package dev.mlos.cli;

import dev.mlos.core.engine.KeyedWrite;
import dev.mlos.core.engine.RequestIds;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --request-id} of the writes whose retry would make rows twice ({@code need create}, {@code
 * need graduate}): a script that ran a write and lost its answer (killed, timed out) runs it again
 * with the same id and gets the first run's rows, nothing written ({@link RequestIds}).
 */
final class RequestIdOption {
  @Option(
      names = "--request-id",
      paramLabel = "ID",
      description =
          "An id of this write (such as a UUID; 1.."
              + RequestIds.MAX_LENGTH
              + " printable ASCII characters, no space). Run again with the same id and"
              + " arguments within "
              + RequestIds.KEPT_HOURS
              + " hours, it writes nothing and prints what the first run made (replayed).")
  String id;

  /** The JSON answer, with {@code "replayed": true} when the write was replayed. */
  Map<String, Object> json(Map<String, Object> row, KeyedWrite<?> w) {
    if (!w.replayed()) {
      return row;
    }
    Map<String, Object> out = new LinkedHashMap<>(row);
    out.put("replayed", true);
    return out;
  }

  /** What the text answer adds for a replayed write. */
  String words(KeyedWrite<?> w) {
    return w.replayed()
        ? " (replayed: request id " + id + " was done before; nothing written)"
        : "";
  }
}
