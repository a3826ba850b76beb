// Broken setup, not a violation: each build fails naming the database and the fix, and the
// database is byte for byte as it was (no mlos table was created in it).
def log = new File(basedir, 'build.log').getText('UTF-8')
def db = new File(basedir, 'app.db')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects)/).findAll { it.contains('mlos-maven-plugin') }
assert runs.size() == 2 : "expected two builds in build.log, found ${runs.size()}"

def compile = runs[0]
assert compile.contains('BUILD FAILURE')
assert compile.contains(db.absolutePath) : 'the error does not name the database'
assert compile.contains('it was not initialised by mlos (it has no schema_migrations table), so the compile does not use it')
assert compile.contains('initialise it with `mvn mlos:init`') : 'the error does not give the fix'

def guard = runs[1]
assert guard.contains('BUILD FAILURE')
assert guard.contains('so the guard does not use it')
assert !guard.contains('HAND_EDITED') && !guard.contains('UNKNOWN') : 'a broken setup is not a violation'

assert db.bytes == new File(basedir, 'app.db.before').bytes : 'the database was modified'
assert !new File(basedir, 'needs').exists() : 'a page was written'
true
