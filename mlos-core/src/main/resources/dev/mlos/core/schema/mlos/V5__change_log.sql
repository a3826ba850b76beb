-- mlos V5: the database's own record of changes (issue 20), so a compile finds what changed since
-- the last one without running every view's queries. Every insert, update and delete of every
-- table of this schema set appends one row to mlos_changes, through triggers, so a write in the
-- sqlite3 shell is recorded exactly like one through mlos. A row names the table and the changed
-- row's key columns before (old_keys) and after (new_keys) the change, as JSON objects: enough to
-- find the pages the row fed even after it was deleted or moved (a task to another need, an edge
-- to another end). Changes to the log itself are refused, as for history: a rewritten or deleted
-- entry would make a compile miss a change.
CREATE TABLE mlos_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl TEXT NOT NULL,
  old_keys TEXT CHECK (old_keys IS NULL OR json_valid(old_keys)),
  new_keys TEXT CHECK (new_keys IS NULL OR json_valid(new_keys)),
  CHECK (old_keys IS NOT NULL OR new_keys IS NOT NULL)
) STRICT;

CREATE TRIGGER mlos_changes_no_update BEFORE UPDATE ON mlos_changes
BEGIN
  SELECT RAISE(ABORT, 'mlos_changes is append-only: a compile reads it to find what changed');
END;

CREATE TRIGGER mlos_changes_no_delete BEFORE DELETE ON mlos_changes
BEGIN
  SELECT RAISE(ABORT, 'mlos_changes is append-only: a compile reads it to find what changed');
END;

CREATE TRIGGER mlos_changes_needs_insert AFTER INSERT ON needs
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('needs', json_object('id', NEW.id, 'parent_need_id', NEW.parent_need_id));
END;

CREATE TRIGGER mlos_changes_needs_update AFTER UPDATE ON needs
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('needs', json_object('id', OLD.id, 'parent_need_id', OLD.parent_need_id), json_object('id', NEW.id, 'parent_need_id', NEW.parent_need_id));
END;

CREATE TRIGGER mlos_changes_needs_delete AFTER DELETE ON needs
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('needs', json_object('id', OLD.id, 'parent_need_id', OLD.parent_need_id));
END;

CREATE TRIGGER mlos_changes_tasks_insert AFTER INSERT ON tasks
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('tasks', json_object('id', NEW.id, 'need_id', NEW.need_id, 'assigned_agent_id', NEW.assigned_agent_id));
END;

CREATE TRIGGER mlos_changes_tasks_update AFTER UPDATE ON tasks
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('tasks', json_object('id', OLD.id, 'need_id', OLD.need_id, 'assigned_agent_id', OLD.assigned_agent_id), json_object('id', NEW.id, 'need_id', NEW.need_id, 'assigned_agent_id', NEW.assigned_agent_id));
END;

CREATE TRIGGER mlos_changes_tasks_delete AFTER DELETE ON tasks
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('tasks', json_object('id', OLD.id, 'need_id', OLD.need_id, 'assigned_agent_id', OLD.assigned_agent_id));
END;

CREATE TRIGGER mlos_changes_artifacts_insert AFTER INSERT ON artifacts
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('artifacts', json_object('id', NEW.id));
END;

CREATE TRIGGER mlos_changes_artifacts_update AFTER UPDATE ON artifacts
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('artifacts', json_object('id', OLD.id), json_object('id', NEW.id));
END;

CREATE TRIGGER mlos_changes_artifacts_delete AFTER DELETE ON artifacts
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('artifacts', json_object('id', OLD.id));
END;

CREATE TRIGGER mlos_changes_relationships_insert AFTER INSERT ON relationships
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('relationships', json_object('id', NEW.id, 'source_type', NEW.source_type, 'source_id', NEW.source_id, 'target_type', NEW.target_type, 'target_id', NEW.target_id));
END;

CREATE TRIGGER mlos_changes_relationships_update AFTER UPDATE ON relationships
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('relationships', json_object('id', OLD.id, 'source_type', OLD.source_type, 'source_id', OLD.source_id, 'target_type', OLD.target_type, 'target_id', OLD.target_id), json_object('id', NEW.id, 'source_type', NEW.source_type, 'source_id', NEW.source_id, 'target_type', NEW.target_type, 'target_id', NEW.target_id));
END;

CREATE TRIGGER mlos_changes_relationships_delete AFTER DELETE ON relationships
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('relationships', json_object('id', OLD.id, 'source_type', OLD.source_type, 'source_id', OLD.source_id, 'target_type', OLD.target_type, 'target_id', OLD.target_id));
END;

CREATE TRIGGER mlos_changes_agents_insert AFTER INSERT ON agents
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('agents', json_object('id', NEW.id));
END;

CREATE TRIGGER mlos_changes_agents_update AFTER UPDATE ON agents
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('agents', json_object('id', OLD.id), json_object('id', NEW.id));
END;

CREATE TRIGGER mlos_changes_agents_delete AFTER DELETE ON agents
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('agents', json_object('id', OLD.id));
END;

CREATE TRIGGER mlos_changes_history_insert AFTER INSERT ON history
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('history', json_object('id', NEW.id, 'entity', NEW.entity, 'entity_id', NEW.entity_id));
END;

CREATE TRIGGER mlos_changes_history_update AFTER UPDATE ON history
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('history', json_object('id', OLD.id, 'entity', OLD.entity, 'entity_id', OLD.entity_id), json_object('id', NEW.id, 'entity', NEW.entity, 'entity_id', NEW.entity_id));
END;

CREATE TRIGGER mlos_changes_history_delete AFTER DELETE ON history
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('history', json_object('id', OLD.id, 'entity', OLD.entity, 'entity_id', OLD.entity_id));
END;

CREATE TRIGGER mlos_changes_need_tags_insert AFTER INSERT ON need_tags
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('need_tags', json_object('tag', NEW.tag, 'need_id', NEW.need_id));
END;

CREATE TRIGGER mlos_changes_need_tags_update AFTER UPDATE ON need_tags
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('need_tags', json_object('tag', OLD.tag, 'need_id', OLD.need_id), json_object('tag', NEW.tag, 'need_id', NEW.need_id));
END;

CREATE TRIGGER mlos_changes_need_tags_delete AFTER DELETE ON need_tags
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('need_tags', json_object('tag', OLD.tag, 'need_id', OLD.need_id));
END;

CREATE TRIGGER mlos_changes_lenses_insert AFTER INSERT ON lenses
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('lenses', json_object('id', NEW.id, 'agent_id', NEW.agent_id, 'agent_type', NEW.agent_type));
END;

CREATE TRIGGER mlos_changes_lenses_update AFTER UPDATE ON lenses
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('lenses', json_object('id', OLD.id, 'agent_id', OLD.agent_id, 'agent_type', OLD.agent_type), json_object('id', NEW.id, 'agent_id', NEW.agent_id, 'agent_type', NEW.agent_type));
END;

CREATE TRIGGER mlos_changes_lenses_delete AFTER DELETE ON lenses
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('lenses', json_object('id', OLD.id, 'agent_id', OLD.agent_id, 'agent_type', OLD.agent_type));
END;

CREATE TRIGGER mlos_changes_write_context_insert AFTER INSERT ON write_context
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('write_context', json_object('id', NEW.id));
END;

CREATE TRIGGER mlos_changes_write_context_update AFTER UPDATE ON write_context
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('write_context', json_object('id', OLD.id), json_object('id', NEW.id));
END;

CREATE TRIGGER mlos_changes_write_context_delete AFTER DELETE ON write_context
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('write_context', json_object('id', OLD.id));
END;

CREATE TRIGGER mlos_changes_need_transitions_insert AFTER INSERT ON need_transitions
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('need_transitions', json_object('from_status', NEW.from_status, 'to_status', NEW.to_status));
END;

CREATE TRIGGER mlos_changes_need_transitions_update AFTER UPDATE ON need_transitions
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('need_transitions', json_object('from_status', OLD.from_status, 'to_status', OLD.to_status), json_object('from_status', NEW.from_status, 'to_status', NEW.to_status));
END;

CREATE TRIGGER mlos_changes_need_transitions_delete AFTER DELETE ON need_transitions
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('need_transitions', json_object('from_status', OLD.from_status, 'to_status', OLD.to_status));
END;

CREATE TRIGGER mlos_changes_task_transitions_insert AFTER INSERT ON task_transitions
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('task_transitions', json_object('from_status', NEW.from_status, 'to_status', NEW.to_status));
END;

CREATE TRIGGER mlos_changes_task_transitions_update AFTER UPDATE ON task_transitions
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('task_transitions', json_object('from_status', OLD.from_status, 'to_status', OLD.to_status), json_object('from_status', NEW.from_status, 'to_status', NEW.to_status));
END;

CREATE TRIGGER mlos_changes_task_transitions_delete AFTER DELETE ON task_transitions
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('task_transitions', json_object('from_status', OLD.from_status, 'to_status', OLD.to_status));
END;

CREATE TRIGGER mlos_changes_relationship_kinds_insert AFTER INSERT ON relationship_kinds
BEGIN
  INSERT INTO mlos_changes (tbl, new_keys) VALUES ('relationship_kinds', json_object('relationship_type', NEW.relationship_type, 'source_type', NEW.source_type, 'target_type', NEW.target_type));
END;

CREATE TRIGGER mlos_changes_relationship_kinds_update AFTER UPDATE ON relationship_kinds
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys, new_keys) VALUES ('relationship_kinds', json_object('relationship_type', OLD.relationship_type, 'source_type', OLD.source_type, 'target_type', OLD.target_type), json_object('relationship_type', NEW.relationship_type, 'source_type', NEW.source_type, 'target_type', NEW.target_type));
END;

CREATE TRIGGER mlos_changes_relationship_kinds_delete AFTER DELETE ON relationship_kinds
BEGIN
  INSERT INTO mlos_changes (tbl, old_keys) VALUES ('relationship_kinds', json_object('relationship_type', OLD.relationship_type, 'source_type', OLD.source_type, 'target_type', OLD.target_type));
END;
