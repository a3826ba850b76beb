// An application's own SQLite database, not mlos's.
def db = new File(basedir, 'app.db')
def p = ['sqlite3', db.path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada');"].execute()
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
assert p.exitValue() == 0 : "could not write the application database: ${err}"
new File(basedir, 'app.db.before').bytes = db.bytes
true
