// mlos.yaml keeps the database in memory/ (the seed's suggested file); init does not create
// directories, so the workspace has one.
new File(basedir, 'memory').mkdirs()
true
