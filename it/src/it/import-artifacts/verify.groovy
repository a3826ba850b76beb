// The artifacts rows match the files; re-import is idempotent; an edit updates one row.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')
def runs = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).findAll { it.contains('BUILD ') }
assert runs.size() == 2
def (first, second) = runs

// First import: every file, in path order, with its type; the compiled file is skipped with a reason.
def expected = [
  // path, title, type
  ['docs/design/boot.md', 'Boot sequence', 'document'],
  ['docs/guide.md', 'Reading the guard report', 'document'],
  ['docs/notes.txt', 'notes.txt', 'document'],
  ['docs/schema/tables.sql', 'tables.sql', 'schema'],
  ['docs/transcripts/2026-10-02-kickoff.md', 'Kickoff', 'transcript'],
]
def registered = (first =~ /(?m)^\[INFO\] Registered (\S+) as artifact (\d+) \((\w+)\)$/).collect { [it[1], it[3]] }
assert registered == expected.collect { [it[0], it[2]] } : "registered: ${registered}"
assert first.contains('[INFO] Skipped docs/old-view.md: a compiled file (compiled_at in its front matter) is build output, not an artifact')
assert new File(ws, 'docs/.drafts/wip.md').isFile() && !first.contains('docs/.drafts/wip.md') : 'a file in a hidden directory was imported'
assert first.contains('[INFO] Imported: 5 added, 0 updated, 0 unchanged, 1 skipped')

// The rows: titles from front matter or the first heading, descriptions, SHA-256 of the raw bytes.
def rows = steps.sqlite('SELECT file_path, title, artifact_type, content_hash, coalesce(description, \'\') FROM artifacts ORDER BY file_path')
assert rows.size() == expected.size()
rows.eachWithIndex { row, i ->
  def (path, title, type, hash, desc) = row.split('\\|', -1) as List
  assert [path, title, type] == expected[i] : "row ${row}"
  assert hash == steps.sha256(new File(ws, path)) : "${path}: content_hash is not the SHA-256 of its bytes"
  assert desc == (path == 'docs/design/boot.md' ? 'How an agent boots.' : '')
}
// Raw bytes: the CRLF file is not normalized before hashing.
assert new File(ws, 'docs/notes.txt').bytes.contains((byte) 13)
assert steps.sqlite("SELECT content_hash FROM artifacts WHERE file_path = 'docs/notes.txt'") == [steps.sha256(new File(ws, 'docs/notes.txt'))]

// Second import: nothing changes.
assert !second.contains('Registered ') && !second.contains('Updated ')
assert second.contains('[INFO] Imported: 0 added, 0 updated, 5 unchanged, 1 skipped')
def before = steps.sqlite('SELECT id, file_path, title, content_hash, created_at, updated_at FROM artifacts ORDER BY id')

// Edit one file and import again: that row is updated (new hash, new title), the rest unchanged.
Thread.sleep(1100) // so a bumped updated_at would show
new File(ws, 'docs/guide.md').setText('# Reading guard reports\n\nJUnit, SARIF and JSON.\n', 'UTF-8')
def third = steps.mvn(ws, 'build-3.log', ['mlos:import', '-Dmlos.import=docs/**'])
assert third.exit == 0 : "third import failed:\n${third.log}"
def id = steps.sqlite("SELECT id FROM artifacts WHERE file_path = 'docs/guide.md'")[0]
assert third.log.contains("[INFO] Updated docs/guide.md (artifact ${id})")
assert third.log.contains('[INFO] Imported: 0 added, 1 updated, 4 unchanged, 1 skipped')
assert steps.sqlite("SELECT title, content_hash FROM artifacts WHERE id = ${id}") ==
    ["Reading guard reports|${steps.sha256(new File(ws, 'docs/guide.md'))}".toString()]
def after = steps.sqlite('SELECT id, file_path, title, content_hash, created_at, updated_at FROM artifacts ORDER BY id')
assert after.size() == before.size()
assert (after - before).size() == 1 && (after - before)[0].startsWith("${id}|docs/guide.md|")
assert steps.sqlite("SELECT count(*) FROM history WHERE entity_id = ${id} AND operation = 'update'") == ['1']
true
