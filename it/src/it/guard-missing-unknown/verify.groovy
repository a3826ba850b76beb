// MISSING for the deleted compiled file, UNKNOWN for the stray copy, each with its fix.
import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')
def page = 'needs/8-titles-with-pipes-ticks-quotes-survive.md'

assert log.contains("[ERROR] MISSING ${page} - '${page}' was written by the last compile (view 'needs') but it no longer exists")
assert log.contains('  Fix: run `mvn mlos:compile` to write it again')
assert log.contains("[ERROR] UNKNOWN notes/OLD-PROBLEM.md - 'notes/OLD-PROBLEM.md' has compiled_at front matter and names workspace 'ml-os-build', but its compile record has no row for it (a copy of a page, or a page compiled after the mlos.db.sql this database was built from)")
assert log.contains("  Fix: delete 'notes/OLD-PROBLEM.md' (`mvn mlos:clean` only deletes recorded files), or enable the view that produces it and run `mvn mlos:compile`")
assert !log.contains('notes/ideas.md') : 'a hand-written page without compiled_at is not the guard\'s business'
// The deleted page is not also STALE (the database still produces it), and nothing else is wrong.
def classes = (log =~ /(?m)^\[ERROR\] (HAND_EDITED|STALE|MISSING|UNKNOWN|ARTIFACT_DRIFT|ARTIFACT_MISSING) (\S+)/).collect { "${it[1]} ${it[2]}".toString() }
assert classes == ["MISSING ${page}".toString(), 'UNKNOWN notes/OLD-PROBLEM.md'] : "violations: ${classes}"
assert log =~ /mlos guard: 2 violations: MISSING 1, UNKNOWN 1 in \d+ checked files/

// Both are test cases of the JUnit report (the unknown file is a checked file too) and SARIF results.
def suite = new XmlSlurper().parse(new File(ws, 'target/mlos/mlos-guard-junit.xml'))
assert suite.@failures == '2'
assert suite.testcase.find { it.@name == page }.failure.@type == 'MISSING'
assert suite.testcase.find { it.@name == 'notes/OLD-PROBLEM.md' }.failure.@type == 'UNKNOWN'
def sarif = new JsonSlurper().parse(new File(ws, 'target/mlos/mlos-guard.sarif'))
// URIs relative to the git repository the workspace is in (see guard-hand-edit), resolved against %SRCROOT%.
def base = new URI(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri)
assert sarif.runs[0].results.collect { [it.ruleId, new File(base.resolve(it.locations[0].physicalLocation.artifactLocation.uri)).canonicalFile] } ==
    [['MISSING', new File(ws, page).canonicalFile], ['UNKNOWN', new File(ws, 'notes/OLD-PROBLEM.md').canonicalFile]]
assert sarif.runs[0].results.every { it.locations[0].physicalLocation.region == null } : 'no line for a missing or unknown file'
true
