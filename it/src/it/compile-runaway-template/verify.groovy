def ws = basedir as File
def log = new File(ws, 'build.log').getText('UTF-8')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects)/).findAll { it.contains('mlos-maven-plugin') }
assert runs.size() == 2 : "expected two builds in build.log, found ${runs.size()}"

// Run 1: past the page size cap of 1 MiB the loop is counted up to 4 MiB and stopped there; that
// page is not written, every other page is, and the build fails once, naming page, view, template
// and row.
def loop = runs[0]
assert loop.contains('BUILD FAILURE')
assert loop.contains("1 page was not written: over the page size limit of 1 MiB (max_page_bytes)") :
    'the page size limit is not named'
assert loop.contains("big/2.md [view 'big', template templates/loop.ftl, row {\"id\":2}]: more than ") :
    'the page is not named with view, template and row'
assert loop.contains('raise max_page_bytes in mlos.yaml')
// A rule failed (violated), not a broken setup: a MojoFailureException, not a MojoExecutionException.
assert loop.contains('MojoFailureException: 1 page was not written') : 'not reported as a rule that failed'
assert !new File(ws, 'big/2.md').exists() : 'a partial page was written'
assert new File(ws, 'big/1.md').exists() : 'the other pages were not written'

// Run 2: the heap runs out inside #attempt; still a message about the page, not a bare OutOfMemoryError,
// and not blamed on the template alone: the heap may be too small for an honest compile, so the fix
// gives Maven's JVM more heap first, in Maven's words, then says what in a template does it.
def attempt = runs[1]
assert attempt.contains('BUILD FAILURE')
assert attempt.contains("View 'big', template templates/attempt.ftl (row id=2): ran out of memory rendering page big/2.md") :
    'the out-of-memory failure does not name view, template, row and page'
assert attempt.contains('Either the heap is too small for this compile') : 'the heap is not named as a cause'
assert attempt.contains('Fix: give Java more heap and run `mvn mlos:compile` again: `MAVEN_OPTS=-Xmx') :
    'the fix does not give Maven more heap'
assert attempt.contains('the template builds too much: make it build less for one page')
// A broken run, not a rule of the user's data that failed.
assert attempt.contains('MojoExecutionException: View \'big\'') : 'not reported as a broken run'
true
