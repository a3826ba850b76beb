// Hand edit -> verify fails with the file, class, line, diff and fix -> compile -> verify is green.
import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')
def editedLine = '## P1 PROBLEM.md is compiled (and I edited it)'
def lineNo = new File(ws, 'PROBLEM.md').readLines('UTF-8').indexOf(editedLine) + 1
assert lineNo > 1

// The violation: class, path and line, a diff from the compiled text to the file on disk, the fix.
assert log.contains("[ERROR] HAND_EDITED PROBLEM.md:${lineNo} - 'PROBLEM.md' was edited by hand after it was compiled") : 'no HAND_EDITED headline with the line'
assert log.contains('--- PROBLEM.md (compiled)') && log.contains('+++ PROBLEM.md (on disk)')
assert log.contains('-## P1 · need 3: [PROBLEM.md is compiled, never hand-edited](needs/3-problem-md-is-compiled-never-hand-edited.md)')
assert log.contains("+${editedLine}")
assert log =~ /(?m)^@@ -\d+,\d+ \+\d+,\d+ @@/
assert log.contains('  Fix: compiled files are overwritten by every compile: make the change in the database first, then run `mvn mlos:compile`')
// Only that file: the other compiled files and the artifacts are fine.
assert (log =~ /(?m)^\[ERROR\] (HAND_EDITED|STALE|MISSING|UNKNOWN|ARTIFACT_DRIFT|ARTIFACT_MISSING) /).count == 1
// Then the build fails once, with the count by class and the fix.
def checked = steps.sqlite("SELECT (SELECT count(*) FROM mlos_outputs WHERE workspace = 'ml-os-build') + (SELECT count(*) FROM artifacts WHERE file_path IS NOT NULL)")[0]
def reports = new File(ws, 'target/mlos')
assert log.contains("mlos guard: 1 violation: HAND_EDITED 1 in ${checked} checked files (listed above; reports in ${reports.path}).") : 'no failure count line'
assert log.contains('  Fix: move hand edits into the database, then run `mvn mlos:compile` and commit the compiled files')
// No artifact drifted, so the final fix does not send anyone to mlos:accept.
assert !log.contains('mlos:accept') : 'the final fix mentions mlos:accept without a drifted artifact'
assert log.contains('BUILD FAILURE')
assert !log.contains('Compiling workspace') : 'verify must not compile: guard only is bound'

// JUnit XML: a failure on PROBLEM.md, and only there.
def suite = new XmlSlurper().parse(new File(reports, 'mlos-guard-junit.xml'))
assert suite.@failures == '1' && suite.@tests == checked
def problemCase = suite.testcase.find { it.@name == 'PROBLEM.md' }
assert problemCase.@classname == 'HAND_EDITED'
assert problemCase.failure.@type == 'HAND_EDITED'
assert problemCase.failure.@message == "'PROBLEM.md' was edited by hand after it was compiled"
assert problemCase.failure.text().contains("+${editedLine}") && problemCase.failure.text().contains('mvn mlos:compile')
assert suite.testcase.findAll { it.failure.size() > 0 }*.@name*.toString() == ['PROBLEM.md']

// SARIF: one error result, rule HAND_EDITED, the file and line.
def sarif = new JsonSlurper().parse(new File(reports, 'mlos-guard.sarif'))
assert sarif.version == '2.1.0' && sarif.runs[0].tool.driver.name == 'mlos'
def results = sarif.runs[0].results
assert results.size() == 1
assert results[0].ruleId == 'HAND_EDITED' && results[0].level == 'error'
// The URI is relative to the git repository this workspace is in (this checkout of mlos, when the
// ITs run in one: a workspace in a subdirectory), against %SRCROOT%; resolved, it names the file.
def location = results[0].locations[0].physicalLocation.artifactLocation
assert location.uriBaseId == '%SRCROOT%'
assert location.uri.endsWith('PROBLEM.md') && !location.uri.startsWith('/')
def resolved = new File(new URI(sarif.runs[0].originalUriBaseIds[location.uriBaseId].uri).resolve(location.uri))
assert resolved.canonicalFile == new File(ws, 'PROBLEM.md').canonicalFile : "the SARIF location resolves to ${resolved}"
assert results[0].locations[0].physicalLocation.region.startLine == lineNo
assert results[0].properties.diff.contains("+${editedLine}")

def json = new JsonSlurper().parse(new File(reports, 'mlos-guard.json'))
assert json.clean == false && json.failing == 1 && json.counts.HAND_EDITED == 1
assert json.violations*.path == ['PROBLEM.md'] && json.violations[0].line == lineNo

// The fix the log names: compile replaces the edit, keeping a copy of it, and warns.
def compile = steps.mvn(ws, 'build-2.log', ['mlos:compile'])
assert compile.exit == 0 : "compile failed:\n${compile.log}"
assert compile.log =~ /(?m)^\[WARNING\] .*PROBLEM\.md.*edited by hand/ : 'the compile does not warn that it replaced a hand edit'
def kept = new File(ws, 'target/mlos/replaced/PROBLEM.md')
assert kept.isFile() && kept.getText('UTF-8').contains(editedLine) : 'the edited copy is not kept'
assert compile.log.contains(kept.path) || compile.log.contains('target/mlos/replaced/PROBLEM.md')
assert !new File(ws, 'PROBLEM.md').getText('UTF-8').contains(editedLine)

// Green again.
def verify = steps.mvn(ws, 'build-3.log', ['verify'])
assert verify.exit == 0 : "verify after compile failed:\n${verify.log}"
assert verify.log.contains("Guard: ${checked} files checked, no violations")
assert new JsonSlurper().parse(new File(reports, 'mlos-guard.json')).clean == true
true
