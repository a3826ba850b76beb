-- mlos V21: a write retried with the client's request id is not written twice.
--
-- An agent whose call was committed but whose answer was lost (its client was killed, the call
-- timed out on the client's side, the connection dropped) retries, as every LLM client does: a
-- create_need made two needs, a graduate_need two sets of tasks. A client may now send a request
-- id (a UUID, say) with such a write; the engine records it here in the write's own transaction,
-- with the ids the write made, and a retry by the same actor with the same id and the same
-- arguments is answered with those ids, nothing written. The same id with other arguments is
-- refused (request.reused).
--
-- The rows are this database file's local runtime state, like mlos_changes: the text form
-- (mlos.db.sql) holds the table's definition but none of its rows, so they cause no diff and no
-- merge conflict; a database pulled from the text form starts with none (its ids may be renumbered,
-- and a record must never name another row). No trigger records them in mlos_changes or history,
-- so no page depends on them. A record lasts 24 hours (created_at); the engine deletes expired
-- ones, a bounded number per keyed write, oldest first (mlos_requests_by_age).
--
--   actor       who wrote: agent:<id>, person:<name> or tool:<name> (write_context's form)
--   request_id  the client's id: 1 to 128 printable ASCII characters, no space
--   operation   which write: create_need or graduate
--   fingerprint the SHA-256 (64 lower-case hex digits) of the write's arguments, as the engine
--               took them
--   result_ids  the ids the write made, a JSON array of 1 to 100 whole numbers (the need; the
--               tasks in order)
--
-- No row of another table changes. Loadable by the sqlite3 shell 3.40+.

CREATE TABLE mlos_requests (
  actor TEXT NOT NULL CHECK (length(actor) BETWEEN 3 AND 520),
  request_id TEXT NOT NULL
    CHECK (length(request_id) BETWEEN 1 AND 128 AND request_id NOT GLOB '*[^!-~]*'),
  operation TEXT NOT NULL CHECK (operation IN ('create_need', 'graduate')),
  fingerprint TEXT NOT NULL
    CHECK (length(fingerprint) = 64 AND fingerprint NOT GLOB '*[^0-9a-f]*'),
  result_ids TEXT NOT NULL
    CHECK (json_valid(result_ids) AND result_ids GLOB '[[][0-9]*]'
           AND result_ids NOT GLOB '*[^],0-9[]*'
           AND json_array_length(result_ids) BETWEEN 1 AND 100),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (actor, request_id)
) STRICT;

CREATE INDEX mlos_requests_by_age ON mlos_requests (created_at);
