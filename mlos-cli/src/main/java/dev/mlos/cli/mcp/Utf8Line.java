package dev.mlos.cli.mcp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A line of stdin read as UTF-8, strictly. MCP's stdio messages are UTF-8 (JSON text exchanged
 * between systems is, RFC 8259), and a line holding bytes that are not (a client writing Latin-1:
 * {@code café} as {@code 63 61 66 E9}) was read with each such byte made U+FFFD: the need was
 * created titled {@code caf�} and the call answered as done, so the client never learnt that what
 * it sent was lost.
 */
final class Utf8Line {
  private Utf8Line() {}

  /** The text of {@code bytes}, or null when they are not UTF-8. */
  static String text(byte[] bytes) {
    return firstBadByte(bytes) < 0 ? new String(bytes, StandardCharsets.UTF_8) : null;
  }

  /**
   * Answers a line {@link #text} found not UTF-8, under its request's id when the line shows one (a
   * client waiting on it hears why), else with id null.
   *
   * @return the line's method, as far as it shows one, for the gate's handshake
   */
  static String refuse(byte[] bytes, Answers answers, PrintStream log) throws IOException {
    int at = firstBadByte(bytes);
    String words =
        String.format(
            Locale.ROOT,
            "the line is not UTF-8 (byte 0x%02X at offset %d is no part of a UTF-8 character)",
            bytes[at] & 0xFF,
            at);
    log.println("mlos mcp: refused a message: " + words);
    // Read again with the bad bytes made U+FFFD, only to find the id and method it names.
    byte[] readable = new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    answers.error(
        new LongLine().id(readable, readable.length),
        -32700,
        "Parse error: "
            + words
            + "; MCP's messages are UTF-8, so nothing of it was read. Fix: send the message's text"
            + " encoded as UTF-8");
    return LongLine.method(readable, readable.length);
  }

  /** The offset of the first byte that is no part of a UTF-8 character, or -1. */
  private static int firstBadByte(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(8192);
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        return in.position();
      }
      if (r.isUnderflow()) {
        return decoder.flush(out).isError() ? in.position() : -1;
      }
      out.clear(); // overflow: only the bytes' validity counts, not the text
    }
  }
}
