package dev.mlos.cli.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request id of a line too long to read whole: the gate keeps the line's first bytes (the head,
 * read as far as it goes) and its last ones (the tail). Without an id the refusal goes out with id
 * null, and a client waiting on its request hears nothing: the TypeScript SDK, which writes {@code
 * id} last, times out after 60 s with "Request timed out". The head is read as JSON up to where it
 * was cut; the tail only for a top-level {@code "id": <value>} just before the line's closing
 * brace, the one place the id can be without reading the rest.
 */
final class LongLine {
  /** How many of a line's last bytes are kept: room for the id and the closing brace. */
  static final int TAIL_BYTES = 1024;

  /** {@code ,"id":7}} or {@code {"id":"a"}} at the very end of the line. */
  private static final Pattern ID_AT_END =
      Pattern.compile(
          "[,{]\\s*\"id\"\\s*:\\s*(-?\\d{1,19}|\"(?:[^\"\\\\]|\\\\.){0,512}\")\\s*}\\s*$");

  private final byte[] tail = new byte[TAIL_BYTES];
  private long size;

  /** Notes one byte of the line. */
  void add(int b) {
    tail[(int) (size % TAIL_BYTES)] = (byte) b;
    size++;
  }

  /** How many bytes the line has had. */
  long size() {
    return size;
  }

  /** Starts a new line. */
  void reset() {
    size = 0;
  }

  /**
   * The line's id (a Long or a String), or null when the line shows no request: its head must name
   * a top-level {@code method} (a response of the client's, {@code {"result":...,"id":5}}, is not
   * answered, as its id is the client's own), and its head or its tail the id.
   *
   * @param head the line's first bytes, as many as were kept
   * @param headLength how many of {@code head} are the line's
   */
  Object id(byte[] head, int headLength) {
    Head read = Head.of(head, headLength);
    if (!read.request()) {
      return null;
    }
    return read.id() != null ? read.id() : idInTail();
  }

  /**
   * The top-level {@code method} a line's head names (read as far as it goes: a line too long, or
   * nested past the reader's depth, is cut after it), or null: the gate then knows an {@code
   * initialize} it refused whole.
   */
  static String method(byte[] head, int length) {
    return Head.of(head, length).method();
  }

  /**
   * What a line's head shows at its top level, read once as far as it goes: the first {@code
   * method} when it is a string, whether the last {@code method} is one (the line is a request),
   * and the {@code id} when the head has it.
   */
  private record Head(String method, boolean request, Object id) {
    static Head of(byte[] head, int length) {
      String first = null;
      boolean seen = false;
      boolean request = false;
      Object id = null;
      try (JsonParser p = new JsonFactory().createParser(head, 0, length)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return new Head(null, false, null);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (name.equals("id")) {
            id = idValue(p, v);
          } else if (name.equals("method")) {
            request = v == JsonToken.VALUE_STRING;
            if (!seen) {
              seen = true;
              first = request ? p.getText() : null;
            }
          }
          p.skipChildren();
        }
      } catch (IOException | RuntimeException e) {
        // the head ends here (or is no JSON from here on, or goes past the reader's limits): what
        // it showed stands
      }
      return new Head(first, request, id);
    }
  }

  private Object idInTail() {
    int kept = (int) Math.min(size, TAIL_BYTES);
    byte[] last = new byte[kept];
    for (int i = 0; i < kept; i++) {
      last[i] = tail[(int) ((size - kept + i) % TAIL_BYTES)];
    }
    Matcher m = ID_AT_END.matcher(new String(last, StandardCharsets.UTF_8));
    if (!m.find()) {
      return null;
    }
    try (JsonParser p = new JsonFactory().createParser(m.group(1))) {
      return idValue(p, p.nextToken());
    } catch (IOException e) {
      return null;
    }
  }

  /** A string id, or an integer one within 64 bits (as the gate takes them); else null. */
  private static Object idValue(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue();
    }
    return null;
  }
}
