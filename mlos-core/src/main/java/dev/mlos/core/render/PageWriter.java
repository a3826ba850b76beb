package dev.mlos.core.render;

import java.io.IOException;
import java.io.Writer;

/**
 * Where a template writes one page: in memory, counting UTF-8 bytes as they arrive. Past the page
 * size cap it keeps nothing more and only counts, so the page's size can be told, up to a ceiling
 * where it refuses the write: a template that loops a billion times stops there instead of building
 * gigabytes first.
 */
final class PageWriter extends Writer {
  /** Thrown by a write past the cap; an IOException so FreeMarker passes it through unwrapped. */
  static final class LimitReached extends IOException {
    LimitReached() {
      super(null, null);
    }
  }

  private final StringBuilder text = new StringBuilder(4096);
  private final long maxBytes;
  private final long countUpTo;
  private long bytes;

  /** A writer that refuses the write passing {@code maxBytes}. */
  PageWriter(long maxBytes) {
    this(maxBytes, maxBytes);
  }

  /**
   * A writer that keeps up to {@code maxBytes}, then only counts ({@link #over}) and refuses the
   * write passing {@code countUpTo}.
   */
  PageWriter(long maxBytes, long countUpTo) {
    this.maxBytes = maxBytes;
    this.countUpTo = Math.max(maxBytes, countUpTo);
  }

  /** The UTF-8 bytes written so far, those past the cap included. */
  long bytes() {
    return bytes;
  }

  /** True when more than the cap was written: the text kept is not the page. */
  boolean over() {
    return bytes > maxBytes;
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    long n = bytes;
    for (int i = off; i < off + len; i++) {
      n += utf8Length(buf[i]);
    }
    if (count(n)) {
      text.append(buf, off, len);
    }
  }

  // Each write counts the chars where they are: no CharBuffer or substring per write (FreeMarker
  // writes a page in many small pieces).
  @Override
  public void write(String s, int off, int len) throws IOException {
    long n = bytes;
    for (int i = off; i < off + len; i++) {
      n += utf8Length(s.charAt(i));
    }
    if (count(n)) {
      text.append(s, off, off + len);
    }
  }

  @Override
  public void write(int c) throws IOException {
    if (count(bytes + utf8Length((char) c))) {
      text.append((char) c);
    }
  }

  /** The UTF-8 bytes of {@code c}: a surrogate pair is 4 bytes in UTF-8, 2 for each half. */
  private static int utf8Length(char c) {
    return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
  }

  /**
   * Takes {@code n} as the bytes written so far, or refuses the write that would pass the ceiling;
   * true while the text is still kept (within the cap).
   */
  private boolean count(long n) throws LimitReached {
    if (n > countUpTo) {
      throw new LimitReached();
    }
    bytes = n;
    return n <= maxBytes;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return text.toString();
  }
}
