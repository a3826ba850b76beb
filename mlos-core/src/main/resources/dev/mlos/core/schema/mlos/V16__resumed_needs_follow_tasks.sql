-- mlos V16: a need resumed while it has tasks follows them again, whoever resumes it.
-- A deferred need comes back as identified or active (V1). Its tasks are not touched by a deferral:
-- an agent holding one may go on with it. Before V16 a need resumed with such tasks (`mlos need
-- defer 7`, `mlos need resume 7`, or UPDATE needs SET status = 'active') stayed active: the
-- triggers that move a need with its tasks (V2: the first task that starts moves an actionable need
-- to in_progress, the last one completed resolves an in_progress need) do not fire from active, so
-- its tasks started and completed and the need stayed active until someone moved it to actionable
-- by hand, and nothing said so. Now:
--
--   * a need moved from deferred to active that has a task which is not cancelled (open, assigned,
--     in_progress, completed or failed) moves on to actionable: its tasks were cut from it when it
--     was actionable, and they are what made it so;
--   * a need that becomes actionable (so moved, or by hand from active) while one of its tasks has
--     started (in_progress, completed or failed) and work is still open (a task open, assigned,
--     in_progress or failed) moves on to in_progress, as it would have when that task started;
--   * one whose tasks all finished (one completed, none open, assigned, in_progress or failed) is
--     resolved through in_progress by V7's needs_follow_tasks, as before.
--
-- So a resumed need lands where its tasks put it: in_progress (a task started or done, work still
-- open), actionable (tasks not started yet), resolved (all its work done), active (no tasks, or
-- only cancelled ones: nothing was done, new tasks are cut after `need move ID actionable`). A need
-- resumed as identified is left there: tasks are cut from actionable needs only, so it has none
-- unless rows were imported so. Each move goes through need_transitions and writes its history
-- row, like any other. Existing rows are not changed: a need left active with tasks before V16
-- follows them once it is moved to actionable (docs/schema.md, "Upgrading to V16").
-- Loadable by the sqlite3 shell 3.40+.

CREATE TRIGGER needs_resume_follow_tasks AFTER UPDATE OF status ON needs
WHEN old.status = 'deferred' AND new.status = 'active'
  AND EXISTS (SELECT 1 FROM tasks WHERE need_id = new.id
              AND status IN ('open', 'assigned', 'in_progress', 'completed', 'failed'))
BEGIN
  -- The touch first, as in V7, so the history rows of the moves start where the row's last one ended.
  UPDATE needs SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE id = new.id AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AND new.updated_at IS old.updated_at;
  UPDATE needs SET status = 'actionable' WHERE id = new.id AND status = 'active';
END;

CREATE TRIGGER needs_actionable_follow_started_tasks AFTER UPDATE OF status ON needs
WHEN new.status = 'actionable' AND old.status IS NOT 'actionable'
  AND EXISTS (SELECT 1 FROM tasks WHERE need_id = new.id AND status IN ('in_progress', 'completed', 'failed'))
  AND EXISTS (SELECT 1 FROM tasks WHERE need_id = new.id AND status IN ('open', 'assigned', 'in_progress', 'failed'))
BEGIN
  UPDATE needs SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE id = new.id AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AND new.updated_at IS old.updated_at;
  UPDATE needs SET status = 'in_progress' WHERE id = new.id AND status = 'actionable';
END;

-- SQLite runs a table's AFTER triggers newest first, and V7 created needs_history_update after
-- needs_follow_tasks so that the history row of a move is written before those of the moves it
-- causes. It is created again here, as V7 wrote it, so that it stays the newest: the history of a
-- resume reads deferred>active, active>actionable, actionable>in_progress in id order too.

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
