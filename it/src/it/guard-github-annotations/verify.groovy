// The workflow commands: one per violation, at the start of a line, escaped as the runner expects.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')
def lineNo = new File(ws, 'PROBLEM.md').readLines('UTF-8').indexOf('## P1 PROBLEM.md is compiled (and I edited it)') + 1
assert lineNo > 1

def commands = log.readLines().findAll { it.startsWith('::') }
assert commands.size() == 2 : "expected two workflow commands, found:\n${commands.join('\n')}"
def error = commands.find { it.startsWith('::error ') }
assert error != null && error.startsWith("::error file=PROBLEM.md,line=${lineNo},title=mlos HAND_EDITED::'PROBLEM.md' was edited by hand after it was compiled") :
    "no ::error annotation for the hand edit: ${error}"
assert error.contains('mvn mlos:compile') : 'the annotation does not carry the fix'
assert !error.contains('\r') && !error.substring(2).contains('::error')
def warning = commands.find { it.startsWith('::warning ') }
assert warning != null && warning.startsWith("::warning file=GRAPH.md,title=mlos MISSING::'GRAPH.md' was written by the last compile") :
    "no ::warning annotation (without a line) for the missing file: ${warning}"
// Maven's log still has the usual lines too.
assert log.contains("[ERROR] HAND_EDITED PROBLEM.md:${lineNo} - ")
assert log.contains('[WARNING] MISSING GRAPH.md - ')

// Without GITHUB_ACTIONS (even when these tests run under GitHub Actions), no workflow commands.
def plain = steps.mvn(ws, 'build-plain.log', ['verify', '-Dmlos.guard.failOn=HAND_EDITED'], [GITHUB_ACTIONS: null])
assert plain.exit != 0
assert !plain.log.readLines().any { it.startsWith('::') } : 'workflow commands printed outside GitHub Actions'
true
