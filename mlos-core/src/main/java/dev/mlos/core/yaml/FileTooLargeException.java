package dev.mlos.core.yaml;

/**
 * A configuration or record file is larger than mlos reads. Refused before parsing, so a 50 MB
 * scalar costs nothing. Carries the file, its size (or a lower bound when it kept growing) and the
 * limit.
 */
public class FileTooLargeException extends InvalidYamlException {
  private final long size;
  private final long limit;

  /**
   * @param kind what the file is: its limit and the fix that holds for it ({@code mlos.yaml}
   *     includes no other file, a record file's list can be split)
   */
  public FileTooLargeException(String source, LimitedFile kind, long size) {
    super(
        source,
        0,
        0,
        "is larger than the "
            + YamlLimits.describeBytes(kind.limit())
            + " limit for "
            + kind.plural()
            + " ("
            + (size > kind.limit() + 1
                ? size + " bytes"
                : "more than " + kind.limit() + " bytes read")
            + "); refused before parsing",
        kind.fix());
    this.size = size;
    this.limit = kind.limit();
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
