-- Tom's runtime memory: one support session, the workflow it triggered, the skill learned from it
-- and the proposal that turned the skill into config, with its governance trail. Every timestamp
-- is explicit; the latest recorded one is the deploy at 2026-03-02T10:00:00Z.
INSERT INTO sessions (id, actor, channel, started_at, ended_at, status, metadata_json) VALUES
  ('sess-0001', 'tom', 'cli', '2026-03-01T09:00:00Z', '2026-03-01T09:05:00Z', 'closed', '{"host":"laptop"}');

INSERT INTO conversation_turns (id, session_id, turn_index, role, content, token_count, created_at) VALUES
  ('turn-0001-1', 'sess-0001', 1, 'assistant', 'Retry with exponential backoff.', 8, '2026-03-01T09:02:00Z'),
  ('turn-0001-0', 'sess-0001', 0, 'user', 'Why does the sync keep failing?', 9, '2026-03-01T09:01:00Z');

INSERT INTO workflow_runs (id, workflow_name, trigger_source, initiated_by, status, started_at, finished_at, context_json) VALUES
  ('run-0001', 'nightly-sync', 'cron', 'scheduler', 'succeeded', '2026-03-01T23:00:00Z', '2026-03-01T23:04:00Z', '{"target":"crm"}');

INSERT INTO workflow_steps (id, workflow_run_id, step_index, step_name, status, started_at, finished_at) VALUES
  ('step-0001-2', 'run-0001', 2, 'push', 'done', '2026-03-01T23:02:00Z', '2026-03-01T23:04:00Z'),
  ('step-0001-1', 'run-0001', 1, 'pull', 'done', '2026-03-01T23:00:00Z', '2026-03-01T23:02:00Z');

INSERT INTO task_events (id, workflow_run_id, step_id, event_type, event_level, message, created_at) VALUES
  ('ev-1', 'run-0001', 'step-0001-1', 'warn', 'medium', 'Rate limited, backing off 2s', '2026-03-01T23:01:00Z'),
  ('ev-2', 'run-0001', NULL, 'info', 'low', 'Sync finished', '2026-03-01T23:04:00Z');

INSERT INTO skills_learned (id, skill_key, description, source_type, source_ref, confidence, learned_at) VALUES
  ('skill-backoff', 'sync.retry.backoff', 'Retry failed syncs with exponential backoff.', 'conversation', 'sess-0001', 0.85, '2026-03-01T09:06:00Z');

INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, determinism_score, risk_level, status, created_at, updated_at) VALUES
  ('prop-0001', 'skill-backoff', 'oxide', 'config_change', '{"sync.retry":{"max":5,"backoff":"exponential"}}', 0.9, 'low', 'promoted', '2026-03-01T10:00:00Z', '2026-03-02T10:00:00Z');

INSERT INTO validation_results (id, proposal_id, validator, build_pass, lint_pass, test_pass, policy_pass, validated_at) VALUES
  ('val-0001', 'prop-0001', 'ci', 1, 1, 1, 1, '2026-03-01T11:00:00Z');

INSERT INTO approvals (id, proposal_id, approver, approval_type, decision, notes, decided_at) VALUES
  ('appr-0001', 'prop-0001', 'alice', 'human', 'approved', 'Low risk, reversible.', '2026-03-01T12:00:00Z');

INSERT INTO deploy_outcomes (id, proposal_id, deployment_target, deployment_id, status, summary, deployed_at) VALUES
  ('dep-0001', 'prop-0001', 'prod', 'd-42', 'succeeded', 'Rolled out to all workers.', '2026-03-02T10:00:00Z');

INSERT INTO behavior_profiles (id, profile_name, version, behavior_json, effective_from, effective_to, created_at, created_by) VALUES
  ('bp-tom-1', 'tom', 1, '{"escalate_above":"medium"}', '2026-01-01T00:00:00Z', '2026-02-15T00:00:00Z', '2026-01-01T00:00:00Z', 'system'),
  ('bp-tom-2', 'tom', 2, '{"escalate_above":"high"}', '2026-02-15T00:00:00Z', NULL, '2026-02-10T08:00:00Z', 'oxide');

INSERT INTO personality_profiles (id, profile_name, version, personality_json, effective_from, effective_to, created_at, created_by) VALUES
  ('pp-tom-1', 'tom', 1, '{"tone":"terse"}', '2026-01-01T00:00:00Z', NULL, '2026-01-01T00:00:00Z', 'system'),
  ('pp-tom-2', 'tom', 2, '{"tone":"warm"}', '2026-04-01T00:00:00Z', NULL, '2026-02-20T00:00:00Z', 'tom');
