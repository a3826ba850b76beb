package dev.mlos.core.config;

/**
 * How template names encode where a template lives, so one FreeMarker loader can serve both the
 * built-in packs (classpath) and a workspace's own templates (files).
 */
public final class TemplateNames {
  /** Names under this prefix are {@code mlos/packs/...} on the classpath. */
  public static final String PACK_PREFIX = "pack/";

  /** Names under this prefix are files relative to the workspace root. */
  public static final String WORKSPACE_PREFIX = "workspace/";

  private TemplateNames() {}

  public static String inPack(String pack, String file) {
    return PACK_PREFIX + pack + "/" + file;
  }

  public static String inWorkspace(String relativePath) {
    return WORKSPACE_PREFIX + relativePath;
  }
}
