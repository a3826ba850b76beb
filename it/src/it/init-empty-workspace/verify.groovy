// init on an empty workspace: the database is created, the log says so, the five tables exist.
def sqlite(File db, String sql) {
  def p = ['sqlite3', '-bail', db.path, sql].execute()
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  [exit: p.exitValue(), out: out.toString().trim(), err: err.toString().trim()]
}

def log = new File(basedir, 'build.log').getText('UTF-8')
def db = new File(basedir, 'mlos.db')

assert db.isFile() : "mlos.db was not created in ${basedir}"
assert log.contains("Created database ${db.absolutePath}") : 'log does not say the database was created'
assert log.contains('Applied migration') : 'log lists no applied migration'
assert log.contains('BUILD SUCCESS')

def tables = sqlite(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
assert tables.exit == 0 : tables.err
def names = tables.out.readLines() as Set
['needs', 'tasks', 'artifacts', 'relationships', 'agents'].each {
  assert names.contains(it) : "table ${it} missing; found ${names}"
}
true
