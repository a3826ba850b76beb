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
   * A file whose size is known: its length on disk, or every byte of a stream read to its end.
   *
   * @param kind what the file is: its limit and the fix that holds for it ({@code mlos.yaml}
   *     includes no other file, a record file's list can be split)
   */
  public FileTooLargeException(String source, LimitedFile kind, long size) {
    this(source, kind, size, true);
  }

  /**
   * @param size the file's size, or, when not {@code exact}, the bytes read before mlos stopped
   *     reading (a stream, or a file that grew while it was read): a lower bound
   */
  public FileTooLargeException(String source, LimitedFile kind, long size, boolean exact) {
    super(
        source,
        0,
        0,
        "is larger than the "
            + YamlLimits.describeBytes(kind.limit())
            + " limit for "
            + kind.plural()
            + " ("
            + (exact ? size + " bytes" : "more than " + (size - 1) + " bytes read")
            + "); refused before parsing",
        kind.fix());
    this.size = size;
    this.limit = kind.limit();
  }

  /** The file's size in bytes, or as far as it was read (a lower bound). */
  public long size() {
    return size;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }
}
