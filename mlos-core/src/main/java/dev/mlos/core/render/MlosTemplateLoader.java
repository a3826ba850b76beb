package dev.mlos.core.render;

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
import java.util.Collections;
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

  /** Why template {@code name} was refused by the path check, or null. */
  String refusal(String name) {
    return refused.get(name);
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
      return Files.isRegularFile(file) ? file : null;
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

  @Override
  public void closeTemplateSource(Object source) {
    // readers are closed by FreeMarker; nothing else is held
  }
}
