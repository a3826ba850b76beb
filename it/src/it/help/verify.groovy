// mlos:help -Ddetail documents the goals and their parameters (from the @Parameter javadoc).
def log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('BUILD SUCCESS')
['mlos:help', 'mlos:init'].each { assert log.contains(it) : "help does not list ${it}" }
['database', 'skip', 'schemas', 'seedScripts', 'backupDirectory'].each {
  assert log =~ /(?m)^\s{4}${it}\b/ : "help does not list parameter ${it}"
}
['mlos.database', 'mlos.skip', 'mlos.schemas', 'mlos.seed', 'mlos.backupDirectory'].each {
  assert log.contains("User property: ${it}") : "help does not name property ${it}"
}
assert log.contains('Its directory must already exist') : 'parameter javadoc missing from help'
true
