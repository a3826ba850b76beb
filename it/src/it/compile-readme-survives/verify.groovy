def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')

// Both hand-written files are exactly as they were.
assert new File(ws, 'README.md').getText('UTF-8').startsWith('---\ntitle: Our workspace\n') &&
       new File(ws, 'README.md').getText('UTF-8').endsWith('The compiled views sit next to this file.\n')
assert new File(ws, 'PROBLEM.md').getText('UTF-8') == '# Problems\n\n- the list we keep by hand\n' : 'PROBLEM.md was overwritten'

// The build failed once, naming the file and the view, and said what to do.
assert log.contains('BUILD FAILURE')
assert log.contains('1 output could not be written:')
assert log.contains("'PROBLEM.md' exists and is not a compiled artifact of workspace 'compile-readme-survives' [view 'problem']")
assert log.contains('Fix: move the files named above out of the way')
assert !log.contains('README.md') : 'README.md is not an output and should not be mentioned'
// The view's line counts the page refused, as mlos compile prints it.
assert log =~ /(?m)^\[INFO\]\s+problem\s+1 files: 0 written, 0 unchanged, 1 conflict$/
assert log =~ /Compiled: 6 views, 9 files: 8 written, 0 unchanged, 1 conflict, 0 deleted in /

// Every other page was written and recorded; PROBLEM.md was not recorded.
def written = steps.snapshot(ws).keySet().toList() - ['README.md', 'PROBLEM.md', 'docs/boot.md']
assert written == ['ARTIFACTS.md', 'GRAPH.md', 'READY.md', 'context/1-builder.md', 'context/2-reviewer.md',
                   'needs/1-boot-the-same-way-on-every-machine.md', 'needs/2-pages-stay-where-links-expect-them.md',
                   'needs/3-retire-the-old-importer.md']
assert steps.sqlite("SELECT path FROM mlos_outputs WHERE workspace = 'compile-readme-survives' ORDER BY path") == written.sort()
true
