// out -> a directory next to the workspace, outside it.
import java.nio.file.Files
def ws = (basedir as File).canonicalFile
def elsewhere = new File(ws.parentFile, 'compile-output-symlink-elsewhere')
elsewhere.mkdirs()
Files.createSymbolicLink(new File(ws, 'out').toPath(), elsewhere.toPath())
true
