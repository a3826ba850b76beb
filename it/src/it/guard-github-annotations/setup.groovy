// A compiled copy of the example workspace at the root of its "repository", a hand edit, a deletion.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
steps.copyExample()
def compile = steps.mvn(ws, 'build-compile.log', ['mlos:init', 'mlos:compile'])
assert compile.exit == 0 : "compile failed:\n${compile.log}"
// Annotation paths are relative to the repository root: make the workspace one.
new File(ws, '.git').mkdirs()
def problem = new File(ws, 'PROBLEM.md')
def heading = '## P1 · need 3: [PROBLEM.md is compiled, never hand-edited](needs/3-problem-md-is-compiled-never-hand-edited.md)\n'
assert problem.getText('UTF-8').contains(heading)
problem.setText(problem.getText('UTF-8').replace(heading, '## P1 PROBLEM.md is compiled (and I edited it)\n'), 'UTF-8')
assert new File(ws, 'GRAPH.md').delete()
true
