// The runtime-memory pack through real Maven: its pages, its append-only audit trail, the guard.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def db = new File(ws, 'memory/tom_runtime.sqlite')
def log = new File(ws, 'build.log').getText('UTF-8')

assert db.isFile() : 'the database is not where mlos.yaml puts it'
assert log.contains("Created database ${db.path}")
assert log.contains('Applied migration runtime-memory V1')
assert log =~ /Compiling workspace 'tom' from .*tom_runtime\.sqlite \(5 views, config: .*mlos\.yaml\)/
def pages = ['PROFILES.md', 'RUNTIME.md', 'proposals/prop-0001.md', 'sessions/sess-0001.md', 'workflows/run-0001.md']
def produced = steps.snapshot(ws).keySet() as List
assert produced == pages : "compiled: ${produced}"
assert log =~ /Compiled: 5 views, 5 files: 5 written, 0 unchanged, 0 deleted/
pages.each { p ->
  assert steps.frontMatter(new File(ws, p), 'workspace') == 'tom'
  assert steps.frontMatter(new File(ws, p), 'compiled_at') != null
}
def text = { String p -> new File(ws, p).getText('UTF-8') }

// A session replays its turns by turn_index (inserted out of order), with the token total.
def session = text('sessions/sess-0001.md')
assert session.contains('# Session sess-0001') && session.contains('- Tokens: 17\n')
assert session.indexOf('### 0. user') > 0 && session.indexOf('### 0. user') < session.indexOf('### 1. assistant')
assert session.contains('Why does the sync keep failing?')
// A workflow run replays its steps by step_index, with their events.
def run = text('workflows/run-0001.md')
assert run.indexOf('pull') > 0 && run.indexOf('pull') < run.indexOf('push')
assert run.contains('Rate limited, backing off 2s') && run.contains('Sync finished')
// A proposal shows its lineage: skill -> proposal -> validation -> approval -> deploy.
def proposal = text('proposals/prop-0001.md')
def body = proposal.substring(proposal.indexOf('\n# Proposal prop-0001'))
def lineage = ['## Skill', '## Proposal', '## Validations', 'val-0001', '## Approvals', 'alice', '## Deploy outcomes', 'd-42']
    .collect { body.indexOf(it) }
assert lineage.every { it > 0 } && lineage == lineage.sort(false) : "lineage missing or out of order: ${lineage}"
assert body.substring(body.indexOf('## Skill'), body.indexOf('## Proposal')).contains('sync.retry.backoff')
assert steps.frontMatter(new File(ws, 'proposals/prop-0001.md'), 'source_transcript') == 'sess-0001'
// Profiles are judged at the latest recorded instant (the deploy), not the wall clock: behaviour v2
// is active and v1 ended; personality v2 starts in April, so it is scheduled and v1 is active.
def profiles = text('PROFILES.md')
assert profiles.contains('Judged at **2026-03-02T10:00:00Z**')
assert profiles =~ /(?s)### Active behaviour profile\s+Version 2, /
assert profiles =~ /(?s)### Active personality profile\s+Version 1, /
assert profiles.contains('- behaviour: version v1; effective from 2026-01-01T00:00:00Z; effective to 2026-02-15T00:00:00Z; created 2026-01-01T00:00:00Z; by system; state ended\n')
assert profiles.contains('- personality: version v2; effective from 2026-04-01T00:00:00Z; effective to -; created 2026-02-20T00:00:00Z; by tom; state scheduled\n')
// The index links every page.
def index = text('RUNTIME.md')
['sessions/sess-0001.md', 'workflows/run-0001.md', 'proposals/prop-0001.md', 'PROFILES.md'].each {
  assert index.contains("(${it})") : "RUNTIME.md does not link ${it}"
}

// The guard is green on the pack's outputs.
assert log =~ /Guard: 5 files checked, no violations/

// Approvals are append-only, even from a plain sqlite3 shell.
def shell = { String sql ->
  def p = ['sqlite3', '-bail', db.path].execute()
  p.outputStream.withWriter('UTF-8') { it << sql }
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  [exit: p.exitValue(), err: err.toString()]
}
def update = shell("UPDATE approvals SET decision = 'rejected' WHERE id = 'appr-0001';")
assert update.exit != 0 && update.err.contains('approvals is append-only: an approval cannot be updated') : "update: ${update}"
def delete = shell("DELETE FROM deploy_outcomes WHERE id = 'dep-0001';")
assert delete.exit != 0 && delete.err.contains('deploy_outcomes is append-only') : "delete: ${delete}"
def orphan = shell("INSERT INTO approvals (id, proposal_id, approver, approval_type, decision, decided_at) VALUES ('appr-9', 'prop-404', 'bob', 'human', 'approved', '2026-03-03T00:00:00Z');")
assert orphan.exit != 0 && orphan.err.contains('approvals: its proposal does not exist')
def badRole = shell("INSERT INTO conversation_turns (id, session_id, turn_index, role, content, created_at) VALUES ('t-x', 'sess-0001', 2, 'robot', 'hi', '2026-03-01T09:03:00Z');")
assert badRole.exit != 0 && badRole.err.contains('CHECK constraint failed')
assert steps.sqlite("SELECT decision FROM approvals WHERE id = 'appr-0001'", db) == ['approved']

// An edit of a page is a hand edit, as for the ML OS pack's pages.
def page = new File(ws, 'sessions/sess-0001.md')
page.setText(page.getText('UTF-8').replace('Why does the sync keep failing?', 'Why does the sync fail?'), 'UTF-8')
def guard = steps.mvn(ws, 'build-2.log', ['mlos:guard'])
assert guard.exit != 0
assert guard.log =~ /\[ERROR\] HAND_EDITED sessions\/sess-0001\.md:\d+ - 'sessions\/sess-0001\.md' was edited by hand after it was compiled/
assert guard.log.contains('+Why does the sync fail?')
true
