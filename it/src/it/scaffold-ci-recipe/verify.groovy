// A new user's path to a guarded CI, as real Maven builds:
//  1. `mvn <plugin>:init -Dmlos.scaffold` in an empty directory writes a full workspace (POM,
//     mlos.yaml with workspace:, .gitignore, .gitattributes, the GitHub Actions workflow) and
//     prints next steps; then mlos:compile and `mvn -B verify` (init + guard) are green, and a
//     second scaffold keeps every file.
//  2. The workspace is committed (the database's text form mlos.db.sql, not the binary mlos.db) and
//     cloned under ANOTHER directory name (a fresh runner): the workflow's workspace command runs on
//     an EMPTY local repository, and mlos:init rebuilds the database from the text. Without mlos installed it
//     fails to resolve the plugin (the issue's failure); with what the workflow's install step
//     installs (mlos-parent, mlos-core, mlos-templates, mlos-maven-plugin) it is green.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

def steps = evaluate(new File(itLib as String, 'Steps.groovy'))
def base = basedir as File
def plugin = new groovy.xml.XmlSlurper().parse(new File(base, 'pom.xml')).properties.'mlos.plugin'.text()
assert plugin.startsWith('dev.mlos:mlos-maven-plugin:') && !plugin.contains('@') : plugin

def git = { File dir, List<String> args ->
  def p = (['git', '-c', 'user.name=it', '-c', 'user.email=it@example.invalid', '-c', 'init.defaultBranch=main',
            '-c', 'core.autocrlf=false'] + args).execute(null, dir)
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  assert p.exitValue() == 0 : "git ${args} failed in ${dir}: ${err}"
  out.toString()
}

// --- 1. scaffold an empty directory, then compile and verify it ---
def ws = new File(base, 'team-workspace')
assert ws.mkdirs() && ws.list().length == 0

def scaffold = steps.mvn(ws, 'scaffold.log', ["${plugin}:init".toString(), '-Dmlos.scaffold'])
assert scaffold.exit == 0 : scaffold.log
def files = ['pom.xml', 'mlos.yaml', '.gitignore', '.gitattributes', '.github/workflows/mlos.yml', '.markdownlint-cli2.jsonc', 'mlos.db.sql']
files.each { assert scaffold.log.contains("  wrote ${it}") : "scaffold did not write ${it}:\n${scaffold.log}" }
assert scaffold.log.contains("Scaffolded workspace 'team-workspace'")
assert scaffold.log.contains('Next steps:') && scaffold.log.contains('mvn mlos:compile')
assert scaffold.log.contains('Created database') : 'the scaffold also creates the database'
assert new File(ws, 'mlos.yaml').getText('UTF-8').readLines().contains('workspace: team-workspace')

def compile = steps.mvn(ws, 'compile.log', ['mlos:compile'])
assert compile.exit == 0 : compile.log
assert new File(ws, 'PROBLEM.md').isFile()
assert compile.log.contains('Wrote the database\'s text form') : compile.log
assert new File(ws, 'mlos.db.sql').getText('UTF-8').contains('CREATE TABLE needs') : 'the compile filled the text form'
def verify = steps.mvn(ws, 'verify.log', ['verify'])
assert verify.exit == 0 : verify.log
assert verify.log.contains('mlos-maven-plugin') && verify.log.contains('guard (mlos-guard)') : verify.log
assert verify.log =~ /Guard: \d+ files checked, no violations/ : verify.log

def again = steps.mvn(ws, 'scaffold-again.log', ["${plugin}:init".toString(), '-Dmlos.scaffold'])
assert again.exit == 0 : again.log
files.each { assert again.log.contains("  kept  ${it} (it exists; never overwritten)") : "${it} not kept:\n${again.log}" }
assert !again.log.contains('  wrote ')

// Without -Dmlos.scaffold, init in a directory without a POM refuses and names the fix.
def bare = new File(base, 'no-pom')
bare.mkdirs()
def refused = steps.mvn(bare, 'refused.log', ["${plugin}:init".toString()])
assert refused.exit != 0 && refused.log.contains('There is no pom.xml in') && refused.log.contains('-Dmlos.scaffold') : refused.log
assert !new File(bare, 'mlos.db').exists()

// --- 2. commit, clone under another name, run the CI recipe on an empty local repository ---
['compile.log', 'verify.log', 'scaffold.log', 'scaffold-again.log'].each { new File(ws, it).delete() }
git(ws, ['init', '-q', '.'])
git(ws, ['add', '-A'])
def staged = git(ws, ['diff', '--cached', '--name-only']).readLines()
assert staged.contains('mlos.db.sql') && !staged.contains('mlos.db') : "the text form is committed, not the database: ${staged}"
assert !staged.any { it.startsWith('target/') } : "build output is ignored: ${staged}"
assert git(ws, ['check-attr', 'eol', 'linguist-generated', '--', 'PROBLEM.md']).contains('linguist-generated: true')
git(ws, ['commit', '-q', '-m', 'mlos workspace'])
// A green verify leaves the checkout clean: nothing for CI (or a developer) to commit.
assert steps.mvn(ws, 'verify-2.log', ['verify']).exit == 0
new File(ws, 'verify-2.log').delete()
assert git(ws, ['status', '--porcelain']).trim() == '' : git(ws, ['status', '--porcelain'])

def runner = new File(base, 'runner')
runner.mkdirs()
git(runner, ['clone', '-q', ws.absolutePath, 'checkout-dir'])
def clone = new File(runner, 'checkout-dir')
assert !new File(clone, 'target').exists()
assert !new File(clone, 'mlos.db').exists() && new File(clone, 'mlos.db.sql').isFile()

def workflow = new File(clone, '.github/workflows/mlos.yml').getText('UTF-8')
def runs = workflow.readLines().findAll { it.trim().startsWith('run:') || it.startsWith('          ') }*.trim()
def installIndex = runs.findIndexOf { it.contains(' install -DskipTests -pl mlos-maven-plugin -am') }
def verifyIndex = runs.findIndexOf { it == 'run: mvn -B -ntp verify' }
assert installIndex >= 0 && verifyIndex > installIndex : "the workflow installs mlos, then verifies:\n${workflow}"
assert runs.any { it.startsWith('git clone --depth 1 --branch "$MLOS_REF" "$MLOS_GIT"') } : workflow
def workspaceCommand = runs[verifyIndex].substring('run: mvn '.length()).split(' ') as List

def emptyRepo = new File(runner, 'm2')
emptyRepo.mkdirs()
def repoArg = "-Dmaven.repo.local=${emptyRepo.absolutePath}".toString()
def centralHasMlos = new File(outerLocalRepository as String, 'dev/mlos').exists()
if (!centralHasMlos) {
  // The issue's failure: the outer repository stands in for Maven Central, which has no mlos yet.
  def noMlos = steps.mvn(clone, 'ci-without-mlos.log', workspaceCommand + [repoArg])
  assert noMlos.exit != 0 && noMlos.log.contains('mlos-maven-plugin') : noMlos.log
} else {
  println "scaffold-ci-recipe: ${outerLocalRepository} has dev/mlos, so the run without mlos installed is skipped"
}
// The install step's result: exactly what `install -pl mlos-maven-plugin -am` of mlos installs.
def installed = new File(localRepositoryPath as String, 'dev/mlos')
['mlos-parent', 'mlos-core', 'mlos-templates', 'mlos-maven-plugin'].each { module ->
  def from = new File(installed, module)
  assert from.isDirectory() : "${from} missing"
  from.eachFileRecurse { f ->
    def to = new File(emptyRepo, 'dev/mlos/' + module + '/' + from.toPath().relativize(f.toPath()).toString())
    if (f.isDirectory()) { to.mkdirs() } else { to.parentFile.mkdirs(); Files.copy(f.toPath(), to.toPath(), StandardCopyOption.REPLACE_EXISTING) }
  }
}
def ci = steps.mvn(clone, 'ci.log', workspaceCommand + [repoArg], [GITHUB_ACTIONS: 'true'])
assert ci.exit == 0 : ci.log
assert ci.log =~ /Guard: \d+ files checked, no violations/ : ci.log
assert ci.log.contains('Rebuilt database ') && ci.log.contains(' from its text form ') : 'init rebuilt the database from mlos.db.sql'
// The clone lives in another directory; the pinned name keeps its files its own.
assert !ci.log.contains('UNKNOWN')
new File(clone, 'ci.log').delete()
new File(clone, 'ci-without-mlos.log').delete()
assert git(clone, ['status', '--porcelain']).trim() == '' : 'CI changed the checkout: ' + git(clone, ['status', '--porcelain'])
true
