-- mlos V3: partial indexes for ready work (docs/engine.md, "Cost"). They change no rule and no
-- row; they let ready work read what it needs instead of scanning every task and edge.

-- The open tasks of a need, with what ranking reads of them (covering: the id is the rowid).
CREATE INDEX tasks_open_by_need ON tasks (need_id, priority, created_at) WHERE status = 'open';

-- "Does this need have a live task": actionable needs waiting to be graduated.
CREATE INDEX tasks_live_by_need ON tasks (need_id) WHERE status IN ('open', 'assigned', 'in_progress');

-- The blocks edges (a few percent of all edges), by source: the blocked targets are computed
-- from them on every ready-work call.
CREATE INDEX relationships_blocks ON relationships (source_type, source_id, target_type, target_id)
  WHERE relationship_type = 'blocks';
