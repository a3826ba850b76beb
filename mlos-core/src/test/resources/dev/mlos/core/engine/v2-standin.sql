-- TEMPORARY stand-in for V2__engine.sql (being written on branch `schema`) so the engine tests can run
-- before it lands: only the tables and columns the engine reads and writes, few of the rules.
-- Deleted when `schema` is merged.
ALTER TABLE needs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
CREATE TABLE task_transitions (from_status TEXT NOT NULL, to_status TEXT NOT NULL, PRIMARY KEY (from_status, to_status)) WITHOUT ROWID;
INSERT INTO task_transitions VALUES ('open','assigned'),('open','in_progress'),('open','cancelled'),('assigned','open'),
 ('assigned','in_progress'),('assigned','completed'),('assigned','failed'),('assigned','cancelled'),('in_progress','open'),
 ('in_progress','completed'),('in_progress','failed'),('in_progress','cancelled'),('failed','open'),('failed','cancelled');
CREATE TABLE relationship_kinds (relationship_type TEXT NOT NULL, source_type TEXT NOT NULL, target_type TEXT NOT NULL,
 PRIMARY KEY (relationship_type, source_type, target_type)) WITHOUT ROWID;
INSERT INTO relationship_kinds VALUES
 ('derived_from','task','need'),('derived_from','artifact','task'),('derived_from','artifact','need'),('derived_from','artifact','artifact'),
 ('derived_from','need','need'),('derived_from','need','artifact'),
 ('references','need','need'),('references','need','task'),('references','need','artifact'),('references','task','need'),
 ('references','task','task'),('references','task','artifact'),('references','artifact','need'),('references','artifact','task'),
 ('references','artifact','artifact'),
 ('blocks','need','need'),('blocks','need','task'),('blocks','task','need'),('blocks','task','task'),('blocks','need','artifact'),
 ('enables','need','need'),('enables','need','task'),('enables','task','need'),('enables','task','task'),('enables','need','artifact'),
 ('monitors','agent','need'),('monitors','agent','task'),('monitors','need','artifact'),
 ('produced','agent','artifact'),('produced','task','artifact'),('produced','need','artifact'),
 ('consumed','agent','artifact'),('consumed','task','artifact'),('consumed','need','artifact');
CREATE TABLE write_context (id INTEGER PRIMARY KEY CHECK (id = 1), actor TEXT NOT NULL, session TEXT, reason TEXT);
ALTER TABLE history ADD COLUMN actor TEXT;
ALTER TABLE history ADD COLUMN session TEXT;
ALTER TABLE history ADD COLUMN reason TEXT;
CREATE TRIGGER history_actor AFTER INSERT ON history BEGIN
  UPDATE history SET actor = (SELECT actor FROM write_context), session = (SELECT session FROM write_context),
    reason = (SELECT reason FROM write_context) WHERE id = new.id;
END;
DROP TRIGGER history_no_update;
CREATE TABLE lenses (id INTEGER PRIMARY KEY AUTOINCREMENT, agent_id INTEGER UNIQUE REFERENCES agents (id),
  agent_type TEXT UNIQUE, scopes TEXT NOT NULL DEFAULT '[]', tags TEXT NOT NULL DEFAULT '[]', weights TEXT NOT NULL DEFAULT '{}',
  token_budget INTEGER, created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));
CREATE TRIGGER tasks_inherit_priority AFTER INSERT ON tasks WHEN new.priority IS NULL BEGIN
  UPDATE tasks SET priority = (SELECT priority FROM needs WHERE id = new.need_id) WHERE id = new.id;
END;
CREATE TRIGGER tasks_move_need AFTER UPDATE OF status ON tasks BEGIN
  UPDATE needs SET status = 'in_progress' WHERE id = new.need_id AND status = 'actionable'
    AND new.status IN ('in_progress', 'completed', 'failed');
  UPDATE needs SET status = 'resolved' WHERE id = new.need_id AND status = 'in_progress'
    AND NOT EXISTS (SELECT 1 FROM tasks WHERE need_id = new.need_id AND status IN ('open', 'assigned', 'in_progress', 'failed'))
    AND EXISTS (SELECT 1 FROM tasks WHERE need_id = new.need_id AND status = 'completed');
END;
CREATE TRIGGER tasks_open_no_agent BEFORE UPDATE OF status ON tasks WHEN new.status = 'open' AND new.assigned_agent_id IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'task: an open task has no agent; clear assigned_agent_id');
END;
