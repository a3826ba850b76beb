package dev.mlos.core.config;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.yaml.YamlNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whose word puts the database where it is. {@code mlos.yaml} is the workspace owner's file, as a
 * pom.xml is: its {@code database:} setting (or the adapter's override) may name a database outside
 * the workspace (a shared one), and every command that opens it then says where it is, once. A
 * symbolic link is not: a committed {@code mlos.db} (or a directory on the way to the database)
 * that is a link leading out of the workspace would make init, the compile, the guard, the CLI and
 * the MCP server open and migrate a database no setting names, so it is refused, with the setting
 * that names that database as the fix. A link that stays inside the workspace is followed as ever.
 */
final class DatabasePlace {
  private DatabasePlace() {}

  /** Who named the database, for {@link #check}; null for the default. */
  private static String origin(
      ConfigOverrides overrides, Map<String, YamlNode> top, Path configFile) {
    if (overrides.database() != null) {
      return "the database setting given to this command ("
          + MlosException.quoted(overrides.database().toString())
          + ")";
    }
    if (top.containsKey("database")) {
      YamlNode n = top.get("database");
      return "database: "
          + MlosException.quoted(n.text())
          + " in "
          + configFile
          + ", line "
          + n.line();
    }
    return null;
  }

  /**
   * Checks {@code database} (absolute, normalized) and says where it really is.
   *
   * @param database the database as named by the override, the setting in {@code configFile}'s
   *     {@code top}, or the default
   * @return a notice for the user when the database lies outside the workspace, else null
   * @throws MlosException when the path as named lies inside the workspace and a link on it leads
   *     out
   */
  static String check(
      Path absRoot,
      Path database,
      ConfigOverrides overrides,
      Map<String, YamlNode> top,
      Path configFile) {
    String origin = origin(overrides, top, configFile);
    Path root = absRoot.toAbsolutePath().normalize();
    Path realRoot = real(root);
    if (database.startsWith(root) && !database.equals(root)) {
      // Only the links count here: the database's name is the user's to choose (a backslash, a
      // space), so WorkspacePath's whole check of a workspace file's name does not apply.
      Path existing = database;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      Path real;
      try {
        real =
            existing == null
                ? database
                : existing.toRealPath().resolve(existing.relativize(database));
      } catch (NoSuchFileException e) {
        throw refused(
            root,
            database,
            origin,
            "goes through the symlink " + link(root, database) + " whose target does not exist");
      } catch (IOException | SecurityException e) {
        throw refused(
            root,
            database,
            origin,
            "goes through the symlink " + link(root, database) + ", which cannot be followed");
      }
      if (!real.normalize().startsWith(realRoot)) {
        throw refused(
            root,
            database,
            origin,
            "leads outside the workspace "
                + root
                + " to "
                + real.normalize()
                + " through the symlink "
                + link(root, database));
      }
      return null;
    }
    Path real = real(database);
    if (real.startsWith(realRoot)) {
      return null;
    }
    return "the database is "
        + real
        + ", outside the workspace "
        + root
        + (real.equals(database) ? "" : " (named " + database + ", through symbolic links)")
        + ", as "
        + (origin == null ? "the default" : origin)
        + " says; every command on this workspace opens, and init migrates, that file";
  }

  /** The first link between {@code root} and {@code database}, as {@code 'name' -> 'target'}. */
  private static String link(Path root, Path database) {
    Path current = root;
    for (Path name : root.relativize(database)) {
      current = current.resolve(name);
      if (Files.isSymbolicLink(current)) {
        String shown = "'" + WorkspacePath.relative(root, current) + "'";
        try {
          return shown + " -> '" + Files.readSymbolicLink(current) + "'";
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
          return shown;
        }
      }
    }
    return "'" + WorkspacePath.relative(root, database) + "'";
  }

  private static MlosException refused(Path root, Path database, String origin, String reason) {
    String named = WorkspacePath.relative(root, database);
    String target = linkedTo(database);
    return new MlosException(
            "Refused to open the database "
                + database
                + " ("
                + (origin == null ? "the default place" : origin)
                + "): it "
                + reason
                + " (rule: a symbolic link in the workspace may not take the database out of it; a"
                + " database outside the workspace is named by the database setting, so that"
                + " everyone who reads mlos.yaml sees where it is)",
            "remove the link (what it points to is not touched) and run {0} to make the"
                + " workspace's own database; or, to use "
                + (target == null ? "the database it points to" : target)
                + ", name it in mlos.yaml: database: "
                + (target == null ? "<its path>" : target)
                + " (instead of "
                + named
                + ")")
        .suggesting(Remedy.init());
  }

  /** Where the link at (or on the way to) {@code database} leads, or null when none can be read. */
  private static String linkedTo(Path database) {
    try {
      return database.toRealPath().toString();
    } catch (IOException | SecurityException e) {
      try {
        if (Files.isSymbolicLink(database)) {
          return database.resolveSibling(Files.readSymbolicLink(database)).normalize().toString();
        }
      } catch (IOException | SecurityException | UnsupportedOperationException unreadable) {
        // No target to name.
      }
      return null;
    }
  }

  /**
   * {@code path}'s real path: its own where it exists, else its nearest existing directory's with
   * the rest of the names as they are; the path as it is when none can be resolved.
   */
  static Path real(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path)).normalize();
    } catch (IOException | SecurityException e) {
      return path;
    }
  }
}
