-- mlos V9: the agent run lifecycle is kept by the database, as the need and task lifecycles are.
-- Before V9 only the engine judged an agent run's moves, so any other client (the sqlite3 shell, a
-- script, an import's UPDATE) could move a completed or failed run back to active, and a run that
-- was active again could claim tasks. The moves are the engine's:
--
--   provisioning -> active (started), failed
--   active       -> completed, failed
--   completed, failed: final (a finished run is not resumed; new work is a new run)
--
-- Only moves between two valid states are judged here; an unknown state is left to the
-- agents_status CHECK so its message names the column. A row may be inserted in any status (seeds
-- and importers write finished runs as they were), and an UPDATE that leaves the status as it is
-- passes. Existing rows are not changed. Loadable by the sqlite3 shell 3.40+.

CREATE TRIGGER agents_status_move BEFORE UPDATE OF status ON agents
WHEN old.status IS NOT new.status
  AND new.status IN ('provisioning', 'active', 'completed', 'failed')
  AND old.status || ' -> ' || new.status NOT IN
    ('provisioning -> active', 'provisioning -> failed', 'active -> completed', 'active -> failed')
BEGIN
  SELECT CASE old.status || ' -> ' || new.status
    WHEN 'provisioning -> completed' THEN RAISE(ABORT, 'agent: provisioning -> completed is not allowed; from provisioning: active, failed (a run completes from active: set status = ''active'' first)')
    WHEN 'active -> provisioning' THEN RAISE(ABORT, 'agent: active -> provisioning is not allowed; from active: completed, failed')
    WHEN 'completed -> provisioning' THEN RAISE(ABORT, 'agent: completed -> provisioning is not allowed; completed is final (more work is a new agent run: insert a new row)')
    WHEN 'completed -> active' THEN RAISE(ABORT, 'agent: completed -> active is not allowed; completed is final (more work is a new agent run: insert a new row)')
    WHEN 'completed -> failed' THEN RAISE(ABORT, 'agent: completed -> failed is not allowed; completed is final (more work is a new agent run: insert a new row)')
    WHEN 'failed -> provisioning' THEN RAISE(ABORT, 'agent: failed -> provisioning is not allowed; failed is final (a retry is a new agent run: insert a new row)')
    WHEN 'failed -> active' THEN RAISE(ABORT, 'agent: failed -> active is not allowed; failed is final (a retry is a new agent run: insert a new row)')
    WHEN 'failed -> completed' THEN RAISE(ABORT, 'agent: failed -> completed is not allowed; failed is final (a retry is a new agent run: insert a new row)')
    ELSE RAISE(ABORT, 'agent: this status move is not allowed')
  END;
END;
