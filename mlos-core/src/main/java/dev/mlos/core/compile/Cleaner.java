package dev.mlos.core.compile;

import dev.mlos.core.Reporter;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mlos:clean}: deletes exactly the files this workspace's last compile recorded, and the
 * record. A recorded file that was edited by hand since is kept (and named), so no edit is lost.
 */
public final class Cleaner {

  /** What a clean did: the paths deleted and the hand-edited ones kept. */
  public record CleanResult(List<String> deleted, List<String> kept) {
    public CleanResult {
      deleted = List.copyOf(deleted);
      kept = List.copyOf(kept);
    }
  }

  public CleanResult clean(WorkspaceConfig config, Reporter reporter) {
    Path out = WritePlaces.outputDirectory(config);
    Database db = Database.at(config.database());
    List<String> deleted = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    try (Connection c = db.open(false)) {
      Migrator.forSet("mlos-compiler").migrate(c);
      try (OutputLedger ledger = new OutputLedger(c, db.file(), config.name())) {
        List<OutputRecord> records = new ArrayList<>();
        ledger.forEach(records::add);
        for (OutputRecord r : records) {
          Path file = WorkspacePath.of(r.path()).resolveIn(out);
          if (!Files.isRegularFile(file)) {
            continue;
          }
          if (!intact(file, r)) {
            kept.add(r.path());
            reporter.warn("Kept '" + r.path() + "': it was edited by hand after it was compiled. Delete it yourself if the edit is not needed.");
            continue;
          }
          AtomicWriter.deleteAndPruneEmptyParents(file, out);
          deleted.add(r.path());
        }
        ledger.clear();
      }
    } catch (SQLException e) {
      throw new DatabaseException(db.file(), e.getMessage(), null, e);
    }
    return new CleanResult(deleted, kept);
  }

  private static boolean intact(Path file, OutputRecord r) {
    try {
      if (Sha256.ofFile(file).equals(r.fileHash())) {
        return true;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return CompiledFile.parse(text) instanceof ParsedFile p
          && r.contentHash().equals(p.declaredContentHash())
          && r.contentHash().equals(CompiledFile.contentHashOf(text));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
