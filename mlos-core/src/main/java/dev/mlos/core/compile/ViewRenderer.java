package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.render.Rendered;
import dev.mlos.core.render.TemplateEngine;
import dev.mlos.core.view.Json;
import dev.mlos.core.view.OutputPattern;
import dev.mlos.core.view.ParameterizedSql;
import dev.mlos.core.view.ViewQuery;
import java.io.IOException;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a workspace's views into {@link Page}s: the main query of a per-row view is streamed and at
 * most a few pages per render thread are in flight, so memory does not grow with the number of
 * rows. Used by the compiler (to write) and by the guard (to compare), so both see exactly the same
 * pages.
 */
public final class ViewRenderer implements AutoCloseable {
  /** Names a query may not take, because the template model uses them. */
  static final Set<String> RESERVED =
      Set.of("row", "params", "workspace", "view", "page", "mlos", "meta");

  /** Front matter keys mlos writes itself. */
  static final Set<String> RESERVED_FIELDS =
      Set.of("workspace", "view", "compiled_at", "content_hash");

  private final Connection connection;
  private final WorkspaceConfig config;
  private final TemplateEngine engine;
  private final Map<String, OutputPattern> patterns = new LinkedHashMap<>();
  private final OrderedPipeline pipeline;
  private final ClassLoader classLoader;

  /**
   * Per-row views whose next restricted render goes through only some rows: the {@code each} query
   * wrapped to keep the rows whose key is listed in {@code temp.mlos_only_rows}.
   */
  private final Map<String, String> restricted = new LinkedHashMap<>();

  /**
   * After how many pages whose queries ran the connection's page cache is widened: from there on
   * the pages read the same index pages again and again ({@link Database#widenCache}).
   */
  static final int WIDEN_CACHE_AFTER = 64;

  /** Pages whose queries ran, up to {@link #WIDEN_CACHE_AFTER}. */
  private int pagesQueried;

  /**
   * @param threads how many pages are rendered at once (templates, and what the handler's {@code
   *     work} does); 1 renders on the calling thread
   */
  public ViewRenderer(
      Connection connection, WorkspaceConfig config, ClassLoader classLoader, int threads) {
    this.connection = connection;
    this.classLoader = classLoader;
    this.pipeline = new OrderedPipeline(threads);
    this.config = config;
    Map<String, OutputPattern> perRow = new LinkedHashMap<>();
    for (ViewDefinition v : config.views()) {
      OutputPattern p = new OutputPattern(v.name(), v.output());
      patterns.put(v.name(), p);
      if (v.perRow()) {
        perRow.put(v.name(), p);
      }
    }
    this.engine =
        new TemplateEngine(
            classLoader, config.root(), config.outputDirectory(), perRow, config.maxPageBytes());
  }

  /**
   * Parses every template and prepares every query, so a broken view stops the compile before any
   * file is written.
   */
  public void check() {
    for (ViewDefinition v : config.views()) {
      for (String q : v.queries().keySet()) {
        if (RESERVED.contains(q)) {
          throw new MlosException(
              "View '" + v.name() + "' (" + v.origin() + "): a query may not be named '" + q + "'",
              "rename it; these names are taken: " + String.join(", ", new TreeSet<>(RESERVED)));
        }
      }
      engine.check(v.name(), v.template());
      for (Map.Entry<String, String> q : v.queries().entrySet()) {
        try (ViewQuery prepared = query(v, q.getKey(), q.getValue())) {
          if (q.getKey().equals(v.each())) {
            checkPlaceholders(v, prepared.columns());
          }
        }
      }
    }
  }

  /**
   * Every {@code {column}} of a per-row view's output must be a column of its {@code each} query:
   * checked on the prepared statement, so the compile stops before anything is written, and also
   * when the query returns no row today (it would fail on the first row that appears).
   */
  private void checkPlaceholders(ViewDefinition v, List<String> columns) {
    for (String column : patterns.get(v.name()).columns()) {
      if (!columns.contains(column)) {
        throw new MlosException(
            "View '"
                + v.name()
                + "'"
                + (v.origin() == null ? "" : " (" + v.origin() + ")")
                + ": output '"
                + v.output()
                + "' uses {"
                + column
                + "}, but its each query '"
                + v.each()
                + "' returns no column '"
                + column
                + "' (it returns: "
                + String.join(", ", columns)
                + ")",
            "select a column named '"
                + column
                + "' in query '"
                + v.each()
                + "' (... AS "
                + column
                + "), or change the view's output: placeholders name columns exactly, case included");
      }
    }
  }

  /**
   * Renders every page of {@code view} in order and hands each to {@code handler}: queries run on
   * this thread (one connection), templates on the render threads, and the handler's {@code before}
   * and {@code done} on this thread in page order. Warns about a query without ORDER BY that
   * returned several rows: SQLite does not promise their order.
   */
  public <T, R> void render(ViewDefinition view, PageHandler<T, R> handler, Reporter reporter) {
    render(view, handler, reporter, false);
  }

  /**
   * As {@link #render(ViewDefinition, PageHandler, Reporter)}, going through only the rows {@link
   * #restrictTo} listed, in the {@code each} query's order, with {@code pagesKept} pages of the
   * view taken as they are: they count towards its page cap ({@code max_pages_per_view}) first.
   */
  public <T, R> void renderListed(
      ViewDefinition view, PageHandler<T, R> handler, Reporter reporter, int pagesKept) {
    render(view, handler, reporter, true, pagesKept);
  }

  /**
   * As {@link #render(ViewDefinition, PageHandler, Reporter)}; {@code onlyListed} goes through only
   * the rows {@link #restrictTo} listed, in the {@code each} query's order.
   */
  <T, R> void render(
      ViewDefinition view, PageHandler<T, R> handler, Reporter reporter, boolean onlyListed) {
    render(view, handler, reporter, onlyListed, 0);
  }

  /**
   * As {@link #render(ViewDefinition, PageHandler, Reporter, boolean)}, with {@code pagesKept}
   * pages of the view kept without rendering: they count towards its page cap ({@code
   * max_pages_per_view}), or rows added a few at a time, each compile rendering only those, would
   * pass it.
   */
  <T, R> void render(
      ViewDefinition view,
      PageHandler<T, R> handler,
      Reporter reporter,
      boolean onlyListed,
      int pagesKept) {
    Map<String, ViewQuery> queries = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> q : view.queries().entrySet()) {
        String sql =
            onlyListed && q.getKey().equals(view.each())
                ? restricted.get(view.name())
                : q.getValue();
        queries.put(q.getKey(), query(view, q.getKey(), sql));
      }
      OutputPattern pattern = patterns.get(view.name());
      String seed = handler.hashesInputs() ? seed(view) : null;
      if (!view.perRow()) {
        WorkspacePath path = pattern.apply(Map.of());
        R carried = handler.carry(view.name(), path, "[]");
        T ticket = carried != null ? null : handler.before(view.name(), path, "[]");
        if (carried != null) {
          pipeline.passOn(carried, handler::done);
        } else if (ticket != null) {
          Map<String, Object> model = model(view, path, null);
          Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
          for (Map.Entry<String, ViewQuery> q : queries.entrySet()) {
            results.put(q.getKey(), q.getValue().list(config.params(), null));
          }
          model.putAll(results);
          pipeline.submit(
              () -> work(handler, view, seed, path, "[]", null, results, model, null, ticket),
              handler::done);
        }
      } else {
        ViewQuery each = queries.get(view.each());
        RepeatedKeys repeated = new RepeatedKeys();
        int cap = config.maxPagesPerView();
        int[] rows = {pagesKept};
        each.forEach(
            config.params(),
            null,
            row -> {
              // Before the row's page is handed on: no page past the cap is written or compared.
              if (++rows[0] > cap) {
                throw new TooManyPagesException(view, cap);
              }
              WorkspacePath path = pattern.apply(row);
              String key = sourceKey(row);
              repeated.see(key);
              R carried = handler.carry(view.name(), path, key);
              if (carried != null) {
                pipeline.passOn(carried, handler::done);
                return;
              }
              T ticket = handler.before(view.name(), path, key);
              if (ticket == null) {
                return;
              }
              if (pagesQueried < WIDEN_CACHE_AFTER && ++pagesQueried == WIDEN_CACHE_AFTER) {
                widenCache();
              }
              Map<String, Object> model = model(view, path, row);
              Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
              for (Map.Entry<String, ViewQuery> q : queries.entrySet()) {
                if (!q.getKey().equals(view.each())) {
                  results.put(q.getKey(), q.getValue().list(config.params(), row));
                }
              }
              model.putAll(results);
              String described = describe(row);
              pipeline.submit(
                  () ->
                      work(handler, view, seed, path, key, row, results, model, described, ticket),
                  handler::done);
            });
        repeated.warn(view, reporter);
      }
      pipeline.finish();
    } catch (RuntimeException | Error e) {
      pipeline.abandon(e);
      throw e;
    } finally {
      for (ViewQuery q : queries.values()) {
        if (q.unorderedWithSeveralRows()) {
          reporter.warn(
              "View '"
                  + view.name()
                  + "', query '"
                  + q.name()
                  + "' has no ORDER BY but returns several rows: their order may change, and the output would churn. Add an ORDER BY.");
        }
        q.close();
      }
    }
  }

  private void widenCache() {
    try {
      Database.widenCache(connection);
    } catch (java.sql.SQLException e) {
      throw new DatabaseException(config.database(), e.getMessage(), null, e);
    }
  }

  /**
   * On a render thread: hashes the page's inputs when the handler wants them, lets it keep the page
   * without rendering, or renders it and hands it over.
   */
  private <T, R> R work(
      PageHandler<T, R> handler,
      ViewDefinition view,
      String seed,
      WorkspacePath path,
      String key,
      Map<String, Object> row,
      Map<String, List<Map<String, Object>>> results,
      Map<String, Object> model,
      String described,
      T ticket) {
    String inputHash = null;
    if (seed != null) {
      inputHash = PageInputs.of(seed, path.value(), row, results);
      R kept = handler.reuse(inputHash, ticket);
      if (kept != null) {
        return kept;
      }
    }
    engine.warmUp(view.template());
    Page page;
    try {
      page = page(view, path, key, model, described, inputHash);
    } catch (dev.mlos.core.render.PageTooLargeException e) {
      return handler.tooLarge(e, ticket);
    }
    return handler.work(page, ticket);
  }

  /**
   * Lists the rows of a per-row view a restricted render goes through: those whose source key
   * ({@code {"<first column>": value}}) is among {@code sourceKeys}. The {@code each} query is
   * wrapped ({@code SELECT * FROM (<each>) WHERE <first column> IN (...)}), so it gives those rows
   * with the same columns and values. Returns false, listing nothing, when that cannot be promised:
   * the wrapped query does not prepare or names its columns otherwise (duplicate names), or a key
   * is not a single integer or text value (a real or a blob could compare otherwise than the row's
   * own value).
   */
  public boolean restrictTo(ViewDefinition view, java.util.Collection<String> sourceKeys) {
    restricted.remove(view.name());
    String each = view.queries().get(view.each());
    try {
      List<String> columns = columns(ParameterizedSql.parse(each).jdbcSql());
      if (columns.isEmpty()) {
        return false;
      }
      String wrapped =
          "SELECT * FROM (\n"
              + each
              + "\n) AS mlos_each WHERE mlos_each.\""
              + columns.get(0).replace("\"", "\"\"")
              + "\" IN (SELECT v FROM temp.mlos_only_rows)";
      try (java.sql.Statement s = connection.createStatement()) {
        s.execute("DROP TABLE IF EXISTS temp.mlos_only_rows");
        s.execute("CREATE TEMP TABLE mlos_only_rows (v)");
      }
      if (!columns.equals(columns(ParameterizedSql.parse(wrapped).jdbcSql()))) {
        return false;
      }
      try (java.sql.PreparedStatement ins =
          connection.prepareStatement(
              "INSERT INTO temp.mlos_only_rows (v) SELECT value FROM json_each(?1)"
                  + " WHERE json_type(?1) = 'object' AND key = ?2 AND type IN ('integer', 'text')")) {
        for (String k : sourceKeys) {
          ins.setString(1, k);
          ins.setString(2, columns.get(0));
          if (ins.executeUpdate() != 1) {
            return false;
          }
        }
      }
      restricted.put(view.name(), wrapped);
      return true;
    } catch (java.sql.SQLException e) {
      return false;
    }
  }

  /** The paths of the pages of the rows {@link #restrictTo} listed, in the each query's order. */
  public List<WorkspacePath> restrictedPaths(ViewDefinition view) {
    List<WorkspacePath> paths = new java.util.ArrayList<>();
    OutputPattern pattern = patterns.get(view.name());
    try (ViewQuery each = query(view, view.each(), restricted.get(view.name()))) {
      each.forEach(config.params(), null, row -> paths.add(pattern.apply(row)));
    }
    return paths;
  }

  /** The column labels of a prepared statement. */
  private List<String> columns(String jdbcSql) throws java.sql.SQLException {
    try (java.sql.PreparedStatement s = connection.prepareStatement(jdbcSql)) {
      java.sql.ResultSetMetaData m = s.getMetaData();
      List<String> labels = new java.util.ArrayList<>();
      for (int i = 1; m != null && i <= m.getColumnCount(); i++) {
        labels.add(m.getColumnLabel(i));
      }
      return labels;
    }
  }

  /** The part of each page's input hash shared by all pages of {@code view}. */
  String seed(ViewDefinition view) {
    return seed(config, classLoader, view);
  }

  /**
   * {@link #seed(ViewDefinition)} without a renderer: the configuration and the view's template as
   * they are now.
   */
  static String seed(WorkspaceConfig config, ClassLoader classLoader, ViewDefinition view) {
    String template;
    try {
      template = TemplateEngine.templateFingerprint(classLoader, config.root(), view.template());
    } catch (IOException e) {
      template = "unreadable";
    }
    return PageInputs.seed(config, view, template);
  }

  private ViewQuery query(ViewDefinition v, String name, String sql) {
    boolean rowAvailable = v.perRow() && !name.equals(v.each());
    try {
      return new ViewQuery(connection, v.name(), name, sql, config.params(), rowAvailable);
    } catch (dev.mlos.core.view.QueryException e) {
      // Say which file to open: the view's definition (mlos.yaml:12, or the pack).
      throw v.origin() == null ? e : e.definedAt(v.origin());
    }
  }

  private Map<String, Object> model(
      ViewDefinition view, WorkspacePath path, Map<String, Object> row) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("params", config.params());
    model.put("workspace", Map.of("name", config.name()));
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", view.name());
    v.put("description", view.description());
    model.put("view", v);
    model.put("page", Map.of("path", path.value()));
    if (row != null) {
      model.put("row", row);
    }
    return model;
  }

  private Page page(
      ViewDefinition view,
      WorkspacePath path,
      String key,
      Map<String, Object> model,
      String row,
      String inputHash) {
    Rendered r = engine.render(view.name(), view.template(), model, path.value(), row);
    LinkedHashMap<String, Object> fields = r.meta();
    for (String reserved : RESERVED_FIELDS) {
      if (fields.containsKey(reserved)) {
        throw new MlosException(
            "View '"
                + view.name()
                + "', template "
                + view.templateDisplayName()
                + ": meta sets '"
                + reserved
                + "', which mlos writes itself",
            "remove '" + reserved + "' from meta");
      }
    }
    fields.put("workspace", config.name());
    return new Page(view.name(), path, key, fields, r.body(), inputHash);
  }

  /**
   * The keys of a per-row view's rows, to find one given to several rows: their pages would be
   * recorded under one source key, which a compile that renders only the changed pages and a read
   * of {@code mlos://<view>/<id>} take for one row. Holds one short string per row, as the ledger
   * holds one reservation per page.
   */
  private static final class RepeatedKeys {
    private final Set<String> seen = new java.util.HashSet<>();
    private String first;
    private int firstRows;
    private int repeatedRows;

    void see(String key) {
      if (seen.add(key)) {
        return;
      }
      repeatedRows++;
      if (first == null) {
        first = key;
        firstRows = 1;
      }
      if (first.equals(key)) {
        firstRows++;
      }
    }

    void warn(ViewDefinition view, Reporter reporter) {
      if (first == null) {
        return;
      }
      reporter.warn(
          "View '"
              + view.name()
              + "': the first column of its each query '"
              + view.each()
              + "' is not unique: "
              + first
              + " is the key of "
              + firstRows
              + " rows"
              + (repeatedRows + 1 > firstRows
                  ? " (" + repeatedRows + " rows repeat a key in all)"
                  : "")
              + ", so their pages are recorded under one source key, and a compile that renders"
              + " only changed pages or a read of mlos://"
              + view.name()
              + "/<id> cannot tell them apart. Make the first column the row's unique key"
              + " (SELECT id, ... with the table's id first).");
    }
  }

  /** The row's first column as its key, e.g. {"id":3}: enough to find the row again. */
  private static String sourceKey(Map<String, Object> row) {
    if (row.isEmpty()) {
      return "[]";
    }
    Map.Entry<String, Object> first = row.entrySet().iterator().next();
    Map<String, Object> key = new LinkedHashMap<>();
    key.put(first.getKey(), first.getValue());
    return Json.write(key);
  }

  private static String describe(Map<String, Object> row) {
    if (row.isEmpty()) {
      return "(no columns)";
    }
    Map.Entry<String, Object> first = row.entrySet().iterator().next();
    return first.getKey() + "=" + first.getValue();
  }

  /** Templates this renderer loaded so far, by name, with their SHA-256 ("missing" when absent). */
  public Map<String, String> templatesRead() {
    return engine.templatesRead();
  }

  /** Workspace files templates read so far, with their SHA-256 (or a word such as "missing"). */
  public Map<String, String> filesRead() {
    return engine.filesRead();
  }

  /** Waits for pages still being rendered (after a failure) and stops the render threads. */
  @Override
  public void close() {
    pipeline.close();
  }
}
