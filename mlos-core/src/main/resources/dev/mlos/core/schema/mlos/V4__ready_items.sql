-- mlos V4: ready work kept by the database itself (docs/engine.md, "Ready work: how it is computed").
--
-- ready_items holds every candidate of ready work: each open task whose need is not deferred or
-- resolved, and each actionable need without a live (open, assigned, in_progress) task; state 1
-- when a live blocks edge points at the item (or, for a task, at its need), else 0. With each item
-- the facts ranking reads: the effective priority, the creation time, the need's scope and tags.
-- ready_counts counts the items per (state, scope, tags), so totals for any lens are a sum over a
-- few hundred rows instead of a count over every item. Triggers keep both exact for every write,
-- raw SQL included; the view ready_items_expected is their definition (the straightforward query),
-- and a need whose facts may have changed is recomputed from it, item by item.
--
-- No rule changes and no existing row changes. Loadable by the sqlite3 shell 3.40+.

CREATE TABLE ready_items (
  kind_order INTEGER NOT NULL CHECK (kind_order IN (0, 1)), -- 0 task, 1 need (tasks rank first on ties)
  id INTEGER NOT NULL,
  need_id INTEGER NOT NULL,
  p INTEGER NOT NULL, -- effective priority: the task's, else its need's, else 3
  created_at TEXT NOT NULL,
  state INTEGER NOT NULL CHECK (state IN (0, 1)), -- 0 ready, 1 blocked
  scope TEXT,
  tags TEXT NOT NULL,
  PRIMARY KEY (kind_order, id)
) STRICT, WITHOUT ROWID;

-- Covering indexes (every column ranking reads; the primary key kind_order, id ends each key):
-- the rank order within a state, the blocked list's order, and the items of one (scope, tags) class.
CREATE INDEX ready_items_rank ON ready_items (state, p, created_at, kind_order, id, need_id, scope, tags);
CREATE INDEX ready_items_state ON ready_items (state, kind_order, id, need_id, p, created_at, scope, tags);
CREATE INDEX ready_items_facets ON ready_items (state, scope, tags, p, created_at, kind_order, id, need_id);
CREATE INDEX ready_items_by_need ON ready_items (need_id);

CREATE TABLE ready_counts (
  state INTEGER NOT NULL,
  scope TEXT,
  tags TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n > 0)
) STRICT;

CREATE INDEX ready_counts_key ON ready_counts (state, scope, tags);

-- A live blocks edge into an item: its source is a need not resolved or a task not completed or
-- cancelled (docs/engine.md, "Ready work"). The edges are found by their target
-- (relationships_by_target); the unary + keeps SQLite from walking every edge of a source type.
CREATE VIEW ready_items_expected (kind_order, id, need_id, p, created_at, state, scope, tags) AS
SELECT 0, t.id, n.id, COALESCE(t.priority, n.priority, 3), t.created_at,
  CASE WHEN EXISTS (
      SELECT 1 FROM relationships r
      WHERE r.target_type = 'task' AND r.target_id = t.id AND r.relationship_type = 'blocks'
        AND ((+r.source_type = 'need' AND EXISTS (SELECT 1 FROM needs b WHERE b.id = r.source_id AND b.status <> 'resolved'))
          OR (+r.source_type = 'task' AND EXISTS (SELECT 1 FROM tasks b WHERE b.id = r.source_id AND b.status NOT IN ('completed', 'cancelled')))))
    OR EXISTS (
      SELECT 1 FROM relationships r
      WHERE r.target_type = 'need' AND r.target_id = n.id AND r.relationship_type = 'blocks'
        AND ((+r.source_type = 'need' AND EXISTS (SELECT 1 FROM needs b WHERE b.id = r.source_id AND b.status <> 'resolved'))
          OR (+r.source_type = 'task' AND EXISTS (SELECT 1 FROM tasks b WHERE b.id = r.source_id AND b.status NOT IN ('completed', 'cancelled')))))
    THEN 1 ELSE 0 END,
  n.scope, n.tags
FROM needs n JOIN tasks t ON t.need_id = n.id
WHERE t.status = 'open' AND n.status NOT IN ('deferred', 'resolved')
UNION ALL
SELECT 1, n.id, n.id, COALESCE(n.priority, 3), n.created_at,
  CASE WHEN EXISTS (
      SELECT 1 FROM relationships r
      WHERE r.target_type = 'need' AND r.target_id = n.id AND r.relationship_type = 'blocks'
        AND ((+r.source_type = 'need' AND EXISTS (SELECT 1 FROM needs b WHERE b.id = r.source_id AND b.status <> 'resolved'))
          OR (+r.source_type = 'task' AND EXISTS (SELECT 1 FROM tasks b WHERE b.id = r.source_id AND b.status NOT IN ('completed', 'cancelled')))))
    THEN 1 ELSE 0 END,
  n.scope, n.tags
FROM needs n
WHERE n.status = 'actionable'
  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.need_id = n.id AND t.status IN ('open', 'assigned', 'in_progress'));

-- Existing data, built once; the counters follow from it.
INSERT INTO ready_items (kind_order, id, need_id, p, created_at, state, scope, tags)
SELECT kind_order, id, need_id, p, created_at, state, scope, tags FROM ready_items_expected;

INSERT INTO ready_counts (state, scope, tags, n)
SELECT state, scope, tags, count(*) FROM ready_items GROUP BY state, scope, tags;

-- ---------------------------------------------------------------------------------------------
-- ready_counts follows ready_items.

CREATE TRIGGER ready_items_count_insert AFTER INSERT ON ready_items
BEGIN
  UPDATE ready_counts SET n = n + 1 WHERE state = new.state AND scope IS new.scope AND tags = new.tags;
  INSERT INTO ready_counts (state, scope, tags, n)
  SELECT new.state, new.scope, new.tags, 1
  WHERE NOT EXISTS (SELECT 1 FROM ready_counts WHERE state = new.state AND scope IS new.scope AND tags = new.tags);
END;

CREATE TRIGGER ready_items_count_delete AFTER DELETE ON ready_items
BEGIN
  DELETE FROM ready_counts WHERE state = old.state AND scope IS old.scope AND tags = old.tags AND n = 1;
  UPDATE ready_counts SET n = n - 1 WHERE state = old.state AND scope IS old.scope AND tags = old.tags;
END;

CREATE TRIGGER ready_items_count_update AFTER UPDATE OF state, scope, tags ON ready_items
WHEN old.state IS NOT new.state OR old.scope IS NOT new.scope OR old.tags IS NOT new.tags
BEGIN
  DELETE FROM ready_counts WHERE state = old.state AND scope IS old.scope AND tags = old.tags AND n = 1;
  UPDATE ready_counts SET n = n - 1 WHERE state = old.state AND scope IS old.scope AND tags = old.tags;
  UPDATE ready_counts SET n = n + 1 WHERE state = new.state AND scope IS new.scope AND tags = new.tags;
  INSERT INTO ready_counts (state, scope, tags, n)
  SELECT new.state, new.scope, new.tags, 1
  WHERE NOT EXISTS (SELECT 1 FROM ready_counts WHERE state = new.state AND scope IS new.scope AND tags = new.tags);
END;

-- ---------------------------------------------------------------------------------------------
-- Recomputing one need: inserting its id here brings its items (the need's own and its tasks')
-- in line with ready_items_expected, changing only the rows that differ; the row is gone again
-- when the statement ends. Every write that can change an item inserts the needs concerned.

CREATE TABLE ready_dirty (
  need_id INTEGER PRIMARY KEY
) STRICT;

CREATE TRIGGER ready_dirty_recompute AFTER INSERT ON ready_dirty
BEGIN
  DELETE FROM ready_items
  WHERE need_id = new.need_id
    AND NOT EXISTS (SELECT 1 FROM ready_items_expected e
                     WHERE e.need_id = new.need_id AND e.kind_order = ready_items.kind_order AND e.id = ready_items.id);
  UPDATE ready_items SET (need_id, p, created_at, state, scope, tags) = (
      SELECT e.need_id, e.p, e.created_at, e.state, e.scope, e.tags FROM ready_items_expected e
      WHERE e.need_id = new.need_id AND e.kind_order = ready_items.kind_order AND e.id = ready_items.id)
  WHERE need_id = new.need_id
    AND EXISTS (SELECT 1 FROM ready_items_expected e
                 WHERE e.need_id = new.need_id AND e.kind_order = ready_items.kind_order AND e.id = ready_items.id
                   AND (e.p, e.created_at, e.state, e.scope, e.tags)
                       IS NOT (ready_items.p, ready_items.created_at, ready_items.state, ready_items.scope, ready_items.tags));
  INSERT INTO ready_items (kind_order, id, need_id, p, created_at, state, scope, tags)
  SELECT e.kind_order, e.id, e.need_id, e.p, e.created_at, e.state, e.scope, e.tags FROM ready_items_expected e
  WHERE e.need_id = new.need_id
    AND NOT EXISTS (SELECT 1 FROM ready_items r WHERE r.kind_order = e.kind_order AND r.id = e.id);
  DELETE FROM ready_dirty WHERE need_id = new.need_id;
END;

-- Nothing else writes these tables: a write is accepted only while a recompute runs (a row in
-- ready_dirty), so raw SQL cannot make the counts or the items disagree with the data.
CREATE TRIGGER ready_items_kept_insert BEFORE INSERT ON ready_items
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_items is kept by the database from needs, tasks and blocks edges; change those instead');
END;

CREATE TRIGGER ready_items_kept_update BEFORE UPDATE ON ready_items
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_items is kept by the database from needs, tasks and blocks edges; change those instead');
END;

CREATE TRIGGER ready_items_kept_delete BEFORE DELETE ON ready_items
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_items is kept by the database from needs, tasks and blocks edges; change those instead');
END;

CREATE TRIGGER ready_counts_kept_insert BEFORE INSERT ON ready_counts
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_counts is kept by the database from ready_items; change needs, tasks or blocks edges instead');
END;

CREATE TRIGGER ready_counts_kept_update BEFORE UPDATE ON ready_counts
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_counts is kept by the database from ready_items; change needs, tasks or blocks edges instead');
END;

CREATE TRIGGER ready_counts_kept_delete BEFORE DELETE ON ready_counts
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_counts is kept by the database from ready_items; change needs, tasks or blocks edges instead');
END;

-- ---------------------------------------------------------------------------------------------
-- The writes that change items. A need's items depend on its status, priority, creation time,
-- scope, tags and tasks, and on the blocks edges into it and into its tasks; a blocks edge's
-- effect depends on whether its source is done.

-- A new need has no tasks and no edges yet: only an actionable one is an item.
CREATE TRIGGER ready_needs_insert AFTER INSERT ON needs
WHEN new.status = 'actionable'
BEGIN
  INSERT INTO ready_dirty (need_id) VALUES (new.id);
END;

CREATE TRIGGER ready_needs_update AFTER UPDATE OF status, priority, created_at, scope, tags ON needs
WHEN old.status IS NOT new.status OR old.priority IS NOT new.priority OR old.created_at IS NOT new.created_at
  OR old.scope IS NOT new.scope OR old.tags IS NOT new.tags
BEGIN
  INSERT INTO ready_dirty (need_id) VALUES (new.id);
END;

-- Resolving a need (or, by raw SQL, reopening it) frees (or blocks again) what it blocks.
CREATE TRIGGER ready_needs_blocker AFTER UPDATE OF status ON needs
WHEN (old.status = 'resolved') IS NOT (new.status = 'resolved')
BEGIN
  INSERT INTO ready_dirty (need_id)
  SELECT DISTINCT CASE r.target_type WHEN 'need' THEN r.target_id ELSE (SELECT t.need_id FROM tasks t WHERE t.id = r.target_id) END
  FROM relationships r
  WHERE r.relationship_type = 'blocks' AND r.source_type = 'need' AND r.source_id = new.id
    AND r.target_type IN ('need', 'task')
    AND CASE r.target_type WHEN 'need' THEN r.target_id ELSE (SELECT t.need_id FROM tasks t WHERE t.id = r.target_id) END IS NOT NULL;
END;

CREATE TRIGGER ready_needs_delete AFTER DELETE ON needs
BEGIN
  INSERT INTO ready_dirty (need_id) VALUES (old.id);
END;

CREATE TRIGGER ready_tasks_insert AFTER INSERT ON tasks
BEGIN
  INSERT INTO ready_dirty (need_id) VALUES (new.need_id);
END;

CREATE TRIGGER ready_tasks_update AFTER UPDATE OF status, priority, created_at ON tasks
WHEN old.status IS NOT new.status OR old.priority IS NOT new.priority OR old.created_at IS NOT new.created_at
BEGIN
  INSERT INTO ready_dirty (need_id) VALUES (new.need_id);
END;

-- Completing or cancelling a task (or, by raw SQL, reopening one) frees (or blocks again) what it blocks.
CREATE TRIGGER ready_tasks_blocker AFTER UPDATE OF status ON tasks
WHEN (old.status IN ('completed', 'cancelled')) IS NOT (new.status IN ('completed', 'cancelled'))
BEGIN
  INSERT INTO ready_dirty (need_id)
  SELECT DISTINCT CASE r.target_type WHEN 'need' THEN r.target_id ELSE (SELECT t.need_id FROM tasks t WHERE t.id = r.target_id) END
  FROM relationships r
  WHERE r.relationship_type = 'blocks' AND r.source_type = 'task' AND r.source_id = new.id
    AND r.target_type IN ('need', 'task')
    AND CASE r.target_type WHEN 'need' THEN r.target_id ELSE (SELECT t.need_id FROM tasks t WHERE t.id = r.target_id) END IS NOT NULL;
END;

-- A deleted task is no item, and a blocker no more (its edges are deleted with it; this covers
-- edges left behind).
CREATE TRIGGER ready_tasks_delete AFTER DELETE ON tasks
BEGIN
  INSERT INTO ready_dirty (need_id) VALUES (old.need_id);
  INSERT INTO ready_dirty (need_id)
  SELECT DISTINCT CASE r.target_type WHEN 'need' THEN r.target_id ELSE (SELECT t.need_id FROM tasks t WHERE t.id = r.target_id) END
  FROM relationships r
  WHERE r.relationship_type = 'blocks' AND r.source_type = 'task' AND r.source_id = old.id
    AND r.target_type IN ('need', 'task')
    AND CASE r.target_type WHEN 'need' THEN r.target_id ELSE (SELECT t.need_id FROM tasks t WHERE t.id = r.target_id) END IS NOT NULL
    AND CASE r.target_type WHEN 'need' THEN r.target_id ELSE (SELECT t.need_id FROM tasks t WHERE t.id = r.target_id) END IS NOT old.need_id;
END;

CREATE TRIGGER ready_blocks_insert AFTER INSERT ON relationships
WHEN new.relationship_type = 'blocks' AND new.target_type IN ('need', 'task')
BEGIN
  INSERT INTO ready_dirty (need_id)
  SELECT x FROM (SELECT CASE new.target_type WHEN 'need' THEN new.target_id
                        ELSE (SELECT t.need_id FROM tasks t WHERE t.id = new.target_id) END AS x)
  WHERE x IS NOT NULL;
END;

CREATE TRIGGER ready_blocks_delete AFTER DELETE ON relationships
WHEN old.relationship_type = 'blocks' AND old.target_type IN ('need', 'task')
BEGIN
  INSERT INTO ready_dirty (need_id)
  SELECT x FROM (SELECT CASE old.target_type WHEN 'need' THEN old.target_id
                        ELSE (SELECT t.need_id FROM tasks t WHERE t.id = old.target_id) END AS x)
  WHERE x IS NOT NULL;
END;

CREATE TRIGGER ready_blocks_update AFTER UPDATE OF relationship_type, source_type, source_id, target_type, target_id ON relationships
WHEN old.relationship_type = 'blocks' OR new.relationship_type = 'blocks'
BEGIN
  INSERT INTO ready_dirty (need_id)
  SELECT x FROM (SELECT CASE old.target_type WHEN 'need' THEN old.target_id
                        WHEN 'task' THEN (SELECT t.need_id FROM tasks t WHERE t.id = old.target_id) END AS x)
  WHERE x IS NOT NULL;
  INSERT INTO ready_dirty (need_id)
  SELECT x FROM (SELECT CASE new.target_type WHEN 'need' THEN new.target_id
                        WHEN 'task' THEN (SELECT t.need_id FROM tasks t WHERE t.id = new.target_id) END AS x)
  WHERE x IS NOT NULL;
END;
