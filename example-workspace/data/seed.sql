-- The example workspace's database, as text. `mvn mlos:init` runs this once when it creates
-- mlos.db, so every machine builds the same database and compiles the same bytes.
-- Every timestamp is explicit: nothing here depends on when the script runs.

INSERT INTO needs (id, title, description, status, priority, scope, created_at, updated_at, source_transcript, parent_need_id, tags) VALUES
  (1, 'The kernel boots the same way on every machine',
      'Given the same database, an agent boots with byte-identical context. No hidden state on the laptop that started it.',
      'active', 1, 'kernel', '2026-10-02T09:00:00Z', '2026-10-02T09:00:00Z', 'transcripts/2026-10-02-kickoff.md', NULL, '["boot", "reproducibility"]'),
  (2, 'Context packs fit the agent''s window',
      'Each agent gets the artifacts nearest its needs, cut to a token budget measured with a real tokenizer.' || char(10) || char(10) || 'What does not fit is listed by path.',
      'identified', 2, 'compiler', '2026-10-03T10:15:00Z', '2026-10-03T10:15:00Z', 'transcripts/2026-10-02-kickoff.md', 1, '["context", "tokens"]'),
  (3, 'PROBLEM.md is compiled, never hand-edited',
      'The list of open needs is a view over the database. CI fails when somebody edits it by hand.',
      'identified', 1, 'compiler', '2026-10-04T08:30:00Z', '2026-10-04T08:30:00Z', 'transcripts/2026-10-02-kickoff.md', NULL, '["guard", "views"]'),
  (4, 'Agents coordinate through shared need state',
      'Round-table coordination: every agent sees the need graph and takes over an unmet need when it has capacity.',
      'identified', 2, 'coordination', '2026-10-05T14:00:00Z', '2026-10-05T14:00:00Z', 'transcripts/2026-10-02-kickoff.md', NULL, '["round-table"]'),
  (5, 'Schema rejects malformed rows at insertion',
      'Statuses, priorities, JSON columns and the need lifecycle are enforced by SQLite, whichever client writes.',
      'identified', 1, 'kernel', '2026-10-06T11:00:00Z', '2026-10-06T11:00:00Z', NULL, 1, '["enforcement"]'),
  (6, 'Guard tells people what to run, not just "differs"',
      'Every violation names the file, the class, the first changed line and the command that fixes it.',
      'identified', 3, 'compiler', '2026-10-20T16:45:00Z', '2026-10-20T16:45:00Z', 'transcripts/2026-10-20-guard-review.md', 3, '["guard"]'),
  (7, 'Mobile workspace shows only portable needs',
      'The phone workspace compiles from the same database with its own projection.',
      'identified', 4, 'mobile', '2026-10-21T07:20:00Z', '2026-10-21T07:20:00Z', NULL, NULL, '[]'),
  (8, 'Titles with | pipes, `ticks` & "quotes": survive',
      'A title written by an agent may contain markdown and YAML punctuation; pages and front matter must stay valid.',
      'identified', 5, 'compiler', '2026-10-22T12:00:00Z', '2026-10-22T12:00:00Z', NULL, NULL, '["escaping"]'),
  (9, 'Legacy TaskEngine tasks keep their ids',
      'Adopting the old tasks table loses nothing: every row keeps its id and values.',
      'identified', 3, 'kernel', '2026-10-07T09:30:00Z', '2026-10-07T09:30:00Z', NULL, NULL, '["adoption"]');

-- Walk needs along the lifecycle; each UPDATE sets updated_at so history stays reproducible.
UPDATE needs SET status = 'active', updated_at = '2026-10-05T09:00:00Z' WHERE id = 3;
UPDATE needs SET status = 'active', updated_at = '2026-10-07T10:00:00Z' WHERE id IN (5, 9);
UPDATE needs SET status = 'actionable', updated_at = '2026-10-08T09:00:00Z' WHERE id IN (1, 3, 5, 9);
UPDATE needs SET status = 'in_progress', updated_at = '2026-10-10T09:00:00Z' WHERE id IN (3, 5, 9);
UPDATE needs SET status = 'active', updated_at = '2026-10-12T13:00:00Z' WHERE id = 2;
UPDATE needs SET status = 'active', updated_at = '2026-10-21T08:00:00Z' WHERE id = 6;
UPDATE needs SET status = 'deferred', updated_at = '2026-10-23T10:00:00Z' WHERE id = 4;

INSERT INTO artifacts (id, title, description, file_path, artifact_type, content_hash, created_at, updated_at, source_transcript) VALUES
  (1, 'Kernel boot sequence', 'The three layers an agent boots with, and how a boot fails.', 'docs/design/kernel-boot.md', 'document', 'd69f1c31bdd759360af80c33be0faa96d28b51941064a3c77501c026776fb195', '2026-10-02T12:00:00Z', '2026-10-09T12:00:00Z', 'transcripts/2026-10-02-kickoff.md'),
  (2, 'Need lifecycle', 'Allowed status moves and when tasks may be cut.', 'docs/design/need-lifecycle.md', 'document', '4a5096f345f81d9f46a9f78485036659e195542254d1f598a180ca9fac4a357c', '2026-10-05T12:00:00Z', '2026-10-06T12:00:00Z', NULL),
  (3, 'Context packs', 'What a context pack holds and how its budget is measured.', 'docs/design/context-packs.md', 'document', '9beb76bd53764a7846780de6c60eab8516dca7480fa500ac4881caa84b5bf2e8', '2026-10-03T12:00:00Z', '2026-10-12T12:00:00Z', NULL),
  (4, 'Runbook: the guard failed in CI', 'What each guard violation means and the command that fixes it.', 'docs/runbooks/guard-failures.md', 'document', '46200a37c583d1c4d4ed9f57030be304d631a4c4f35460cd5daaa89b5a582166', '2026-10-20T18:00:00Z', '2026-10-21T09:00:00Z', 'transcripts/2026-10-20-guard-review.md'),
  (5, 'Round-table picker', 'Chooses the unmet need an agent should take over.', 'src/round_table.py', 'code', '48afc05341767e024561b7df0b3cc4af732689447dd83bf30abc0ee291e0bd44', '2026-10-06T12:00:00Z', '2026-10-06T12:00:00Z', NULL),
  (6, 'Early schema sketch', 'The first sketch of the tables, before enforcement.', 'src/schema.sql', 'schema', '9b4cea39e01139364b56c94a7a4e80b01bb2df4c1f25431045929012b72e53e5', '2026-10-02T13:00:00Z', '2026-10-02T13:00:00Z', NULL),
  (7, 'Kickoff transcript', 'Where the database-first decision was made.', 'transcripts/2026-10-02-kickoff.md', 'transcript', 'ea8a4d60be70713811ce3a7bf696101d034a65d1520c06bf910ce4537a89156c', '2026-10-02T18:00:00Z', '2026-10-02T18:00:00Z', NULL),
  (8, 'Guard review transcript', 'Where hand-edit detection and CRLF tolerance were agreed.', 'transcripts/2026-10-20-guard-review.md', 'transcript', '17e3cfcd65dbccb65bedd29af5b6860b75e0efef76aeb0e2c4e94b214e7e483f', '2026-10-20T18:30:00Z', '2026-10-20T18:30:00Z', NULL);

INSERT INTO agents (id, agent_type, status, kernel_version, provisioned_artifacts, assigned_tasks, monitored_needs, session_transcript, started_at, completed_at, result_summary) VALUES
  (1, 'architect', 'active', 'k-0.3', '[1]', '[]', '[1, 5]', 'transcripts/2026-10-02-kickoff.md', '2026-10-09T08:00:00Z', NULL, NULL),
  (2, 'context_manager', 'active', 'k-0.3', '[]', '[]', '[2, 3]', NULL, '2026-10-10T08:00:00Z', NULL, NULL),
  (3, 'janitor', 'provisioning', 'k-0.3', '[]', '[]', '[6]', NULL, '2026-10-21T09:00:00Z', NULL, NULL),
  (4, 'researcher', 'completed', 'k-0.2', '[]', '[]', '[4]', NULL, '2026-10-05T15:00:00Z', '2026-10-06T18:00:00Z', 'Surveyed round-table coordination; proposed shared need state.');

INSERT INTO tasks (id, need_id, description, status, priority, assigned_agent_id, result, created_at, updated_at, assigned_date, source_transcript) VALUES
  (1, 1, 'Write a session-boundary test for the kernel boot sequence', 'assigned', 1, 1, NULL, '2026-10-08T10:00:00Z', '2026-10-09T08:00:00Z', '2026-10-09', NULL),
  (2, 5, 'Add CHECK constraints for every status column', 'completed', 1, 1, 'All five tables enforce their value sets.', '2026-10-10T10:00:00Z', '2026-10-11T17:00:00Z', '2026-10-10', NULL),
  (3, 3, 'Compile PROBLEM.md from the needs table', 'in_progress', 1, 2, NULL, '2026-10-10T11:00:00Z', '2026-10-12T09:00:00Z', '2026-10-10', 'transcripts/2026-10-02-kickoff.md'),
  (4, 3, 'Fail CI when a compiled file is edited by hand', 'open', 2, NULL, NULL, '2026-10-20T17:00:00Z', '2026-10-20T17:00:00Z', NULL, 'transcripts/2026-10-20-guard-review.md'),
  (5, 9, 'Map legacy statuses to the new set', 'completed', 3, NULL, 'pending/todo -> open, done -> completed.', '2026-10-10T12:00:00Z', '2026-10-11T12:00:00Z', NULL, NULL),
  (6, 9, 'Back up the database before adopting it', 'open', 3, NULL, NULL, '2026-10-10T12:05:00Z', '2026-10-10T12:05:00Z', NULL, NULL);

INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, metadata, created_at) VALUES
  ('need', 1, 'artifact', 1, 'references', NULL, '2026-10-02T12:00:00Z'),
  ('need', 2, 'artifact', 3, 'references', NULL, '2026-10-03T12:00:00Z'),
  ('need', 5, 'artifact', 2, 'references', NULL, '2026-10-06T12:00:00Z'),
  ('need', 5, 'artifact', 6, 'references', '{"note": "superseded by the enforced schema"}', '2026-10-06T12:00:00Z'),
  ('need', 3, 'artifact', 4, 'references', NULL, '2026-10-20T18:00:00Z'),
  ('need', 4, 'artifact', 5, 'references', NULL, '2026-10-06T12:00:00Z'),
  ('artifact', 1, 'artifact', 3, 'references', NULL, '2026-10-12T12:00:00Z'),
  ('artifact', 3, 'artifact', 7, 'references', NULL, '2026-10-12T12:00:00Z'),
  ('need', 5, 'need', 1, 'enables', NULL, '2026-10-06T12:00:00Z'),
  ('need', 3, 'need', 6, 'enables', NULL, '2026-10-20T18:00:00Z'),
  ('need', 2, 'need', 1, 'blocks', NULL, '2026-10-12T13:00:00Z'),
  ('agent', 2, 'need', 3, 'monitors', NULL, '2026-10-10T08:00:00Z'),
  ('agent', 1, 'artifact', 1, 'produced', NULL, '2026-10-09T12:00:00Z'),
  ('agent', 4, 'artifact', 5, 'produced', NULL, '2026-10-06T12:00:00Z'),
  ('task', 3, 'artifact', 4, 'produced', NULL, '2026-10-21T09:00:00Z');

-- Lenses: the architect sees the kernel scope with its own token budget; every janitor sees guard work.
INSERT INTO lenses (id, agent_id, agent_type, scopes, tags, weights, token_budget, created_at, updated_at) VALUES
  (1, 1, NULL, '["kernel"]', '[]', '{"scope:kernel": 2}', 6000, '2026-10-09T08:00:00Z', '2026-10-09T08:00:00Z'),
  (2, NULL, 'janitor', '[]', '["guard"]', '{}', NULL, '2026-10-21T09:00:00Z', '2026-10-21T09:00:00Z');
