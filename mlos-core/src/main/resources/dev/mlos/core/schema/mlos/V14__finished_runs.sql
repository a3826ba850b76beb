-- mlos V14: a finished agent run (completed or failed) makes no more changes, whoever writes for it.
-- Before V14 only a claim was refused for a finished run, and only by the engine: the run itself
-- (an MCP server left running with --agent, a script acting as agent:7) could still start,
-- complete, fail or release the tasks it held, and write anything else in its name, after
-- `mlos agent finish`; the sqlite3 shell could even hand a task to a finished run with one UPDATE.
-- Now:
--
--   * a write attributed to a finished run is refused: the write's actor (write_context.actor,
--     which every history row copies) may not be agent:<id> of a completed or failed run. The
--     engine sets it on every write; a client acting for a run sets it the same way;
--   * no task is given to a finished run: assigned_agent_id may not change to a completed or
--     failed run (a claim, or an UPDATE that hands a task over).
--
-- A finished run is final (V9): more work is a new agent run, a new row. The tasks a finished run
-- still holds stay as they are (assigned, in progress or failed, held by that run; `mlos agent
-- finish` names them): anyone but the run (a person, a tool, a raw UPDATE naming no actor) may
-- release one (status = 'open', assigned_agent_id = NULL) for a new run to claim, retry a failed
-- one, or complete or cancel one on the run's behalf. Inserts of tasks are not judged (an import
-- writes rows as they were), and no row changes. Loadable by the sqlite3 shell 3.40+.

CREATE TRIGGER write_context_finished_run_insert BEFORE INSERT ON write_context
WHEN new.actor GLOB 'agent:[1-9]*'
  AND EXISTS (SELECT 1 FROM agents
              WHERE id = CAST(substr(new.actor, 7) AS INTEGER)
                AND 'agent:' || id = new.actor
                AND status IN ('completed', 'failed'))
BEGIN
  SELECT RAISE(ABORT, 'agent: a finished agent run (completed or failed) makes no more changes (agent.lifecycle): more work is a new agent run (insert a new agents row and write as it); a task the finished run still holds is released (status = ''open'', assigned_agent_id = NULL), retried or finished by anyone else');
END;

CREATE TRIGGER write_context_finished_run_update BEFORE UPDATE OF actor ON write_context
WHEN new.actor GLOB 'agent:[1-9]*'
  AND EXISTS (SELECT 1 FROM agents
              WHERE id = CAST(substr(new.actor, 7) AS INTEGER)
                AND 'agent:' || id = new.actor
                AND status IN ('completed', 'failed'))
BEGIN
  SELECT RAISE(ABORT, 'agent: a finished agent run (completed or failed) makes no more changes (agent.lifecycle): more work is a new agent run (insert a new agents row and write as it); a task the finished run still holds is released (status = ''open'', assigned_agent_id = NULL), retried or finished by anyone else');
END;

CREATE TRIGGER tasks_finished_run_claim BEFORE UPDATE OF assigned_agent_id ON tasks
WHEN new.assigned_agent_id IS NOT NULL
  AND old.assigned_agent_id IS NOT new.assigned_agent_id
  AND EXISTS (SELECT 1 FROM agents WHERE id = new.assigned_agent_id AND status IN ('completed', 'failed'))
BEGIN
  SELECT RAISE(ABORT, 'agent: a finished agent run (completed or failed) takes no task (agent.lifecycle): claim it for an active run; more work is a new agent run (insert a new agents row)');
END;
