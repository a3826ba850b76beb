package dev.mlos.core.render;

import dev.mlos.core.config.TemplateNames;
import freemarker.cache.TemplateLoader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves templates from the built-in packs on the classpath ({@code pack/...}) and from the
 * workspace ({@code workspace/...}). Nothing outside those two places can be loaded, so an
 * {@code #include} cannot read arbitrary files.
 */
final class MlosTemplateLoader implements TemplateLoader {
  private final ClassLoader classLoader;
  private final Path workspaceRoot;
  /** Every template name looked up, with the SHA-256 of its text or "missing": a compile's inputs. */
  private final java.util.Map<String, String> seen = java.util.Collections.synchronizedMap(new java.util.TreeMap<>());

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

  /** The templates looked up so far, by name, with the SHA-256 of their text ("missing" if absent). */
  java.util.Map<String, String> seen() {
    synchronized (seen) {
      return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(seen));
    }
  }

  /** The SHA-256 of template {@code name} as it is now, or "missing". */
  String fingerprint(String name) throws IOException {
    Object source = locate(name);
    return source == null ? "missing" : fingerprint(source);
  }

  private static String fingerprint(Object source) throws IOException {
    if (source instanceof URL url) {
      try (java.io.InputStream in = url.openStream()) {
        return dev.mlos.core.hash.Sha256.ofStream(in);
      }
    }
    return dev.mlos.core.hash.Sha256.ofFile((Path) source);
  }

  private Object locate(String name) throws IOException {
    if (name.startsWith(TemplateNames.PACK_PREFIX)) {
      return classLoader.getResource("mlos/packs/" + name.substring(TemplateNames.PACK_PREFIX.length()));
    }
    if (name.startsWith(TemplateNames.WORKSPACE_PREFIX)) {
      Path file = workspaceRoot.resolve(name.substring(TemplateNames.WORKSPACE_PREFIX.length())).normalize();
      if (!file.startsWith(workspaceRoot) || !Files.isRegularFile(file)) {
        return null;
      }
      // A symlink must not smuggle a file from outside the workspace into a template.
      Path real = file.toRealPath();
      if (!real.startsWith(workspaceRoot.toRealPath())) {
        return null;
      }
      return file;
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
      return new InputStreamReader(url.openStream(), java.nio.charset.StandardCharsets.UTF_8);
    }
    return Files.newBufferedReader((Path) source, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void closeTemplateSource(Object source) {
    // readers are closed by FreeMarker; nothing else is held
  }
}
