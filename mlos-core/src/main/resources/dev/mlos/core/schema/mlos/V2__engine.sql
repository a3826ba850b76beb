-- mlos V2: the rules the need state engine relies on, enforced by SQLite itself so that raw SQL
-- (the sqlite3 shell runs with foreign keys off) obeys them too: tags on needs, the task
-- lifecycle as data, needs that follow their tasks, which entity types each relationship type
-- connects, blocks without cycles, agents' id lists, no REPLACE behind the history's back, one
-- path rule with the Java WorkspacePath, the actor in the history, and lenses.
--
-- Like V1 it must stay loadable by the sqlite3 shell 3.40+: RAISE() takes only a string literal,
-- so messages name the rule and what is allowed but not the row (the Java side adds ids).
-- Rows written under V1 are kept as they are; the rules judge every write from now on.

-- The engine's write transactions say who writes: it inserts this row first and deletes it before
-- commit, and every history trigger copies actor, session and reason from it (NULL when absent,
-- i.e. raw SQL).
CREATE TABLE write_context (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  actor TEXT NOT NULL CHECK (actor <> ''),
  session TEXT,
  reason TEXT
) STRICT;

-- ---------------------------------------------------------------------------------------------
-- History: rebuilt with actor / session / reason and the entity 'lens'. Every row and id is
-- copied; the triggers that write it are dropped first (they are recreated below with the new
-- columns), so no trigger refers to a missing table while the new one is renamed into place.

DROP TRIGGER needs_history_insert;
DROP TRIGGER needs_history_update;
DROP TRIGGER needs_history_delete;
DROP TRIGGER tasks_history_insert;
DROP TRIGGER tasks_history_update;
DROP TRIGGER tasks_history_delete;
DROP TRIGGER artifacts_history_insert;
DROP TRIGGER artifacts_history_update;
DROP TRIGGER artifacts_history_delete;
DROP TRIGGER relationships_history_insert;
DROP TRIGGER relationships_history_update;
DROP TRIGGER relationships_history_delete;
DROP TRIGGER agents_history_insert;
DROP TRIGGER agents_history_update;
DROP TRIGGER agents_history_delete;
DROP TRIGGER history_no_update;
DROP TRIGGER history_no_delete;

CREATE TABLE history_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL CHECK (entity IN ('need', 'task', 'artifact', 'relationship', 'agent', 'lens')),
  entity_id INTEGER NOT NULL,
  operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
  old_values TEXT CHECK (old_values IS NULL OR json_valid(old_values)),
  new_values TEXT CHECK (new_values IS NULL OR json_valid(new_values)),
  changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  -- Who made the change (e.g. agent:7, person:alice), in which session, and why: from write_context.
  actor TEXT,
  session TEXT,
  reason TEXT
) STRICT;

INSERT INTO history_v2 (id, entity, entity_id, operation, old_values, new_values, changed_at)
SELECT id, entity, entity_id, operation, old_values, new_values, changed_at FROM history ORDER BY id;

DROP TABLE history;
ALTER TABLE history_v2 RENAME TO history;
CREATE INDEX history_by_entity ON history (entity, entity_id);

-- ---------------------------------------------------------------------------------------------
-- Tags on needs: a JSON array of distinct tags, indexed in need_tags for readers.

ALTER TABLE needs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';

CREATE TABLE need_tags (
  tag TEXT NOT NULL,
  need_id INTEGER NOT NULL,
  PRIMARY KEY (tag, need_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX need_tags_by_need ON need_tags (need_id);

-- ---------------------------------------------------------------------------------------------
-- Lenses: what an agent (or every agent of a type) sees, how it weighs it, and its token budget.

CREATE TABLE lenses (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  agent_id INTEGER UNIQUE REFERENCES agents (id),
  agent_type TEXT UNIQUE,
  scopes TEXT NOT NULL DEFAULT '[]',
  tags TEXT NOT NULL DEFAULT '[]',
  weights TEXT NOT NULL DEFAULT '{}',
  token_budget INTEGER,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  -- Backstops; the lenses_check_* triggers below refuse first, with a message.
  CONSTRAINT lenses_owner CHECK ((agent_id IS NULL) <> (agent_type IS NULL)),
  CONSTRAINT lenses_token_budget CHECK (token_budget IS NULL OR token_budget BETWEEN 1 AND 10000000)
) STRICT;

-- ---------------------------------------------------------------------------------------------
-- The task lifecycle as data. completed and cancelled are final. A release (-> open) clears the
-- agent; a failed task is retried (-> open) or cancelled.

CREATE TABLE task_transitions (
  from_status TEXT NOT NULL
    CONSTRAINT task_transitions_from_status CHECK (from_status IN ('open', 'assigned', 'in_progress', 'completed', 'failed', 'cancelled')),
  to_status TEXT NOT NULL
    CONSTRAINT task_transitions_to_status CHECK (to_status IN ('open', 'assigned', 'in_progress', 'completed', 'failed', 'cancelled')),
  PRIMARY KEY (from_status, to_status)
) STRICT, WITHOUT ROWID;

INSERT INTO task_transitions (from_status, to_status) VALUES
  ('open', 'assigned'),
  ('open', 'in_progress'),
  ('open', 'cancelled'),
  ('assigned', 'open'),
  ('assigned', 'in_progress'),
  ('assigned', 'completed'),
  ('assigned', 'failed'),
  ('assigned', 'cancelled'),
  ('in_progress', 'open'),
  ('in_progress', 'completed'),
  ('in_progress', 'failed'),
  ('in_progress', 'cancelled'),
  ('failed', 'open'),
  ('failed', 'cancelled');

-- ---------------------------------------------------------------------------------------------
-- Which entity types each relationship type connects (docs/schema.md gives the reason per row).
-- need -> artifact is allowed for every type: seed 000's context-pack query joins need -> artifact
-- edges of any type, and existing workspaces write `need references artifact`.

CREATE TABLE relationship_kinds (
  relationship_type TEXT NOT NULL
    CONSTRAINT relationship_kinds_relationship_type
    CHECK (relationship_type IN ('derived_from', 'references', 'blocks', 'enables', 'monitors', 'produced', 'consumed')),
  source_type TEXT NOT NULL
    CONSTRAINT relationship_kinds_source_type CHECK (source_type IN ('need', 'task', 'artifact', 'agent')),
  target_type TEXT NOT NULL
    CONSTRAINT relationship_kinds_target_type CHECK (target_type IN ('need', 'task', 'artifact', 'agent')),
  PRIMARY KEY (relationship_type, source_type, target_type)
) STRICT, WITHOUT ROWID;

INSERT INTO relationship_kinds (relationship_type, source_type, target_type) VALUES
  ('derived_from', 'task', 'need'),
  ('derived_from', 'artifact', 'task'),
  ('derived_from', 'artifact', 'need'),
  ('derived_from', 'artifact', 'artifact'),
  ('derived_from', 'need', 'need'),
  ('derived_from', 'need', 'artifact'),
  ('references', 'need', 'need'),
  ('references', 'need', 'task'),
  ('references', 'need', 'artifact'),
  ('references', 'task', 'need'),
  ('references', 'task', 'task'),
  ('references', 'task', 'artifact'),
  ('references', 'artifact', 'need'),
  ('references', 'artifact', 'task'),
  ('references', 'artifact', 'artifact'),
  ('blocks', 'need', 'need'),
  ('blocks', 'need', 'task'),
  ('blocks', 'task', 'need'),
  ('blocks', 'task', 'task'),
  ('blocks', 'need', 'artifact'),
  ('enables', 'need', 'need'),
  ('enables', 'need', 'task'),
  ('enables', 'task', 'need'),
  ('enables', 'task', 'task'),
  ('enables', 'need', 'artifact'),
  ('monitors', 'agent', 'need'),
  ('monitors', 'agent', 'task'),
  ('monitors', 'need', 'artifact'),
  ('produced', 'agent', 'artifact'),
  ('produced', 'task', 'artifact'),
  ('produced', 'need', 'artifact'),
  ('consumed', 'agent', 'artifact'),
  ('consumed', 'task', 'artifact'),
  ('consumed', 'need', 'artifact');

-- ---------------------------------------------------------------------------------------------
-- Nothing is replaced behind the history's back. INSERT OR REPLACE / REPLACE would delete the
-- existing row without a trigger (recursive_triggers is off by default) and an UPSERT would turn
-- into an UPDATE the caller did not write as one: a BEFORE INSERT trigger runs before either, so
-- an insert whose id exists is refused whatever its conflict clause says. The *_check_insert
-- triggers below repeat the test as their first case, so this is the message whichever BEFORE
-- trigger SQLite runs first.

CREATE TRIGGER needs_id_new BEFORE INSERT ON needs
WHEN EXISTS (SELECT 1 FROM needs WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'need: id exists; use UPDATE');
END;

CREATE TRIGGER tasks_id_new BEFORE INSERT ON tasks
WHEN EXISTS (SELECT 1 FROM tasks WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'task: id exists; use UPDATE');
END;

CREATE TRIGGER artifacts_id_new BEFORE INSERT ON artifacts
WHEN EXISTS (SELECT 1 FROM artifacts WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'artifact: id exists; use UPDATE');
END;

CREATE TRIGGER relationships_id_new BEFORE INSERT ON relationships
WHEN EXISTS (SELECT 1 FROM relationships WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'relationship: id exists; use UPDATE');
END;

CREATE TRIGGER agents_id_new BEFORE INSERT ON agents
WHEN EXISTS (SELECT 1 FROM agents WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'agent: id exists; use UPDATE');
END;

CREATE TRIGGER lenses_id_new BEFORE INSERT ON lenses
WHEN EXISTS (SELECT 1 FROM lenses WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'lens: id exists; use UPDATE');
END;

CREATE TRIGGER history_id_new BEFORE INSERT ON history
WHEN EXISTS (SELECT 1 FROM history WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'history: id exists; history is append-only');
END;

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN
  SELECT RAISE(ABORT, 'history is append-only: rows cannot be updated');
END;

CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN
  SELECT RAISE(ABORT, 'history is append-only: rows cannot be deleted');
END;

CREATE TRIGGER lenses_id_fixed BEFORE UPDATE OF id ON lenses
WHEN old.id IS NOT new.id
BEGIN
  SELECT RAISE(ABORT, 'lens: id cannot change');
END;

-- ---------------------------------------------------------------------------------------------
-- Needs: parent (also with foreign keys off), tags, transcript.

CREATE TRIGGER needs_check_insert BEFORE INSERT ON needs
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM needs WHERE id = new.id) THEN RAISE(ABORT, 'need: id exists; use UPDATE')
    -- Also a row left pointing at a missing id (written with foreign keys off before V2) must not
    -- close a cycle when that id is inserted.
    WHEN new.parent_need_id IS NOT NULL AND new.id IN (
      WITH RECURSIVE ancestors (id) AS (
        SELECT new.parent_need_id
        UNION
        SELECT n.parent_need_id FROM needs n JOIN ancestors a ON n.id = a.id WHERE n.parent_need_id IS NOT NULL)
      SELECT id FROM ancestors)
      THEN RAISE(ABORT, 'need: parent_need_id would form a cycle')
    WHEN new.parent_need_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM needs WHERE id = new.parent_need_id)
      THEN RAISE(ABORT, 'need: its parent need does not exist')
    WHEN new.tags IS NULL OR NOT json_valid(new.tags) OR json_type(new.tags) <> 'array'
      THEN RAISE(ABORT, 'need: tags must be a JSON array of tags, e.g. ["kernel", "methodology"]')
    WHEN EXISTS (SELECT 1 FROM json_each(new.tags) j
                  WHERE j.type <> 'text' OR length(j.value) NOT BETWEEN 1 AND 64
                     OR j.value NOT GLOB '[a-z0-9]*' OR j.value GLOB '*[^a-z0-9_.:-]*')
      THEN RAISE(ABORT, 'need: each tag must be a string of 1-64 characters a-z 0-9 _ . : - starting with a letter or digit')
    WHEN (SELECT count(*) FROM json_each(new.tags)) <> (SELECT count(DISTINCT value) FROM json_each(new.tags))
      THEN RAISE(ABORT, 'need: tags must not repeat a tag')
    WHEN new.source_transcript GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
      OR instr(CAST(new.source_transcript AS BLOB), x'00') > 0
      THEN RAISE(ABORT, 'need: source_transcript must not contain control characters')
  END;
END;

CREATE TRIGGER needs_check_update BEFORE UPDATE OF parent_need_id, tags, source_transcript ON needs
BEGIN
  SELECT CASE
    WHEN new.parent_need_id IS NOT NULL AND old.parent_need_id IS NOT new.parent_need_id
      AND NOT EXISTS (SELECT 1 FROM needs WHERE id = new.parent_need_id)
      THEN RAISE(ABORT, 'need: its parent need does not exist')
    WHEN old.tags IS NOT new.tags AND (new.tags IS NULL OR NOT json_valid(new.tags) OR json_type(new.tags) <> 'array')
      THEN RAISE(ABORT, 'need: tags must be a JSON array of tags, e.g. ["kernel", "methodology"]')
    WHEN old.tags IS NOT new.tags AND EXISTS (SELECT 1 FROM json_each(new.tags) j
                  WHERE j.type <> 'text' OR length(j.value) NOT BETWEEN 1 AND 64
                     OR j.value NOT GLOB '[a-z0-9]*' OR j.value GLOB '*[^a-z0-9_.:-]*')
      THEN RAISE(ABORT, 'need: each tag must be a string of 1-64 characters a-z 0-9 _ . : - starting with a letter or digit')
    WHEN old.tags IS NOT new.tags
      AND (SELECT count(*) FROM json_each(new.tags)) <> (SELECT count(DISTINCT value) FROM json_each(new.tags))
      THEN RAISE(ABORT, 'need: tags must not repeat a tag')
    WHEN old.source_transcript IS NOT new.source_transcript
      AND (new.source_transcript GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
           OR instr(CAST(new.source_transcript AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: source_transcript must not contain control characters')
  END;
END;

-- With foreign keys on SQLite refuses these deletes itself; with them off the rows would be left
-- pointing at nothing.
CREATE TRIGGER needs_delete_check BEFORE DELETE ON needs
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM needs WHERE parent_need_id = old.id)
      THEN RAISE(ABORT, 'need: it is the parent of other needs; give them another parent (or none) first')
    WHEN EXISTS (SELECT 1 FROM tasks WHERE need_id = old.id)
      THEN RAISE(ABORT, 'need: it has tasks; delete them first')
  END;
END;

-- A need cannot be resolved while work on it is still open.
CREATE TRIGGER needs_resolve_check BEFORE UPDATE OF status ON needs
WHEN new.status = 'resolved' AND old.status IS NOT 'resolved'
  AND EXISTS (SELECT 1 FROM tasks WHERE need_id = new.id AND status IN ('open', 'assigned', 'in_progress'))
BEGIN
  SELECT RAISE(ABORT, 'need: cannot be resolved while one of its tasks is open, assigned or in_progress; complete or cancel those tasks first');
END;

-- need_tags is an index of needs.tags, kept by the triggers below; direct writes that would make it
-- disagree with needs.tags are refused.
CREATE TRIGGER needs_tags_insert AFTER INSERT ON needs
WHEN new.tags <> '[]'
BEGIN
  INSERT INTO need_tags (tag, need_id) SELECT DISTINCT value, new.id FROM json_each(new.tags);
END;

CREATE TRIGGER needs_tags_update AFTER UPDATE OF tags ON needs
WHEN old.tags IS NOT new.tags
BEGIN
  DELETE FROM need_tags WHERE need_id = new.id AND tag NOT IN (SELECT value FROM json_each(new.tags));
  INSERT OR IGNORE INTO need_tags (tag, need_id) SELECT DISTINCT value, new.id FROM json_each(new.tags);
END;

CREATE TRIGGER needs_tags_delete AFTER DELETE ON needs
BEGIN
  DELETE FROM need_tags WHERE need_id = old.id;
END;

CREATE TRIGGER need_tags_insert_check BEFORE INSERT ON need_tags
WHEN NOT EXISTS (SELECT 1 FROM needs n, json_each(n.tags) j WHERE n.id = new.need_id AND j.value = new.tag)
BEGIN
  SELECT RAISE(ABORT, 'need: need_tags is kept from needs.tags; set the tags on the need instead');
END;

CREATE TRIGGER need_tags_delete_check BEFORE DELETE ON need_tags
WHEN EXISTS (SELECT 1 FROM needs n, json_each(n.tags) j WHERE n.id = old.need_id AND j.value = old.tag)
BEGIN
  SELECT RAISE(ABORT, 'need: need_tags is kept from needs.tags; set the tags on the need instead');
END;

CREATE TRIGGER need_tags_no_update BEFORE UPDATE ON need_tags
BEGIN
  SELECT RAISE(ABORT, 'need: need_tags is kept from needs.tags; set the tags on the need instead');
END;

-- ---------------------------------------------------------------------------------------------
-- Tasks: lifecycle, agent, transcript.

-- Only moves between two valid states are judged here; an unknown state is left to the
-- tasks_status CHECK. There is a message for every pair, allowed ones included, so
-- task_transitions can be edited without touching this trigger.
CREATE TRIGGER tasks_status_move BEFORE UPDATE OF status ON tasks
WHEN old.status IS NOT new.status
  AND new.status IN ('open', 'assigned', 'in_progress', 'completed', 'failed', 'cancelled')
  AND NOT EXISTS (SELECT 1 FROM task_transitions WHERE from_status = old.status AND to_status = new.status)
BEGIN
  SELECT CASE old.status || ' -> ' || new.status
    WHEN 'open -> assigned' THEN RAISE(ABORT, 'task: open -> assigned is not allowed; from open: assigned, in_progress, cancelled')
    WHEN 'open -> in_progress' THEN RAISE(ABORT, 'task: open -> in_progress is not allowed; from open: assigned, in_progress, cancelled')
    WHEN 'open -> completed' THEN RAISE(ABORT, 'task: open -> completed is not allowed; from open: assigned, in_progress, cancelled')
    WHEN 'open -> failed' THEN RAISE(ABORT, 'task: open -> failed is not allowed; from open: assigned, in_progress, cancelled')
    WHEN 'open -> cancelled' THEN RAISE(ABORT, 'task: open -> cancelled is not allowed; from open: assigned, in_progress, cancelled')
    WHEN 'assigned -> open' THEN RAISE(ABORT, 'task: assigned -> open is not allowed; from assigned: open, in_progress, completed, failed, cancelled')
    WHEN 'assigned -> in_progress' THEN RAISE(ABORT, 'task: assigned -> in_progress is not allowed; from assigned: open, in_progress, completed, failed, cancelled')
    WHEN 'assigned -> completed' THEN RAISE(ABORT, 'task: assigned -> completed is not allowed; from assigned: open, in_progress, completed, failed, cancelled')
    WHEN 'assigned -> failed' THEN RAISE(ABORT, 'task: assigned -> failed is not allowed; from assigned: open, in_progress, completed, failed, cancelled')
    WHEN 'assigned -> cancelled' THEN RAISE(ABORT, 'task: assigned -> cancelled is not allowed; from assigned: open, in_progress, completed, failed, cancelled')
    WHEN 'in_progress -> open' THEN RAISE(ABORT, 'task: in_progress -> open is not allowed; from in_progress: open, completed, failed, cancelled')
    WHEN 'in_progress -> assigned' THEN RAISE(ABORT, 'task: in_progress -> assigned is not allowed; from in_progress: open, completed, failed, cancelled')
    WHEN 'in_progress -> completed' THEN RAISE(ABORT, 'task: in_progress -> completed is not allowed; from in_progress: open, completed, failed, cancelled')
    WHEN 'in_progress -> failed' THEN RAISE(ABORT, 'task: in_progress -> failed is not allowed; from in_progress: open, completed, failed, cancelled')
    WHEN 'in_progress -> cancelled' THEN RAISE(ABORT, 'task: in_progress -> cancelled is not allowed; from in_progress: open, completed, failed, cancelled')
    WHEN 'completed -> open' THEN RAISE(ABORT, 'task: completed -> open is not allowed; completed is final')
    WHEN 'completed -> assigned' THEN RAISE(ABORT, 'task: completed -> assigned is not allowed; completed is final')
    WHEN 'completed -> in_progress' THEN RAISE(ABORT, 'task: completed -> in_progress is not allowed; completed is final')
    WHEN 'completed -> failed' THEN RAISE(ABORT, 'task: completed -> failed is not allowed; completed is final')
    WHEN 'completed -> cancelled' THEN RAISE(ABORT, 'task: completed -> cancelled is not allowed; completed is final')
    WHEN 'failed -> open' THEN RAISE(ABORT, 'task: failed -> open is not allowed; from failed: open, cancelled')
    WHEN 'failed -> assigned' THEN RAISE(ABORT, 'task: failed -> assigned is not allowed; from failed: open, cancelled')
    WHEN 'failed -> in_progress' THEN RAISE(ABORT, 'task: failed -> in_progress is not allowed; from failed: open, cancelled')
    WHEN 'failed -> completed' THEN RAISE(ABORT, 'task: failed -> completed is not allowed; from failed: open, cancelled')
    WHEN 'failed -> cancelled' THEN RAISE(ABORT, 'task: failed -> cancelled is not allowed; from failed: open, cancelled')
    WHEN 'cancelled -> open' THEN RAISE(ABORT, 'task: cancelled -> open is not allowed; cancelled is final')
    WHEN 'cancelled -> assigned' THEN RAISE(ABORT, 'task: cancelled -> assigned is not allowed; cancelled is final')
    WHEN 'cancelled -> in_progress' THEN RAISE(ABORT, 'task: cancelled -> in_progress is not allowed; cancelled is final')
    WHEN 'cancelled -> completed' THEN RAISE(ABORT, 'task: cancelled -> completed is not allowed; cancelled is final')
    WHEN 'cancelled -> failed' THEN RAISE(ABORT, 'task: cancelled -> failed is not allowed; cancelled is final')
    ELSE RAISE(ABORT, 'task: this status move is not allowed')
  END;
END;

CREATE TRIGGER tasks_check_insert BEFORE INSERT ON tasks
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM tasks WHERE id = new.id) THEN RAISE(ABORT, 'task: id exists; use UPDATE')
    WHEN new.assigned_agent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agents WHERE id = new.assigned_agent_id)
      THEN RAISE(ABORT, 'task: its agent does not exist')
    WHEN new.source_transcript GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
      OR instr(CAST(new.source_transcript AS BLOB), x'00') > 0
      THEN RAISE(ABORT, 'task: source_transcript must not contain control characters')
  END;
END;

-- The agent rules judge moves and agent changes; a row inserted as it was elsewhere (an import of
-- legacy 'assigned' tasks, which name no agent) is taken as it is.
CREATE TRIGGER tasks_check_update BEFORE UPDATE OF status, assigned_agent_id, source_transcript ON tasks
BEGIN
  SELECT CASE
    WHEN new.assigned_agent_id IS NOT NULL AND old.assigned_agent_id IS NOT new.assigned_agent_id
      AND NOT EXISTS (SELECT 1 FROM agents WHERE id = new.assigned_agent_id)
      THEN RAISE(ABORT, 'task: its agent does not exist')
    WHEN new.status = 'assigned' AND new.assigned_agent_id IS NULL
      AND (old.status IS NOT new.status OR old.assigned_agent_id IS NOT new.assigned_agent_id)
      THEN RAISE(ABORT, 'task: an assigned task needs an assigned_agent_id; set it in the same UPDATE')
    WHEN new.status = 'open' AND new.assigned_agent_id IS NOT NULL
      AND (old.status IS NOT new.status OR old.assigned_agent_id IS NOT new.assigned_agent_id)
      THEN RAISE(ABORT, 'task: an open task has no agent; set assigned_agent_id = NULL when releasing it')
    WHEN old.status IS NOT new.status AND new.status IN ('open', 'assigned', 'in_progress')
      AND EXISTS (SELECT 1 FROM needs WHERE id = new.need_id AND status = 'resolved')
      THEN RAISE(ABORT, 'task: its need is resolved; the task can only be cancelled')
    WHEN old.source_transcript IS NOT new.source_transcript
      AND (new.source_transcript GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
           OR instr(CAST(new.source_transcript AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'task: source_transcript must not contain control characters')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- Needs follow their tasks. The first task that starts (in_progress, completed or failed) moves an
-- actionable need to in_progress; when none of its tasks is open, assigned, in_progress or failed
-- and at least one is completed, the need is resolved. A failed task keeps the need in_progress:
-- the work is not done and someone has to decide (retry: failed -> open, or cancel). All tasks
-- cancelled: nothing was done, the need stays where it is. The moves go through needs_status_move
-- like any other, and are timed by the task change that caused them (so replaying the same rows
-- gives the same history), unless that time is not later than the need's last change.

-- On insert only the first move: a task inserted as completed is a replay of past work (an import,
-- a seed script, an adoption) that may be followed by more tasks of the same need; resolving the
-- need at the first one would refuse the rest and make the result depend on the order of rows.
-- Work done through the lifecycle (status updates) resolves the need as it happens.
CREATE TRIGGER tasks_move_need_insert AFTER INSERT ON tasks
WHEN new.status IN ('in_progress', 'completed', 'failed')
BEGIN
  UPDATE needs SET status = 'in_progress',
    updated_at = CASE WHEN new.updated_at > updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END
  WHERE id = new.need_id AND status = 'actionable';
END;

CREATE TRIGGER tasks_move_need_update AFTER UPDATE OF status ON tasks
WHEN old.status IS NOT new.status
BEGIN
  UPDATE needs SET status = 'in_progress',
    updated_at = CASE WHEN new.updated_at IS NOT old.updated_at AND new.updated_at > updated_at THEN new.updated_at
                      ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END
  WHERE id = new.need_id AND status = 'actionable'
    AND (new.status IN ('in_progress', 'completed', 'failed')
         OR (NOT EXISTS (SELECT 1 FROM tasks WHERE need_id = new.need_id AND status IN ('open', 'assigned', 'in_progress', 'failed'))
             AND EXISTS (SELECT 1 FROM tasks WHERE need_id = new.need_id AND status = 'completed')));
  UPDATE needs SET status = 'resolved',
    updated_at = CASE WHEN new.updated_at IS NOT old.updated_at AND new.updated_at > updated_at THEN new.updated_at
                      ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END
  WHERE id = new.need_id AND status = 'in_progress'
    AND NOT EXISTS (SELECT 1 FROM tasks WHERE need_id = new.need_id AND status IN ('open', 'assigned', 'in_progress', 'failed'))
    AND EXISTS (SELECT 1 FROM tasks WHERE need_id = new.need_id AND status = 'completed');
END;

CREATE TRIGGER tasks_move_need_delete AFTER DELETE ON tasks
BEGIN
  UPDATE needs SET status = 'resolved'
  WHERE id = old.need_id AND status = 'in_progress'
    AND NOT EXISTS (SELECT 1 FROM tasks WHERE need_id = old.need_id AND status IN ('open', 'assigned', 'in_progress', 'failed'))
    AND EXISTS (SELECT 1 FROM tasks WHERE need_id = old.need_id AND status = 'completed');
END;

-- ---------------------------------------------------------------------------------------------
-- Artifacts: the path rule of dev.mlos.core.path.WorkspacePath, transcript.

CREATE TRIGGER artifacts_check_insert BEFORE INSERT ON artifacts
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM artifacts WHERE id = new.id) THEN RAISE(ABORT, 'artifact: id exists; use UPDATE')
    WHEN new.file_path GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
      OR instr(CAST(new.file_path AS BLOB), x'00') > 0
      THEN RAISE(ABORT, 'artifact: file_path must not contain control characters')
    WHEN new.file_path = ''
      THEN RAISE(ABORT, 'artifact: file_path must not be empty; use NULL for an artifact without a file')
    -- 240 UTF-16 code units, as Java's String.length() counts them: a character outside the BMP
    -- counts twice (only looked at when the path could be that long).
    WHEN length(new.file_path) > 240 OR (length(new.file_path) > 120 AND length(new.file_path) + (
      WITH RECURSIVE i (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < length(new.file_path))
      SELECT count(*) FROM i WHERE unicode(substr(new.file_path, n, 1)) > 65535) > 240)
      THEN RAISE(ABORT, 'artifact: file_path must be at most 240 characters long')
    WHEN instr(new.file_path, '\') > 0
      THEN RAISE(ABORT, 'artifact: file_path must not contain a backslash; use / as the separator')
    WHEN substr(new.file_path, 1, 1) = '/' OR new.file_path GLOB '[A-Za-z]:*'
      THEN RAISE(ABORT, 'artifact: file_path must be relative to the workspace root, not absolute or on a drive')
    WHEN instr('/' || new.file_path || '/', '//') > 0
      THEN RAISE(ABORT, 'artifact: file_path must not contain an empty segment (a trailing / or //)')
    WHEN instr('/' || new.file_path || '/', '/./') > 0
      THEN RAISE(ABORT, 'artifact: file_path must not contain a . segment')
    WHEN instr('/' || new.file_path || '/', '/../') > 0
      THEN RAISE(ABORT, 'artifact: file_path must not contain a .. segment')
    WHEN new.source_transcript GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
      OR instr(CAST(new.source_transcript AS BLOB), x'00') > 0
      THEN RAISE(ABORT, 'artifact: source_transcript must not contain control characters')
  END;
END;

CREATE TRIGGER artifacts_check_update BEFORE UPDATE OF file_path, source_transcript ON artifacts
BEGIN
  SELECT CASE
    WHEN old.file_path IS new.file_path THEN NULL
    WHEN new.file_path GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
      OR instr(CAST(new.file_path AS BLOB), x'00') > 0
      THEN RAISE(ABORT, 'artifact: file_path must not contain control characters')
    WHEN new.file_path = ''
      THEN RAISE(ABORT, 'artifact: file_path must not be empty; use NULL for an artifact without a file')
    -- 240 UTF-16 code units, as Java's String.length() counts them: a character outside the BMP
    -- counts twice (only looked at when the path could be that long).
    WHEN length(new.file_path) > 240 OR (length(new.file_path) > 120 AND length(new.file_path) + (
      WITH RECURSIVE i (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < length(new.file_path))
      SELECT count(*) FROM i WHERE unicode(substr(new.file_path, n, 1)) > 65535) > 240)
      THEN RAISE(ABORT, 'artifact: file_path must be at most 240 characters long')
    WHEN instr(new.file_path, '\') > 0
      THEN RAISE(ABORT, 'artifact: file_path must not contain a backslash; use / as the separator')
    WHEN substr(new.file_path, 1, 1) = '/' OR new.file_path GLOB '[A-Za-z]:*'
      THEN RAISE(ABORT, 'artifact: file_path must be relative to the workspace root, not absolute or on a drive')
    WHEN instr('/' || new.file_path || '/', '//') > 0
      THEN RAISE(ABORT, 'artifact: file_path must not contain an empty segment (a trailing / or //)')
    WHEN instr('/' || new.file_path || '/', '/./') > 0
      THEN RAISE(ABORT, 'artifact: file_path must not contain a . segment')
    WHEN instr('/' || new.file_path || '/', '/../') > 0
      THEN RAISE(ABORT, 'artifact: file_path must not contain a .. segment')
  END;
  SELECT CASE
    WHEN old.source_transcript IS NOT new.source_transcript
      AND (new.source_transcript GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
           OR instr(CAST(new.source_transcript AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'artifact: source_transcript must not contain control characters')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- Agents: id lists hold ids of rows that exist; transcript; what hangs on an agent.
-- On update only the ids a write adds are judged, so a list written before V2 can still shrink.

CREATE TRIGGER agents_check_insert BEFORE INSERT ON agents
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM agents WHERE id = new.id) THEN RAISE(ABORT, 'agent: id exists; use UPDATE')
    WHEN json_valid(new.provisioned_artifacts) AND json_type(new.provisioned_artifacts) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.provisioned_artifacts) j
                   WHERE j.type <> 'integer' OR NOT EXISTS (SELECT 1 FROM artifacts WHERE id = j.value))
      THEN RAISE(ABORT, 'agent: provisioned_artifacts must list ids of existing artifacts, e.g. [1, 4]')
    WHEN json_valid(new.assigned_tasks) AND json_type(new.assigned_tasks) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.assigned_tasks) j
                   WHERE j.type <> 'integer' OR NOT EXISTS (SELECT 1 FROM tasks WHERE id = j.value))
      THEN RAISE(ABORT, 'agent: assigned_tasks must list ids of existing tasks, e.g. [1, 4]')
    WHEN json_valid(new.monitored_needs) AND json_type(new.monitored_needs) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.monitored_needs) j
                   WHERE j.type <> 'integer' OR NOT EXISTS (SELECT 1 FROM needs WHERE id = j.value))
      THEN RAISE(ABORT, 'agent: monitored_needs must list ids of existing needs, e.g. [1, 4]')
    WHEN new.session_transcript GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
      OR instr(CAST(new.session_transcript AS BLOB), x'00') > 0
      THEN RAISE(ABORT, 'agent: session_transcript must not contain control characters')
  END;
END;

CREATE TRIGGER agents_check_update BEFORE UPDATE OF provisioned_artifacts, assigned_tasks, monitored_needs, session_transcript ON agents
BEGIN
  SELECT CASE
    WHEN old.provisioned_artifacts IS NOT new.provisioned_artifacts
      AND json_valid(new.provisioned_artifacts) AND json_type(new.provisioned_artifacts) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.provisioned_artifacts) j
                   WHERE (j.type <> 'integer' OR NOT EXISTS (SELECT 1 FROM artifacts WHERE id = j.value))
                     AND NOT (json_valid(old.provisioned_artifacts)
                              AND j.value IN (SELECT value FROM json_each(old.provisioned_artifacts))))
      THEN RAISE(ABORT, 'agent: provisioned_artifacts must list ids of existing artifacts, e.g. [1, 4]')
    WHEN old.assigned_tasks IS NOT new.assigned_tasks
      AND json_valid(new.assigned_tasks) AND json_type(new.assigned_tasks) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.assigned_tasks) j
                   WHERE (j.type <> 'integer' OR NOT EXISTS (SELECT 1 FROM tasks WHERE id = j.value))
                     AND NOT (json_valid(old.assigned_tasks)
                              AND j.value IN (SELECT value FROM json_each(old.assigned_tasks))))
      THEN RAISE(ABORT, 'agent: assigned_tasks must list ids of existing tasks, e.g. [1, 4]')
    WHEN old.monitored_needs IS NOT new.monitored_needs
      AND json_valid(new.monitored_needs) AND json_type(new.monitored_needs) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.monitored_needs) j
                   WHERE (j.type <> 'integer' OR NOT EXISTS (SELECT 1 FROM needs WHERE id = j.value))
                     AND NOT (json_valid(old.monitored_needs)
                              AND j.value IN (SELECT value FROM json_each(old.monitored_needs))))
      THEN RAISE(ABORT, 'agent: monitored_needs must list ids of existing needs, e.g. [1, 4]')
    WHEN old.session_transcript IS NOT new.session_transcript
      AND (new.session_transcript GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
           OR instr(CAST(new.session_transcript AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'agent: session_transcript must not contain control characters')
  END;
END;

-- As foreign keys on would (tasks.assigned_agent_id, lenses.agent_id), also with them off.
CREATE TRIGGER agents_delete_check BEFORE DELETE ON agents
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM tasks WHERE assigned_agent_id = old.id)
      THEN RAISE(ABORT, 'agent: tasks are assigned to it; release or reassign them first')
    WHEN EXISTS (SELECT 1 FROM lenses WHERE agent_id = old.id)
      THEN RAISE(ABORT, 'agent: it has a lens; delete the lens first')
  END;
END;

-- Deleting a row takes its id out of the agents' lists, as it takes away the edges that touch it.
CREATE TRIGGER artifacts_delete_from_agents AFTER DELETE ON artifacts
BEGIN
  UPDATE agents SET provisioned_artifacts =
    (SELECT json_group_array(value) FROM (SELECT value FROM json_each(agents.provisioned_artifacts) WHERE value IS NOT old.id ORDER BY key))
  WHERE json_valid(provisioned_artifacts) AND json_type(provisioned_artifacts) = 'array'
    AND EXISTS (SELECT 1 FROM json_each(agents.provisioned_artifacts) WHERE value = old.id);
END;

CREATE TRIGGER tasks_delete_from_agents AFTER DELETE ON tasks
BEGIN
  UPDATE agents SET assigned_tasks =
    (SELECT json_group_array(value) FROM (SELECT value FROM json_each(agents.assigned_tasks) WHERE value IS NOT old.id ORDER BY key))
  WHERE json_valid(assigned_tasks) AND json_type(assigned_tasks) = 'array'
    AND EXISTS (SELECT 1 FROM json_each(agents.assigned_tasks) WHERE value = old.id);
END;

CREATE TRIGGER needs_delete_from_agents AFTER DELETE ON needs
BEGIN
  UPDATE agents SET monitored_needs =
    (SELECT json_group_array(value) FROM (SELECT value FROM json_each(agents.monitored_needs) WHERE value IS NOT old.id ORDER BY key))
  WHERE json_valid(monitored_needs) AND json_type(monitored_needs) = 'array'
    AND EXISTS (SELECT 1 FROM json_each(agents.monitored_needs) WHERE value = old.id);
END;

-- ---------------------------------------------------------------------------------------------
-- Relationships: endpoint types, no self-edges, no duplicate edges (also through REPLACE), no
-- cycle of blocks edges, and a task's derived_from edge to its need stays what the task says.

CREATE TRIGGER relationships_check_insert BEFORE INSERT ON relationships
WHEN new.source_id IS NOT NULL AND new.target_id IS NOT NULL
  AND new.source_type IN ('need', 'task', 'artifact', 'agent') AND new.target_type IN ('need', 'task', 'artifact', 'agent')
  AND new.relationship_type IN ('derived_from', 'references', 'blocks', 'enables', 'monitors', 'produced', 'consumed')
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM relationships WHERE id = new.id) THEN RAISE(ABORT, 'relationship: id exists; use UPDATE')
    WHEN new.source_type = new.target_type AND new.source_id = new.target_id
      THEN RAISE(ABORT, 'relationship: an entity cannot be related to itself')
    WHEN NOT EXISTS (SELECT 1 FROM relationship_kinds k
                      WHERE k.relationship_type = new.relationship_type AND k.source_type = new.source_type AND k.target_type = new.target_type)
      THEN CASE new.relationship_type
        WHEN 'derived_from' THEN RAISE(ABORT, 'relationship: derived_from connects task->need, artifact->task, artifact->need, artifact->artifact, need->need or need->artifact')
        WHEN 'references' THEN RAISE(ABORT, 'relationship: references connects a need, task or artifact to a need, task or artifact')
        WHEN 'blocks' THEN RAISE(ABORT, 'relationship: blocks connects a need or task to a need or task, or a need to an artifact')
        WHEN 'enables' THEN RAISE(ABORT, 'relationship: enables connects a need or task to a need or task, or a need to an artifact')
        WHEN 'monitors' THEN RAISE(ABORT, 'relationship: monitors connects agent->need, agent->task or need->artifact')
        WHEN 'produced' THEN RAISE(ABORT, 'relationship: produced connects agent->artifact, task->artifact or need->artifact')
        WHEN 'consumed' THEN RAISE(ABORT, 'relationship: consumed connects agent->artifact, task->artifact or need->artifact')
      END
    WHEN EXISTS (SELECT 1 FROM relationships r
                  WHERE r.source_type = new.source_type AND r.source_id = new.source_id
                    AND r.target_type = new.target_type AND r.target_id = new.target_id
                    AND r.relationship_type = new.relationship_type)
      THEN RAISE(ABORT, 'relationship: this edge exists (same source, target and type); use UPDATE or DELETE on it')
    WHEN new.relationship_type = 'derived_from' AND new.source_type = 'task' AND new.target_type = 'need'
      AND NOT EXISTS (SELECT 1 FROM tasks WHERE id = new.source_id AND need_id = new.target_id)
      THEN RAISE(ABORT, 'relationship: a task is derived_from its own need only (tasks.need_id)')
    WHEN new.relationship_type = 'blocks' AND EXISTS (
      WITH RECURSIVE reach (type, id) AS (
        SELECT new.target_type, new.target_id
        UNION
        SELECT r.target_type, r.target_id FROM reach JOIN relationships r
            ON r.source_type = reach.type AND r.source_id = reach.id AND r.relationship_type = 'blocks')
      SELECT 1 FROM reach WHERE type = new.source_type AND id = new.source_id)
      THEN RAISE(ABORT, 'relationship: this blocks edge would close a cycle of blocks edges')
  END;
END;

CREATE TRIGGER relationships_check_update BEFORE UPDATE OF source_type, source_id, target_type, target_id, relationship_type ON relationships
WHEN new.source_id IS NOT NULL AND new.target_id IS NOT NULL
  AND new.source_type IN ('need', 'task', 'artifact', 'agent') AND new.target_type IN ('need', 'task', 'artifact', 'agent')
  AND new.relationship_type IN ('derived_from', 'references', 'blocks', 'enables', 'monitors', 'produced', 'consumed')
  AND (old.source_type IS NOT new.source_type OR old.source_id IS NOT new.source_id OR old.target_type IS NOT new.target_type
       OR old.target_id IS NOT new.target_id OR old.relationship_type IS NOT new.relationship_type)
BEGIN
  SELECT CASE
    WHEN old.relationship_type = 'derived_from' AND old.source_type = 'task' AND old.target_type = 'need'
      AND EXISTS (SELECT 1 FROM tasks WHERE id = old.source_id AND need_id = old.target_id)
      THEN RAISE(ABORT, 'relationship: the derived_from edge of a task to its need is kept by mlos and cannot change')
    WHEN new.source_type = new.target_type AND new.source_id = new.target_id
      THEN RAISE(ABORT, 'relationship: an entity cannot be related to itself')
    WHEN NOT EXISTS (SELECT 1 FROM relationship_kinds k
                      WHERE k.relationship_type = new.relationship_type AND k.source_type = new.source_type AND k.target_type = new.target_type)
      THEN CASE new.relationship_type
        WHEN 'derived_from' THEN RAISE(ABORT, 'relationship: derived_from connects task->need, artifact->task, artifact->need, artifact->artifact, need->need or need->artifact')
        WHEN 'references' THEN RAISE(ABORT, 'relationship: references connects a need, task or artifact to a need, task or artifact')
        WHEN 'blocks' THEN RAISE(ABORT, 'relationship: blocks connects a need or task to a need or task, or a need to an artifact')
        WHEN 'enables' THEN RAISE(ABORT, 'relationship: enables connects a need or task to a need or task, or a need to an artifact')
        WHEN 'monitors' THEN RAISE(ABORT, 'relationship: monitors connects agent->need, agent->task or need->artifact')
        WHEN 'produced' THEN RAISE(ABORT, 'relationship: produced connects agent->artifact, task->artifact or need->artifact')
        WHEN 'consumed' THEN RAISE(ABORT, 'relationship: consumed connects agent->artifact, task->artifact or need->artifact')
      END
    -- UPDATE OR REPLACE would otherwise delete the other edge without a trace.
    WHEN EXISTS (SELECT 1 FROM relationships r
                  WHERE r.source_type = new.source_type AND r.source_id = new.source_id
                    AND r.target_type = new.target_type AND r.target_id = new.target_id
                    AND r.relationship_type = new.relationship_type AND r.id IS NOT new.id)
      THEN RAISE(ABORT, 'relationship: this edge exists (same source, target and type); use UPDATE or DELETE on it')
    WHEN new.relationship_type = 'derived_from' AND new.source_type = 'task' AND new.target_type = 'need'
      AND NOT EXISTS (SELECT 1 FROM tasks WHERE id = new.source_id AND need_id = new.target_id)
      THEN RAISE(ABORT, 'relationship: a task is derived_from its own need only (tasks.need_id)')
    WHEN new.relationship_type = 'blocks' AND EXISTS (
      WITH RECURSIVE reach (type, id) AS (
        SELECT new.target_type, new.target_id
        UNION
        SELECT r.target_type, r.target_id FROM reach JOIN relationships r
            ON r.source_type = reach.type AND r.source_id = reach.id AND r.relationship_type = 'blocks' AND r.id IS NOT new.id)
      SELECT 1 FROM reach WHERE type = new.source_type AND id = new.source_id)
      THEN RAISE(ABORT, 'relationship: this blocks edge would close a cycle of blocks edges')
  END;
END;

CREATE TRIGGER relationships_delete_check BEFORE DELETE ON relationships
WHEN old.relationship_type = 'derived_from' AND old.source_type = 'task' AND old.target_type = 'need'
  AND EXISTS (SELECT 1 FROM tasks WHERE id = old.source_id AND need_id = old.target_id)
BEGIN
  SELECT RAISE(ABORT, 'relationship: the derived_from edge of a task to its need is kept by mlos; it goes when the task is deleted');
END;

-- ---------------------------------------------------------------------------------------------
-- Lenses.

CREATE TRIGGER lenses_check_insert BEFORE INSERT ON lenses
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM lenses WHERE id = new.id) THEN RAISE(ABORT, 'lens: id exists; use UPDATE')
    WHEN (new.agent_id IS NULL) = (new.agent_type IS NULL)
      THEN RAISE(ABORT, 'lens: set exactly one of agent_id (one agent) or agent_type (every agent of that type)')
    WHEN new.agent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agents WHERE id = new.agent_id)
      THEN RAISE(ABORT, 'lens: its agent does not exist')
    WHEN new.agent_id IS NOT NULL AND EXISTS (SELECT 1 FROM lenses WHERE agent_id = new.agent_id)
      THEN RAISE(ABORT, 'lens: the agent already has a lens; use UPDATE')
    WHEN new.agent_type IS NOT NULL AND (new.agent_type NOT GLOB '[a-z]*' OR new.agent_type GLOB '*[^a-z0-9_]*')
      THEN RAISE(ABORT, 'lens: agent_type must be lower-case snake_case (e.g. context_manager)')
    WHEN new.agent_type IS NOT NULL AND EXISTS (SELECT 1 FROM lenses WHERE agent_type = new.agent_type)
      THEN RAISE(ABORT, 'lens: the agent type already has a lens; use UPDATE')
    WHEN new.scopes IS NULL OR NOT json_valid(new.scopes) OR json_type(new.scopes) <> 'array'
      OR EXISTS (SELECT 1 FROM json_each(new.scopes) WHERE type <> 'text')
      THEN RAISE(ABORT, 'lens: scopes must be a JSON array of scope names, e.g. ["kernel"]')
    WHEN new.tags IS NULL OR NOT json_valid(new.tags) OR json_type(new.tags) <> 'array'
      OR EXISTS (SELECT 1 FROM json_each(new.tags) j
                  WHERE j.type <> 'text' OR length(j.value) NOT BETWEEN 1 AND 64
                     OR j.value NOT GLOB '[a-z0-9]*' OR j.value GLOB '*[^a-z0-9_.:-]*')
      THEN RAISE(ABORT, 'lens: tags must be a JSON array of tags (1-64 characters a-z 0-9 _ . : -), e.g. ["kernel"]')
    WHEN new.weights IS NULL OR NOT json_valid(new.weights) OR json_type(new.weights) <> 'object'
      OR EXISTS (SELECT 1 FROM json_each(new.weights) j
                  WHERE NOT (j.key GLOB 'tag:?*' OR j.key GLOB 'scope:?*')
                     OR j.type NOT IN ('integer', 'real') OR j.value <= 0 OR j.value > 100)
      THEN RAISE(ABORT, 'lens: weights must be a JSON object of "tag:<tag>" or "scope:<scope>" keys with numbers in (0, 100], e.g. {"tag:kernel": 2}')
    WHEN new.token_budget IS NOT NULL AND (typeof(new.token_budget) <> 'integer' OR new.token_budget NOT BETWEEN 1 AND 10000000)
      THEN RAISE(ABORT, 'lens: token_budget must be NULL or a whole number of tokens from 1 to 10000000')
  END;
END;

CREATE TRIGGER lenses_check_update BEFORE UPDATE OF agent_id, agent_type, scopes, tags, weights, token_budget ON lenses
BEGIN
  SELECT CASE
    WHEN (new.agent_id IS NULL) = (new.agent_type IS NULL)
      THEN RAISE(ABORT, 'lens: set exactly one of agent_id (one agent) or agent_type (every agent of that type)')
    WHEN new.agent_id IS NOT NULL AND old.agent_id IS NOT new.agent_id AND NOT EXISTS (SELECT 1 FROM agents WHERE id = new.agent_id)
      THEN RAISE(ABORT, 'lens: its agent does not exist')
    WHEN new.agent_id IS NOT NULL AND EXISTS (SELECT 1 FROM lenses WHERE agent_id = new.agent_id AND id IS NOT new.id)
      THEN RAISE(ABORT, 'lens: the agent already has a lens; use UPDATE')
    WHEN new.agent_type IS NOT NULL AND (new.agent_type NOT GLOB '[a-z]*' OR new.agent_type GLOB '*[^a-z0-9_]*')
      THEN RAISE(ABORT, 'lens: agent_type must be lower-case snake_case (e.g. context_manager)')
    WHEN new.agent_type IS NOT NULL AND EXISTS (SELECT 1 FROM lenses WHERE agent_type = new.agent_type AND id IS NOT new.id)
      THEN RAISE(ABORT, 'lens: the agent type already has a lens; use UPDATE')
    WHEN new.scopes IS NULL OR NOT json_valid(new.scopes) OR json_type(new.scopes) <> 'array'
      OR EXISTS (SELECT 1 FROM json_each(new.scopes) WHERE type <> 'text')
      THEN RAISE(ABORT, 'lens: scopes must be a JSON array of scope names, e.g. ["kernel"]')
    WHEN new.tags IS NULL OR NOT json_valid(new.tags) OR json_type(new.tags) <> 'array'
      OR EXISTS (SELECT 1 FROM json_each(new.tags) j
                  WHERE j.type <> 'text' OR length(j.value) NOT BETWEEN 1 AND 64
                     OR j.value NOT GLOB '[a-z0-9]*' OR j.value GLOB '*[^a-z0-9_.:-]*')
      THEN RAISE(ABORT, 'lens: tags must be a JSON array of tags (1-64 characters a-z 0-9 _ . : -), e.g. ["kernel"]')
    WHEN new.weights IS NULL OR NOT json_valid(new.weights) OR json_type(new.weights) <> 'object'
      OR EXISTS (SELECT 1 FROM json_each(new.weights) j
                  WHERE NOT (j.key GLOB 'tag:?*' OR j.key GLOB 'scope:?*')
                     OR j.type NOT IN ('integer', 'real') OR j.value <= 0 OR j.value > 100)
      THEN RAISE(ABORT, 'lens: weights must be a JSON object of "tag:<tag>" or "scope:<scope>" keys with numbers in (0, 100], e.g. {"tag:kernel": 2}')
    WHEN new.token_budget IS NOT NULL AND (typeof(new.token_budget) <> 'integer' OR new.token_budget NOT BETWEEN 1 AND 10000000)
      THEN RAISE(ABORT, 'lens: token_budget must be NULL or a whole number of tokens from 1 to 10000000')
  END;
END;

CREATE TRIGGER lenses_touch AFTER UPDATE ON lenses
WHEN old.updated_at IS new.updated_at
BEGIN
  UPDATE lenses SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE id = new.id AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;

-- ---------------------------------------------------------------------------------------------
-- A task inserted without a priority takes its need's. SQLite cannot change a row in a BEFORE
-- trigger, so tasks_history_insert sets it right after the insert (in the same trigger, so the
-- history's insert row is written first and shows the inherited priority). That follow-up UPDATE
-- is part of the insert: it is neither recorded as an update nor does it touch updated_at. It is
-- recognised exactly: the task's priority goes from NULL to the value its history insert row
-- (its latest history row) already shows, which no later write can reproduce.

DROP TRIGGER tasks_touch;

CREATE TRIGGER tasks_touch AFTER UPDATE ON tasks
WHEN old.updated_at IS new.updated_at
  AND NOT (old.priority IS NULL AND new.priority IS NOT NULL
           AND (SELECT h.operation = 'insert' AND json_extract(h.new_values, '$.priority') IS new.priority
                  FROM history h WHERE h.entity = 'task' AND h.entity_id = new.id ORDER BY h.id DESC LIMIT 1))
BEGIN
  UPDATE tasks SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE id = new.id AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;

-- ---------------------------------------------------------------------------------------------
-- History triggers, as in V1 plus needs.tags, the inherited task priority, lenses, and
-- actor / session / reason from write_context.

CREATE TRIGGER needs_history_insert AFTER INSERT ON needs
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values, actor, session, reason)
  VALUES ('need', new.id, 'insert', new.created_at,
    json_object('id', new.id, 'title', new.title, 'description', new.description, 'status', new.status,
      'priority', new.priority, 'scope', new.scope, 'tags', json(new.tags), 'created_at', new.created_at,
      'updated_at', new.updated_at, 'source_transcript', new.source_transcript,
      'parent_need_id', new.parent_need_id),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

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
      'updated_at', new.updated_at, 'source_transcript', new.source_transcript,
      'parent_need_id', new.parent_need_id),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER needs_history_delete AFTER DELETE ON needs
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values, actor, session, reason)
  VALUES ('need', old.id, 'delete',
    json_object('id', old.id, 'title', old.title, 'description', old.description, 'status', old.status,
      'priority', old.priority, 'scope', old.scope, 'tags', json(old.tags), 'created_at', old.created_at,
      'updated_at', old.updated_at, 'source_transcript', old.source_transcript,
      'parent_need_id', old.parent_need_id),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER tasks_history_insert AFTER INSERT ON tasks
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values, actor, session, reason)
  VALUES ('task', new.id, 'insert', new.created_at,
    json_object('id', new.id, 'need_id', new.need_id, 'description', new.description,
      'status', new.status, 'priority', COALESCE(new.priority, (SELECT priority FROM needs WHERE id = new.need_id)),
      'assigned_agent_id', new.assigned_agent_id,
      'result', new.result, 'created_at', new.created_at, 'updated_at', new.updated_at,
      'assigned_date', new.assigned_date, 'source_transcript', new.source_transcript),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
  UPDATE tasks SET priority = (SELECT priority FROM needs WHERE id = new.need_id)
  WHERE new.priority IS NULL AND id = new.id AND priority IS NULL
    AND (SELECT priority FROM needs WHERE id = new.need_id) IS NOT NULL;
END;

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
      'result', new.result, 'created_at', new.created_at, 'updated_at', new.updated_at,
      'assigned_date', new.assigned_date, 'source_transcript', new.source_transcript),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER tasks_history_delete AFTER DELETE ON tasks
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values, actor, session, reason)
  VALUES ('task', old.id, 'delete',
    json_object('id', old.id, 'need_id', old.need_id, 'description', old.description,
      'status', old.status, 'priority', old.priority, 'assigned_agent_id', old.assigned_agent_id,
      'result', old.result, 'created_at', old.created_at, 'updated_at', old.updated_at,
      'assigned_date', old.assigned_date, 'source_transcript', old.source_transcript),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER artifacts_history_insert AFTER INSERT ON artifacts
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values, actor, session, reason)
  VALUES ('artifact', new.id, 'insert', new.created_at,
    json_object('id', new.id, 'title', new.title, 'description', new.description,
      'file_path', new.file_path, 'artifact_type', new.artifact_type,
      'content_hash', new.content_hash, 'created_at', new.created_at, 'updated_at', new.updated_at,
      'source_transcript', new.source_transcript),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

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
      'content_hash', new.content_hash, 'created_at', new.created_at, 'updated_at', new.updated_at,
      'source_transcript', new.source_transcript),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER artifacts_history_delete AFTER DELETE ON artifacts
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values, actor, session, reason)
  VALUES ('artifact', old.id, 'delete',
    json_object('id', old.id, 'title', old.title, 'description', old.description,
      'file_path', old.file_path, 'artifact_type', old.artifact_type,
      'content_hash', old.content_hash, 'created_at', old.created_at, 'updated_at', old.updated_at,
      'source_transcript', old.source_transcript),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER relationships_history_insert AFTER INSERT ON relationships
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values, actor, session, reason)
  VALUES ('relationship', new.id, 'insert', new.created_at,
    json_object('id', new.id, 'source_type', new.source_type, 'source_id', new.source_id,
      'target_type', new.target_type, 'target_id', new.target_id,
      'relationship_type', new.relationship_type, 'metadata', json(new.metadata),
      'created_at', new.created_at),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER relationships_history_update AFTER UPDATE ON relationships
WHEN old.id IS NOT new.id
  OR old.source_type IS NOT new.source_type
  OR old.source_id IS NOT new.source_id
  OR old.target_type IS NOT new.target_type
  OR old.target_id IS NOT new.target_id
  OR old.relationship_type IS NOT new.relationship_type
  OR old.metadata IS NOT new.metadata
  OR old.created_at IS NOT new.created_at
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values, new_values, actor, session, reason)
  VALUES ('relationship', new.id, 'update',
    json_object('id', old.id, 'source_type', old.source_type, 'source_id', old.source_id,
      'target_type', old.target_type, 'target_id', old.target_id,
      'relationship_type', old.relationship_type, 'metadata', json(old.metadata),
      'created_at', old.created_at),
    json_object('id', new.id, 'source_type', new.source_type, 'source_id', new.source_id,
      'target_type', new.target_type, 'target_id', new.target_id,
      'relationship_type', new.relationship_type, 'metadata', json(new.metadata),
      'created_at', new.created_at),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER relationships_history_delete AFTER DELETE ON relationships
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values, actor, session, reason)
  VALUES ('relationship', old.id, 'delete',
    json_object('id', old.id, 'source_type', old.source_type, 'source_id', old.source_id,
      'target_type', old.target_type, 'target_id', old.target_id,
      'relationship_type', old.relationship_type, 'metadata', json(old.metadata),
      'created_at', old.created_at),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER agents_history_insert AFTER INSERT ON agents
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values, actor, session, reason)
  VALUES ('agent', new.id, 'insert', COALESCE(new.started_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    json_object('id', new.id, 'agent_type', new.agent_type, 'status', new.status,
      'kernel_version', new.kernel_version,
      'provisioned_artifacts', json(new.provisioned_artifacts),
      'assigned_tasks', json(new.assigned_tasks), 'monitored_needs', json(new.monitored_needs),
      'session_transcript', new.session_transcript, 'started_at', new.started_at,
      'completed_at', new.completed_at, 'result_summary', new.result_summary),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER agents_history_update AFTER UPDATE ON agents
WHEN old.id IS NOT new.id
  OR old.agent_type IS NOT new.agent_type
  OR old.status IS NOT new.status
  OR old.kernel_version IS NOT new.kernel_version
  OR old.provisioned_artifacts IS NOT new.provisioned_artifacts
  OR old.assigned_tasks IS NOT new.assigned_tasks
  OR old.monitored_needs IS NOT new.monitored_needs
  OR old.session_transcript IS NOT new.session_transcript
  OR old.started_at IS NOT new.started_at
  OR old.completed_at IS NOT new.completed_at
  OR old.result_summary IS NOT new.result_summary
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values, new_values, actor, session, reason)
  VALUES ('agent', new.id, 'update',
    json_object('id', old.id, 'agent_type', old.agent_type, 'status', old.status,
      'kernel_version', old.kernel_version,
      'provisioned_artifacts', json(old.provisioned_artifacts),
      'assigned_tasks', json(old.assigned_tasks), 'monitored_needs', json(old.monitored_needs),
      'session_transcript', old.session_transcript, 'started_at', old.started_at,
      'completed_at', old.completed_at, 'result_summary', old.result_summary),
    json_object('id', new.id, 'agent_type', new.agent_type, 'status', new.status,
      'kernel_version', new.kernel_version,
      'provisioned_artifacts', json(new.provisioned_artifacts),
      'assigned_tasks', json(new.assigned_tasks), 'monitored_needs', json(new.monitored_needs),
      'session_transcript', new.session_transcript, 'started_at', new.started_at,
      'completed_at', new.completed_at, 'result_summary', new.result_summary),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER agents_history_delete AFTER DELETE ON agents
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values, actor, session, reason)
  VALUES ('agent', old.id, 'delete',
    json_object('id', old.id, 'agent_type', old.agent_type, 'status', old.status,
      'kernel_version', old.kernel_version,
      'provisioned_artifacts', json(old.provisioned_artifacts),
      'assigned_tasks', json(old.assigned_tasks), 'monitored_needs', json(old.monitored_needs),
      'session_transcript', old.session_transcript, 'started_at', old.started_at,
      'completed_at', old.completed_at, 'result_summary', old.result_summary),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER lenses_history_insert AFTER INSERT ON lenses
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values, actor, session, reason)
  VALUES ('lens', new.id, 'insert', new.created_at,
    json_object('id', new.id, 'agent_id', new.agent_id, 'agent_type', new.agent_type,
      'scopes', json(new.scopes), 'tags', json(new.tags), 'weights', json(new.weights),
      'token_budget', new.token_budget, 'created_at', new.created_at, 'updated_at', new.updated_at),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

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
      'token_budget', new.token_budget, 'created_at', new.created_at, 'updated_at', new.updated_at),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;

CREATE TRIGGER lenses_history_delete AFTER DELETE ON lenses
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values, actor, session, reason)
  VALUES ('lens', old.id, 'delete',
    json_object('id', old.id, 'agent_id', old.agent_id, 'agent_type', old.agent_type,
      'scopes', json(old.scopes), 'tags', json(old.tags), 'weights', json(old.weights),
      'token_budget', old.token_budget, 'created_at', old.created_at, 'updated_at', old.updated_at),
    (SELECT actor FROM write_context WHERE id = 1), (SELECT session FROM write_context WHERE id = 1),
    (SELECT reason FROM write_context WHERE id = 1));
END;
