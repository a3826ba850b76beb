// Legacy adoption end to end: backup first, every row kept, one need per sprint_context, idempotent.
def sqlite(File db, String sql) {
  def p = ['sqlite3', '-bail', '-separator', '|', db.path, sql].execute()
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  def bytes = out.toString()
  assert p.exitValue() == 0 : "sqlite3 failed on ${db}: ${err}"
  bytes.readLines()
}

def log = new File(basedir, 'build.log').getText('UTF-8')
def db = new File(basedir, 'mlos.db')

// First run upgrades and names its backup; the second run is up to date and writes none.
assert log.contains("Upgraded database ${db.absolutePath}") : 'first run does not say it upgraded'
assert log.contains("Database ${db.absolutePath} is up to date") : 'second run does not say up to date'
def backups = (log =~ /Backup written to (.+)/).collect { it[1].trim() }
assert backups.size() == 1 : "expected one backup line, found ${backups}"
def backup = new File(backups[0])
assert backup.isFile() : "backup ${backup} does not exist"
assert backup.parentFile.canonicalFile == new File(basedir, 'backups').canonicalFile : "backup ${backup} is not in backups/"

// The backup is the database as it was: the legacy table only, all five rows.
assert sqlite(backup, "SELECT name FROM sqlite_schema WHERE type = 'table'") == ['tasks']
assert sqlite(backup, 'SELECT count(*) FROM tasks') == ['5']

// Every row keeps its id and values.
def rows = sqlite(db, 'SELECT id, description, priority, source_transcript, created_at, assigned_date FROM tasks ORDER BY id')
assert rows == [
  '3|Draft schema notes|2|transcripts/a.md|2026-01-03T10:00:00Z|',
  "4|Review 'quoted' text|3|transcripts/a.md|2026-01-04T10:00:00Z|2026-01-04",
  '10|Wire the importer|1|transcripts/b.md|2026-01-10T10:00:00Z|2026-01-10',
  '11|Ünïcödé survives|5||2026-01-12T10:00:00Z|',
  '12|No sprint at all|4||2026-01-13T10:00:00Z|',
] : "rows changed:\n${rows.join('\n')}"

// Each distinct sprint_context became one need with that scope, and its tasks point at it.
def scopes = sqlite(db, 'SELECT scope FROM needs ORDER BY scope')
['sprint-7', 'sprint-8'].each { s -> assert scopes.count(s) == 1 : "expected one need for ${s}, found needs ${scopes}" }
def links = sqlite(db, 'SELECT t.id, n.scope FROM tasks t JOIN needs n ON n.id = t.need_id ORDER BY t.id')
assert links.containsAll(['3|sprint-7', '4|sprint-7', '10|sprint-8', '11|sprint-8']) : "task links: ${links}"
true
