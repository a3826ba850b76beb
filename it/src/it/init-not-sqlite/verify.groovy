// Broken setup: the build fails, the log names the file and says what is wrong, the file is untouched.
def log = new File(basedir, 'build.log').getText('UTF-8')
def db = new File(basedir, 'mlos.db')

assert log.contains('BUILD FAILURE')
assert log.contains(db.absolutePath) : 'the error does not name the file'
assert log.contains('not a SQLite database') : 'the error does not say what is wrong'
assert db.getText('UTF-8') == 'these are my notes, not a database\n' : 'the file was modified'
true
