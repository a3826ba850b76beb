package dev.mlos.core.render;

import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.TemplateNames;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import freemarker.cache.TemplateLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves templates from the built-in packs on the classpath ({@code pack/...}) and from the
 * workspace ({@code workspace/...}). Nothing outside those two places can be loaded, so an {@code
 * #include} cannot read arbitrary files.
 */
final class MlosTemplateLoader implements TemplateLoader {
  private final ClassLoader classLoader;
  private final Path workspaceRoot;

  /**
   * Every template name looked up, with the SHA-256 of its text or "missing": a compile's inputs.
   */
  private final Map<String, String> seen = Collections.synchronizedMap(new TreeMap<>());

  /** Workspace template names the path check refused, with why, so "not found" can say so. */
  private final Map<String, String> refused = new ConcurrentHashMap<>();

  /** The words of the error for a refused template; null when it was not refused. */
  String refusedWords(String name) {
    String refusal = refused.get(name);
    if (refusal == null) {
      return null;
    }
    return notAFile(refusal)
        ? "template refused: " + refusal + ": a template is read from a plain file only"
        : "template refused: " + refusal + "; mlos reads only files inside the workspace";
  }

  /** What to do about a refused template (the caller adds the view's setting). */
  String refusedFix(String name) {
    String refusal = refused.get(name);
    return refusal != null && notAFile(refusal)
        ? "put the template in a plain file there"
        : "replace the symlink by the file itself";
  }

  private static boolean notAFile(String refusal) {
    return refusal.contains("' is not a regular file (");
  }

  MlosTemplateLoader(ClassLoader classLoader, Path workspaceRoot) {
    this.classLoader = classLoader;
    this.workspaceRoot = workspaceRoot.toAbsolutePath().normalize();
  }

  @Override
  public Object findTemplateSource(String name) throws IOException {
    Object source = locate(name);
    seen.put(name, source == null ? "missing" : fingerprint(source));
    return source;
  }

  /**
   * The templates looked up so far, by name, with the SHA-256 of their text ("missing" if absent).
   */
  Map<String, String> seen() {
    synchronized (seen) {
      return Collections.unmodifiableMap(new TreeMap<>(seen));
    }
  }

  /** The SHA-256 of template {@code name} as it is now, or "missing". */
  String fingerprint(String name) throws IOException {
    Object source = locate(name);
    return source == null ? "missing" : fingerprint(source);
  }

  private static String fingerprint(Object source) throws IOException {
    if (source instanceof URL url) {
      try (InputStream in = url.openStream()) {
        return Sha256.ofStream(in);
      }
    }
    return Sha256.ofFile((Path) source);
  }

  private Object locate(String name) throws IOException {
    if (name.startsWith(TemplateNames.PACK_PREFIX)) {
      return classLoader.getResource(
          "mlos/packs/" + name.substring(TemplateNames.PACK_PREFIX.length()));
    }
    if (name.startsWith(TemplateNames.WORKSPACE_PREFIX)) {
      Path file;
      try {
        // The one path check: a symlink must not smuggle a file from outside the workspace in.
        file =
            WorkspacePath.of(name.substring(TemplateNames.WORKSPACE_PREFIX.length()))
                .resolveIn(workspaceRoot);
      } catch (InvalidPathException e) {
        refused.put(name, e.shortReason());
        return null;
      }
      if (Files.isRegularFile(file)) {
        return file;
      }
      if (Files.exists(file)) {
        // A FIFO, socket, device or directory was called "not found": say what is there (and a
        // FIFO is never opened, so nothing waits for a writer).
        refused.put(
            name,
            "'"
                + name.substring(TemplateNames.WORKSPACE_PREFIX.length())
                + "' is not a regular file ("
                + (Files.isDirectory(file) ? "a directory" : "a FIFO, socket or device")
                + ")");
      }
      return null;
    }
    return null;
  }

  @Override
  public long getLastModified(Object source) {
    return -1;
  }

  @Override
  public Reader getReader(Object source, String encoding) throws IOException {
    if (source instanceof URL url) {
      return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
    }
    return Files.newBufferedReader((Path) source, StandardCharsets.UTF_8);
  }

  /**
   * How a workspace template names a built-in pack's template of the same file name, when a pack
   * has one: a template copied from a pack imports its {@code _lib.ftl} by a name relative to the
   * pack's folder, which from the workspace names a file the workspace does not have. Null when no
   * pack has a file of that name.
   */
  String packNameHint(String workspaceName) {
    String file = workspaceName.substring(workspaceName.lastIndexOf('/') + 1);
    List<String> packs = new ArrayList<>();
    for (String pack : new ConfigLoader(classLoader).availablePacks()) {
      if (classLoader.getResource("mlos/packs/" + pack + "/" + file) != null) {
        packs.add(pack);
      }
    }
    if (packs.isEmpty()) {
      return null;
    }
    return "; a built-in pack's "
        + file
        + " is named \"/"
        + TemplateNames.PACK_PREFIX
        + (packs.size() == 1 ? packs.get(0) : "<pack>")
        + "/"
        + file
        + "\""
        + (packs.size() == 1
            ? ""
            : " (<pack>: " + String.join(", ", packs) + ", the one the template came from)")
        + ", as a template copied from the pack must name it";
  }

  @Override
  public void closeTemplateSource(Object source) {
    // readers are closed by FreeMarker; nothing else is held
  }
}
