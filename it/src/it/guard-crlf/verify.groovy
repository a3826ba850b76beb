// Every compiled file is CRLF now (its raw hash no longer matches the recorded file_hash), and the
// guard still sees no violation.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')
def rows = steps.sqlite("SELECT path, file_hash FROM mlos_outputs WHERE workspace = 'ml-os-build' ORDER BY path")
rows.each { row ->
  def (path, fileHash) = row.split('\\|') as List
  def f = new File(ws, path)
  assert f.getText('UTF-8').contains('\r\n') && !(f.getText('UTF-8') =~ /[^\r]\n/) : "${path} is not CRLF"
  assert steps.sha256(f) != fileHash : "${path}: the conversion did not change its bytes"
}
assert log =~ /Guard: \d+ files checked, no violations/ : 'CRLF line endings were reported as a violation'
assert !(log =~ /(?m)^\[(ERROR|WARNING)\]/)
assert log.contains('BUILD SUCCESS')
true
