def ws = (basedir as File).canonicalFile
def log = new File(ws, 'build.log').getText('UTF-8')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects)/).findAll { it.contains('mlos-maven-plugin') }
assert runs.size() == 4 : "expected four builds in build.log, found ${runs.size()}"

// Run 1: unknown key, at its own position, with the keys that are allowed.
def typo = runs[0]
assert typo.contains('BUILD FAILURE')
assert typo.contains("${new File(ws, 'mlos.yaml').path}:7:5: views.problem.outptu: unknown key 'outptu'") : 'no file:line:column and key'
assert typo.contains('Fix: use one of: changed_pages, description, each, enabled, output, queries, template')

// Run 2: wrong type, at the value's position, saying what the value must be.
def type = runs[1]
assert type.contains('BUILD FAILURE')
assert type.contains("${new File(ws, 'wrong-type/mlos.yaml').path}:7:14: views.graph.enabled: must be true or false, found 'sometimes'") :
    'no file:line:column, setting and expected type'

// Run 3: a parameter of the wrong type, at its position, with the type the pack declares.
def hops = runs[2]
assert hops.contains('BUILD FAILURE')
assert hops.contains("${new File(ws, 'hops-lots/mlos.yaml').path}:5:9: params.hops: must be a whole number from 0 to 10, found 'lots'") :
    'no file:line:column, parameter and declared type'
assert hops.contains('Fix: write a whole number from 0 to 10')

// Run 4: a misspelled parameter is named, with the pack's parameters.
def scope = runs[3]
assert scope.contains('BUILD FAILURE')
assert scope.contains("${new File(ws, 'unknown-param/mlos.yaml').path}:4:10: params.scope: unknown parameter 'scope'") :
    'the misspelled parameter is not named'
assert scope.contains('agent_statuses, artifact_limit, artifact_prefix, graph_limit, history_limit, hops, lens_limit, problem_limit, ready_limit, scopes, tags, token_budget')

// A bad configuration stops before the database is opened or any file written.
assert !new File(ws, 'mlos.db').exists() : 'a database was created from a bad configuration'
def md = []
ws.eachFileRecurse { if (it.name.endsWith('.md')) md << it }
assert md.isEmpty() : "files written: ${md}"
true
