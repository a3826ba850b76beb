def ws = (basedir as File).canonicalFile
def log = new File(ws, 'build.log').getText('UTF-8')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects)/).findAll { it.contains('mlos-maven-plugin') }
assert runs.size() == 2 : "expected two builds in build.log, found ${runs.size()}"

// Run 1: unknown key, at its own position, with the keys that are allowed.
def typo = runs[0]
assert typo.contains('BUILD FAILURE')
assert typo.contains("${new File(ws, 'mlos.yaml').path}:7:5: views.problem.outptu: unknown key 'outptu'") : 'no file:line:column and key'
assert typo.contains('Fix: use one of: description, each, enabled, output, queries, template')

// Run 2: wrong type, at the value's position, saying what the value must be.
def type = runs[1]
assert type.contains('BUILD FAILURE')
assert type.contains("${new File(ws, 'wrong-type/mlos.yaml').path}:7:14: views.graph.enabled: must be true or false, found 'sometimes'") :
    'no file:line:column, setting and expected type'

// A bad configuration stops before the database is opened or any file written.
assert !new File(ws, 'mlos.db').exists() : 'a database was created from a bad configuration'
def md = []
ws.eachFileRecurse { if (it.name.endsWith('.md')) md << it }
assert md.isEmpty() : "files written: ${md}"
true
