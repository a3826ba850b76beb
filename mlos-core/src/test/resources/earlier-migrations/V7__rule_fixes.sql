-- mlos V7: four rules the lifecycle promised and did not keep (docs/schema.md, "Upgrading to V7").
--
-- 1. A deferred need comes back as identified or active. When its tasks finished meanwhile (one
--    completed, none open, assigned, in_progress or failed) and it is made actionable again, it is
--    resolved (through in_progress), as it would have been had it been actionable when its last
--    task completed. Before V7 it stayed actionable with its work done, and ready work offered it
--    as a need waiting for tasks. A need with a failed task stays actionable, ready for new tasks
--    (docs/engine.md); one with a live task follows that task when it finishes, as before.
-- 2. No deadlock through blocks edges: a task waits for the blockers of its need as well as its
--    own, and a need waits for its tasks. A blocks edge is refused when its source already waits,
--    through blocks edges and those two rules, for its target (or, for a need, for one of its
--    tasks). Before V7 only cycles of blocks edges alone were refused, so "task 1 blocks need 2,
--    need 2 blocks need 1" (task 1 being need 1's) left both blocked for good. A cycle of blocks
--    edges alone is still refused by V2's triggers, with their message.
-- 3. A need cannot be resolved by hand while one of its tasks is failed (docs/schema.md: a failed
--    task keeps its need unresolved until someone retries or cancels it). Before V7 only open,
--    assigned and in_progress tasks held it.
-- 4. history.new_values of an update shows updated_at as the row has it after the update: the
--    touch triggers set it after the history trigger copied the row, so new_values showed the
--    time before. The history triggers of needs, tasks, artifacts and lenses are recreated with
--    the touched time (the same 'now' the touch writes: SQLite keeps it for the whole statement).
--
-- Existing rows are not changed: a need in that state, or edges that already wait on each
-- other, stay as they are (docs/schema.md says how to find them). Loadable by the sqlite3 shell
-- 3.40+.

-- ---------------------------------------------------------------------------------------------
-- 1. A need made actionable again after its tasks finished is resolved.

CREATE TRIGGER needs_follow_tasks AFTER UPDATE OF status ON needs
WHEN new.status = 'actionable' AND old.status IS NOT 'actionable'
  AND EXISTS (SELECT 1 FROM tasks WHERE need_id = new.id AND status = 'completed')
  AND NOT EXISTS (SELECT 1 FROM tasks WHERE need_id = new.id AND status IN ('open', 'assigned', 'in_progress', 'failed'))
BEGIN
  UPDATE needs SET status = 'in_progress' WHERE id = new.id AND status = 'actionable';
  UPDATE needs SET status = 'resolved' WHERE id = new.id AND status = 'in_progress';
END;

-- ---------------------------------------------------------------------------------------------
-- 2. No blocks edge whose source already waits for its target. From the target (and, for a need,
-- its tasks, which wait for the need's blockers) the walk goes to what waits for each item: what
-- it blocks, the tasks of a need it blocks, and, for a task, its need. Reaching the source means
-- the source waits for the target, which is about to wait for the source.

CREATE TRIGGER relationships_no_wait_cycle_insert BEFORE INSERT ON relationships
WHEN new.relationship_type = 'blocks' AND new.source_type IN ('need', 'task') AND new.target_type IN ('need', 'task')
  AND EXISTS (
    WITH RECURSIVE waits (type, id) AS (
      SELECT new.target_type, new.target_id
      UNION
      SELECT 'task', t.id FROM tasks t WHERE new.target_type = 'need' AND t.need_id = new.target_id
      UNION
      SELECT r.target_type, r.target_id FROM waits JOIN relationships r
          ON r.source_type = waits.type AND r.source_id = waits.id AND r.relationship_type = 'blocks'
             AND r.target_type IN ('need', 'task')
      UNION
      SELECT 'task', t.id FROM waits JOIN relationships r
          ON r.source_type = waits.type AND r.source_id = waits.id AND r.relationship_type = 'blocks'
             AND r.target_type = 'need'
        JOIN tasks t ON t.need_id = r.target_id
      UNION
      SELECT 'need', t.need_id FROM waits JOIN tasks t ON waits.type = 'task' AND t.id = waits.id)
    SELECT 1 FROM waits WHERE type = new.source_type AND id = new.source_id)
  AND NOT EXISTS (
    WITH RECURSIVE reach (type, id) AS (
      SELECT new.target_type, new.target_id
      UNION
      SELECT r.target_type, r.target_id FROM reach JOIN relationships r
          ON r.source_type = reach.type AND r.source_id = reach.id AND r.relationship_type = 'blocks')
    SELECT 1 FROM reach WHERE type = new.source_type AND id = new.source_id)
BEGIN
  SELECT RAISE(ABORT, 'relationship: this blocks edge would close a cycle through a need and its tasks (a task waits for its need''s blockers too, and a need for its tasks)');
END;

CREATE TRIGGER relationships_no_wait_cycle_update BEFORE UPDATE OF source_type, source_id, target_type, target_id, relationship_type ON relationships
WHEN new.relationship_type = 'blocks' AND new.source_type IN ('need', 'task') AND new.target_type IN ('need', 'task')
  AND EXISTS (
    WITH RECURSIVE waits (type, id) AS (
      SELECT new.target_type, new.target_id
      UNION
      SELECT 'task', t.id FROM tasks t WHERE new.target_type = 'need' AND t.need_id = new.target_id
      UNION
      SELECT r.target_type, r.target_id FROM waits JOIN relationships r
          ON r.source_type = waits.type AND r.source_id = waits.id AND r.relationship_type = 'blocks'
             AND r.target_type IN ('need', 'task') AND r.id IS NOT new.id
      UNION
      SELECT 'task', t.id FROM waits JOIN relationships r
          ON r.source_type = waits.type AND r.source_id = waits.id AND r.relationship_type = 'blocks'
             AND r.target_type = 'need' AND r.id IS NOT new.id
        JOIN tasks t ON t.need_id = r.target_id
      UNION
      SELECT 'need', t.need_id FROM waits JOIN tasks t ON waits.type = 'task' AND t.id = waits.id)
    SELECT 1 FROM waits WHERE type = new.source_type AND id = new.source_id)
  AND NOT EXISTS (
    WITH RECURSIVE reach (type, id) AS (
      SELECT new.target_type, new.target_id
      UNION
      SELECT r.target_type, r.target_id FROM reach JOIN relationships r
          ON r.source_type = reach.type AND r.source_id = reach.id AND r.relationship_type = 'blocks' AND r.id IS NOT new.id)
    SELECT 1 FROM reach WHERE type = new.source_type AND id = new.source_id)
BEGIN
  SELECT RAISE(ABORT, 'relationship: this blocks edge would close a cycle through a need and its tasks (a task waits for its need''s blockers too, and a need for its tasks)');
END;

-- ---------------------------------------------------------------------------------------------
-- 3. No need resolved past a failed task.

DROP TRIGGER needs_resolve_check;

CREATE TRIGGER needs_resolve_check BEFORE UPDATE OF status ON needs
WHEN new.status = 'resolved' AND old.status IS NOT 'resolved'
  AND EXISTS (SELECT 1 FROM tasks WHERE need_id = new.id AND status IN ('open', 'assigned', 'in_progress', 'failed'))
BEGIN
  SELECT RAISE(ABORT, 'need: cannot be resolved while one of its tasks is open, assigned, in_progress or failed; complete, retry or cancel those tasks first');
END;

-- ---------------------------------------------------------------------------------------------
-- 4. History rows of updates with the updated_at the touch triggers write.

DROP TRIGGER needs_history_update;

CREATE TRIGGER needs_history_update AFTER UPDATE ON needs
WHEN old.id IS NOT new.id
  OR old.title IS NOT new.title
  OR old.description IS NOT new.description
  OR old.status IS NOT new.status
  OR old.priority IS NOT new.priority
  OR old.scope IS NOT new.scope
  OR old.tags IS NOT new.tags
  OR old.created_at IS NOT new.created_at
  OR old.source_transcript IS NOT new.source_transcript
  OR old.parent_need_id IS NOT new.parent_need_id
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, old_values, new_values, actor, session, reason)
  VALUES ('need', new.id, 'update',
    CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
    json_object('id', old.id, 'title', old.title, 'description', old.description, 'status', old.status,
      'priority', old.priority, 'scope', old.scope, 'tags', json(old.tags), 'created_at', old.created_at,
      'updated_at', old.updated_at, 'source_transcript', old.source_transcript,
      'parent_need_id', old.parent_need_id),
    json_object('id', new.id, 'title', new.title, 'description', new.description, 'status', new.status,
      'priority', new.priority, 'scope', new.scope, 'tags', json(new.tags), 'created_at', new.created_at,
      'updated_at', CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
      'source_transcript', new.source_transcript,
      'parent_need_id', new.parent_need_id),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

DROP TRIGGER tasks_history_update;

CREATE TRIGGER tasks_history_update AFTER UPDATE ON tasks
WHEN (old.id IS NOT new.id
  OR old.need_id IS NOT new.need_id
  OR old.description IS NOT new.description
  OR old.status IS NOT new.status
  OR old.priority IS NOT new.priority
  OR old.assigned_agent_id IS NOT new.assigned_agent_id
  OR old.result IS NOT new.result
  OR old.created_at IS NOT new.created_at
  OR old.assigned_date IS NOT new.assigned_date
  OR old.source_transcript IS NOT new.source_transcript)
  AND NOT (old.priority IS NULL AND new.priority IS NOT NULL AND old.updated_at IS new.updated_at
           AND (SELECT h.operation = 'insert' AND json_extract(h.new_values, '$.priority') IS new.priority
                  FROM history h WHERE h.entity = 'task' AND h.entity_id = new.id ORDER BY h.id DESC LIMIT 1))
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, old_values, new_values, actor, session, reason)
  VALUES ('task', new.id, 'update',
    CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
    json_object('id', old.id, 'need_id', old.need_id, 'description', old.description,
      'status', old.status, 'priority', old.priority, 'assigned_agent_id', old.assigned_agent_id,
      'result', old.result, 'created_at', old.created_at, 'updated_at', old.updated_at,
      'assigned_date', old.assigned_date, 'source_transcript', old.source_transcript),
    json_object('id', new.id, 'need_id', new.need_id, 'description', new.description,
      'status', new.status, 'priority', new.priority, 'assigned_agent_id', new.assigned_agent_id,
      'result', new.result, 'created_at', new.created_at,
      'updated_at', CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
      'assigned_date', new.assigned_date, 'source_transcript', new.source_transcript),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

DROP TRIGGER artifacts_history_update;

CREATE TRIGGER artifacts_history_update AFTER UPDATE ON artifacts
WHEN old.id IS NOT new.id
  OR old.title IS NOT new.title
  OR old.description IS NOT new.description
  OR old.file_path IS NOT new.file_path
  OR old.artifact_type IS NOT new.artifact_type
  OR old.content_hash IS NOT new.content_hash
  OR old.created_at IS NOT new.created_at
  OR old.source_transcript IS NOT new.source_transcript
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, old_values, new_values, actor, session, reason)
  VALUES ('artifact', new.id, 'update',
    CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
    json_object('id', old.id, 'title', old.title, 'description', old.description,
      'file_path', old.file_path, 'artifact_type', old.artifact_type,
      'content_hash', old.content_hash, 'created_at', old.created_at, 'updated_at', old.updated_at,
      'source_transcript', old.source_transcript),
    json_object('id', new.id, 'title', new.title, 'description', new.description,
      'file_path', new.file_path, 'artifact_type', new.artifact_type,
      'content_hash', new.content_hash, 'created_at', new.created_at,
      'updated_at', CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
      'source_transcript', new.source_transcript),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

DROP TRIGGER lenses_history_update;

CREATE TRIGGER lenses_history_update AFTER UPDATE ON lenses
WHEN old.id IS NOT new.id
  OR old.agent_id IS NOT new.agent_id
  OR old.agent_type IS NOT new.agent_type
  OR old.scopes IS NOT new.scopes
  OR old.tags IS NOT new.tags
  OR old.weights IS NOT new.weights
  OR old.token_budget IS NOT new.token_budget
  OR old.created_at IS NOT new.created_at
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, old_values, new_values, actor, session, reason)
  VALUES ('lens', new.id, 'update',
    CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
    json_object('id', old.id, 'agent_id', old.agent_id, 'agent_type', old.agent_type,
      'scopes', json(old.scopes), 'tags', json(old.tags), 'weights', json(old.weights),
      'token_budget', old.token_budget, 'created_at', old.created_at, 'updated_at', old.updated_at),
    json_object('id', new.id, 'agent_id', new.agent_id, 'agent_type', new.agent_type,
      'scopes', json(new.scopes), 'tags', json(new.tags), 'weights', json(new.weights),
      'token_budget', new.token_budget, 'created_at', new.created_at,
      'updated_at', CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;
