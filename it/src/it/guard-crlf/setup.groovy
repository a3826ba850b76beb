// A compiled copy of the example workspace, every compiled file converted to CRLF.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
steps.copyExample()
def compile = steps.mvn(ws, 'build-compile.log', ['mlos:init', 'mlos:compile'])
assert compile.exit == 0 : "compile failed:\n${compile.log}"
def compiled = steps.sqlite("SELECT path FROM mlos_outputs WHERE workspace = 'ml-os-build' ORDER BY path")
assert compiled.size() > 10
compiled.each { path ->
  def f = new File(ws, path)
  def text = f.getText('UTF-8')
  assert !text.contains('\r')
  f.setText(text.replace('\n', '\r\n'), 'UTF-8')
}
true
