// No churn: compile again with nothing changed; no file is rewritten, touched, added or deleted.
// No outputTimestamp is set, so compiled_at comes from the clock: a rewrite could not hide.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def first = new File(ws, 'build.log').getText('UTF-8')
assert first =~ /Compiled: 6 views, 9 files: 9 written, 0 unchanged, 0 deleted/ : 'first compile did not write the 9 files'

def before = steps.snapshot(ws)
def expected = ['ARTIFACTS.md', 'GRAPH.md', 'PROBLEM.md', 'READY.md', 'context/1-builder.md', 'context/2-reviewer.md',
                'needs/1-boot-the-same-way-on-every-machine.md', 'needs/2-pages-stay-where-links-expect-them.md',
                'needs/3-retire-the-old-importer.md']
assert before.keySet().findAll { it != 'docs/boot.md' } as List == expected
def recorded = steps.sqlite("SELECT path, content_hash, file_hash, compiled_at FROM mlos_outputs WHERE workspace = 'compile-no-churn' ORDER BY path")
Thread.sleep(1100) // a rewrite in the same second could otherwise keep a coarse mtime

def second = steps.mvn(ws, 'build-2.log', ['mlos:compile'])
assert second.exit == 0 : "second compile failed:\n${second.log}"
// Nothing changed, so no page was rendered, and every line says so.
assert second.log =~ /Compiled: 6 views, 9 files: 0 written, 9 unchanged \(9 not rendered\), 0 deleted in / : 'second compile wrote something'
['problem', 'ready', 'needs', 'artifacts', 'context', 'graph'].each { v ->
  assert second.log =~ /(?m)^\[INFO\]\s+${v}\s+(\d+) files: 0 written, \1 unchanged \(\1 not rendered\)$/ : "view ${v} wrote files"
}
assert !second.log.contains('Deleted ')

def after = steps.snapshot(ws)
def diff = steps.compare(before, after)
assert diff.written.isEmpty() && diff.deleted.isEmpty() : "files changed by a compile of an unchanged database: ${diff}"
assert steps.sqlite("SELECT path, content_hash, file_hash, compiled_at FROM mlos_outputs WHERE workspace = 'compile-no-churn' ORDER BY path") == recorded :
    'the compile record changed'
true
