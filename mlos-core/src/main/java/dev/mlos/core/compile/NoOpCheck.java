package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The no-op check of a compile: true when the inputs the last successful compile recorded ({@link
 * CompileState}) are unchanged and every output it listed ({@link OutputManifest}) is on disk as
 * written, so nothing need be rendered. The database is not opened: its fingerprint says whether it
 * changed.
 */
final class NoOpCheck {
  private NoOpCheck() {}

  /**
   * What the check found: the result of a compile that has nothing to do ({@code skipped}), or else
   * the last compile's outputs as its manifest lists them, for the compile that follows.
   *
   * @param skipped the result when nothing changed; else empty
   * @param previous the last compile's outputs when its manifest was read whole and is the one its
   *     state names; else none (every kept page's file is then hashed)
   * @param listedAt when that manifest was written, in nanoseconds (for the racy window)
   */
  record Outcome(Optional<CompileResult> skipped, PreviousOutputs previous, long listedAt) {
    static final Outcome NONE = new Outcome(Optional.empty(), PreviousOutputs.NONE, 0);
  }

  /**
   * The result of a compile that has nothing to do, when the inputs recorded by the last successful
   * compile are unchanged and every recorded output is on disk as written; else the last compile's
   * outputs as its manifest lists them, so the compile need not read the manifest again (issue 20).
   *
   * @param compileFollows run on this thread as soon as the check knows a compile follows (the
   *     inputs changed, or an output is not as recorded), which can be while it still reads the
   *     manifest, and again when it returns without a result; it must do its work once
   */
  static Outcome unchangedSinceLastCompile(
      ClassLoader classLoader,
      WorkspaceConfig config,
      Path stateFile,
      long start,
      int threads,
      Runnable compileFollows) {

    Optional<CompileState> state = CompileState.read(stateFile);
    if (state.isEmpty() || !Files.isRegularFile(config.database())) {
      return Outcome.NONE;
    }
    // Per view, a counter: no boxed count per page.
    Map<String, int[]> pages = new LinkedHashMap<>();
    // A list while the check runs (cheap when it succeeds); a map by path only when it fails.
    PreviousOutputs.Builder previous = new PreviousOutputs.Builder();
    boolean[] intact = {true};
    long[] listedAt = {0};
    byte[] listed = null;
    // The inputs and the outputs are checked at the same time: one task fingerprints the inputs
    // while the others hash the recorded outputs in batches (with one thread, all of it in turn on
    // this one). The outputs are listed by the manifest the last compile wrote, so the database is
    // not opened: if it changed, the inputs check says so.
    try (OrderedPipeline pool = new OrderedPipeline(threads)) {
      java.util.concurrent.Future<Boolean> inputs =
          pool.async(() -> state.get().unchanged(config, classLoader));
      List<OutputManifest.Entry> batch = new ArrayList<>();
      Path manifest = OutputManifest.file(config);
      listedAt[0] =
          Files.getLastModifiedTime(manifest).to(java.util.concurrent.TimeUnit.NANOSECONDS);
      boolean[] checking = {true};
      listed =
          OutputManifest.readLines(
              manifest,
              state.get().outputs(),
              (r, bytes, offset, length) -> {
                // Every entry is kept for the compile that follows when this check fails.
                previous.accept(r, bytes, offset, length);
                // Once an output is broken or the inputs are known to have changed, the compile
                // renders anyway: stop checking (the compile checks the files it keeps itself).
                if (checking[0] && (!intact[0] || inputs.isDone() && !inputsUnchanged(inputs))) {
                  checking[0] = false;
                  compileFollows.run();
                }
                if (!checking[0]) {
                  return;
                }
                pages.computeIfAbsent(r.view(), v -> new int[1])[0]++;
                batch.add(r);
                if (batch.size() == 256) {
                  List<OutputManifest.Entry> b = List.copyOf(batch);
                  batch.clear();
                  pool.submit(() -> intact(config, b, listedAt[0]), ok -> intact[0] &= ok);
                }
              });
      if (checking[0]) {
        List<OutputManifest.Entry> rest = List.copyOf(batch);
        pool.submit(() -> intact(config, rest, listedAt[0]), ok -> intact[0] &= ok);
      }
      pool.finish();
      if (listed == null || !intact[0] || !inputs.get()) {
        compileFollows.run();
        return notSkipped(listed, previous, listedAt[0]);
      }
    } catch (java.util.concurrent.ExecutionException | MlosException | IllegalStateException e) {
      // Anything unexpected just means: compile as usual.
      compileFollows.run();
      return notSkipped(listed, previous, listedAt[0]);
    } catch (IOException e) {
      compileFollows.run();
      return Outcome.NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.NONE;
    }
    List<CompileResult.ViewStats> stats = new ArrayList<>();
    for (ViewDefinition v : config.views()) {
      int[] counted = pages.get(v.name());
      int n = counted == null ? 0 : counted[0];
      // Every page kept, none of them rendered: the line says so, as after an incremental compile.
      stats.add(new CompileResult.ViewStats(v.name(), n, 0, n, n, 0));
    }
    return new Outcome(
        Optional.of(
            new CompileResult(
                stats, List.of(), List.of(), Duration.ofNanos(System.nanoTime() - start))),
        PreviousOutputs.NONE,
        0);
  }

  /** A failed check: the manifest's entries serve the compile when it was read whole and valid. */
  private static Outcome notSkipped(
      byte[] listed, PreviousOutputs.Builder previous, long listedAt) {
    if (listed == null) {
      return Outcome.NONE;
    }
    return new Outcome(Optional.empty(), previous.build(), listedAt);
  }

  /** The outcome of a finished inputs check: true only when nothing changed. */
  private static boolean inputsUnchanged(java.util.concurrent.Future<Boolean> inputs) {
    try {
      return inputs.get();
    } catch (java.util.concurrent.ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * True when every recorded output is on disk exactly as the record says: its stat key is as
   * recorded (outside the racy window), or else its bytes hash as recorded.
   */
  private static boolean intact(
      WorkspaceConfig config, List<OutputManifest.Entry> records, long listedAt) {
    for (OutputManifest.Entry r : records) {
      Path file = config.outputDirectory().resolve(r.path());
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
          return false;
        }
        if (!OutputManifest.unmodified(a, r.key(), listedAt)
            && !Sha256.ofFile(file, a.size()).equals(r.fileHash())) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
