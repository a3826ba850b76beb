// Copy the example workspace's inputs (mlos.yaml, data/seed.sql, the artifacts it registers) but
// not its pom.xml (this case has its own), its database, build output, or its compiled views (the
// files whose front matter names the workspace): those are what the build must produce.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

def from = new File(exampleWorkspace as String).canonicalFile
def to = basedir as File
def compiled = { File f -> f.name.endsWith('.md') && f.getText('UTF-8').startsWith('---\n') && f.readLines('UTF-8').contains('workspace: ml-os-build') }
int copied = 0
from.eachFileRecurse { File f ->
  def rel = from.toPath().relativize(f.toPath()).toString().replace('\\', '/')
  if (f.isDirectory() || rel == 'pom.xml' || rel.startsWith('target/') || rel.startsWith('mlos.db') || compiled(f)) {
    return
  }
  def target = new File(to, rel)
  target.parentFile.mkdirs()
  Files.copy(f.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING)
  copied++
}
assert new File(to, 'mlos.yaml').isFile() && new File(to, 'data/seed.sql').isFile() : "nothing useful copied from ${from}"
true
