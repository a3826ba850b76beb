// Write a TaskEngine-era database: one `tasks` table, five rows over two sprints and one without.
def sql = '''
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  status TEXT NOT NULL,
  priority INTEGER,
  sprint_context TEXT,
  source_line INTEGER,
  source_transcript TEXT,
  created_at TEXT,
  updated_at TEXT,
  assigned_date TEXT
);
INSERT INTO tasks VALUES
  (3,  'Draft schema notes',     'open',        2, 'sprint-7', 12, 'transcripts/a.md', '2026-01-03T10:00:00Z', '2026-01-03T10:00:00Z', NULL),
  (4,  'Review ''quoted'' text', 'completed',   3, 'sprint-7', 40, 'transcripts/a.md', '2026-01-04T10:00:00Z', '2026-01-05T09:00:00Z', '2026-01-04'),
  (10, 'Wire the importer',      'in_progress', 1, 'sprint-8', 7,  'transcripts/b.md', '2026-01-10T10:00:00Z', '2026-01-11T10:00:00Z', '2026-01-10'),
  (11, 'Ünïcödé survives',       'open',        5, 'sprint-8', 8,  NULL,               '2026-01-12T10:00:00Z', '2026-01-12T10:00:00Z', NULL),
  (12, 'No sprint at all',       'open',        4, NULL,       NULL, NULL,             '2026-01-13T10:00:00Z', '2026-01-13T10:00:00Z', NULL);
'''
new File(basedir, 'backups').mkdirs()
def db = new File(basedir, 'mlos.db')
def p = ['sqlite3', db.path].execute()
p.outputStream.withWriter('UTF-8') { it << sql }
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
assert p.exitValue() == 0 : "could not write the legacy database: ${err}"
true
