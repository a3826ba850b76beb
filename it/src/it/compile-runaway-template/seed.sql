-- A small team: three needs in scope 'core', two agents, one artifact. Every timestamp is explicit.
-- Agent 1 (builder) monitors need 2, agent 2 (reviewer) monitors need 3; need 1 references the
-- artifact. So need 2 appears on its own page, PROBLEM.md, GRAPH.md and context/1-builder.md only.
INSERT INTO needs (id, title, description, status, priority, scope, created_at, updated_at) VALUES
  (1, 'Boot the same way on every machine', 'No hidden state on the laptop that started it.', 'identified', 1, 'core', '2026-10-01T09:00:00Z', '2026-10-01T09:00:00Z'),
  (2, 'Pages stay where links expect them', 'Renaming a need moves its page and every link to it.', 'identified', 2, 'core', '2026-10-02T09:00:00Z', '2026-10-02T09:00:00Z'),
  (3, 'Retire the old importer', 'Nobody runs it any more.', 'identified', 3, 'core', '2026-10-03T09:00:00Z', '2026-10-03T09:00:00Z');

INSERT INTO agents (id, agent_type, status, monitored_needs, started_at) VALUES
  (1, 'builder', 'active', '[2]', '2026-10-04T08:00:00Z'),
  (2, 'reviewer', 'active', '[3]', '2026-10-04T08:00:00Z');

INSERT INTO artifacts (id, title, description, file_path, artifact_type, created_at, updated_at) VALUES
  (1, 'Boot notes', 'How an agent boots.', 'docs/boot.md', 'document', '2026-10-01T12:00:00Z', '2026-10-01T12:00:00Z');

INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at) VALUES
  ('need', 1, 'artifact', 1, 'references', '2026-10-01T12:00:00Z');
