-- One database, two projections: needs 1-2 are the build workspace's, 3-4 the phone's.
-- The designer monitors one need of each (agents belong to no scope).
INSERT INTO needs (id, title, description, status, priority, scope, created_at, updated_at) VALUES
  (1, 'Kernel boots the same everywhere', 'No hidden state.', 'identified', 1, 'kernel', '2026-10-01T09:00:00Z', '2026-10-01T09:00:00Z'),
  (2, 'PROBLEM.md is compiled', 'Never edited by hand.', 'identified', 2, 'compiler', '2026-10-02T09:00:00Z', '2026-10-02T09:00:00Z'),
  (3, 'Offline reading on the phone', 'Pages open without a network.', 'identified', 1, 'mobile', '2026-10-03T09:00:00Z', '2026-10-03T09:00:00Z'),
  (4, 'Small screens show the title first', 'Front matter stays out of sight.', 'identified', 3, 'mobile', '2026-10-04T09:00:00Z', '2026-10-04T09:00:00Z');

INSERT INTO agents (id, agent_type, status, monitored_needs, started_at) VALUES
  (1, 'designer', 'active', '[1, 3]', '2026-10-05T08:00:00Z');
