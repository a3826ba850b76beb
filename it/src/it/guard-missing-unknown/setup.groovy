// A compiled copy of the example workspace, then a deleted compiled file and a stray copy of one.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
steps.copyExample()
def compile = steps.mvn(ws, 'build-compile.log', ['mlos:init', 'mlos:compile'])
assert compile.exit == 0 : "compile failed:\n${compile.log}"
assert new File(ws, 'needs/8-titles-with-pipes-ticks-quotes-survive.md').delete()
new File(ws, 'notes').mkdirs()
new File(ws, 'notes/OLD-PROBLEM.md').setText(new File(ws, 'PROBLEM.md').getText('UTF-8'), 'UTF-8')
// Markdown without compiled_at is the user's own: never UNKNOWN.
new File(ws, 'notes/ideas.md').setText('---\ntitle: Ideas\n---\n# Ideas\n\nWritten by hand.\n', 'UTF-8')
true
