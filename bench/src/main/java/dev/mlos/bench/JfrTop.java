package dev.mlos.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Hot spots of a JFR recording: the top methods by own samples, and the mlos methods by inclusive
 * samples (the share of time spent in or under them). {@code JfrTop <file.jfr> [rows]}.
 */
public final class JfrTop {
  private JfrTop() {}

  public static void main(String[] args) throws IOException {
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      samples++;
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (n.startsWith("dev.mlos.core") && seen.add(n)) {
          inclusive.merge(n, 1, Integer::sum);
        }
      }
    }
    System.out.println(samples + " execution samples");
    System.out.println("top methods (own time):");
    print(self, samples, rows);
    System.out.println("mlos-core methods (inclusive time):");
    print(inclusive, samples, rows);
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void print(Map<String, Integer> counts, int total, int rows) {
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(rows)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "  %5.1f%%  %s%n",
                    100.0 * e.getValue() / Math.max(1, total),
                    e.getKey()));
  }
}
