package dev.mlos.core.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.CharBuffer;

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
    count(CharBuffer.wrap(buf, off, len));
    text.append(buf, off, len);
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    count(s.subSequence(off, off + len));
    text.append(s, off, off + len);
  }

  @Override
  public void write(int c) throws IOException {
    count(String.valueOf((char) c));
    text.append((char) c);
  }

  private void count(CharSequence s) throws LimitReached {
    long n = bytes;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      // a surrogate pair is 4 bytes in UTF-8: 2 for each half
      n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
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
