// The rules live in SQLite: a bad status or priority written by the sqlite3 shell fails, a good row passes.
def sqlite(File db, String sql) {
  def p = ['sqlite3', '-bail', db.path, sql].execute()
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  [exit: p.exitValue(), out: out.toString().trim(), err: err.toString().trim()]
}

def db = new File(basedir, 'mlos.db')
assert db.isFile()

def badStatus = sqlite(db, "INSERT INTO needs (title, status, priority) VALUES ('bad status', 'bogus', 3)")
assert badStatus.exit != 0 : 'a need with status bogus was accepted'
assert badStatus.err =~ /(?i)constraint|status/ : "unexpected error: ${badStatus.err}"

def badPriority = sqlite(db, "INSERT INTO needs (title, status, priority) VALUES ('bad priority', 'identified', 9)")
assert badPriority.exit != 0 : 'a need with priority 9 was accepted'
assert badPriority.err =~ /(?i)constraint|priority/ : "unexpected error: ${badPriority.err}"

def noTitle = sqlite(db, "INSERT INTO needs (status, priority) VALUES ('identified', 2)")
assert noTitle.exit != 0 : 'a need without a title was accepted'

def good = sqlite(db, "INSERT INTO needs (title, status, priority) VALUES ('good need', 'identified', 3)")
assert good.exit == 0 : "a valid need was rejected: ${good.err}"

def count = sqlite(db, 'SELECT count(*) FROM needs')
assert count.out == '1' : "expected exactly the good row, found ${count.out}"
true
