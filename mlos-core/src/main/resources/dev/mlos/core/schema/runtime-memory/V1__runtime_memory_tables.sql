-- runtime-memory V1: the Runtime Memory DB Schema v1 of seed 002 (ToM + O.X.I.D.E), table for table and
-- column for column (names, types, defaults, foreign keys, UNIQUEs and indexes as the seed has them),
-- with the rules the seed only writes in comments enforced by SQLite itself.
--
-- What is added to the seed's DDL:
--   * every table is STRICT, so a column holds only its declared type;
--   * every value set the seed enumerates (a|b|c) is a named CHECK. Examples ("e.g." and comma lists:
--     sessions.actor, sessions.channel) are not rules and stay free text. The statuses the seed gives
--     no values for (sessions.status, workflow_steps.status, skills_learned.state) are open sets that
--     only have to be spelled as lower-case words ([a-z][a-z0-9_]*), so 'Active ' and 'active' cannot
--     both appear;
--   * every *_json column must hold valid JSON, build/lint/test/policy_pass are 0 or 1, confidence
--     is between 0 and 1, and an effective window never ends before it starts;
--   * append-only audit trails: approvals, validation_results and deploy_outcomes reject UPDATE and
--     DELETE. Their ON DELETE CASCADE from skill_to_logic_proposals stays as the seed wrote it, but a
--     cascade would delete audit rows, so it now fails: a proposal with audit rows (and the skill it
--     came from) cannot be deleted, nor can its id or skill_id change. Proposals and skills without
--     audit rows can still be deleted, and their cascades work as the seed intended;
--   * a task event that names both a run and a step must name a step of that run.
--
-- Foreign keys: the seed starts with PRAGMA foreign_keys = ON. That pragma is a per-connection
-- setting (and a no-op inside the migration's transaction), so it is not repeated here: mlos opens
-- every connection with it on, and sqlite3 users type it themselves. The rules that protect the
-- audit trail are triggers, so they hold even on a connection with foreign keys off.
--
-- The seed's IF NOT EXISTS is dropped: a database whose tables were made from the seed's plain DDL
-- must fail here, loudly, rather than be recorded as migrated without any of the rules above.
--
-- Timestamps are TEXT as in the seed and compared as text: write them all in one ISO-8601 form
-- (for example 2026-01-01T00:00:00Z), or effective windows compare wrongly.
--
-- Must stay loadable by the sqlite3 shell 3.40+: RAISE() takes only a string literal there.

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  actor TEXT NOT NULL, -- e.g. tom, oxide, user, system
  channel TEXT,        -- cli, api, sdk, cron
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL DEFAULT 'active' -- the seed lists no values: an open set
    CONSTRAINT sessions_status CHECK (status GLOB '[a-z]*' AND status NOT GLOB '*[^a-z0-9_]*'),
  metadata_json TEXT NOT NULL DEFAULT '{}'
    CONSTRAINT sessions_metadata_json CHECK (json_valid(metadata_json))
) STRICT;

CREATE TABLE conversation_turns (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  turn_index INTEGER NOT NULL,
  role TEXT NOT NULL -- system|user|assistant|tool|agent
    CONSTRAINT conversation_turns_role CHECK (role IN ('system', 'user', 'assistant', 'tool', 'agent')),
  content TEXT NOT NULL,
  token_count INTEGER,
  created_at TEXT NOT NULL,
  metadata_json TEXT NOT NULL DEFAULT '{}'
    CONSTRAINT conversation_turns_metadata_json CHECK (json_valid(metadata_json)),
  FOREIGN KEY(session_id) REFERENCES sessions(id) ON DELETE CASCADE,
  UNIQUE(session_id, turn_index)
) STRICT;

CREATE TABLE workflow_runs (
  id TEXT PRIMARY KEY,
  workflow_name TEXT NOT NULL,
  trigger_source TEXT NOT NULL -- cron|manual|api|agent
    CONSTRAINT workflow_runs_trigger_source CHECK (trigger_source IN ('cron', 'manual', 'api', 'agent')),
  initiated_by TEXT NOT NULL,
  status TEXT NOT NULL          -- queued|running|failed|succeeded|aborted
    CONSTRAINT workflow_runs_status CHECK (status IN ('queued', 'running', 'failed', 'succeeded', 'aborted')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  context_json TEXT NOT NULL DEFAULT '{}'
    CONSTRAINT workflow_runs_context_json CHECK (json_valid(context_json))
) STRICT;

CREATE TABLE workflow_steps (
  id TEXT PRIMARY KEY,
  workflow_run_id TEXT NOT NULL,
  step_index INTEGER NOT NULL,
  step_name TEXT NOT NULL,
  status TEXT NOT NULL -- the seed lists no values: an open set
    CONSTRAINT workflow_steps_status CHECK (status GLOB '[a-z]*' AND status NOT GLOB '*[^a-z0-9_]*'),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  details_json TEXT NOT NULL DEFAULT '{}'
    CONSTRAINT workflow_steps_details_json CHECK (json_valid(details_json)),
  FOREIGN KEY(workflow_run_id) REFERENCES workflow_runs(id) ON DELETE CASCADE,
  UNIQUE(workflow_run_id, step_index)
) STRICT;

CREATE TABLE task_events (
  id TEXT PRIMARY KEY,
  workflow_run_id TEXT,
  step_id TEXT,
  event_type TEXT NOT NULL      -- info|warn|error|policy|approval
    CONSTRAINT task_events_event_type CHECK (event_type IN ('info', 'warn', 'error', 'policy', 'approval')),
  event_level TEXT NOT NULL     -- low|medium|high|critical
    CONSTRAINT task_events_event_level CHECK (event_level IN ('low', 'medium', 'high', 'critical')),
  message TEXT NOT NULL,
  payload_json TEXT NOT NULL DEFAULT '{}'
    CONSTRAINT task_events_payload_json CHECK (json_valid(payload_json)),
  created_at TEXT NOT NULL,
  FOREIGN KEY(workflow_run_id) REFERENCES workflow_runs(id) ON DELETE SET NULL,
  FOREIGN KEY(step_id) REFERENCES workflow_steps(id) ON DELETE SET NULL
) STRICT;

CREATE TABLE skills_learned (
  id TEXT PRIMARY KEY,
  skill_key TEXT NOT NULL,
  description TEXT NOT NULL,
  source_type TEXT NOT NULL     -- conversation|doc|external
    CONSTRAINT skills_learned_source_type CHECK (source_type IN ('conversation', 'doc', 'external')),
  source_ref TEXT,
  confidence REAL NOT NULL
    CONSTRAINT skills_learned_confidence CHECK (confidence BETWEEN 0 AND 1),
  learned_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'active' -- the seed lists no values: an open set
    CONSTRAINT skills_learned_state CHECK (state GLOB '[a-z]*' AND state NOT GLOB '*[^a-z0-9_]*'),
  metadata_json TEXT NOT NULL DEFAULT '{}'
    CONSTRAINT skills_learned_metadata_json CHECK (json_valid(metadata_json)),
  UNIQUE(skill_key, learned_at)
) STRICT;

CREATE TABLE behavior_profiles (
  id TEXT PRIMARY KEY,
  profile_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  behavior_json TEXT NOT NULL   -- constraints, communication style, escalation policy
    CONSTRAINT behavior_profiles_behavior_json CHECK (json_valid(behavior_json)),
  rationale TEXT,
  source_ref TEXT,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE(profile_name, version),
  CONSTRAINT behavior_profiles_window CHECK (effective_to IS NULL OR effective_to >= effective_from)
) STRICT;

CREATE TABLE personality_profiles (
  id TEXT PRIMARY KEY,
  profile_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  personality_json TEXT NOT NULL -- traits, tone, adaptive preferences
    CONSTRAINT personality_profiles_personality_json CHECK (json_valid(personality_json)),
  rationale TEXT,
  source_ref TEXT,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE(profile_name, version),
  CONSTRAINT personality_profiles_window CHECK (effective_to IS NULL OR effective_to >= effective_from)
) STRICT;

CREATE TABLE skill_to_logic_proposals (
  id TEXT PRIMARY KEY,
  skill_id TEXT NOT NULL,
  proposed_by TEXT NOT NULL      -- oxide|human
    CONSTRAINT proposals_proposed_by CHECK (proposed_by IN ('oxide', 'human')),
  proposal_type TEXT NOT NULL    -- code_patch|config_change|policy_change
    CONSTRAINT proposals_proposal_type CHECK (proposal_type IN ('code_patch', 'config_change', 'policy_change')),
  proposal_json TEXT NOT NULL
    CONSTRAINT proposals_proposal_json CHECK (json_valid(proposal_json)),
  determinism_score REAL,
  risk_level TEXT NOT NULL       -- low|medium|high|critical
    CONSTRAINT proposals_risk_level CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
  status TEXT NOT NULL           -- drafted|validated|rejected|approved|promoted
    CONSTRAINT proposals_status CHECK (status IN ('drafted', 'validated', 'rejected', 'approved', 'promoted')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  FOREIGN KEY(skill_id) REFERENCES skills_learned(id) ON DELETE CASCADE
) STRICT;

CREATE TABLE validation_results (
  id TEXT PRIMARY KEY,
  proposal_id TEXT NOT NULL,
  validator TEXT NOT NULL        -- ci|oxide|human
    CONSTRAINT validation_results_validator CHECK (validator IN ('ci', 'oxide', 'human')),
  build_pass INTEGER NOT NULL DEFAULT 0
    CONSTRAINT validation_results_build_pass CHECK (build_pass IN (0, 1)),
  lint_pass INTEGER NOT NULL DEFAULT 0
    CONSTRAINT validation_results_lint_pass CHECK (lint_pass IN (0, 1)),
  test_pass INTEGER NOT NULL DEFAULT 0
    CONSTRAINT validation_results_test_pass CHECK (test_pass IN (0, 1)),
  policy_pass INTEGER NOT NULL DEFAULT 0
    CONSTRAINT validation_results_policy_pass CHECK (policy_pass IN (0, 1)),
  details_json TEXT NOT NULL DEFAULT '{}'
    CONSTRAINT validation_results_details_json CHECK (json_valid(details_json)),
  validated_at TEXT NOT NULL,
  FOREIGN KEY(proposal_id) REFERENCES skill_to_logic_proposals(id) ON DELETE CASCADE
) STRICT;

CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  proposal_id TEXT NOT NULL,
  approver TEXT NOT NULL,
  approval_type TEXT NOT NULL    -- policy|human|security|ops
    CONSTRAINT approvals_approval_type CHECK (approval_type IN ('policy', 'human', 'security', 'ops')),
  decision TEXT NOT NULL         -- approved|rejected
    CONSTRAINT approvals_decision CHECK (decision IN ('approved', 'rejected')),
  notes TEXT,
  decided_at TEXT NOT NULL,
  FOREIGN KEY(proposal_id) REFERENCES skill_to_logic_proposals(id) ON DELETE CASCADE
) STRICT;

CREATE TABLE deploy_outcomes (
  id TEXT PRIMARY KEY,
  proposal_id TEXT NOT NULL,
  deployment_target TEXT NOT NULL,
  deployment_id TEXT,
  status TEXT NOT NULL           -- succeeded|failed|rolled_back
    CONSTRAINT deploy_outcomes_status CHECK (status IN ('succeeded', 'failed', 'rolled_back')),
  summary TEXT,
  metrics_json TEXT NOT NULL DEFAULT '{}'
    CONSTRAINT deploy_outcomes_metrics_json CHECK (json_valid(metrics_json)),
  deployed_at TEXT NOT NULL,
  FOREIGN KEY(proposal_id) REFERENCES skill_to_logic_proposals(id) ON DELETE CASCADE
) STRICT;

CREATE INDEX idx_turns_session_created ON conversation_turns(session_id, created_at);
CREATE INDEX idx_workflow_runs_status ON workflow_runs(status, started_at);
CREATE INDEX idx_skills_key_state ON skills_learned(skill_key, state);
CREATE INDEX idx_proposals_status_risk ON skill_to_logic_proposals(status, risk_level);
CREATE INDEX idx_behavior_effective ON behavior_profiles(profile_name, effective_from);
CREATE INDEX idx_personality_effective ON personality_profiles(profile_name, effective_from);

-- Append-only audit trails (design principle 2 of the seed). A correction is a new row, never an edit.

CREATE TRIGGER validation_results_no_update BEFORE UPDATE ON validation_results
BEGIN
  SELECT RAISE(ABORT, 'validation_results is append-only: a validation result cannot be updated');
END;

CREATE TRIGGER validation_results_no_delete BEFORE DELETE ON validation_results
BEGIN
  SELECT RAISE(ABORT, 'validation_results is append-only: a validation result cannot be deleted');
END;

CREATE TRIGGER approvals_no_update BEFORE UPDATE ON approvals
BEGIN
  SELECT RAISE(ABORT, 'approvals is append-only: an approval cannot be updated');
END;

CREATE TRIGGER approvals_no_delete BEFORE DELETE ON approvals
BEGIN
  SELECT RAISE(ABORT, 'approvals is append-only: an approval cannot be deleted');
END;

CREATE TRIGGER deploy_outcomes_no_update BEFORE UPDATE ON deploy_outcomes
BEGIN
  SELECT RAISE(ABORT, 'deploy_outcomes is append-only: a deploy outcome cannot be updated');
END;

CREATE TRIGGER deploy_outcomes_no_delete BEFORE DELETE ON deploy_outcomes
BEGIN
  SELECT RAISE(ABORT, 'deploy_outcomes is append-only: a deploy outcome cannot be deleted');
END;

-- An audit row must point at a proposal, even on a connection with foreign keys off.
CREATE TRIGGER validation_results_proposal_exists BEFORE INSERT ON validation_results
WHEN NOT EXISTS (SELECT 1 FROM skill_to_logic_proposals WHERE id = new.proposal_id)
BEGIN
  SELECT RAISE(ABORT, 'validation_results: its proposal does not exist');
END;

CREATE TRIGGER approvals_proposal_exists BEFORE INSERT ON approvals
WHEN NOT EXISTS (SELECT 1 FROM skill_to_logic_proposals WHERE id = new.proposal_id)
BEGIN
  SELECT RAISE(ABORT, 'approvals: its proposal does not exist');
END;

CREATE TRIGGER deploy_outcomes_proposal_exists BEFORE INSERT ON deploy_outcomes
WHEN NOT EXISTS (SELECT 1 FROM skill_to_logic_proposals WHERE id = new.proposal_id)
BEGIN
  SELECT RAISE(ABORT, 'deploy_outcomes: its proposal does not exist');
END;

-- The ON DELETE CASCADE of the audit tables would erase history: say so before the cascade fails,
-- and hold the line when foreign keys are off (where no cascade runs and audit rows would be orphaned).
CREATE TRIGGER proposals_keep_audited BEFORE DELETE ON skill_to_logic_proposals
WHEN EXISTS (SELECT 1 FROM validation_results WHERE proposal_id = old.id)
  OR EXISTS (SELECT 1 FROM approvals WHERE proposal_id = old.id)
  OR EXISTS (SELECT 1 FROM deploy_outcomes WHERE proposal_id = old.id)
BEGIN
  SELECT RAISE(ABORT, 'skill_to_logic_proposals: a proposal with validations, approvals or deploy outcomes cannot be deleted (audit trail)');
END;

CREATE TRIGGER proposals_keep_audited_keys BEFORE UPDATE OF id, skill_id ON skill_to_logic_proposals
WHEN (old.id IS NOT new.id OR old.skill_id IS NOT new.skill_id) AND (
  EXISTS (SELECT 1 FROM validation_results WHERE proposal_id = old.id)
  OR EXISTS (SELECT 1 FROM approvals WHERE proposal_id = old.id)
  OR EXISTS (SELECT 1 FROM deploy_outcomes WHERE proposal_id = old.id))
BEGIN
  SELECT RAISE(ABORT, 'skill_to_logic_proposals: the id and skill_id of a proposal with validations, approvals or deploy outcomes cannot change (audit trail)');
END;

CREATE TRIGGER skills_keep_audited BEFORE DELETE ON skills_learned
WHEN EXISTS (
  SELECT 1 FROM skill_to_logic_proposals p
   WHERE p.skill_id = old.id
     AND (EXISTS (SELECT 1 FROM validation_results WHERE proposal_id = p.id)
          OR EXISTS (SELECT 1 FROM approvals WHERE proposal_id = p.id)
          OR EXISTS (SELECT 1 FROM deploy_outcomes WHERE proposal_id = p.id)))
BEGIN
  SELECT RAISE(ABORT, 'skills_learned: a skill whose proposals have validations, approvals or deploy outcomes cannot be deleted (audit trail)');
END;

-- A replay groups a run's events under its steps: an event naming both must name a step of that run.
CREATE TRIGGER task_events_step_in_run BEFORE INSERT ON task_events
WHEN new.workflow_run_id IS NOT NULL AND new.step_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM workflow_steps WHERE id = new.step_id AND workflow_run_id = new.workflow_run_id)
BEGIN
  SELECT RAISE(ABORT, 'task_events: step_id must be a step of workflow_run_id');
END;

CREATE TRIGGER task_events_step_in_run_update BEFORE UPDATE OF workflow_run_id, step_id ON task_events
WHEN new.workflow_run_id IS NOT NULL AND new.step_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM workflow_steps WHERE id = new.step_id AND workflow_run_id = new.workflow_run_id)
BEGIN
  SELECT RAISE(ABORT, 'task_events: step_id must be a step of workflow_run_id');
END;
