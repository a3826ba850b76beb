// The agentos-graph pack through real Maven: coercion, pages, identity on re-import, the guard.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def ws = basedir as File
def db = new File(ws, 'graph.db')
def log = new File(ws, 'build.log').getText('UTF-8')
def sql = { String q -> steps.sqlite(q, db) }

assert log.contains("Created database ${db.path}")
assert log.contains('Applied migration agentos-graph V1')

// Import: shapes/ and data/ (a reference to a person in a later file resolves), one warning with
// file, line and column for the key no shape declares.
assert log.contains("[WARNING] ${new File(ws, 'data/books.yaml').path}:16:10: record 2 (book): 'shelf' is not a field or relation of shape 'book' or the shapes it implies; kept as a string value")
assert log.contains('[INFO] Imported 6 record(s) from 2 file(s): 6 created, 0 updated, 0 unchanged; 5 edge(s) added, 0 removed; 4 shape(s); 1 warning(s)')

// Node ids derive from the shape and identity, so Meditations has the id the pack's docs show.
def meditations = 'c5f9607d8986fae5'
assert sql("SELECT shape, title FROM graph_records WHERE id = '${meditations}'") == ['book|Meditations']
assert sql('SELECT shape, count(*) FROM graph_records GROUP BY shape ORDER BY shape') == ['book|2', 'person|2', 'tag|2']
// Coercion: "254" is the integer 254, "true" the boolean 1, each typed by its field.
assert sql("SELECT value, typeof(value), type FROM node_vals WHERE node_id = '${meditations}' AND key = 'pages'") == ['254|integer|integer']
assert sql("SELECT value, typeof(value), type FROM node_vals WHERE node_id = '${meditations}' AND key = 'in_stock'") == ['1|integer|boolean']
// Long text is in content, full-text searchable.
assert sql("SELECT node_id, kind FROM content_fts WHERE content_fts MATCH 'stoic'") == ["${meditations}|summary".toString()]

// Compile: a page per record, an index per shape, SHAPES.md; the guard is green on them.
def pages = ['SHAPES.md', 'records/book.md', 'records/book/b445e2d41f2e5362-the-republic.md', 'records/book/c5f9607d8986fae5-meditations.md',
             'records/person.md', 'records/person/1dc2a819703f24f9-marcus-aurelius.md', 'records/person/243809245e840d17-plato.md',
             'records/product.md', 'records/tag.md', 'records/tag/42824a88e1b74704-stoicism.md', 'records/tag/5c6d5bc547469af9-philosophy.md']
assert steps.snapshot(ws).keySet() as List == pages
assert log =~ /Compiled: 3 views, 11 files: 11 written, 0 unchanged, 0 deleted/
// 11 pages and the 2 record files the import read.
assert log.contains('Guard: 13 files checked, no violations')
def page = new File(ws, 'records/book/c5f9607d8986fae5-meditations.md')
def text = page.getText('UTF-8')
assert steps.frontMatter(page, 'workspace') == 'library' && steps.frontMatter(page, 'id') == meditations
assert text.contains('- pages (integer, shape book): 254\n') && text.contains('- in_stock (boolean, shape product): true\n')
assert text.contains('Private notes on Stoic philosophy.')
assert text.contains('[Marcus Aurelius](../person/1dc2a819703f24f9-marcus-aurelius.md)')
assert text.contains('[philosophy](../tag/5c6d5bc547469af9-philosophy.md), [stoicism](../tag/42824a88e1b74704-stoicism.md)')
assert new File(ws, 'SHAPES.md').getText('UTF-8').contains('- [product](records/product.md): 2 records, 0 own. Anything the shop sells\n')

// A record with the same identity (isbn13) updates the node: no new node, the new page count, the
// values it does not mention kept.
def nodes = sql('SELECT count(*) FROM nodes')
assert nodes == ['6']
def before = steps.snapshot(ws)
Thread.sleep(1100)
def again = steps.mvn(ws, 'build-2.log', ['mlos:import', '-Dmlos.import=later'])
assert again.exit == 0 : "second import failed:\n${again.log}"
assert again.log.contains('Imported 1 record(s) from 1 file(s): 0 created, 1 updated, 0 unchanged')
assert sql('SELECT count(*) FROM nodes') == nodes : 'the same identity created a second node'
assert sql("SELECT count(*) FROM graph_records WHERE shape = 'book' AND title = 'Meditations'") == ['1']
assert sql("SELECT value, typeof(value) FROM node_vals WHERE node_id = '${meditations}' AND key = 'pages'") == ['256|integer']
assert sql("SELECT value FROM node_vals WHERE node_id = '${meditations}' AND key = 'title'") == ['Meditations']

// Compile and guard again: the book's page follows, and the guard is green.
def compile = steps.mvn(ws, 'build-3.log', ['mlos:compile', 'mlos:guard'])
assert compile.exit == 0 : "compile and guard failed:\n${compile.log}"
assert steps.compare(before, steps.snapshot(ws)).written.contains('records/book/c5f9607d8986fae5-meditations.md')
assert page.getText('UTF-8').contains('- pages (integer, shape book): 256\n')
assert compile.log.contains('Guard: 14 files checked, no violations')

// A record file edited and not imported fails the guard (RECORD_DRIFT) with the import as its fix;
// importing it again (and compiling) makes it green.
def books = new File(ws, 'data/books.yaml')
books.append('# edited, not imported\n', 'UTF-8')
def drift = steps.mvn(ws, 'build-4.log', ['mlos:guard'])
assert drift.exit != 0 : "the guard passed an edited record file:\n${drift.log}"
assert drift.log.contains("[ERROR] RECORD_DRIFT data/books.yaml - record file 'data/books.yaml' changed since it was imported")
assert drift.log.contains('  Fix: import it: run `mvn mlos:import -Dmlos.import=data`, then `mvn mlos:compile`')
// mlos:init keeps no text form here (no mlos.db.sql): the fix names no file to commit.
assert !drift.log.contains("commit the database's text form") : drift.log
assert drift.log.contains('mlos guard: 1 violation: RECORD_DRIFT 1 in 14 checked files')
def fixed = steps.mvn(ws, 'build-5.log', ['mlos:import', '-Dmlos.import=data', 'mlos:compile', 'mlos:guard'])
assert fixed.exit == 0 : "import, compile and guard failed:\n${fixed.log}"
assert fixed.log.contains('Guard: 14 files checked, no violations')

// A record file whose path holds a comma, a quote, a space and a ${, imported on its own: Maven split
// -Dmlos.import at the comma and read ${x} as an expression, so the guard's fix did not work as
// written. Named as the fix names it (\, for the comma, $\{ for the ${), one path; edited, the guard
// names it so in single quotes, and that word, as a shell hands it over, makes the guard green.
def oddPath = "extra,dir/it's \${x}.yaml"
def odd = new File(ws, oddPath)
odd.parentFile.mkdirs()
odd.setText('- _shape: tag\n  name: odd\n', 'UTF-8')
def oddImport = steps.mvn(ws, 'build-6.log', ['mlos:import', "-Dmlos.import=extra\\,dir/it's \$\\{x}.yaml".toString(), 'mlos:compile'])
assert oddImport.exit == 0 : "import of a path with a comma failed:\n${oddImport.log}"
assert sql("SELECT path FROM graph_import_files WHERE path LIKE 'extra%'") == [oddPath]
odd.setText('- _shape: tag\n  name: odder\n', 'UTF-8')
def oddDrift = steps.mvn(ws, 'build-7.log', ['mlos:guard'])
assert oddDrift.exit != 0 : "the guard passed an edited record file:\n${oddDrift.log}"
def word = "'-Dmlos.import=extra\\,dir/it'\\''s \$\\{x}.yaml'"
assert oddDrift.log.contains("  Fix: import it: run `mvn mlos:import ${word}`, then `mvn mlos:compile`") : oddDrift.log
def oddFixed = steps.mvn(ws, 'build-8.log', ['mlos:import', word[1..-2].replace("'\\''", "'"), 'mlos:compile', 'mlos:guard'])
assert oddFixed.exit == 0 : "the guard's fix, followed as written, failed:\n${oddFixed.log}"
assert oddFixed.log =~ /Guard: \d+ files checked, no violations/
true
