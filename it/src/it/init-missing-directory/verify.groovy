// Broken setup: the build fails and the message names the database path; nothing is created.
def log = new File(basedir, 'build.log').getText('UTF-8')
def dir = new File(basedir, 'no-such-dir')

assert log.contains('BUILD FAILURE')
assert log.contains(new File(dir, 'mlos.db').absolutePath) : 'the error does not name the database path'
assert !dir.exists() : 'init created the missing directory'
true
