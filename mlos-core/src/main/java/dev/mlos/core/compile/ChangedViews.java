package dev.mlos.core.compile;

import dev.mlos.core.Reporter;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which views' pages the rows changed since the workspace's last compile can have changed, found
 * from the database's change log as an incremental compile finds them ({@link ChangePlan}), for a
 * guard that has no local record vouching for the database: after {@code mvn clean}, or on a CI
 * runner that restored a cached database. A view that no changed table feeds (and whose
 * configuration, template and mlos version are as recorded) cannot be stale.
 */
public final class ChangedViews {
  private ChangedViews() {}

  /**
   * The views whose pages may have changed since the last compile recorded its horizon, by name,
   * each with the source keys ({@code {"id":3}}) of its pages those changes can affect, as the
   * view's {@code changed_pages} names them, or with null when any of its pages can be affected. A
   * view not in the map cannot be stale. Null when the change log cannot tell: no horizon recorded
   * (a database rebuilt from its text form, an older mlos), a changed schema, a pruned or restored
   * log. Only the database is looked at: the caller checks the templates and files the compile read
   * ({@link CompileReads#unchanged}).
   *
   * @param reporter told, for each view, why it is checked or not, or why no view can be skipped
   * @throws DatabaseException when the change log or the compile record cannot be read
   */
  public static Map<String, Set<String>> sinceLastCompile(
      Connection c, WorkspaceConfig config, ClassLoader classLoader, Reporter reporter) {
    List<String> why = new ArrayList<>();
    Reporter collect =
        new Reporter() {
          @Override
          public void info(String message) {
            why.add(message);
          }

          @Override
          public void warn(String message) {
            reporter.warn(message);
          }
        };
    ChangePlan plan;
    try {
      ChangePlan.Recorded last = ChangePlan.recorded(c, config.name());
      ChangePlan.Horizon now = ChangePlan.horizon(c);
      Map<String, String> seeds = new TreeMap<>();
      for (ViewDefinition v : config.views()) {
        seeds.put(v.name(), ViewRenderer.seed(config, classLoader, v));
      }
      plan =
          ChangePlan.decide(
              c, config.database(), config, now, last, seeds, collect, ChangePlan.Asker.GUARD);
    } catch (SQLException e) {
      throw new DatabaseException(
          config.database(), "cannot read the change log: " + e.getMessage(), null, e);
    }
    if (plan == null) {
      why.forEach(reporter::info);
      return null;
    }
    Map<String, Set<String>> changed = new TreeMap<>();
    for (ViewDefinition v : config.views()) {
      ChangePlan.ViewPlan p = plan.of(v.name());
      if (p.mode() == ChangePlan.Mode.SUBSET) {
        changed.put(v.name(), Set.copyOf(p.keys()));
      } else if (p.mode() == ChangePlan.Mode.RENDER) {
        changed.put(v.name(), null);
      }
    }
    for (String m : why) {
      reporter.info("Stale check from the change log, " + m);
    }
    return changed;
  }
}
