package dev.mlos.core;

/** Where the core sends progress and warnings; the Maven plugin forwards them to its log. */
public interface Reporter {
  void info(String message);

  void warn(String message);

  /** Discards everything (tests, benchmarks). */
  Reporter SILENT =
      new Reporter() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
      };
}
