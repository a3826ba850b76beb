package dev.mlos.maven;

import dev.mlos.core.ShortList;
import dev.mlos.core.compile.Cleaner;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Deletes exactly the files this workspace's last compile recorded, and the record. A recorded file
 * edited by hand since, replaced by a symbolic link, or with a directory or a FIFO at its path, is
 * kept and named, so no edit is lost and nothing is deleted through a link. The database's text
 * form ({@code mlos.db.sql}), when the workspace keeps one, is written again without the record.
 */
@Mojo(name = "clean", threadSafe = true)
public class CleanMojo extends AbstractMlosMojo {

  @Override
  protected void run() {
    Cleaner.CleanResult result = new Cleaner().clean(workspaceConfig(), reporter());
    ShortList deleted = ShortList.of(result.deleted());
    for (String path : deleted.shown()) {
      getLog().info("Deleted " + path);
    }
    if (deleted.more() > 0) {
      getLog().info(deleted.moreLine("files deleted (-X lists them)"));
      if (getLog().isDebugEnabled()) {
        result
            .deleted()
            .subList(deleted.shown().size(), result.deleted().size())
            .forEach(path -> getLog().debug("Deleted " + path));
      }
    }
    CompileMojo.keptFiles(
        getLog(), result.kept(), path -> "Kept " + path + " (" + result.whyKept(path) + ")");
    getLog().info(result.summary());
  }
}
