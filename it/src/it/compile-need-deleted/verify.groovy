def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def page = 'needs/3-retire-the-old-importer.md'
assert new File(ws, page).isFile()
def before = steps.snapshot(ws)
Thread.sleep(1100) // a rewrite in the same second could otherwise keep a coarse mtime

steps.sqlite('DELETE FROM needs WHERE id = 3')
// As on a fresh clone: no target/ (and so no local record of the last compile's inputs). The
// database's record is enough to keep the other pages without rendering them.
assert new File(ws, 'target').deleteDir()
def second = steps.mvn(ws, 'build-2.log', ['mlos:compile'])
assert second.exit == 0 : "second compile failed:\n${second.log}"

assert !new File(ws, page).exists() : "${page} is still there"
assert new File(ws, 'needs').isDirectory()
def diff = steps.compare(before, steps.snapshot(ws))
assert diff.deleted == [page]
// Need 3 was open (PROBLEM.md, GRAPH.md) and monitored by the reviewer (its context pack).
assert diff.written == ['GRAPH.md', 'PROBLEM.md', 'context/2-reviewer.md'] : "written: ${diff.written}"
assert diff.unchanged.containsAll(['needs/1-boot-the-same-way-on-every-machine.md', 'needs/2-pages-stay-where-links-expect-them.md',
                                   'ARTIFACTS.md', 'context/1-builder.md'])
['GRAPH.md', 'PROBLEM.md', 'context/2-reviewer.md'].each {
  assert !new File(ws, it).getText('UTF-8').contains('Retire the old importer') : "${it} still shows the deleted need"
}

def log = second.log
assert log.contains("Deleted ${page} (no longer produced)")
// The other needs' rows did not change: their pages are kept without rendering them.
assert log =~ /(?m)^\[INFO\]\s+needs\s+2 files: 0 written, 2 unchanged \(2 not rendered\)$/
assert log =~ /Compiled: 6 views, 8 files: 3 written, 5 unchanged \(5 not rendered\), 1 deleted in /
// No thread of the compile outlives it (the token table is only loaded when a page is rendered).
assert !log.contains('Exception in thread') : log
assert steps.sqlite("SELECT count(*) FROM mlos_outputs WHERE workspace = 'compile-need-deleted' AND path = '${page}'") == ['0']
assert steps.sqlite("SELECT count(*) FROM mlos_outputs WHERE workspace = 'compile-need-deleted'") == ['8']
true
