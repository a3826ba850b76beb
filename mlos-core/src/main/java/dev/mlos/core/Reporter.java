package dev.mlos.core;

/** Where the core sends progress and warnings; the Maven plugin forwards them to its log. */
public interface Reporter {
  void info(String message);

  void warn(String message);

  /**
   * How this reporter's audience is told a fix: the core words the remedies in the progress lines
   * it reports (for example how to force a compile that skipped its work) with it. The Maven
   * plugin's reporter names its property, the {@code mlos} command's its option; by default the
   * core's own words ({@link RemedyWording#OPERATIONS}).
   */
  default RemedyWording wording() {
    return RemedyWording.OPERATIONS;
  }

  /** Discards everything (tests, benchmarks). */
  Reporter SILENT =
      new Reporter() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
      };
}
