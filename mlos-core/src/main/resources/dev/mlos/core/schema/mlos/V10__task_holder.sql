-- mlos V10: a held task's agent changes only through a release and a new claim.
-- Before V10 the engine's claim (UPDATE ... WHERE status = 'open') was the only guard, so any other
-- client (the sqlite3 shell, a script) could hand a task another agent holds to a second agent with
-- one UPDATE of assigned_agent_id: the holder lost it without a release, and two agents could both
-- believe they held it. Now, once a task has left open, its agent cannot change from one agent to
-- another: release it (status = 'open', assigned_agent_id = NULL), then claim it for the other.
-- Nor is its agent cleared while it stays out of open: two UPDATEs (NULL, then the other agent)
-- would hand it over as well. Setting an agent where there was none is judged by
-- tasks_check_update as before; an open task (an import may insert one naming an agent) may still
-- be claimed by another. Inserts are not judged, and no row changes. Loadable by the sqlite3 shell
-- 3.40+.

CREATE TRIGGER tasks_holder_kept BEFORE UPDATE OF assigned_agent_id ON tasks
WHEN old.assigned_agent_id IS NOT NULL
  AND old.status IS NOT 'open'
  AND (new.assigned_agent_id IS NOT NULL AND old.assigned_agent_id IS NOT new.assigned_agent_id
    OR new.assigned_agent_id IS NULL AND new.status IS NOT 'open')
BEGIN
  SELECT RAISE(ABORT, 'task: its agent holds it; another agent gets it only after a release: set status = ''open'' and assigned_agent_id = NULL first, then claim it');
END;
