package dev.mlos.core.render;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@link RelativeLink#fast} buys, measured (issue 21's optimisation budget): the CPU time of
 * the links of 100,000 need pages of the mlos pack as its templates make them ({@code mlos.link} to
 * the parent, two children, five related needs and three tasks' agents' context packs, {@code
 * mlos.linkFile} to the source transcript and an artifact: 13 per page), through {@link
 * RelativeLink#of} against the java.nio reference {@link RelativeLink#byPath}, which is what would
 * remain without it. Not a test: run it by hand (see bench/RESULTS.md).
 */
public final class RelativeLinkMeasure {
  private RelativeLinkMeasure() {}

  private record Link(boolean file, String current, String target) {}

  public static void main(String[] args) {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path root = Path.of("/home/dev/projects/mlos-workspace").toAbsolutePath().normalize();
    Path out = root; // the mlos pack writes its pages under the workspace root
    String[] rootSegments = RelativeLink.segments(root);
    String[] outSegments = RelativeLink.segments(out);
    List<Link> links = new ArrayList<>(pages * 5);
    for (int i = 0; i < pages; i++) {
      String current = needPage(i);
      // As bench/'s DataGenerator makes them: 60% of needs have a parent (so a need has 0.6
      // children on average), about 2n relationships besides the tasks' derived_from edges (which
      // link no page), 30% a source transcript.
      if (i % 5 < 3) {
        links.add(new Link(false, current, needPage(i / 10)));
        links.add(new Link(false, current, needPage(i * 10 % pages)));
      }
      links.add(new Link(false, current, needPage((i * 7919 + 104_729) % pages)));
      links.add(new Link(false, current, needPage((i * 7919 + 2 * 104_729) % pages)));
      links.add(new Link(true, current, "artifacts/a" + (i % 100) + "/artifact-" + i + ".txt"));
      if (i % 10 < 3) {
        links.add(new Link(true, current, "transcripts/session-" + (1 + i % 400) + ".md"));
      }
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long[] fast = new long[rounds];
    long[] nio = new long[rounds];
    long sink = 0;
    for (int r = -2; r < rounds; r++) { // two warm-up rounds
      long t0 = cpu.getCurrentThreadCpuTime();
      for (Link l : links) {
        sink +=
            l.file()
                ? RelativeLink.of(out, outSegments, root, rootSegments, l.current(), l.target())
                    .length()
                : RelativeLink.of(out, outSegments, out, outSegments, l.current(), l.target())
                    .length();
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      for (Link l : links) {
        sink += RelativeLink.byPath(out, l.file() ? root : out, l.current(), l.target()).length();
      }
      long t2 = cpu.getCurrentThreadCpuTime();
      if (r >= 0) {
        fast[r] = t1 - t0;
        nio[r] = t2 - t1;
      }
    }
    Arrays.sort(fast);
    Arrays.sort(nio);
    System.out.printf(
        Locale.ROOT,
        "%d links of %d pages, median of %d rounds, CPU ms: fast %.0f, java.nio %.0f (%.1fx); %d%n",
        links.size(),
        pages,
        rounds,
        fast[rounds / 2] / 1e6,
        nio[rounds / 2] / 1e6,
        (double) nio[rounds / 2] / fast[rounds / 2],
        sink);
  }

  private static String needPage(int id) {
    return "needs/" + id + "-make-the-boot-of-node-" + id % 97 + "-reproducible.md";
  }
}
