package dev.mlos.core.render;

import java.io.IOException;
import java.io.Writer;

/**
 * Where a template writes one page: in memory, counting UTF-8 bytes as they arrive, and refusing
 * the write that would pass the page size cap. A template that loops a billion times stops at the
 * cap instead of building gigabytes first.
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
  private long bytes;

  PageWriter(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    long n = bytes;
    for (int i = off; i < off + len; i++) {
      n += utf8Length(buf[i]);
    }
    count(n);
    text.append(buf, off, len);
  }

  // Each write counts the chars where they are: no CharBuffer or substring per write (FreeMarker
  // writes a page in many small pieces).
  @Override
  public void write(String s, int off, int len) throws IOException {
    long n = bytes;
    for (int i = off; i < off + len; i++) {
      n += utf8Length(s.charAt(i));
    }
    count(n);
    text.append(s, off, off + len);
  }

  @Override
  public void write(int c) throws IOException {
    count(bytes + utf8Length((char) c));
    text.append((char) c);
  }

  /** The UTF-8 bytes of {@code c}: a surrogate pair is 4 bytes in UTF-8, 2 for each half. */
  private static int utf8Length(char c) {
    return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
  }

  /** Takes {@code n} as the bytes written so far, or refuses the write that would pass the cap. */
  private void count(long n) throws LimitReached {
    if (n > maxBytes) {
      throw new LimitReached();
    }
    bytes = n;
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
