package dev.mlos.core.yaml;

/**
 * A kind of file mlos reads under a size limit, with the limit and the fix that is true for that
 * kind: {@code mlos.yaml} includes no other file, so "split it into smaller files" sent its reader
 * looking for an include mechanism that does not exist.
 */
public enum LimitedFile {
  /**
   * A workspace's settings file: {@code mlos.yaml}, or the file the {@code mlos.config} setting
   * names.
   */
  WORKSPACE_CONFIG(
      "configuration files",
      YamlLimits.CONFIG_BYTES,
      "a workspace's settings file includes no other file, so keep it to settings and views:"
          + " a view's template is a file of its own already (template: <file>.ftl); a long query"
          + " can become a view of your own in the database (CREATE VIEW, which mlos allows beside"
          + " its schema) that the query selects from; views can be spread over several"
          + " workspaces (directories, each with its own mlos.yaml and workspace name) that compile"
          + " from one database. A file this large that holds none of these is not a workspace's"
          + " settings"),
  /** A built-in pack's {@code pack.yaml}, from mlos's own jar. */
  BUILT_IN_PACK(
      "configuration files",
      YamlLimits.CONFIG_BYTES,
      "this file is mlos's own, in its jar, not the workspace's: this is a bug in mlos (or a"
          + " damaged jar); please report it with this message, and until it is fixed install mlos"
          + " again"),
  /** A graph shape file: one shape per file. */
  SHAPE(
      "shape files",
      YamlLimits.CONFIG_BYTES,
      "a shape file holds one shape, which is far smaller: shorten its descriptions, or put"
          + " fields and relations it shares with other shapes into a shape of their own that it"
          + " names in also:; a file that is not a shape (records saved there) belongs outside the"
          + " shapes directory"),
  /** A graph record file: one record or a list of them. */
  RECORD(
      "record files",
      YamlLimits.RECORD_BYTES,
      "split its list of records over several record files, each at most "
          + YamlLimits.describeBytes(YamlLimits.RECORD_BYTES)
          + " (an import takes a directory or several files, and a record may name a record of"
          + " another file), or move long text out of the records"),
  /** A workspace's FreeMarker template. */
  TEMPLATE(
      "templates",
      YamlLimits.CONFIG_BYTES,
      "move parts of it into templates of their own, which it names with #include or #import");

  private final String plural;
  private final long limit;
  private final String fix;

  LimitedFile(String plural, long limit, String fix) {
    this.plural = plural;
    this.limit = limit;
    this.fix = fix;
  }

  /** What such files are called in a message: {@code configuration files}. */
  public String plural() {
    return plural;
  }

  /** The most bytes mlos reads of such a file. */
  public long limit() {
    return limit;
  }

  /** What to do when one is larger than {@link #limit()}, true for this kind of file. */
  public String fix() {
    return fix;
  }
}
