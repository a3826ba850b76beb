// ARTIFACT_DRIFT and ARTIFACT_MISSING -> restore + accept -> compile -> green.
import groovy.json.JsonSlurper
import java.nio.file.Files

def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')
def doc = 'docs/design/kernel-boot.md'
def recorded = steps.sqlite("SELECT content_hash FROM artifacts WHERE id = 1")[0]
def actual = steps.sha256(new File(ws, doc))
assert recorded != actual

// Both artifact classes, with the hashes, the fix, and nothing else.
assert log.contains("[ERROR] ARTIFACT_DRIFT ${doc} - artifact 1 '${doc}' changed since it was registered: its SHA-256 is ${actual.take(12)}..., the database says ${recorded.take(12)}...")
assert log.contains("  Fix: review the change, then run `mvn mlos:accept -Dmlos.accept=${doc}`")
assert log.contains("[ERROR] ARTIFACT_MISSING src/schema.sql - artifact 6 is registered at 'src/schema.sql' but it does not exist")
assert log.contains("  Fix: restore 'src/schema.sql'; if it was moved or renamed on purpose (git mv), record its new path with `mlos artifact move 6 <new path>` (no goal of the plugin moves one), which keeps its id and edges; or unregister it with `mlos artifact remove 6` (no goal of the plugin unregisters one)")
// The context packs inline artifact files, so they are out of date as soon as a file changes: STALE,
// with the new text in the diff. Nothing is HAND_EDITED or MISSING.
def json = new JsonSlurper().parse(new File(ws, 'target/mlos/mlos-guard.json'))
def found = json.violations.collect { "${it['class']} ${it.path}".toString() }
assert found.findAll { !it.startsWith('STALE ') } == ["ARTIFACT_DRIFT ${doc}", 'ARTIFACT_MISSING src/schema.sql']*.toString() : "violations: ${found}"
assert found.findAll { it.startsWith('STALE ') } == ['STALE context/1-architect.md', 'STALE context/2-context-manager.md'] : "violations: ${found}"
assert json.violations.find { it.path == 'context/1-architect.md' }.diff.contains('+A boot that cannot reach the database stops before layer two.')
assert log =~ /mlos guard: 4 violations: STALE 2, ARTIFACT_DRIFT 1, ARTIFACT_MISSING 1 in \d+ checked files/

// Restore the deleted file; accept the reviewed edit.
Files.copy(new File(exampleWorkspace as String, 'src/schema.sql').toPath(), new File(ws, 'src/schema.sql').toPath())
def historyOfAccept = "SELECT count(*) FROM history WHERE entity_id = 1 AND operation = 'update' AND new_values LIKE '%${actual}%'"
assert steps.sqlite(historyOfAccept) == ['0']
def accept = steps.mvn(ws, 'build-2.log', ['mlos:accept', "-Dmlos.accept=${doc}".toString()])
assert accept.exit == 0 : "accept failed:\n${accept.log}"
assert accept.log.contains("Accepted ${doc} (artifact 1): ${recorded} -> ${actual}")
assert accept.log.contains('Accepted 1 artifact(s). Views that show artifacts may now be stale: run `mvn mlos:compile`.')
assert steps.sqlite("SELECT content_hash FROM artifacts WHERE id = 1") == [actual]
assert steps.sqlite(historyOfAccept) == ['1'] : 'accept left no history entry'
assert !accept.log.contains('Compiling workspace')

// What accept said: the views that show artifacts are stale: ARTIFACTS.md shows the artifact's
// updated_at, which the accept moved, and the context packs still inline the old text. Only STALE.
def guard = steps.mvn(ws, 'build-3.log', ['verify'])
assert guard.exit != 0 : 'views that show the accepted artifact should be stale'
def stale = new JsonSlurper().parse(new File(ws, 'target/mlos/mlos-guard.json')).violations
assert stale.every { it['class'] == 'STALE' } : "after accept: ${stale.collect { "${it['class']} ${it.path}" }}"
assert stale*.path.containsAll(['ARTIFACTS.md', 'context/1-architect.md']) : "stale after accept: ${stale*.path}"
assert guard.log =~ /(?m)^\[ERROR\] STALE ARTIFACTS\.md:\d+ - /

def compile = steps.mvn(ws, 'build-4.log', ['mlos:compile'])
assert compile.exit == 0 : "compile failed:\n${compile.log}"
def verify = steps.mvn(ws, 'build-5.log', ['verify'])
assert verify.exit == 0 : "verify after accept and compile failed:\n${verify.log}"
assert verify.log =~ /Guard: \d+ files checked, no violations/
true
