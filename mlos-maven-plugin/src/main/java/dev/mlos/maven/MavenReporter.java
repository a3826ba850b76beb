package dev.mlos.maven;

import dev.mlos.core.RemedyWording;
import dev.mlos.core.Reporter;
import org.apache.maven.plugin.logging.Log;

/** Adapts the core's {@link Reporter} to Maven's log. */
final class MavenReporter implements Reporter {
  private final Log log;

  MavenReporter(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public RemedyWording wording() {
    return MavenSuggestions.INSTANCE;
  }
}
