package dev.mlos.core.engine;

import dev.mlos.core.view.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code mlos_requests} table (schema V21) for {@link SqliteStateStore}: request ids of keyed
 * writes. Ages are compared as the ISO-8601 texts SQLite's {@code strftime} writes.
 */
final class SqliteRequests {
  private final SqliteTransactions db;

  SqliteRequests(SqliteTransactions db) {
    this.db = db;
  }

  private static String age(long keptSeconds) {
    return "-" + keptSeconds + " seconds";
  }

  Optional<StateStore.RequestRecord> request(String actor, String requestId, long keptSeconds) {
    return db.one(
        "SELECT operation, fingerprint, result_ids, created_at FROM mlos_requests"
            + " WHERE actor = ? AND request_id = ?"
            + " AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)",
        ps -> {
          ps.setString(1, actor);
          ps.setString(2, requestId);
          ps.setString(3, age(keptSeconds));
        },
        rs ->
            new StateStore.RequestRecord(
                rs.getString(1), rs.getString(2), ids(rs.getString(3)), rs.getString(4)));
  }

  void save(String actor, String requestId, StateStore.RequestRecord r) {
    db.update(
        "INSERT INTO mlos_requests (actor, request_id, operation, fingerprint, result_ids)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (actor, request_id) DO UPDATE SET"
            + " operation = excluded.operation, fingerprint = excluded.fingerprint,"
            + " result_ids = excluded.result_ids, created_at = excluded.created_at",
        ps -> {
          ps.setString(1, actor);
          ps.setString(2, requestId);
          ps.setString(3, r.operation());
          ps.setString(4, r.fingerprint());
          ps.setString(5, Json.write(r.resultIds()));
        });
  }

  int prune(long keptSeconds, int limit) {
    // Through the age index: the oldest rows first, never more than limit of them.
    return db.update(
        "DELETE FROM mlos_requests WHERE rowid IN (SELECT rowid FROM mlos_requests"
            + " WHERE created_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)"
            + " ORDER BY created_at LIMIT ?)",
        ps -> {
          ps.setString(1, age(keptSeconds));
          ps.setInt(2, limit);
        });
  }

  private static List<Long> ids(String json) {
    List<Long> out = new ArrayList<>();
    for (String part : json.replaceAll("[\\[\\]\\s]", "").split(",")) {
      if (!part.isEmpty()) {
        out.add(Long.parseLong(part));
      }
    }
    return List.copyOf(out);
  }
}
