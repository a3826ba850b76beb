// Two branches that each add a need merge in git, as real Maven builds and real git:
//  1. A scaffolded workspace is committed; `mlos:init` in the git work tree registers the mlos-db
//     merge driver in .git/config (once: a second init leaves it), and .gitattributes names it.
//  2. Each branch adds a need (both take id 1) and changes nothing else; each compiles and commits.
//  3. `git merge` runs the driver (mvn ... mlos:merge-db): mlos.db.sql merges with no conflict, theirs'
//     need renumbered; the compiled pages both sides recompiled keep ours (the mlos-page driver), so
//     nothing conflicts. A compile before the database has the merged rows is refused (mlos.db.sql
//     left as merged); `mlos:init -Dmlos.pullText` takes them into the database; the guard then
//     finds our pages STALE; compiling and verifying is green.
def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def base = basedir as File
def plugin = new groovy.xml.XmlSlurper().parse(new File(base, 'pom.xml')).properties.'mlos.plugin'.text()
assert plugin.startsWith('dev.mlos:mlos-maven-plugin:') && !plugin.contains('@') : plugin

def gitRun = { File dir, List<String> args ->
  def p = (['git', '-c', 'user.name=it', '-c', 'user.email=it@example.invalid', '-c', 'init.defaultBranch=main',
            '-c', 'core.autocrlf=false'] + args).execute(null, dir)
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  [exit: p.exitValue(), out: out.toString(), err: err.toString()]
}
def git = { File dir, List<String> args ->
  def r = gitRun(dir, args)
  assert r.exit == 0 : "git ${args} failed in ${dir}: ${r.err}"
  r.out
}
def ws = new File(base, 'ws')
assert ws.mkdirs()
def mvn = { String log, List<String> args ->
  def r = steps.mvn(ws, log, args)
  new File(ws, log).delete()
  r
}
def db = new File(ws, 'mlos.db')
def text = new File(ws, 'mlos.db.sql')

// --- 1. scaffold, commit, init registers the driver ---
assert mvn('scaffold.log', ["${plugin}:init".toString(), '-Dmlos.scaffold']).exit == 0
assert new File(ws, '.gitattributes').getText('UTF-8').contains('\n/mlos.db.sql text eol=lf merge=mlos-db\n')
git(ws, ['init', '-q', '.'])
git(ws, ['add', '-A'])
git(ws, ['commit', '-q', '-m', 'workspace'])
def init = mvn('init.log', ['mlos:init'])
assert init.exit == 0 && init.log.contains('registered the git merge driver mlos-db for mlos.db.sql') : init.log
assert init.log.contains('registered the git merge driver mlos-page for the compiled pages') : init.log
assert git(ws, ['config', '--get', 'merge.mlos-page.driver']).trim() == 'true'
assert new File(ws, '.gitattributes').getText('UTF-8').contains('\n/PROBLEM.md text eol=lf linguist-generated=true merge=mlos-page\n')
def driver = git(ws, ['config', '--get', 'merge.mlos-db.driver']).trim()
// The command names no workspace: it runs the POM above the merged file (git's %P), whose plugin
// version is this one, and this version for a file with no POM above it.
def pluginNoVersion = plugin.substring(0, plugin.lastIndexOf(':'))
def pluginArgs = ':merge-db -Dmlos.mergeBase=%O -Dmlos.mergeOurs=%A -Dmlos.mergeTheirs=%B -Dmlos.mergePath=%P'
assert driver == ('mlos_ws=$(dirname -- %P); until [ -f "$mlos_ws"/pom.xml ] || [ "$mlos_ws" = . ]; do mlos_ws=$(dirname -- "$mlos_ws"); done;'
    + ' if [ -f "$mlos_ws"/pom.xml ]; then mvn -q -B -N -f "$mlos_ws"/pom.xml ' + pluginNoVersion + pluginArgs
    + '; else mvn -q -B -N ' + plugin + pluginArgs + '; fi') : driver
def again = mvn('init-2.log', ['mlos:init'])
assert again.exit == 0 && !again.log.contains('registered the git merge driver') : again.log
// The IT's Maven and local repository instead of the `mvn` on the PATH and ~/.m2: an edited command
// is the user's, and later inits keep it.
def launcher = new File(System.getProperty('maven.home'), 'bin/mvn').path
def settings = new File(base, 'driver-settings.xml')
settings.setText(new File(itSettings as String).getText('UTF-8')
    .replace('@localRepositoryUrl@', new File(outerLocalRepository as String).toURI().toString()), 'UTF-8')
git(ws, ['config', 'merge.mlos-db.driver',
    driver.replace(' mvn ', " ${launcher} -s ${settings.path} -Dmaven.repo.local=${localRepositoryPath} ")])

def kept = mvn('init-3.log', ['mlos:init'])
assert kept.exit == 0 && kept.log.contains('(not a command an mlos launcher writes: by hand?): kept;') : kept.log
assert git(ws, ['config', '--get', 'merge.mlos-db.driver']).contains("then ${launcher} ")

// --- 2. two branches, each adds a need and compiles ---
def addNeed = { String title, String day ->
  steps.sqlite("INSERT INTO needs (title, status, created_at, updated_at) VALUES ('${title}', 'active', '2026-01-${day}T00:00:00Z', '2026-01-${day}T00:00:00Z');", db)
  assert mvn('compile.log', ['mlos:compile']).exit == 0
  git(ws, ['add', '-A'])
  git(ws, ['commit', '-q', '-m', title])
}
git(ws, ['checkout', '-q', '-b', 'theirs'])
addNeed('Theirs need', '03')
git(ws, ['checkout', '-q', 'main'])
// mlos.db is not in git: rebuild main's from its text form, as a clone would.
db.delete()
assert mvn('init-main.log', ['mlos:init']).exit == 0
addNeed('Ours need', '02')
assert text.getText('UTF-8').contains("INSERT INTO \"needs\" VALUES(1,'Ours need',")

// --- 3. merge ---
def merge = gitRun(ws, ['merge', '--no-edit', 'theirs'])
assert merge.exit == 0 && !merge.out.contains('CONFLICT') : "the drivers merged without a conflict: ${merge}"
assert git(ws, ['diff', '--name-only', '--diff-filter=U']).trim() == ''
def merged = text.getText('UTF-8')
assert !merged.contains('<<<<<<<') : merged
assert merged.contains("INSERT INTO \"needs\" VALUES(1,'Ours need',") && merged.contains("INSERT INTO \"needs\" VALUES(2,'Theirs need',") : merged
// The compiled pages both sides changed (build output, rebuilt below) are ours, as they were.
def mergeBase = git(ws, ['merge-base', 'HEAD^1', 'theirs']).trim()
// (The base has no pages yet: each side added them, git's add/add, which conflicted before.)
def both = git(ws, ['diff', '--name-only', '--diff-filter=AM', mergeBase, 'HEAD^1']).readLines()
    .intersect(git(ws, ['diff', '--name-only', '--diff-filter=AM', mergeBase, 'theirs']).readLines()) - ['mlos.db.sql']
assert both.any { gitRun(ws, ['diff', '--quiet', 'HEAD^1', 'theirs', '--', it]).exit != 0 } : both
both.each { assert gitRun(ws, ['diff', '--quiet', 'HEAD^1', 'HEAD', '--', it]).exit == 0 : "ours kept: ${it}" }
// mlos.db still holds ours' rows alone: a compile now would write them over the merged text form.
// It is refused before any page is written, and the file is left byte for byte.
def mergedBytes = text.bytes
def early = mvn('compile-before-pull.log', ['mlos:compile'])
assert early.exit != 0 && early.log.contains('dbtext.not_pulled') && early.log.contains('mlos:init -Dmlos.pullText') : early.log
assert text.bytes == mergedBytes
def pulled = mvn('pull.log', ['mlos:init', '-Dmlos.pullText'])
assert pulled.exit == 0 && pulled.log.contains('took the pulled rows') : pulled.log
assert steps.sqlite('SELECT id, title FROM needs ORDER BY id;', db).join('\n') == '1|Ours need\n2|Theirs need'
// Our pages, kept by the merge, do not show theirs' need: the guard says so until the compile.
def stale = mvn('guard-before-compile.log', ['mlos:guard'])
assert stale.exit != 0 && stale.log.contains('STALE') : stale.log
assert mvn('compile-merged.log', ['mlos:compile']).exit == 0
def verify = mvn('verify.log', ['verify'])
assert verify.exit == 0 && verify.log =~ /Guard: \d+ files checked, no violations/ : verify.log
git(ws, ['add', '-A'])
git(ws, ['commit', '-q', '-m', 'compiled the merged rows'])
assert git(ws, ['status', '--porcelain']).trim() == ''
true
