package dev.mlos.maven;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.scaffold.ScaffoldResult;
import dev.mlos.core.scaffold.Scaffolder;
import org.apache.maven.plugin.logging.Log;

/**
 * The {@code -Dmlos.scaffold} part of {@code mlos:init}: calls the core scaffolder and words its
 * result.
 */
final class ScaffoldStep {
  private final Log log;

  ScaffoldStep(Log log) {
    this.log = log;
  }

  void run(WorkspaceConfig config, String pluginVersion) {
    ScaffoldResult r =
        new Scaffolder().scaffold(config, pluginVersion == null ? "0.1.0-SNAPSHOT" : pluginVersion);
    log.info("Scaffolded workspace '" + r.workspace() + "' in " + config.root());
    for (String f : r.written()) {
      log.info("  wrote " + f);
    }
    for (String f : r.kept()) {
      log.info("  kept  " + f + " (it exists; never overwritten)");
    }
    for (String w : r.warnings()) {
      log.warn(w);
    }
    log.info("Next steps:");
    int i = 1;
    for (String step : r.nextSteps(MavenSuggestions.INSTANCE)) {
      log.info("  " + i++ + ". " + step);
    }
  }
}
