def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects)/).findAll { it.contains('mlos-maven-plugin') }
assert runs.size() == 2 : "expected two builds in build.log, found ${runs.size()}"

// Run 1: the #if opened on line 5 is never closed; FreeMarker reports where the parse failed.
def parse = runs[0]
assert parse.contains('Created database')
assert parse.contains('BUILD FAILURE')
assert parse =~ /View 'weekly', template templates\/weekly\.ftl:\d+:\d+: / : 'the error does not name view, template, line and column'
assert parse.contains('Fix: fix the template at that line')

// Run 2: card.ftl line 4 uses row.owner_name, which the query does not return.
def render = runs[1]
assert render.contains('BUILD FAILURE')
assert render =~ /View 'cards', template templates\/card\.ftl:4:\d+ \(row id=1\): / : 'the error does not name view, template, line, column and row'
assert render.contains('owner_name')

// Run 1 (a syntax error) is caught before anything is written. Run 2 fails on a row while
// rendering: the pages of the views before it were written, and they are recorded in the
// database so `mlos:guard` and `mlos:clean` know them; the failing view wrote nothing.
def files = steps.snapshot(ws).keySet().toList() - ['docs/boot.md']
assert files.every { !it.startsWith('cards/') } : "the failing view wrote ${files}"
def recorded = steps.sqlite('SELECT path FROM mlos_outputs ORDER BY path')
assert recorded.sort() == files.findAll { it.endsWith('.md') && !it.startsWith('templates/') }.sort() :
    "written ${files} but recorded ${recorded}"
true
