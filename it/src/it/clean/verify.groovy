def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def hand = ['README.md', 'context/how-to-read.md', 'docs/boot.md']
def handBefore = steps.snapshot(ws).subMap(hand)
assert handBefore.size() == 3 : 'the first compile removed a hand-written file'

def recorded = steps.sqlite("SELECT path FROM mlos_outputs WHERE workspace = 'clean' ORDER BY path")
assert recorded == ['ARTIFACTS.md', 'GRAPH.md', 'PROBLEM.md', 'READY.md', 'context/1-builder.md', 'context/2-reviewer.md',
                    'needs/1-boot-the-same-way-on-every-machine.md', 'needs/2-pages-stay-where-links-expect-them.md',
                    'needs/3-retire-the-old-importer.md']

// Somebody edits a compiled file by hand; then the workspace is cleaned.
def graph = new File(ws, 'GRAPH.md')
graph.append('\nA note somebody added by hand.\n', 'UTF-8')
def edited = graph.getText('UTF-8')

def run = steps.mvn(ws, 'build-2.log', ['mlos:clean'])
assert run.exit == 0 : "mlos:clean failed:\n${run.log}"
def deleted = recorded - ['GRAPH.md']
deleted.each { path ->
  assert !new File(ws, path).exists() : "${path} was recorded but not deleted"
  assert run.log.contains("[INFO] Deleted ${path}\n") || run.log.contains("[INFO] Deleted ${path}\r\n") : "log does not say ${path} was deleted"
}
assert run.log.contains("Kept 'GRAPH.md': it was edited by hand after it was compiled.")
assert run.log.contains('Cleaned: 8 files deleted, 1 kept because they were edited by hand')
assert graph.getText('UTF-8') == edited : 'the hand edit was lost'

// Hand-written files are untouched; a directory left empty is removed, one with a hand file stays.
assert steps.snapshot(ws).subMap(hand) == handBefore : 'mlos:clean touched a hand-written file'
assert !new File(ws, 'needs').exists() : 'needs/ is empty and should be gone'
assert new File(ws, 'context').list() as List == ['how-to-read.md']
assert steps.snapshot(ws).keySet().toList() == ['GRAPH.md', 'README.md', 'context/how-to-read.md', 'docs/boot.md']

// The record is gone too.
assert steps.sqlite("SELECT count(*) FROM mlos_outputs WHERE workspace = 'clean'") == ['0']
true
