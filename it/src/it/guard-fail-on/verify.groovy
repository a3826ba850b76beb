// failOn=HAND_EDITED turns the MISSING into a warning; mlos.guard.skip skips; the default fails.
import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')
def runs = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).findAll { it.contains('BUILD ') }
assert runs.size() == 2 : "expected two builds in build.log, found ${runs.size()}"
def (warnOnly, skipped) = runs

// 1. A warning, not an error; the build succeeds and says so.
assert warnOnly.contains("[WARNING] MISSING GRAPH.md - 'GRAPH.md' was written by the last compile (view 'graph') but it no longer exists")
assert !(warnOnly =~ /(?m)^\[ERROR\]/)
assert warnOnly =~ /Guard: \d+ files checked, 1 violation: MISSING 1 \(warnings only\)/
assert warnOnly.contains('BUILD SUCCESS')
// The reports were written by this run (the skipped run writes none): the test case passes with the
// warning as output, the SARIF result is a warning, the summary says nothing fails.
def reports = new File(ws, 'target/mlos')
def suite = new XmlSlurper().parse(new File(reports, 'mlos-guard-junit.xml'))
assert suite.@failures == '0'
def graph = suite.testcase.find { it.@name == 'GRAPH.md' }
assert graph.failure.size() == 0 && graph.'system-out'.text().startsWith('warning: MISSING GRAPH.md')
def sarif = new JsonSlurper().parse(new File(reports, 'mlos-guard.sarif'))
assert sarif.runs[0].results.collect { [it.ruleId, it.level] } == [['MISSING', 'warning']]
def json = new JsonSlurper().parse(new File(reports, 'mlos-guard.json'))
assert json.failOn == ['HAND_EDITED'] && json.failing == 0 && json.counts.MISSING == 1 && json.violations[0].failing == false

// 2. Skipped, with a log line, and nothing checked.
assert skipped.contains('[INFO] Skipped: mlos.guard.skip is true')
assert !skipped.contains('GRAPH.md') && !skipped.contains('Guard:')
assert skipped.contains('BUILD SUCCESS')

// The default (every class fails) fails on the same workspace.
def strict = steps.mvn(ws, 'build-strict.log', ['verify'])
assert strict.exit != 0
assert strict.log.contains("[ERROR] MISSING GRAPH.md - ")
assert strict.log =~ /mlos guard: 1 violation: MISSING 1 in \d+ checked files/

// A failOn that names no class is a broken setup, not a violation: it names the setting and the fix.
def broken = steps.mvn(ws, 'build-broken.log', ['verify', '-Dmlos.guard.failOn=HAND_EDITS'])
assert broken.exit != 0
assert broken.log.contains("failOn (mlos.guard.failOn): 'HAND_EDITS' is not a violation class.")
assert broken.log.contains('Fix: use some of [HAND_EDITED, STALE, MISSING, UNKNOWN, ARTIFACT_DRIFT, ARTIFACT_MISSING, RECORD_DRIFT]')
assert !broken.log.contains('MISSING GRAPH.md')
true
