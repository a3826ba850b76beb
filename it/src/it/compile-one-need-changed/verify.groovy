def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
assert new File(ws, 'build.log').getText('UTF-8') =~ /Compiled: 6 views, 9 files: 9 written, 0 unchanged, 0 deleted/

def oldPage = 'needs/2-pages-stay-where-links-expect-them.md'
def newPage = 'needs/2-links-follow-a-renamed-page.md'
def before = steps.snapshot(ws)
assert before.containsKey(oldPage)
Thread.sleep(1100) // a rewrite in the same second could otherwise keep a coarse mtime

steps.sqlite("UPDATE needs SET title = 'Links follow a renamed page', updated_at = '2026-10-05T09:00:00Z' WHERE id = 2")
def second = steps.mvn(ws, 'build-2.log', ['mlos:compile'])
assert second.exit == 0 : "second compile failed:\n${second.log}"

def diff = steps.compare(before, steps.snapshot(ws))
assert diff.deleted == [oldPage] : "deleted: ${diff.deleted}"
assert diff.written == ['GRAPH.md', 'PROBLEM.md', 'context/1-builder.md', newPage] : "written: ${diff.written}"
assert diff.unchanged == ['ARTIFACTS.md', 'READY.md', 'context/2-reviewer.md', 'docs/boot.md',
                          'needs/1-boot-the-same-way-on-every-machine.md', 'needs/3-retire-the-old-importer.md'] : "unchanged: ${diff.unchanged}"

// The rewritten files show the new title and link to the new page; nothing links to the old one.
['GRAPH.md', 'PROBLEM.md', 'context/1-builder.md', newPage].each {
  assert new File(ws, it).getText('UTF-8').contains('Links follow a renamed page') : "${it} does not show the new title"
}
['PROBLEM.md', 'context/1-builder.md'].each {
  def text = new File(ws, it).getText('UTF-8')
  assert text.contains('2-links-follow-a-renamed-page.md') && !text.contains('2-pages-stay-where-links-expect-them') : "${it}: stale link"
}

// The log counts the same thing, and names the page that moved away.
def log = second.log
// Pages whose rows did not change are not even rendered: their files are as recorded.
assert log =~ /(?m)^\[INFO\]\s+needs\s+3 files: 1 written, 2 unchanged \(2 not rendered\)$/
assert log =~ /(?m)^\[INFO\]\s+context\s+2 files: 1 written, 1 unchanged \(1 not rendered\)$/
assert log =~ /(?m)^\[INFO\]\s+artifacts\s+1 files: 0 written, 1 unchanged \(1 not rendered\)$/
assert log.contains("Deleted ${oldPage} (no longer produced)")
assert log =~ /Compiled: 6 views, 9 files: 4 written, 5 unchanged \(5 not rendered\), 1 deleted in /

// The compile record follows: the new path replaces the old one.
def paths = steps.sqlite("SELECT path FROM mlos_outputs WHERE workspace = 'compile-one-need-changed' AND view = 'needs' ORDER BY path")
assert paths == ['needs/1-boot-the-same-way-on-every-machine.md', newPage, 'needs/3-retire-the-old-importer.md']
true
