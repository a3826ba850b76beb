package dev.mlos.core.store;

import java.util.Map;

/**
 * What the store was writing when SQLite objected: enough to say which row and value was wrong.
 *
 * @param entity e.g. {@code need}
 * @param table e.g. {@code needs}
 * @param id the row, or null for an insert
 * @param values the columns written, by column name
 */
record Write(String entity, String table, Long id, Map<String, Object> values) {
  /** "need 12" or just "need" when the row has no id yet. */
  String subject() {
    return id == null ? entity : entity + " " + id;
  }
}
