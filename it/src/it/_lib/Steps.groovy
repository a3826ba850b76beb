// Steps shared by the invoker scripts (not a case: it has no pom.xml). Load it from a script with
//   def steps = evaluate(new File(itLib, 'Steps.groovy'))
// It sees the script's variables (basedir, localRepositoryPath, itSettings, ...).
//
// Why a second Maven run from verify.groovy: the stories "change the database, compile again" need
// a step between two builds, and the invoker runs setup.groovy only before the first build and
// verify.groovy only after the last. So the invoker does the first build (init, compile), and the
// script changes the database with the sqlite3 shell and runs the second build itself, with the
// same Maven, local repository, settings and MAVEN_OPTS as the invoker. Its log goes to its own file.

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

def base = basedir as File

/** Runs SQL with the sqlite3 shell (stops at the first error) and returns the output lines. */
def sqlite = { String sql, File db = new File(base, 'mlos.db') ->
  def p = ['sqlite3', '-bail', '-separator', '|', db.path].execute()
  p.outputStream.withWriter('UTF-8') { it << sql }
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  assert p.exitValue() == 0 : "sqlite3 failed on ${db}: ${err}"
  out.toString().readLines()
}

/**
 * Runs `mvn <args>` in {@code dir} with the invoker's Maven, local repository, settings and
 * MAVEN_OPTS; the log goes to dir/<logName>. Returns [exit: int, log: String]. {@code env} sets
 * environment variables of the build (a null value removes one the outer build has).
 */
def mvn = { File dir, String logName, List<String> args, Map<String, String> env = [:] ->
  def settings = new File(dir, '.it-settings.xml')
  def outerUrl = new File(outerLocalRepository as String).toURI().toString()
  settings.setText(new File(itSettings as String).getText('UTF-8').replace('@localRepositoryUrl@', outerUrl), 'UTF-8')
  def mvnHome = System.getProperty('maven.home')
  def launcher = new File(mvnHome, System.getProperty('os.name').toLowerCase(Locale.ROOT).contains('win') ? 'bin/mvn.cmd' : 'bin/mvn')
  def command = [launcher.path, '-B', '-e', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}".toString()] + args
  def log = new File(dir, logName)
  def pb = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).redirectOutput(log)
  pb.environment().put('MAVEN_OPTS', itMavenOpts as String)
  env.each { k, v -> v == null ? pb.environment().remove(k) : pb.environment().put(k, v) }
  def exit = pb.start().waitFor()
  settings.delete()
  [exit: exit, log: log.getText('UTF-8')]
}

/**
 * The markdown files under {@code dir} (skipping hidden and target directories), as relative path
 * -> [sha256: hex, mtime: FileTime]. Taken before and after a build, it shows which files the
 * build wrote, kept or deleted.
 */
def snapshot = { File dir ->
  Path root = dir.toPath()
  def files = [:] as TreeMap
  Files.walk(root).withCloseable { walk ->
    walk.filter { p -> Files.isRegularFile(p) && p.toString().endsWith('.md') }
        .filter { p -> !root.relativize(p).any { seg -> seg.toString().startsWith('.') || seg.toString() == 'target' } }
        .forEach { p ->
          def digest = MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(p)).encodeHex().toString()
          files[root.relativize(p).toString().replace('\\', '/')] = [sha256: digest, mtime: Files.getLastModifiedTime(p)]
        }
  }
  files
}

/** What changed between two snapshots: [written: [...], unchanged: [...], deleted: [...]] (sorted). */
def compare = { Map before, Map after ->
  [
    written  : after.keySet().findAll { !before.containsKey(it) || before[it] != after[it] }.toList().sort(),
    unchanged: after.keySet().findAll { before.containsKey(it) && before[it] == after[it] }.toList().sort(),
    deleted  : before.keySet().findAll { !after.containsKey(it) }.toList().sort(),
  ]
}

/** The value of a top-level front matter key of a compiled file (as written, quotes removed). */
def frontMatter = { File f, String key ->
  def lines = f.getText('UTF-8').readLines()
  assert lines[0] == '---' : "${f} has no front matter"
  def end = lines.subList(1, lines.size()).indexOf('---') + 1
  def line = lines.subList(1, end).find { it.startsWith(key + ':') }
  line == null ? null : line.substring(key.length() + 1).trim().replaceAll(/^'(.*)'$/, '$1').replaceAll(/^"(.*)"$/, '$1')
}

/**
 * Copies the example workspace's inputs (mlos.yaml, data/seed.sql, the artifacts it registers) into
 * {@code to}, but not its pom.xml (each case has its own), its database, build output or compiled
 * views (the files whose front matter names the workspace): a build has to produce those.
 */
def copyExample = { File to = base ->
  def from = new File(exampleWorkspace as String).canonicalFile
  def compiled = { File f -> f.name.endsWith('.md') && f.getText('UTF-8').startsWith('---\n') && f.readLines('UTF-8').contains('workspace: ml-os-build') }
  from.eachFileRecurse { File f ->
    def rel = from.toPath().relativize(f.toPath()).toString().replace('\\', '/')
    if (f.isDirectory() || rel == 'pom.xml' || rel.startsWith('target/') || rel.startsWith('mlos.db') || compiled(f)) {
      return
    }
    def target = new File(to, rel)
    target.parentFile.mkdirs()
    Files.copy(f.toPath(), target.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING)
  }
  assert new File(to, 'mlos.yaml').isFile() && new File(to, 'data/seed.sql').isFile() : "nothing useful copied from ${from}"
  from
}

/** SHA-256 of a file's bytes, lower-case hex. */
def sha256 = { File f -> MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }

[sqlite: sqlite, mvn: mvn, snapshot: snapshot, compare: compare, frontMatter: frontMatter, copyExample: copyExample, sha256: sha256]
