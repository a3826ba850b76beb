// Compile the example: every checked-in view is produced, byte for byte (only compiled_at may differ,
// and it is the pom's project.build.outputTimestamp), and nothing else is; the log has a line per
// view and the summary.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def example = new File(exampleWorkspace as String).canonicalFile
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')

def isCompiled = { File f -> f.getText('UTF-8').readLines().contains('workspace: ml-os-build') }
def expected = steps.snapshot(example).keySet().findAll { isCompiled(new File(example, it)) }
def produced = steps.snapshot(ws).keySet().findAll { isCompiled(new File(ws, it)) }
assert expected.any { it.startsWith('needs/') } && expected.any { it.startsWith('context/') } : "expected views not found in ${example}"
assert produced == expected : "compiled files differ from the example's checked-in views:\n  missing ${expected - produced}\n  extra   ${produced - expected}"

def withoutCompiledAt = { File f -> f.getText('UTF-8').readLines().findAll { !it.startsWith('compiled_at:') } }
expected.each { path ->
  def mine = new File(ws, path)
  assert steps.frontMatter(mine, 'compiled_at') == '2026-11-21T00:00:00Z' : "${path}: compiled_at is not the pom's outputTimestamp"
  assert steps.frontMatter(mine, 'workspace') == 'ml-os-build'
  assert steps.frontMatter(mine, 'content_hash') ==~ /[0-9a-f]{64}/ : "${path}: no content_hash"
  assert withoutCompiledAt(mine) == withoutCompiledAt(new File(example, path)) : "${path} differs from the checked-in example"
  assert mine.getText('UTF-8').endsWith('\n') && !mine.getText('UTF-8').endsWith('\n\n') && !mine.getText('UTF-8').contains('\r') : "${path}: not LF with one final newline"
}
['PROBLEM.md', 'ARTIFACTS.md', 'GRAPH.md'].each { assert expected.contains(it) }
assert !new File(ws, 'README.md').exists() : 'the artifact index must not take the name README.md'
assert new File(ws, 'GRAPH.md').getText('UTF-8').contains('```mermaid')

// The log: per view, then the summary.
def n = expected.size()
assert log.contains('Created database')
assert log =~ /Compiling workspace 'ml-os-build' from .*mlos\.db \(6 views, config: /
['problem', 'ready', 'needs', 'artifacts', 'context', 'graph'].each { v ->
  def count = v == 'needs' ? expected.count { it.startsWith('needs/') } : v == 'context' ? expected.count { it.startsWith('context/') } : 1
  assert log =~ /(?m)^\[INFO\]\s+${v}\s+${count} files: ${count} written, 0 unchanged$/ : "no log line for view ${v} with ${count} files"
}
assert log =~ /Compiled: 6 views, ${n} files: ${n} written, 0 unchanged, 0 deleted in \d+\.\d\d s/ : 'no compile summary'
assert !(log =~ /(?m)^\[WARNING\] .*(ORDER BY|edited by hand)/) : 'unexpected compile warning'
true
