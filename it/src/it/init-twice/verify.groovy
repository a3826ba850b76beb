// init twice: the second run reports "up to date", applies nothing and writes no backup.
def log = new File(basedir, 'build.log').getText('UTF-8')
def db = new File(basedir, 'mlos.db')

assert db.isFile()
assert log.contains("Database ${db.absolutePath} is up to date") : 'second run does not say up to date'
assert !log.contains('Backup written') : 'an up-to-date or new database must not be backed up'

def extra = basedir.listFiles().findAll { it.name != 'mlos.db' && it.name.contains('mlos') }
assert extra.isEmpty() : "unexpected files next to the database: ${extra*.name}"
true
