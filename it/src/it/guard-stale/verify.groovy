// STALE names every file the database now renders differently, with a diff; compile fixes it.
import groovy.json.JsonSlurper

def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')
def needPage = 'needs/6-guard-tells-people-what-to-run-not-just-differs.md'

def stale = (log =~ /(?m)^\[ERROR\] STALE (\S+?):(\d+) - '(\S+)' is out of date: what it is compiled from \(the database, or a file it embeds\) changed since it was compiled \(view '(\w+)'\)$/)
    .collect { [path: it[1], line: it[2] as int] }
assert stale*.path.contains(needPage) && stale*.path.contains('PROBLEM.md') : "STALE does not name the need's page and PROBLEM.md: ${stale}"
assert !(log =~ /(?m)^\[ERROR\] (HAND_EDITED|MISSING|UNKNOWN|ARTIFACT_DRIFT|ARTIFACT_MISSING) /) : 'only STALE expected'
assert stale.every { it.line > 0 }

// Each comes with a diff from the file as compiled (it is on disk unchanged) to what mlos:compile
// would write, the direction of a hand edit's diff, and the fix.
stale.each { s ->
  assert log.contains("--- ${s.path} (compiled, on disk)\n+++ ${s.path} (next compile)") : "no diff for ${s.path}"
}
assert log.contains('-- Priority: 3\n+- Priority: 2') : 'the need page diff does not show the priority change'
assert (log =~ /(?m)^  Fix: run `mvn mlos:compile`$/).count == stale.size()
assert log.contains("mlos guard: ${stale.size()} violation${stale.size() == 1 ? '' : 's'}: STALE ${stale.size()} in ")

def json = new JsonSlurper().parse(new File(ws, 'target/mlos/mlos-guard.json'))
assert json.counts.STALE == stale.size() && json.violations*.path == stale*.path
assert json.staleChecked == true && json.rendered == true : 'the database changed: every view is rendered'
assert json.violations.every { it.diff.startsWith("--- ${it.path} (compiled, on disk)") }

// The guard named exactly what the compile then rewrites.
def before = steps.snapshot(ws)
Thread.sleep(1100)
def compile = steps.mvn(ws, 'build-2.log', ['mlos:compile'])
assert compile.exit == 0 : "compile failed:\n${compile.log}"
def diff = steps.compare(before, steps.snapshot(ws))
assert diff.written == stale*.path.sort() : "STALE named ${stale*.path}, the compile rewrote ${diff.written}"
assert diff.deleted.isEmpty()
assert new File(ws, needPage).getText('UTF-8').contains('- Priority: 2\n')

def verify = steps.mvn(ws, 'build-3.log', ['verify'])
assert verify.exit == 0 : "verify after compile failed:\n${verify.log}"
assert verify.log =~ /Guard: \d+ files checked, no violations \(nothing changed since the last compile, so no page is stale; -Dmlos.guard.renderAlways renders anyway\)/

// Forced, every view is rendered again and the verdict is the same.
def forced = steps.mvn(ws, 'build-4.log', ['verify', '-Dmlos.guard.renderAlways'])
assert forced.exit == 0 : "verify -Dmlos.guard.renderAlways failed:\n${forced.log}"
assert forced.log =~ /Guard: \d+ files checked, no violations\R/
assert new JsonSlurper().parse(new File(ws, 'target/mlos/mlos-guard.json')).rendered == true
true
