// mlos:help -Ddetail documents every goal and its parameters (from the @Parameter javadoc).
def log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('BUILD SUCCESS')
// The plugin's one-line summary names its goals (it once named four of eight).
assert log =~ /mlos-core: init, import, accept, compile, guard,\s+clean, merge-db/ : 'stale plugin summary'
['mlos:help', 'mlos:init', 'mlos:compile', 'mlos:clean', 'mlos:guard', 'mlos:import', 'mlos:accept', 'mlos:merge-db'].each {
  assert log.contains(it) : "help does not list ${it}"
}
['database', 'configFile', 'outputDirectory', 'workspace', 'skip', 'schemas', 'seedScripts', 'backupDirectory',
 'outputTimestamp', 'failOn', 'checkStale', 'renderAlways', 'reportDirectory'].each {
  assert log =~ /(?m)^\s{4}${it}\b/ : "help does not list parameter ${it}"
}
['mlos.database', 'mlos.config', 'mlos.skip', 'mlos.schemas', 'mlos.seed', 'mlos.backupDirectory',
 'mlos.guard.failOn', 'mlos.guard.renderAlways', 'mlos.guard.skip', 'mlos.import', 'mlos.accept'].each {
  assert log.contains("User property: ${it}") : "help does not name property ${it}"
}
// A ${...} expression in a parameter's javadoc reaches the help whole (it once read ${project.basedir/mlos.yaml}).
assert log.contains('${project.basedir}/mlos.yaml') && log.contains('${project.basedir}/mlos.db') : 'basedir expression mangled'
assert !log.contains('${project.basedir/') : 'basedir expression mangled'
assert log =~ /(?m)^\s{4}scaffold\b/ && log.contains('User property: mlos.scaffold') : 'help does not document the scaffold'
// the javadoc itself reaches the help text
assert log.contains('Workspaces that compile') : 'parameter javadoc missing from help'
true
