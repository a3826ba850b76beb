// A compiled copy of the example workspace, then a change in the database only.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
steps.copyExample()
def compile = steps.mvn(ws, 'build-compile.log', ['mlos:init', 'mlos:compile'])
assert compile.exit == 0 : "compile failed:\n${compile.log}"
steps.sqlite("UPDATE needs SET priority = 2, updated_at = '2026-11-01T10:00:00Z' WHERE id = 6")
true
