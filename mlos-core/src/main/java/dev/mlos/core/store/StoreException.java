package dev.mlos.core.store;

import dev.mlos.core.MlosException;

/**
 * The database refused a write (or a read failed), explained in words a person understands, e.g.
 * {@code "need 12: resolved -> active is not allowed"}.
 */
public class StoreException extends MlosException {
  private final String entity;
  private final Long id;
  private final String sqliteMessage;

  /**
   * {@code message} is the sentence for people; {@code sqliteMessage} SQLite's own words, or null.
   */
  public StoreException(
      String message, String entity, Long id, String sqliteMessage, Throwable cause) {
    super(message, null, cause);
    this.entity = entity;
    this.id = id;
    this.sqliteMessage = sqliteMessage;
  }

  /** {@code need}, {@code task}, {@code artifact}, {@code relationship} or {@code agent}. */
  public String entity() {
    return entity;
  }

  /** The row concerned, or null for an insert. */
  public Long id() {
    return id;
  }

  /** SQLite's own words, for logs. */
  public String sqliteMessage() {
    return sqliteMessage;
  }
}
