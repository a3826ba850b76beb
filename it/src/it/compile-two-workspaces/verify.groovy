def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def root = basedir as File
def build = new File(root, 'build'), phone = new File(root, 'phone')
def db = new File(root, 'shared/mlos.db')
def log = new File(root, 'build.log').getText('UTF-8')

assert !new File(build, 'mlos.db').exists() && !new File(phone, 'mlos.db').exists() : 'a workspace made its own database'
assert log =~ /Compiling workspace 'ml-os-build' from .*shared.mlos\.db/
assert log =~ /Compiling workspace 'phone' from .*shared.mlos\.db/
assert !(root.list() as List).any { it.endsWith('.md') } : 'the aggregator compiled too'

// Each projection: its own needs only.
def common = ['ARTIFACTS.md', 'GRAPH.md', 'PROBLEM.md', 'READY.md', 'context/1-designer.md']
def buildFiles = (common + ['needs/1-kernel-boots-the-same-everywhere.md', 'needs/2-problem-md-is-compiled.md']).sort()
def phoneFiles = (common + ['needs/3-offline-reading-on-the-phone.md', 'needs/4-small-screens-show-the-title-first.md']).sort()
assert steps.snapshot(build).keySet().toList() == buildFiles
assert steps.snapshot(phone).keySet().toList() == phoneFiles
['PROBLEM.md', 'GRAPH.md'].each {
  def b = new File(build, it).getText('UTF-8'), p = new File(phone, it).getText('UTF-8')
  assert b.contains('Kernel boots the same everywhere') && !b.contains('Offline reading on the phone') : "build ${it}"
  assert p.contains('Offline reading on the phone') && !p.contains('Kernel boots the same everywhere') : "phone ${it}"
}
assert steps.frontMatter(new File(build, 'PROBLEM.md'), 'workspace') == 'ml-os-build'
assert steps.frontMatter(new File(phone, 'PROBLEM.md'), 'workspace') == 'phone'

// One compile record per workspace, in the one database.
def record = { String ws -> steps.sqlite("SELECT path || ' ' || content_hash || ' ' || file_hash || ' ' || compiled_at FROM mlos_outputs WHERE workspace = '${ws}' ORDER BY path", db) }
assert steps.sqlite('SELECT DISTINCT workspace FROM mlos_outputs ORDER BY workspace', db) == ['ml-os-build', 'phone']
assert record('ml-os-build').collect { it.split(' ')[0] } == buildFiles
assert record('phone').collect { it.split(' ')[0] } == phoneFiles

// Every relative link in a compiled file resolves inside its own workspace: a projection does not
// link to pages only the other workspace has. (Collected here, asserted last, so the stories
// below are checked either way.)
def dangling = []
[build, phone].each { ws ->
  steps.snapshot(ws).keySet().each { path ->
    def file = new File(ws, path)
    (file.getText('UTF-8') =~ /\]\(([^)#\s]+)(#[^)]*)?\)/).each { m ->
      if (!(m[1] ==~ /[a-z]+:.*/) && !new File(file.parentFile, m[1]).exists()) {
        dangling << "${ws.name}/${path} links to ${m[1]}, which ${ws.name} does not have"
      }
    }
  }
}

// Both needs change, but only the build workspace compiles: the phone's files and record stay
// exactly as they were (its view of need 3 is stale until it compiles itself).
def phoneBefore = steps.snapshot(phone), buildBefore = steps.snapshot(build), phoneRecord = record('phone')
Thread.sleep(1100) // a rewrite in the same second could otherwise keep a coarse mtime
steps.sqlite("""UPDATE needs SET priority = 2, updated_at = '2026-10-10T09:00:00Z' WHERE id = 1;
                UPDATE needs SET priority = 2, updated_at = '2026-10-10T09:00:00Z' WHERE id = 3;""", db)
def second = steps.mvn(build, 'build-2.log', ['mlos:compile'])
assert second.exit == 0 : "compiling the build workspace failed:\n${second.log}"
assert second.log.contains("Compiling workspace 'ml-os-build'") && !second.log.contains("workspace 'phone'")
assert !second.log.contains('Deleted ')

def phoneDiff = steps.compare(phoneBefore, steps.snapshot(phone))
assert phoneDiff.written.isEmpty() && phoneDiff.deleted.isEmpty() : "compiling ml-os-build touched the phone workspace: ${phoneDiff}"
assert record('phone') == phoneRecord : "compiling ml-os-build changed the phone's compile record"
def buildDiff = steps.compare(buildBefore, steps.snapshot(build))
assert buildDiff.written.containsAll(['PROBLEM.md', 'needs/1-kernel-boots-the-same-everywhere.md']) : "build: ${buildDiff}"

assert dangling.isEmpty() : "links out of the projection:\n  ${dangling.join('\n  ')}"
true
