// The rules live in SQLite: bad rows written through the sqlite3 shell fail with the constraint or
// trigger's message, good rows pass.
def sqlite(File db, String sql) {
  def p = ['sqlite3', '-bail', db.path, sql].execute()
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  [exit: p.exitValue(), out: out.toString().trim(), err: err.toString().trim()]
}
def rejected = { File db, String sql, String message ->
  def r = sqlite(db, sql)
  assert r.exit != 0 : "accepted: ${sql}"
  assert r.err.contains(message) : "${sql}\n  expected an error containing '${message}', got: ${r.err}"
}

def db = new File(basedir, 'mlos.db')
assert db.isFile()

rejected(db, "INSERT INTO needs (title, status, priority) VALUES ('bad status', 'bogus', 3)",
    'CHECK constraint failed: needs_status')
rejected(db, "INSERT INTO needs (title, status, priority) VALUES ('bad priority', 'identified', 9)",
    'CHECK constraint failed: needs_priority')
rejected(db, "INSERT INTO needs (status, priority) VALUES ('identified', 2)",
    'NOT NULL constraint failed: needs.title')

def good = sqlite(db, "INSERT INTO needs (title, status, priority) VALUES ('good need', 'identified', 3)")
assert good.exit == 0 : "a valid need was rejected: ${good.err}"
assert sqlite(db, 'SELECT count(*) FROM needs').out == '1' : 'only the good row may be stored'

// The lifecycle trigger fires for the shell too, and names both states.
rejected(db, "UPDATE needs SET status = 'resolved' WHERE title = 'good need'",
    'identified -> resolved is not allowed')
def move = sqlite(db, "UPDATE needs SET status = 'active' WHERE title = 'good need'")
assert move.exit == 0 : "a legal move was rejected: ${move.err}"

// A task may only be cut from an actionable need.
rejected(db, "INSERT INTO tasks (need_id, description, status) VALUES ((SELECT id FROM needs), 'too early', 'open')",
    'actionable or in_progress')
true
