package dev.mlos.core.view;

import dev.mlos.core.MlosException;

/** A view's SQL failed or cannot be bound. Names the view, the query and what SQLite said. */
public class QueryException extends MlosException {
  private final String view;
  private final String query;
  private final String problem;

  public QueryException(String view, String query, String problem, String fix, Throwable cause) {
    this(view, null, query, problem, fix, cause);
  }

  /**
   * @param origin where the view is defined ({@code mlos.yaml:12}, {@code pack x}), or null
   */
  protected QueryException(
      String view, String origin, String query, String problem, String fix, Throwable cause) {
    super(
        "View '"
            + view
            + "'"
            + (origin == null ? "" : " (" + origin + ")")
            + ", query '"
            + query
            + "': "
            + problem,
        fix,
        cause);
    this.view = view;
    this.query = query;
    this.problem = problem;
  }

  /** The same refusal, saying where the view was defined ({@code mlos.yaml:12}, {@code pack x}). */
  public QueryException definedAt(String origin) {
    QueryException e = new QueryException(view, origin, query, problem, fix(), getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  public String view() {
    return view;
  }

  public String query() {
    return query;
  }
}
