// A compiled copy of the example workspace, then an edited and a deleted registered artifact.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
steps.copyExample()
def compile = steps.mvn(ws, 'build-compile.log', ['mlos:init', 'mlos:compile'])
assert compile.exit == 0 : "compile failed:\n${compile.log}"
def doc = new File(ws, 'docs/design/kernel-boot.md')
doc.setText(doc.getText('UTF-8') + '\nA boot that cannot reach the database stops before layer two.\n', 'UTF-8')
assert new File(ws, 'src/schema.sql').delete()
true
