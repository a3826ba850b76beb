def ws = (basedir as File).canonicalFile
def elsewhere = new File(ws.parentFile, 'compile-output-symlink-elsewhere')
def log = new File(ws, 'build.log').getText('UTF-8')

assert log.contains('BUILD FAILURE')
assert log.contains("is the output directory and leads outside the workspace") : 'the refusal does not say what is refused'
assert log.contains("through the symlink 'out' -> '${elsewhere.path}'") : 'the refusal does not name the link and its target'
assert log.contains("Fix: mlos reads and writes only files inside the workspace: replace the symlink 'out'") : 'no fix'
assert elsewhere.list().length == 0 : "written through the link: ${elsewhere.list()}"
def md = []
ws.eachFileRecurse { if (it.name.endsWith('.md')) md << it }
assert md.isEmpty() : "files written: ${md}"
true
