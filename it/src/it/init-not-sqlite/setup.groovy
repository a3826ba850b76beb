// A file that is not a SQLite database sits where the database should be.
new File(basedir, 'mlos.db').setText('these are my notes, not a database\n', 'UTF-8')
true
