// Both seed scripts ran, in order, exactly once (the second init found the database up to date).
def p = ['sqlite3', new File(basedir, 'mlos.db').path, "SELECT title FROM needs WHERE scope = 'seeded' ORDER BY id"].execute()
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
assert p.exitValue() == 0 : err

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Created database')
assert log.contains('is up to date')
assert out.toString().readLines() == ['Seeded need one', 'Seeded need two', 'From the second script'] : out
true
