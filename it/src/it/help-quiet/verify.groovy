// mvn -q -Dorg.slf4j.simpleLogger.log.dev.mlos=info mlos:help: the help, without Maven's own lines.
def log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('This plugin has') : 'the help is missing under -q'
assert log.contains('mlos:guard') : 'the help does not list the goals'
// -q still applies to everything else: no build banner, no BUILD SUCCESS.
assert !log.contains('BUILD SUCCESS') : 'not run quietly'
assert !log.contains('Building ') : 'not run quietly'
true
