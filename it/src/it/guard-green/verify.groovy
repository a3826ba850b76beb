// Green: compile then guard passes, and the reports exist and parse.
import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')

def compiled = steps.sqlite("SELECT path FROM mlos_outputs WHERE workspace = 'ml-os-build' ORDER BY path")
def artifacts = steps.sqlite('SELECT file_path FROM artifacts WHERE file_path IS NOT NULL ORDER BY file_path')
assert compiled.contains('PROBLEM.md') && compiled.any { it.startsWith('needs/') } && compiled.any { it.startsWith('context/') }
assert artifacts.size() == 8 : "the example registers 8 artifacts: ${artifacts}"
def checked = (compiled + artifacts).sort()

assert log =~ /Compiled: 6 views, ${compiled.size()} files: ${compiled.size()} written/
assert log.contains("Guard: ${checked.size()} files checked, no violations") : 'no green guard line'
assert !(log =~ /(?m)^\[(ERROR|WARNING)\]/) : 'a green build logs no warning or error'
assert log.contains('BUILD SUCCESS')

def reports = new File(ws, 'target/mlos')
def junitFile = new File(reports, 'mlos-guard-junit.xml'), sarifFile = new File(reports, 'mlos-guard.sarif'), jsonFile = new File(reports, 'mlos-guard.json')
assert log.contains("Guard reports: ${junitFile.path}, ${sarifFile.path}, ${jsonFile.path}") : 'the log does not name the reports'

// JUnit XML: one suite, one passing test case per checked file (compiled outputs and artifacts).
def suite = new XmlSlurper().parse(junitFile)
assert suite.name() == 'testsuite' && suite.@name == 'mlos-guard'
assert suite.@tests.toInteger() == checked.size() && suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0
def cases = suite.testcase.collect { it.@name.toString() }
assert cases.sort() == checked : "test cases ${cases} are not the checked files ${checked}"
assert suite.testcase.every { it.failure.size() == 0 }
assert suite.testcase.find { it.@name == 'PROBLEM.md' }.@classname == 'compiled'
assert suite.testcase.find { it.@name == 'src/round_table.py' }.@classname == 'artifact'
assert suite.properties.property.find { it.@name == 'workspace' }.@value == 'ml-os-build'

// SARIF 2.1.0: tool mlos, a rule per violation class, no results.
def sarif = new JsonSlurper().parse(sarifFile)
assert sarif.version == '2.1.0'
assert sarif.runs.size() == 1 && sarif.runs[0].tool.driver.name == 'mlos'
assert sarif.runs[0].tool.driver.rules*.id == ['HAND_EDITED', 'STALE', 'MISSING', 'UNKNOWN', 'ARTIFACT_DRIFT', 'ARTIFACT_MISSING', 'RECORD_DRIFT']
assert sarif.runs[0].results == []
// %SRCROOT% is the git repository the workspace is in (this checkout of mlos when the ITs run in
// one), else the workspace itself: the nearest directory above it holding .git.
def srcRoot = ws.toPath().toAbsolutePath().normalize()
for (def d = srcRoot; d != null; d = d.parent) {
  if (d.resolve('.git').toFile().exists()) { srcRoot = d; break }
}
assert sarif.runs[0].originalUriBaseIds.'%SRCROOT%'.uri == srcRoot.toUri().toString()

// JSON summary.
def json = new JsonSlurper().parse(jsonFile)
assert json.tool == 'mlos-guard' && json.workspace == 'ml-os-build'
assert json.clean == true && json.staleChecked == true && json.failing == 0
assert json.rendered == false : 'compiled just before: the compile record answers the stale check'
assert json.checkedFiles == checked.size()
assert json.counts == [HAND_EDITED: 0, STALE: 0, MISSING: 0, UNKNOWN: 0, ARTIFACT_DRIFT: 0, ARTIFACT_MISSING: 0, RECORD_DRIFT: 0]
assert json.violations == []

// A fresh clone has no target/mlos/compile-state: the guard runs every view's queries, but renders
// no page, because every page's rows hash as the compile recorded them.
assert new File(ws, 'target/mlos/compile-state').delete()
def fresh = steps.mvn(ws, 'build-fresh.log', ['mlos:guard'])
assert fresh.exit == 0 : "the guard of a fresh clone failed:\n${fresh.log}"
assert fresh.log.contains("Guard: ${checked.size()} files checked, no violations (${compiled.size()} pages not rendered:") : fresh.log
assert new JsonSlurper().parse(jsonFile).rendered == true
true
