-- mlos V1: the five tables of the ML OS schema (seed 000), with their rules enforced by SQLite itself.
--
-- Must stay loadable by the sqlite3 shell 3.40+: RAISE() takes only a string literal there, so
-- trigger messages name the rule and both states but not the row id (the Java store adds the id).

CREATE TABLE needs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  description TEXT,
  status TEXT NOT NULL DEFAULT 'identified'
    CONSTRAINT needs_status CHECK (status IN ('identified', 'active', 'actionable', 'in_progress', 'resolved', 'deferred')),
  priority INTEGER CONSTRAINT needs_priority CHECK (priority BETWEEN 1 AND 5),
  scope TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  source_transcript TEXT,
  parent_need_id INTEGER REFERENCES needs (id)
) STRICT;

-- The need lifecycle as data: a status change is legal only when (from_status, to_status) is a row here.
CREATE TABLE need_transitions (
  from_status TEXT NOT NULL
    CONSTRAINT need_transitions_from_status CHECK (from_status IN ('identified', 'active', 'actionable', 'in_progress', 'resolved', 'deferred')),
  to_status TEXT NOT NULL
    CONSTRAINT need_transitions_to_status CHECK (to_status IN ('identified', 'active', 'actionable', 'in_progress', 'resolved', 'deferred')),
  PRIMARY KEY (from_status, to_status)
) STRICT, WITHOUT ROWID;

-- The forward path identified -> active -> actionable -> in_progress -> resolved, one step at a time.
-- deferred parks a need that is not worth working on now: any open (not yet resolved) need may be
-- deferred, and a deferred need comes back as identified or active, because whatever made it
-- actionable has to be re-established before tasks are cut from it again. resolved is final.
INSERT INTO need_transitions (from_status, to_status) VALUES
  ('identified', 'active'),
  ('active', 'actionable'),
  ('actionable', 'in_progress'),
  ('in_progress', 'resolved'),
  ('identified', 'deferred'),
  ('active', 'deferred'),
  ('actionable', 'deferred'),
  ('in_progress', 'deferred'),
  ('deferred', 'identified'),
  ('deferred', 'active');

CREATE TABLE agents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- The seed lists architect, context_manager, janitor, researcher "etc.": an open set, so only the
  -- spelling is enforced (lower-case snake_case).
  agent_type TEXT NOT NULL
    CONSTRAINT agents_agent_type CHECK (agent_type GLOB '[a-z]*' AND agent_type NOT GLOB '*[^a-z0-9_]*'),
  status TEXT NOT NULL DEFAULT 'provisioning'
    CONSTRAINT agents_status CHECK (status IN ('provisioning', 'active', 'completed', 'failed')),
  kernel_version TEXT,
  provisioned_artifacts TEXT DEFAULT '[]'
    CONSTRAINT agents_provisioned_artifacts CHECK (provisioned_artifacts IS NULL OR (json_valid(provisioned_artifacts) AND json_type(provisioned_artifacts) = 'array')),
  assigned_tasks TEXT DEFAULT '[]'
    CONSTRAINT agents_assigned_tasks CHECK (assigned_tasks IS NULL OR (json_valid(assigned_tasks) AND json_type(assigned_tasks) = 'array')),
  monitored_needs TEXT DEFAULT '[]'
    CONSTRAINT agents_monitored_needs CHECK (monitored_needs IS NULL OR (json_valid(monitored_needs) AND json_type(monitored_needs) = 'array')),
  session_transcript TEXT,
  started_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  completed_at TEXT,
  result_summary TEXT
) STRICT;

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- Required: a task exists because a need became actionable (see tasks_graduate_from_need).
  need_id INTEGER NOT NULL REFERENCES needs (id),
  description TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open'
    CONSTRAINT tasks_status CHECK (status IN ('open', 'assigned', 'in_progress', 'completed', 'failed', 'cancelled')),
  priority INTEGER CONSTRAINT tasks_priority CHECK (priority BETWEEN 1 AND 5),
  assigned_agent_id INTEGER REFERENCES agents (id),
  result TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  assigned_date TEXT,
  source_transcript TEXT
) STRICT;

CREATE TABLE artifacts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  description TEXT,
  -- Relative to the workspace, '/' separated, never escaping it: the compiler joins it to the workspace root.
  file_path TEXT CONSTRAINT artifacts_file_path CHECK (
    file_path IS NULL OR (
      file_path <> ''
      AND substr(file_path, 1, 1) <> '/'
      AND instr(file_path, '\') = 0
      AND file_path NOT GLOB '[A-Za-z]:*'
      AND instr('/' || file_path || '/', '/../') = 0)),
  artifact_type TEXT CONSTRAINT artifacts_artifact_type
    CHECK (artifact_type IN ('document', 'code', 'config', 'context_pack', 'transcript', 'image', 'schema')),
  content_hash TEXT CONSTRAINT artifacts_content_hash
    CHECK (content_hash IS NULL OR (length(content_hash) = 64 AND content_hash NOT GLOB '*[^0-9a-f]*')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  source_transcript TEXT
) STRICT;

CREATE TABLE relationships (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_type TEXT NOT NULL
    CONSTRAINT relationships_source_type CHECK (source_type IN ('need', 'task', 'artifact', 'agent')),
  source_id INTEGER NOT NULL,
  target_type TEXT NOT NULL
    CONSTRAINT relationships_target_type CHECK (target_type IN ('need', 'task', 'artifact', 'agent')),
  target_id INTEGER NOT NULL,
  relationship_type TEXT NOT NULL
    CONSTRAINT relationships_relationship_type
    CHECK (relationship_type IN ('derived_from', 'references', 'blocks', 'enables', 'monitors', 'produced', 'consumed')),
  metadata TEXT CONSTRAINT relationships_metadata CHECK (metadata IS NULL OR json_valid(metadata)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  -- Also the index for "edges leaving (source_type, source_id)".
  UNIQUE (source_type, source_id, target_type, target_id, relationship_type)
) STRICT;

-- Provenance: one row per insert, update and delete of the five tables, written by triggers only.
CREATE TABLE history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL CHECK (entity IN ('need', 'task', 'artifact', 'relationship', 'agent')),
  entity_id INTEGER NOT NULL,
  operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
  old_values TEXT CHECK (old_values IS NULL OR json_valid(old_values)),
  new_values TEXT CHECK (new_values IS NULL OR json_valid(new_values)),
  changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX needs_by_scope_status ON needs (scope, status);
CREATE INDEX needs_by_parent ON needs (parent_need_id);
CREATE INDEX tasks_by_need ON tasks (need_id);
CREATE INDEX tasks_by_agent ON tasks (assigned_agent_id);
CREATE INDEX artifacts_by_file_path ON artifacts (file_path);
CREATE INDEX relationships_by_target ON relationships (target_type, target_id);
CREATE INDEX history_by_entity ON history (entity, entity_id);

-- Need lifecycle. Only moves between two valid states are judged here; an unknown state is left to
-- the needs_status CHECK so its message names the column. The CASE has a message for every pair,
-- allowed ones included, so need_transitions can be edited without touching this trigger.
CREATE TRIGGER needs_status_move BEFORE UPDATE OF status ON needs
WHEN old.status IS NOT new.status
  AND new.status IN ('identified', 'active', 'actionable', 'in_progress', 'resolved', 'deferred')
  AND NOT EXISTS (SELECT 1 FROM need_transitions WHERE from_status = old.status AND to_status = new.status)
BEGIN
  SELECT CASE old.status || ' -> ' || new.status
    WHEN 'identified -> active' THEN RAISE(ABORT, 'need: identified -> active is not allowed')
    WHEN 'identified -> actionable' THEN RAISE(ABORT, 'need: identified -> actionable is not allowed')
    WHEN 'identified -> in_progress' THEN RAISE(ABORT, 'need: identified -> in_progress is not allowed')
    WHEN 'identified -> resolved' THEN RAISE(ABORT, 'need: identified -> resolved is not allowed')
    WHEN 'identified -> deferred' THEN RAISE(ABORT, 'need: identified -> deferred is not allowed')
    WHEN 'active -> identified' THEN RAISE(ABORT, 'need: active -> identified is not allowed')
    WHEN 'active -> actionable' THEN RAISE(ABORT, 'need: active -> actionable is not allowed')
    WHEN 'active -> in_progress' THEN RAISE(ABORT, 'need: active -> in_progress is not allowed')
    WHEN 'active -> resolved' THEN RAISE(ABORT, 'need: active -> resolved is not allowed')
    WHEN 'active -> deferred' THEN RAISE(ABORT, 'need: active -> deferred is not allowed')
    WHEN 'actionable -> identified' THEN RAISE(ABORT, 'need: actionable -> identified is not allowed')
    WHEN 'actionable -> active' THEN RAISE(ABORT, 'need: actionable -> active is not allowed')
    WHEN 'actionable -> in_progress' THEN RAISE(ABORT, 'need: actionable -> in_progress is not allowed')
    WHEN 'actionable -> resolved' THEN RAISE(ABORT, 'need: actionable -> resolved is not allowed')
    WHEN 'actionable -> deferred' THEN RAISE(ABORT, 'need: actionable -> deferred is not allowed')
    WHEN 'in_progress -> identified' THEN RAISE(ABORT, 'need: in_progress -> identified is not allowed')
    WHEN 'in_progress -> active' THEN RAISE(ABORT, 'need: in_progress -> active is not allowed')
    WHEN 'in_progress -> actionable' THEN RAISE(ABORT, 'need: in_progress -> actionable is not allowed')
    WHEN 'in_progress -> resolved' THEN RAISE(ABORT, 'need: in_progress -> resolved is not allowed')
    WHEN 'in_progress -> deferred' THEN RAISE(ABORT, 'need: in_progress -> deferred is not allowed')
    WHEN 'resolved -> identified' THEN RAISE(ABORT, 'need: resolved -> identified is not allowed')
    WHEN 'resolved -> active' THEN RAISE(ABORT, 'need: resolved -> active is not allowed')
    WHEN 'resolved -> actionable' THEN RAISE(ABORT, 'need: resolved -> actionable is not allowed')
    WHEN 'resolved -> in_progress' THEN RAISE(ABORT, 'need: resolved -> in_progress is not allowed')
    WHEN 'resolved -> deferred' THEN RAISE(ABORT, 'need: resolved -> deferred is not allowed')
    WHEN 'deferred -> identified' THEN RAISE(ABORT, 'need: deferred -> identified is not allowed')
    WHEN 'deferred -> active' THEN RAISE(ABORT, 'need: deferred -> active is not allowed')
    WHEN 'deferred -> actionable' THEN RAISE(ABORT, 'need: deferred -> actionable is not allowed')
    WHEN 'deferred -> in_progress' THEN RAISE(ABORT, 'need: deferred -> in_progress is not allowed')
    WHEN 'deferred -> resolved' THEN RAISE(ABORT, 'need: deferred -> resolved is not allowed')
    ELSE RAISE(ABORT, 'need: this status move is not allowed')
  END;
END;

CREATE TRIGGER needs_parent_not_self BEFORE INSERT ON needs
WHEN new.parent_need_id IS NOT NULL AND new.parent_need_id = new.id
BEGIN
  SELECT RAISE(ABORT, 'need: parent_need_id would form a cycle');
END;

CREATE TRIGGER needs_parent_no_cycle BEFORE UPDATE OF parent_need_id ON needs
WHEN new.parent_need_id IS NOT NULL AND (
  new.parent_need_id = new.id
  OR new.id IN (
    WITH RECURSIVE ancestors (id) AS (
      SELECT new.parent_need_id
      UNION
      SELECT n.parent_need_id FROM needs n JOIN ancestors a ON n.id = a.id WHERE n.parent_need_id IS NOT NULL)
    SELECT id FROM ancestors))
BEGIN
  SELECT RAISE(ABORT, 'need: parent_need_id would form a cycle');
END;

-- Need-to-task graduation. A NULL need_id is left to NOT NULL. Also covers a missing need when
-- foreign_keys is off (the sqlite3 shell's default).
CREATE TRIGGER tasks_graduate_from_need BEFORE INSERT ON tasks
WHEN new.need_id IS NOT NULL
BEGIN
  SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM needs WHERE id = new.need_id)
      THEN RAISE(ABORT, 'task: its need does not exist')
    WHEN NOT EXISTS (SELECT 1 FROM needs WHERE id = new.need_id AND status IN ('actionable', 'in_progress'))
      THEN RAISE(ABORT, 'task: its need must be actionable or in_progress')
  END;
END;

CREATE TRIGGER tasks_derived_from_need AFTER INSERT ON tasks
BEGIN
  INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at)
  VALUES ('task', new.id, 'need', new.need_id, 'derived_from', new.created_at);
END;

-- The derived_from edge written at insert would silently go stale.
CREATE TRIGGER tasks_need_fixed BEFORE UPDATE OF need_id ON tasks
WHEN old.need_id IS NOT new.need_id
BEGIN
  SELECT RAISE(ABORT, 'task: need_id cannot change');
END;

-- Polymorphic endpoints cannot be foreign keys; the source is checked before the target.
-- Unknown types and NULL ids are left to the CHECK and NOT NULL constraints.
CREATE TRIGGER relationships_endpoints_exist_on_insert BEFORE INSERT ON relationships
WHEN new.source_id IS NOT NULL AND new.target_id IS NOT NULL
BEGIN
  SELECT CASE
    WHEN new.source_type = 'need' AND NOT EXISTS (SELECT 1 FROM needs WHERE id = new.source_id)
      THEN RAISE(ABORT, 'relationship: source need does not exist')
    WHEN new.source_type = 'task' AND NOT EXISTS (SELECT 1 FROM tasks WHERE id = new.source_id)
      THEN RAISE(ABORT, 'relationship: source task does not exist')
    WHEN new.source_type = 'artifact' AND NOT EXISTS (SELECT 1 FROM artifacts WHERE id = new.source_id)
      THEN RAISE(ABORT, 'relationship: source artifact does not exist')
    WHEN new.source_type = 'agent' AND NOT EXISTS (SELECT 1 FROM agents WHERE id = new.source_id)
      THEN RAISE(ABORT, 'relationship: source agent does not exist')
    WHEN new.target_type = 'need' AND NOT EXISTS (SELECT 1 FROM needs WHERE id = new.target_id)
      THEN RAISE(ABORT, 'relationship: target need does not exist')
    WHEN new.target_type = 'task' AND NOT EXISTS (SELECT 1 FROM tasks WHERE id = new.target_id)
      THEN RAISE(ABORT, 'relationship: target task does not exist')
    WHEN new.target_type = 'artifact' AND NOT EXISTS (SELECT 1 FROM artifacts WHERE id = new.target_id)
      THEN RAISE(ABORT, 'relationship: target artifact does not exist')
    WHEN new.target_type = 'agent' AND NOT EXISTS (SELECT 1 FROM agents WHERE id = new.target_id)
      THEN RAISE(ABORT, 'relationship: target agent does not exist')
  END;
END;

CREATE TRIGGER relationships_endpoints_exist_on_update BEFORE UPDATE OF source_type, source_id, target_type, target_id ON relationships
WHEN new.source_id IS NOT NULL AND new.target_id IS NOT NULL
BEGIN
  SELECT CASE
    WHEN new.source_type = 'need' AND NOT EXISTS (SELECT 1 FROM needs WHERE id = new.source_id)
      THEN RAISE(ABORT, 'relationship: source need does not exist')
    WHEN new.source_type = 'task' AND NOT EXISTS (SELECT 1 FROM tasks WHERE id = new.source_id)
      THEN RAISE(ABORT, 'relationship: source task does not exist')
    WHEN new.source_type = 'artifact' AND NOT EXISTS (SELECT 1 FROM artifacts WHERE id = new.source_id)
      THEN RAISE(ABORT, 'relationship: source artifact does not exist')
    WHEN new.source_type = 'agent' AND NOT EXISTS (SELECT 1 FROM agents WHERE id = new.source_id)
      THEN RAISE(ABORT, 'relationship: source agent does not exist')
    WHEN new.target_type = 'need' AND NOT EXISTS (SELECT 1 FROM needs WHERE id = new.target_id)
      THEN RAISE(ABORT, 'relationship: target need does not exist')
    WHEN new.target_type = 'task' AND NOT EXISTS (SELECT 1 FROM tasks WHERE id = new.target_id)
      THEN RAISE(ABORT, 'relationship: target task does not exist')
    WHEN new.target_type = 'artifact' AND NOT EXISTS (SELECT 1 FROM artifacts WHERE id = new.target_id)
      THEN RAISE(ABORT, 'relationship: target artifact does not exist')
    WHEN new.target_type = 'agent' AND NOT EXISTS (SELECT 1 FROM agents WHERE id = new.target_id)
      THEN RAISE(ABORT, 'relationship: target agent does not exist')
  END;
END;

-- Deleting an entity removes the edges that touch it.
CREATE TRIGGER needs_delete_edges AFTER DELETE ON needs
BEGIN
  DELETE FROM relationships
  WHERE (source_type = 'need' AND source_id = old.id) OR (target_type = 'need' AND target_id = old.id);
END;

CREATE TRIGGER tasks_delete_edges AFTER DELETE ON tasks
BEGIN
  DELETE FROM relationships
  WHERE (source_type = 'task' AND source_id = old.id) OR (target_type = 'task' AND target_id = old.id);
END;

CREATE TRIGGER artifacts_delete_edges AFTER DELETE ON artifacts
BEGIN
  DELETE FROM relationships
  WHERE (source_type = 'artifact' AND source_id = old.id) OR (target_type = 'artifact' AND target_id = old.id);
END;

CREATE TRIGGER agents_delete_edges AFTER DELETE ON agents
BEGIN
  DELETE FROM relationships
  WHERE (source_type = 'agent' AND source_id = old.id) OR (target_type = 'agent' AND target_id = old.id);
END;

-- Ids are what history and relationships point at, so they never change.
CREATE TRIGGER needs_id_fixed BEFORE UPDATE OF id ON needs
WHEN old.id IS NOT new.id
BEGIN
  SELECT RAISE(ABORT, 'need: id cannot change');
END;

CREATE TRIGGER tasks_id_fixed BEFORE UPDATE OF id ON tasks
WHEN old.id IS NOT new.id
BEGIN
  SELECT RAISE(ABORT, 'task: id cannot change');
END;

CREATE TRIGGER artifacts_id_fixed BEFORE UPDATE OF id ON artifacts
WHEN old.id IS NOT new.id
BEGIN
  SELECT RAISE(ABORT, 'artifact: id cannot change');
END;

CREATE TRIGGER relationships_id_fixed BEFORE UPDATE OF id ON relationships
WHEN old.id IS NOT new.id
BEGIN
  SELECT RAISE(ABORT, 'relationship: id cannot change');
END;

CREATE TRIGGER agents_id_fixed BEFORE UPDATE OF id ON agents
WHEN old.id IS NOT new.id
BEGIN
  SELECT RAISE(ABORT, 'agent: id cannot change');
END;

-- updated_at follows every update that did not set it itself. The WHERE clause keeps the inner
-- UPDATE from matching again when recursive_triggers is on and the clock has not moved.
CREATE TRIGGER needs_touch AFTER UPDATE ON needs
WHEN old.updated_at IS new.updated_at
BEGIN
  UPDATE needs SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE id = new.id AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;

CREATE TRIGGER tasks_touch AFTER UPDATE ON tasks
WHEN old.updated_at IS new.updated_at
BEGIN
  UPDATE tasks SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE id = new.id AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;

CREATE TRIGGER artifacts_touch AFTER UPDATE ON artifacts
WHEN old.updated_at IS new.updated_at
BEGIN
  UPDATE artifacts SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE id = new.id AND updated_at IS NOT strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;

-- History. changed_at is the row's own time where it has one (created_at on insert, an updated_at
-- the writer set on update), else the clock: replaying the same writes with the same timestamps
-- (an import, a seed script, an adoption) gives the same history, so compiled views do not churn.
-- An update that only moved updated_at (the touch triggers above) is not a change of content
-- and is not recorded again.
CREATE TRIGGER needs_history_insert AFTER INSERT ON needs
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values)
  VALUES ('need', new.id, 'insert', new.created_at,
    json_object('id', new.id, 'title', new.title, 'description', new.description, 'status', new.status,
      'priority', new.priority, 'scope', new.scope, 'created_at', new.created_at,
      'updated_at', new.updated_at, 'source_transcript', new.source_transcript,
      'parent_need_id', new.parent_need_id));
END;

CREATE TRIGGER needs_history_update AFTER UPDATE ON needs
WHEN old.id IS NOT new.id
  OR old.title IS NOT new.title
  OR old.description IS NOT new.description
  OR old.status IS NOT new.status
  OR old.priority IS NOT new.priority
  OR old.scope IS NOT new.scope
  OR old.created_at IS NOT new.created_at
  OR old.source_transcript IS NOT new.source_transcript
  OR old.parent_need_id IS NOT new.parent_need_id
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, old_values, new_values)
  VALUES ('need', new.id, 'update',
    CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
    json_object('id', old.id, 'title', old.title, 'description', old.description, 'status', old.status,
      'priority', old.priority, 'scope', old.scope, 'created_at', old.created_at,
      'updated_at', old.updated_at, 'source_transcript', old.source_transcript,
      'parent_need_id', old.parent_need_id),
    json_object('id', new.id, 'title', new.title, 'description', new.description, 'status', new.status,
      'priority', new.priority, 'scope', new.scope, 'created_at', new.created_at,
      'updated_at', new.updated_at, 'source_transcript', new.source_transcript,
      'parent_need_id', new.parent_need_id));
END;

CREATE TRIGGER needs_history_delete AFTER DELETE ON needs
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values)
  VALUES ('need', old.id, 'delete',
    json_object('id', old.id, 'title', old.title, 'description', old.description, 'status', old.status,
      'priority', old.priority, 'scope', old.scope, 'created_at', old.created_at,
      'updated_at', old.updated_at, 'source_transcript', old.source_transcript,
      'parent_need_id', old.parent_need_id));
END;

CREATE TRIGGER tasks_history_insert AFTER INSERT ON tasks
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values)
  VALUES ('task', new.id, 'insert', new.created_at,
    json_object('id', new.id, 'need_id', new.need_id, 'description', new.description,
      'status', new.status, 'priority', new.priority, 'assigned_agent_id', new.assigned_agent_id,
      'result', new.result, 'created_at', new.created_at, 'updated_at', new.updated_at,
      'assigned_date', new.assigned_date, 'source_transcript', new.source_transcript));
END;

CREATE TRIGGER tasks_history_update AFTER UPDATE ON tasks
WHEN old.id IS NOT new.id
  OR old.need_id IS NOT new.need_id
  OR old.description IS NOT new.description
  OR old.status IS NOT new.status
  OR old.priority IS NOT new.priority
  OR old.assigned_agent_id IS NOT new.assigned_agent_id
  OR old.result IS NOT new.result
  OR old.created_at IS NOT new.created_at
  OR old.assigned_date IS NOT new.assigned_date
  OR old.source_transcript IS NOT new.source_transcript
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, old_values, new_values)
  VALUES ('task', new.id, 'update',
    CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
    json_object('id', old.id, 'need_id', old.need_id, 'description', old.description,
      'status', old.status, 'priority', old.priority, 'assigned_agent_id', old.assigned_agent_id,
      'result', old.result, 'created_at', old.created_at, 'updated_at', old.updated_at,
      'assigned_date', old.assigned_date, 'source_transcript', old.source_transcript),
    json_object('id', new.id, 'need_id', new.need_id, 'description', new.description,
      'status', new.status, 'priority', new.priority, 'assigned_agent_id', new.assigned_agent_id,
      'result', new.result, 'created_at', new.created_at, 'updated_at', new.updated_at,
      'assigned_date', new.assigned_date, 'source_transcript', new.source_transcript));
END;

CREATE TRIGGER tasks_history_delete AFTER DELETE ON tasks
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values)
  VALUES ('task', old.id, 'delete',
    json_object('id', old.id, 'need_id', old.need_id, 'description', old.description,
      'status', old.status, 'priority', old.priority, 'assigned_agent_id', old.assigned_agent_id,
      'result', old.result, 'created_at', old.created_at, 'updated_at', old.updated_at,
      'assigned_date', old.assigned_date, 'source_transcript', old.source_transcript));
END;

CREATE TRIGGER artifacts_history_insert AFTER INSERT ON artifacts
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values)
  VALUES ('artifact', new.id, 'insert', new.created_at,
    json_object('id', new.id, 'title', new.title, 'description', new.description,
      'file_path', new.file_path, 'artifact_type', new.artifact_type,
      'content_hash', new.content_hash, 'created_at', new.created_at, 'updated_at', new.updated_at,
      'source_transcript', new.source_transcript));
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
  INSERT INTO history (entity, entity_id, operation, changed_at, old_values, new_values)
  VALUES ('artifact', new.id, 'update',
    CASE WHEN new.updated_at IS NOT old.updated_at THEN new.updated_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
    json_object('id', old.id, 'title', old.title, 'description', old.description,
      'file_path', old.file_path, 'artifact_type', old.artifact_type,
      'content_hash', old.content_hash, 'created_at', old.created_at, 'updated_at', old.updated_at,
      'source_transcript', old.source_transcript),
    json_object('id', new.id, 'title', new.title, 'description', new.description,
      'file_path', new.file_path, 'artifact_type', new.artifact_type,
      'content_hash', new.content_hash, 'created_at', new.created_at, 'updated_at', new.updated_at,
      'source_transcript', new.source_transcript));
END;

CREATE TRIGGER artifacts_history_delete AFTER DELETE ON artifacts
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values)
  VALUES ('artifact', old.id, 'delete',
    json_object('id', old.id, 'title', old.title, 'description', old.description,
      'file_path', old.file_path, 'artifact_type', old.artifact_type,
      'content_hash', old.content_hash, 'created_at', old.created_at, 'updated_at', old.updated_at,
      'source_transcript', old.source_transcript));
END;

CREATE TRIGGER relationships_history_insert AFTER INSERT ON relationships
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values)
  VALUES ('relationship', new.id, 'insert', new.created_at,
    json_object('id', new.id, 'source_type', new.source_type, 'source_id', new.source_id,
      'target_type', new.target_type, 'target_id', new.target_id,
      'relationship_type', new.relationship_type, 'metadata', json(new.metadata),
      'created_at', new.created_at));
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
  INSERT INTO history (entity, entity_id, operation, old_values, new_values)
  VALUES ('relationship', new.id, 'update',
    json_object('id', old.id, 'source_type', old.source_type, 'source_id', old.source_id,
      'target_type', old.target_type, 'target_id', old.target_id,
      'relationship_type', old.relationship_type, 'metadata', json(old.metadata),
      'created_at', old.created_at),
    json_object('id', new.id, 'source_type', new.source_type, 'source_id', new.source_id,
      'target_type', new.target_type, 'target_id', new.target_id,
      'relationship_type', new.relationship_type, 'metadata', json(new.metadata),
      'created_at', new.created_at));
END;

CREATE TRIGGER relationships_history_delete AFTER DELETE ON relationships
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values)
  VALUES ('relationship', old.id, 'delete',
    json_object('id', old.id, 'source_type', old.source_type, 'source_id', old.source_id,
      'target_type', old.target_type, 'target_id', old.target_id,
      'relationship_type', old.relationship_type, 'metadata', json(old.metadata),
      'created_at', old.created_at));
END;

CREATE TRIGGER agents_history_insert AFTER INSERT ON agents
BEGIN
  INSERT INTO history (entity, entity_id, operation, changed_at, new_values)
  VALUES ('agent', new.id, 'insert', COALESCE(new.started_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    json_object('id', new.id, 'agent_type', new.agent_type, 'status', new.status,
      'kernel_version', new.kernel_version,
      'provisioned_artifacts', json(new.provisioned_artifacts),
      'assigned_tasks', json(new.assigned_tasks), 'monitored_needs', json(new.monitored_needs),
      'session_transcript', new.session_transcript, 'started_at', new.started_at,
      'completed_at', new.completed_at, 'result_summary', new.result_summary));
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
  INSERT INTO history (entity, entity_id, operation, old_values, new_values)
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
      'completed_at', new.completed_at, 'result_summary', new.result_summary));
END;

CREATE TRIGGER agents_history_delete AFTER DELETE ON agents
BEGIN
  INSERT INTO history (entity, entity_id, operation, old_values)
  VALUES ('agent', old.id, 'delete',
    json_object('id', old.id, 'agent_type', old.agent_type, 'status', old.status,
      'kernel_version', old.kernel_version,
      'provisioned_artifacts', json(old.provisioned_artifacts),
      'assigned_tasks', json(old.assigned_tasks), 'monitored_needs', json(old.monitored_needs),
      'session_transcript', old.session_transcript, 'started_at', old.started_at,
      'completed_at', old.completed_at, 'result_summary', old.result_summary));
END;

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN
  SELECT RAISE(ABORT, 'history is append-only: rows cannot be updated');
END;

CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN
  SELECT RAISE(ABORT, 'history is append-only: rows cannot be deleted');
END;
