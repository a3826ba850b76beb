package dev.mlos.core.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guard's last phase: one {@link CheckedFile} per file looked at (recorded outputs, pages not
 * compiled yet, unknown files, artifacts), sorted by path, and the {@link GuardReport}.
 */
final class ReportAssembly {
  private ReportAssembly() {}

  static GuardReport of(GuardRun run) {
    List<CheckedFile> files = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (RecordedOutputs.Check check : run.checks.values()) {
      String path = check.record().path();
      listed.add(path);
      files.add(
          new CheckedFile(
              run.outPrefix + path,
              CheckedFile.Kind.COMPILED,
              sorted(run.compiledViolations.get(path))));
    }
    for (Map.Entry<String, List<Violation>> e : run.compiledViolations.entrySet()) {
      if (!listed.contains(e.getKey())) {
        files.add(
            new CheckedFile(
                run.outPrefix + e.getKey(), CheckedFile.Kind.COMPILED, sorted(e.getValue())));
      }
    }
    for (Violation v : run.unknown.values()) {
      files.add(new CheckedFile(v.path(), CheckedFile.Kind.UNKNOWN, List.of(v)));
    }
    files.addAll(run.artifactFiles);
    files.sort(Comparator.comparing(CheckedFile::path).thenComparing(CheckedFile::kind));
    List<Violation> all = new ArrayList<>();
    for (CheckedFile f : files) {
      all.addAll(f.violations());
    }
    return new GuardReport(
        run.config.name(),
        run.root,
        all,
        files,
        run.request.checkStale(),
        !run.staleViews.isEmpty(),
        run.notRendered);
  }

  private static List<Violation> sorted(List<Violation> vs) {
    if (vs == null) {
      return List.of();
    }
    List<Violation> copy = new ArrayList<>(vs);
    copy.sort(Violation.ORDER);
    return copy;
  }
}
