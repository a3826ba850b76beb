import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Build step (run by the java launcher from source, see mlos-cli/pom.xml): moves the freshly shaded
 * jar over target/mlos.jar in one rename. The shade plugin writes its output in place; a rename
 * gives the new jar a new file instead, so `mlos` commands and MCP servers still running from the
 * old jar keep reading the file they opened (rewritten in place, it hung a running MCP server).
 */
public final class ReplaceFile {
  public static void main(String[] args) throws IOException {
    Path from = Path.of(args[0]);
    Path to = Path.of(args[1]);
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
