-- mlos V6: ready work recomputed item by item where only a task changed (docs/engine.md, "Cost").
--
-- Under V4 every write that could change an item recomputed every item of the need concerned:
-- a claim on a need with 2,000 open tasks compared 2,000 items, and inserting a need's 2,000
-- tasks one by one compared 2,000 x 2,000 / 2. A task's item depends only on its own row, on its
-- need's row and on the blocks edges into the task and into its need (ready_items_expected); a
-- need's own item depends on its own row, on the blocks edges into it and on whether one of its
-- tasks is live. So a write to a task recomputes that task's item and its need's own item; a
-- blocks edge into a task recomputes that task's item; a need's status move that neither enters
-- nor leaves deferred or resolved recomputes the need's own item. Every other change of a need
-- (entering or leaving deferred or resolved, priority, scope, tags, a blocks edge into it, a
-- blocker of it finishing) still recomputes the whole need, as in V4.
--
-- ready_items_expected stays the definition of every item; ready_dirty stays the need-level
-- recompute (and what a restore runs, docs/schema.md). No rule changes and no existing row
-- changes: the items V4 kept are exact, and V6 keeps them exact from here. Loadable by the sqlite3
-- shell 3.40+.

-- ---------------------------------------------------------------------------------------------
-- Recomputing one item: inserting (kind_order, id) here brings that one row of ready_items in line
-- with ready_items_expected (the filter on kind_order and id reaches the view's two branches, so
-- each looks up one task or one need by its key); the row is gone again when the statement ends.

CREATE TABLE ready_dirty_item (
  kind_order INTEGER NOT NULL CHECK (kind_order IN (0, 1)),
  id INTEGER NOT NULL,
  PRIMARY KEY (kind_order, id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER ready_dirty_item_recompute AFTER INSERT ON ready_dirty_item
BEGIN
  DELETE FROM ready_items
  WHERE kind_order = new.kind_order AND id = new.id
    AND NOT EXISTS (SELECT 1 FROM ready_items_expected e WHERE e.kind_order = new.kind_order AND e.id = new.id);
  UPDATE ready_items SET (need_id, p, created_at, state, scope, tags) = (
      SELECT e.need_id, e.p, e.created_at, e.state, e.scope, e.tags FROM ready_items_expected e
      WHERE e.kind_order = new.kind_order AND e.id = new.id)
  WHERE kind_order = new.kind_order AND id = new.id
    AND EXISTS (SELECT 1 FROM ready_items_expected e
                 WHERE e.kind_order = new.kind_order AND e.id = new.id
                   AND (e.need_id, e.p, e.created_at, e.state, e.scope, e.tags)
                       IS NOT (ready_items.need_id, ready_items.p, ready_items.created_at, ready_items.state, ready_items.scope, ready_items.tags));
  INSERT INTO ready_items (kind_order, id, need_id, p, created_at, state, scope, tags)
  SELECT e.kind_order, e.id, e.need_id, e.p, e.created_at, e.state, e.scope, e.tags FROM ready_items_expected e
  WHERE e.kind_order = new.kind_order AND e.id = new.id
    AND NOT EXISTS (SELECT 1 FROM ready_items r WHERE r.kind_order = new.kind_order AND r.id = new.id);
  DELETE FROM ready_dirty_item WHERE kind_order = new.kind_order AND id = new.id;
END;

-- The guards of V4, recreated so a write to ready_items or ready_counts is accepted while either
-- recompute runs (a row in ready_dirty or in ready_dirty_item), and refused otherwise.
DROP TRIGGER ready_items_kept_insert;
DROP TRIGGER ready_items_kept_update;
DROP TRIGGER ready_items_kept_delete;
DROP TRIGGER ready_counts_kept_insert;
DROP TRIGGER ready_counts_kept_update;
DROP TRIGGER ready_counts_kept_delete;

CREATE TRIGGER ready_items_kept_insert BEFORE INSERT ON ready_items
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty) AND NOT EXISTS (SELECT 1 FROM ready_dirty_item)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_items is kept by the database from needs, tasks and blocks edges; change those instead');
END;

CREATE TRIGGER ready_items_kept_update BEFORE UPDATE ON ready_items
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty) AND NOT EXISTS (SELECT 1 FROM ready_dirty_item)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_items is kept by the database from needs, tasks and blocks edges; change those instead');
END;

CREATE TRIGGER ready_items_kept_delete BEFORE DELETE ON ready_items
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty) AND NOT EXISTS (SELECT 1 FROM ready_dirty_item)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_items is kept by the database from needs, tasks and blocks edges; change those instead');
END;

CREATE TRIGGER ready_counts_kept_insert BEFORE INSERT ON ready_counts
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty) AND NOT EXISTS (SELECT 1 FROM ready_dirty_item)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_counts is kept by the database from ready_items; change needs, tasks or blocks edges instead');
END;

CREATE TRIGGER ready_counts_kept_update BEFORE UPDATE ON ready_counts
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty) AND NOT EXISTS (SELECT 1 FROM ready_dirty_item)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_counts is kept by the database from ready_items; change needs, tasks or blocks edges instead');
END;

CREATE TRIGGER ready_counts_kept_delete BEFORE DELETE ON ready_counts
WHEN NOT EXISTS (SELECT 1 FROM ready_dirty) AND NOT EXISTS (SELECT 1 FROM ready_dirty_item)
BEGIN
  SELECT RAISE(ABORT, 'ready: ready_counts is kept by the database from ready_items; change needs, tasks or blocks edges instead');
END;

-- ---------------------------------------------------------------------------------------------
-- The writes, V4's triggers recreated with the narrower recompute where it is exact.

-- A need's status move: its tasks' items read only whether the need is deferred or resolved, so a
-- move that changes neither (actionable -> in_progress when a first task starts, say) recomputes
-- the need's own item; priority, scope and tags reach its tasks' items, so they recompute all.
DROP TRIGGER ready_needs_update;

CREATE TRIGGER ready_needs_update AFTER UPDATE OF status, priority, scope, tags ON needs
WHEN (old.status IN ('deferred', 'resolved')) IS NOT (new.status IN ('deferred', 'resolved'))
  OR old.priority IS NOT new.priority OR old.scope IS NOT new.scope OR old.tags IS NOT new.tags
BEGIN
  INSERT INTO ready_dirty (need_id) VALUES (new.id);
END;

CREATE TRIGGER ready_needs_update_own AFTER UPDATE OF status, created_at ON needs
WHEN old.status IS NOT new.status OR old.created_at IS NOT new.created_at
BEGIN
  INSERT INTO ready_dirty_item (kind_order, id) VALUES (1, new.id);
END;

-- Resolving a need (or, by raw SQL, reopening it) frees (or blocks again) what it blocks: a task
-- alone, or a need with all its tasks.
DROP TRIGGER ready_needs_blocker;

CREATE TRIGGER ready_needs_blocker AFTER UPDATE OF status ON needs
WHEN (old.status = 'resolved') IS NOT (new.status = 'resolved')
BEGIN
  INSERT INTO ready_dirty_item (kind_order, id)
  SELECT DISTINCT 0, r.target_id FROM relationships r
  WHERE r.relationship_type = 'blocks' AND r.source_type = 'need' AND r.source_id = new.id AND r.target_type = 'task';
  INSERT INTO ready_dirty (need_id)
  SELECT DISTINCT r.target_id FROM relationships r
  WHERE r.relationship_type = 'blocks' AND r.source_type = 'need' AND r.source_id = new.id AND r.target_type = 'need';
END;

-- A new task has no edges yet: its own item, and its need's (which a live task takes away).
DROP TRIGGER ready_tasks_insert;

CREATE TRIGGER ready_tasks_insert AFTER INSERT ON tasks
BEGIN
  INSERT INTO ready_dirty_item (kind_order, id) VALUES (0, new.id);
  INSERT INTO ready_dirty_item (kind_order, id) VALUES (1, new.need_id);
END;

-- Status, priority and creation time are the task's item's facts; the status also decides whether
-- the task is live, which its need's own item reads. need_id and id cannot change (V1).
DROP TRIGGER ready_tasks_update;

CREATE TRIGGER ready_tasks_update AFTER UPDATE OF status, priority, created_at ON tasks
WHEN old.status IS NOT new.status OR old.priority IS NOT new.priority OR old.created_at IS NOT new.created_at
BEGIN
  INSERT INTO ready_dirty_item (kind_order, id) VALUES (0, new.id);
  INSERT INTO ready_dirty_item (kind_order, id) SELECT 1, new.need_id WHERE old.status IS NOT new.status;
END;

-- Completing or cancelling a task (or, by raw SQL, reopening one) frees (or blocks again) what it
-- blocks: a task alone, or a need with all its tasks.
DROP TRIGGER ready_tasks_blocker;

CREATE TRIGGER ready_tasks_blocker AFTER UPDATE OF status ON tasks
WHEN (old.status IN ('completed', 'cancelled')) IS NOT (new.status IN ('completed', 'cancelled'))
BEGIN
  INSERT INTO ready_dirty_item (kind_order, id)
  SELECT DISTINCT 0, r.target_id FROM relationships r
  WHERE r.relationship_type = 'blocks' AND r.source_type = 'task' AND r.source_id = new.id AND r.target_type = 'task';
  INSERT INTO ready_dirty (need_id)
  SELECT DISTINCT r.target_id FROM relationships r
  WHERE r.relationship_type = 'blocks' AND r.source_type = 'task' AND r.source_id = new.id AND r.target_type = 'need';
END;

-- A deleted task is no item, and a blocker no more (its edges are deleted with it; this covers
-- edges left behind).
DROP TRIGGER ready_tasks_delete;

CREATE TRIGGER ready_tasks_delete AFTER DELETE ON tasks
BEGIN
  INSERT INTO ready_dirty_item (kind_order, id) VALUES (0, old.id);
  INSERT INTO ready_dirty_item (kind_order, id) VALUES (1, old.need_id);
  INSERT INTO ready_dirty_item (kind_order, id)
  SELECT DISTINCT 0, r.target_id FROM relationships r
  WHERE r.relationship_type = 'blocks' AND r.source_type = 'task' AND r.source_id = old.id AND r.target_type = 'task';
  INSERT INTO ready_dirty (need_id)
  SELECT DISTINCT r.target_id FROM relationships r
  WHERE r.relationship_type = 'blocks' AND r.source_type = 'task' AND r.source_id = old.id AND r.target_type = 'need';
END;

-- A blocks edge into a task changes that task's item alone; into a need, the need's and its tasks'.
DROP TRIGGER ready_blocks_insert;
DROP TRIGGER ready_blocks_delete;
DROP TRIGGER ready_blocks_update;

CREATE TRIGGER ready_blocks_insert AFTER INSERT ON relationships
WHEN new.relationship_type = 'blocks' AND new.target_type IN ('need', 'task')
BEGIN
  INSERT INTO ready_dirty_item (kind_order, id) SELECT 0, new.target_id WHERE new.target_type = 'task';
  INSERT INTO ready_dirty (need_id) SELECT new.target_id WHERE new.target_type = 'need';
END;

CREATE TRIGGER ready_blocks_delete AFTER DELETE ON relationships
WHEN old.relationship_type = 'blocks' AND old.target_type IN ('need', 'task')
BEGIN
  INSERT INTO ready_dirty_item (kind_order, id) SELECT 0, old.target_id WHERE old.target_type = 'task';
  INSERT INTO ready_dirty (need_id) SELECT old.target_id WHERE old.target_type = 'need';
END;

CREATE TRIGGER ready_blocks_update AFTER UPDATE OF relationship_type, source_type, source_id, target_type, target_id ON relationships
WHEN old.relationship_type = 'blocks' OR new.relationship_type = 'blocks'
BEGIN
  INSERT INTO ready_dirty_item (kind_order, id) SELECT 0, old.target_id WHERE old.target_type = 'task';
  INSERT INTO ready_dirty (need_id) SELECT old.target_id WHERE old.target_type = 'need';
  INSERT INTO ready_dirty_item (kind_order, id) SELECT 0, new.target_id WHERE new.target_type = 'task';
  INSERT INTO ready_dirty (need_id) SELECT new.target_id WHERE new.target_type = 'need';
END;
