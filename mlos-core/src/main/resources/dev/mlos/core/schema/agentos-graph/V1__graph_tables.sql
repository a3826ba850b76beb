-- agentos-graph V1: the AgentOS data model of seed 003. Three primitives (nodes, edges, values on
-- either) and two supporting tables (content with a full-text index, settings). Semantic type lives
-- in the data: a record's shapes are node values (_shape, _shapes), never a column.
--
-- Must stay loadable by the sqlite3 shell 3.40+ (STRICT needs 3.37, RAISE takes a literal only).
-- Timestamps are ISO-8601 UTC text such as 2026-01-02T03:04:05Z or 2026-01-02T03:04:05.123Z.

-- Bare identities: an id and timestamps, nothing else.
CREATE TABLE nodes (
  id TEXT PRIMARY KEY
    CONSTRAINT nodes_id CHECK (length(id) BETWEEN 1 AND 200 AND id NOT GLOB '*[ /\]*' AND id NOT GLOB '*[^ -~]*'),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    CONSTRAINT nodes_created_at CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'
                                       AND julianday(substr(created_at, 1, 19)) IS NOT NULL),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    CONSTRAINT nodes_updated_at CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'
                                       AND julianday(substr(updated_at, 1, 19)) IS NOT NULL
                                       AND julianday(updated_at) >= julianday(created_at))
) STRICT;

-- The seed's edges table, column for column: labeled, directional links with their own ids and
-- timestamps. A removed link keeps its row with deleted_at set; every view ignores those rows.
CREATE TABLE edges (
  id TEXT PRIMARY KEY
    CONSTRAINT edges_id CHECK (length(id) BETWEEN 1 AND 200 AND id NOT GLOB '*[ /\]*' AND id NOT GLOB '*[^ -~]*'),
  from_id TEXT NOT NULL REFERENCES nodes (id),
  label TEXT NOT NULL
    CONSTRAINT edges_label CHECK (length(trim(label)) > 0 AND label = trim(label)),
  to_id TEXT NOT NULL REFERENCES nodes (id),
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    CONSTRAINT edges_created_at CHECK (created_at IS NULL
      OR (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'
          AND julianday(substr(created_at, 1, 19)) IS NOT NULL)),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    CONSTRAINT edges_updated_at CHECK (updated_at IS NULL
      OR (updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'
          AND julianday(substr(updated_at, 1, 19)) IS NOT NULL)),
  deleted_at TEXT
    CONSTRAINT edges_deleted_at CHECK (deleted_at IS NULL
      OR (deleted_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'
          AND julianday(substr(deleted_at, 1, 19)) IS NOT NULL))
) STRICT;

CREATE INDEX edges_from ON edges (from_id, label);
CREATE INDEX edges_to ON edges (to_id, label);

-- Keyed values on a node. value keeps the coerced type (STRICT ANY stores it as given); type names
-- the shape field type it was coerced to, and the CHECK keeps value and type consistent, so a
-- boolean is always 0 or 1 and an integer is never text. 'json' holds lists and mappings (the
-- _shapes list, or a value of a key no shape declares). Long text (type text) lives in content.
-- date(value, '+0 days') normalises (2026-02-30 becomes 2026-03-02) even in sqlite3 3.40, whose
-- date(value) alone passes impossible days through.
CREATE TABLE node_vals (
  node_id TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
  key TEXT NOT NULL
    CONSTRAINT node_vals_key CHECK (length(trim(key)) > 0 AND key = trim(key)),
  value ANY NOT NULL,
  type TEXT NOT NULL
    CONSTRAINT node_vals_type CHECK (type IN ('string', 'integer', 'number', 'boolean', 'date', 'datetime', 'url', 'json')),
  CONSTRAINT node_vals_value CHECK (
       (type = 'integer' AND typeof(value) = 'integer')
    OR (type = 'boolean' AND typeof(value) = 'integer' AND value IN (0, 1))
    OR (type = 'number' AND typeof(value) IN ('integer', 'real'))
    OR (type = 'string' AND typeof(value) = 'text')
    OR (type = 'url' AND typeof(value) = 'text' AND value GLOB '[A-Za-z]*:*' AND value NOT GLOB '*[ ]*')
    OR (type = 'date' AND typeof(value) = 'text' AND value GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND date(value, '+0 days') = value)
    OR (type = 'datetime' AND typeof(value) = 'text'
        AND value GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'
        AND julianday(substr(value, 1, 19)) IS NOT NULL)
    OR (type = 'json' AND typeof(value) = 'text' AND json_valid(value))),
  PRIMARY KEY (node_id, key)
) STRICT, WITHOUT ROWID;

-- Keyed values on an edge (mentioned_in can hold offset and length), parallel to node_vals.
CREATE TABLE edge_vals (
  edge_id TEXT NOT NULL REFERENCES edges (id) ON DELETE CASCADE,
  key TEXT NOT NULL
    CONSTRAINT edge_vals_key CHECK (length(trim(key)) > 0 AND key = trim(key)),
  value ANY NOT NULL,
  type TEXT NOT NULL
    CONSTRAINT edge_vals_type CHECK (type IN ('string', 'integer', 'number', 'boolean', 'date', 'datetime', 'url', 'json')),
  CONSTRAINT edge_vals_value CHECK (
       (type = 'integer' AND typeof(value) = 'integer')
    OR (type = 'boolean' AND typeof(value) = 'integer' AND value IN (0, 1))
    OR (type = 'number' AND typeof(value) IN ('integer', 'real'))
    OR (type = 'string' AND typeof(value) = 'text')
    OR (type = 'url' AND typeof(value) = 'text' AND value GLOB '[A-Za-z]*:*' AND value NOT GLOB '*[ ]*')
    OR (type = 'date' AND typeof(value) = 'text' AND value GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND date(value, '+0 days') = value)
    OR (type = 'datetime' AND typeof(value) = 'text'
        AND value GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'
        AND julianday(substr(value, 1, 19)) IS NOT NULL)
    OR (type = 'json' AND typeof(value) = 'text' AND json_valid(value))),
  PRIMARY KEY (edge_id, key)
) STRICT, WITHOUT ROWID;

-- Large text blobs (message bodies, file contents, articles, fields of type text), one per
-- (node, kind).
CREATE TABLE content (
  id TEXT PRIMARY KEY
    CONSTRAINT content_id CHECK (length(id) BETWEEN 1 AND 400 AND id NOT GLOB '*[ \]*' AND id NOT GLOB '*[^ -~]*'),
  node_id TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
  kind TEXT NOT NULL
    CONSTRAINT content_kind CHECK (length(trim(kind)) > 0 AND kind = trim(kind)),
  body TEXT NOT NULL,
  UNIQUE (node_id, kind)
) STRICT;

-- The full-text index. A standalone FTS5 table (it keeps its own copy of body) rather than an
-- external-content one: external content needs a stable integer rowid, and content's rowid is not
-- stable across VACUUM because its key is text. The triggers keep the two in step for every client.
CREATE VIRTUAL TABLE content_fts USING fts5(body, content_id UNINDEXED, node_id UNINDEXED, kind UNINDEXED);

CREATE TRIGGER content_fts_insert AFTER INSERT ON content BEGIN
  INSERT INTO content_fts (body, content_id, node_id, kind) VALUES (NEW.body, NEW.id, NEW.node_id, NEW.kind);
END;

CREATE TRIGGER content_fts_update AFTER UPDATE ON content BEGIN
  DELETE FROM content_fts WHERE content_id = OLD.id;
  INSERT INTO content_fts (body, content_id, node_id, kind) VALUES (NEW.body, NEW.id, NEW.node_id, NEW.kind);
END;

CREATE TRIGGER content_fts_delete AFTER DELETE ON content BEGIN
  DELETE FROM content_fts WHERE content_id = OLD.id;
END;

-- App-level state that is not graph-native. The importer keeps the shape registry here
-- (key 'shape:<name>', value its definition as JSON) so views can render without the YAML files.
CREATE TABLE settings (
  key TEXT PRIMARY KEY
    CONSTRAINT settings_key CHECK (length(trim(key)) > 0 AND key = trim(key)),
  value TEXT
) STRICT, WITHOUT ROWID;

-- Records as the views see them: every node with a _shape value, its primary shape, and its title
-- (the value of the shape's title field, else the node id).
CREATE VIEW graph_records (id, shape, title, created_at, updated_at) AS
SELECT n.id, s.value,
       COALESCE((SELECT CAST(t.value AS TEXT) FROM node_vals t
                  WHERE t.node_id = n.id
                    AND t.key = (SELECT json_extract(g.value, '$.title_field') FROM settings g WHERE g.key = 'shape:' || s.value)),
                n.id),
       n.created_at, n.updated_at
  FROM nodes n JOIN node_vals s ON s.node_id = n.id AND s.key = '_shape';
