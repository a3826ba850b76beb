// A compiled copy of the example workspace, then a hand edit of PROBLEM.md.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
steps.copyExample()
def compile = steps.mvn(ws, 'build-compile.log', ['mlos:init', 'mlos:compile'])
assert compile.exit == 0 : "compile failed:\n${compile.log}"

def problem = new File(ws, 'PROBLEM.md')
def text = problem.getText('UTF-8')
def heading = '## P1 · need 3: [PROBLEM.md is compiled, never hand-edited](needs/3-problem-md-is-compiled-never-hand-edited.md)\n'
assert text.contains(heading)
problem.setText(text.replace(heading, '## P1 PROBLEM.md is compiled (and I edited it)\n'), 'UTF-8')
true
