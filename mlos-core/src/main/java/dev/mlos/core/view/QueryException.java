package dev.mlos.core.view;

import dev.mlos.core.MlosException;

/** A view's SQL failed or cannot be bound. Names the view, the query and what SQLite said. */
public class QueryException extends MlosException {
  private final String view;
  private final String query;

  public QueryException(String view, String query, String problem, String fix, Throwable cause) {
    super("View '" + view + "', query '" + query + "': " + problem, fix, cause);
    this.view = view;
    this.query = query;
  }

  public String view() {
    return view;
  }

  public String query() {
    return query;
  }
}
