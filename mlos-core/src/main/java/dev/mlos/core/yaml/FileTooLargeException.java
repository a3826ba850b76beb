package dev.mlos.core.yaml;

/**
 * A configuration or record file is larger than mlos reads. Refused before parsing, so a 50 MB
 * scalar costs nothing. Carries the file, its size (or a lower bound when it kept growing) and the
 * limit.
 */
public class FileTooLargeException extends InvalidYamlException {
  private final long size;
  private final long limit;

  public FileTooLargeException(String source, String kind, long size, long limit) {
    super(
        source,
        0,
        0,
        "is larger than the "
            + YamlLimits.describeBytes(limit)
            + " limit for "
            + kind
            + " ("
            + (size > limit + 1 ? size + " bytes" : "more than " + limit + " bytes read")
            + "); refused before parsing",
        "split it into smaller files, or remove what does not belong in it (mlos reads "
            + kind
            + " of at most "
            + YamlLimits.describeBytes(limit)
            + ")");
    this.size = size;
    this.limit = limit;
  }

  /** The file's size in bytes as far as it was read. */
  public long size() {
    return size;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }
}
