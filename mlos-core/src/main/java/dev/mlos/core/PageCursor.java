package dev.mlos.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code next_cursor} of every paged read (ready work, search, graph search), made and checked
 * here only, so the command line and the MCP server take the same cursors.
 *
 * <p>A cursor was a plain offset: one handed back with another query, type, agent or lens was
 * taken, and silently skipped that many hits of the other list. A cursor is now bound to what it
 * pages: base64url of a version byte, the offset, and 8 bytes of SHA-256 over the version, the
 * offset and the normalised arguments of the call that gave it (its {@code scope}). A cursor given
 * with other arguments, garbled or altered, or a plain number from an older mlos is refused ({@link
 * InvalidCursorException}, rule {@value #RULE}). The hash catches mistakes, not attackers: someone
 * who reads this class can make a cursor, and gains nothing but a page of a list they may read.
 */
public final class PageCursor {
  /** The rule a refused cursor names. */
  public static final String RULE = "input.cursor";

  /** Largest offset a cursor carries. */
  public static final int MAX_OFFSET = 999_999_999;

  private static final byte VERSION = 1;
  private static final int HASH_BYTES = 8;
  private static final int BYTES = 1 + Integer.BYTES + HASH_BYTES;
  private static final int LENGTH = (BYTES * 8 + 5) / 6;
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
  private static final String FIX =
      "call again without cursor to start from the first page, then pass each page's next_cursor";

  private PageCursor() {}

  /**
   * The cursor of the page that starts at {@code offset} of the list {@code scope} names.
   *
   * @param scope the paged operation and its normalised arguments (the same list, in the same
   *     order, that {@link #offset} is given); a null element stands for an argument left out
   */
  public static String of(int offset, List<String> scope) {
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new IllegalArgumentException("offset " + offset + " is not 0.." + MAX_OFFSET);
    }
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    b.put(VERSION).putInt(offset).put(hash(offset, scope));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /**
   * The offset {@code cursor} stands for: 0 for null (the first page).
   *
   * @param what the arguments the cursor is bound to, in words, for the refusal ({@code query and
   *     type})
   * @throws InvalidCursorException when the cursor is not one {@link #of} made for {@code scope}
   */
  public static int offset(String cursor, List<String> scope, String what) {
    if (cursor == null) {
      return 0;
    }
    byte[] bytes = decode(cursor);
    if (bytes == null) {
      throw new InvalidCursorException(
          "cursor "
              + MlosException.quoted(cursor)
              + " is not a page cursor (the next_cursor of the page before)"
              + (DIGITS.matcher(cursor).matches()
                  ? "; a plain number was the cursor of an older mlos"
                  : ""),
          FIX);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.get();
    int offset = b.getInt();
    byte[] given = new byte[HASH_BYTES];
    b.get(given);
    if (offset < 0 || offset > MAX_OFFSET || !MessageDigest.isEqual(given, hash(offset, scope))) {
      throw new InvalidCursorException(
          "cursor "
              + MlosException.quoted(cursor)
              + " pages another list: it was not given for this "
              + what
              + " (a next_cursor is good only with the arguments of the call that gave it)",
          FIX);
    }
    return offset;
  }

  /** The cursor's bytes, or null when it is not a cursor of this version in canonical form. */
  private static byte[] decode(String cursor) {
    if (cursor.length() != LENGTH) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      return null;
    }
    // Re-encoded: the decoder ignores the last character's spare bits, so two spellings of one
    // cursor would pass.
    if (bytes.length != BYTES
        || bytes[0] != VERSION
        || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(cursor)) {
      return null;
    }
    return bytes;
  }

  private static byte[] hash(int offset, List<String> scope) {
    MessageDigest d = dev.mlos.core.hash.Sha256.newDigest();
    d.update("mlos page cursor".getBytes(StandardCharsets.UTF_8));
    d.update(
        ByteBuffer.allocate(1 + Integer.BYTES * 2)
            .put(VERSION)
            .putInt(offset)
            .putInt(scope.size())
            .array());
    for (String part : scope) {
      // Length-prefixed, so ("ab", "c") and ("a", "bc") differ; -1 for an argument left out.
      byte[] text = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
      d.update(ByteBuffer.allocate(Integer.BYTES).putInt(part == null ? -1 : text.length).array());
      d.update(text);
    }
    return Arrays.copyOf(d.digest(), HASH_BYTES);
  }

  /** A cursor {@link PageCursor#offset} refuses; the adapters name {@link PageCursor#RULE}. */
  public static final class InvalidCursorException extends MlosException {
    InvalidCursorException(String message, String fix) {
      super(message, fix);
    }

    /** {@value PageCursor#RULE}. */
    public String rule() {
      return RULE;
    }
  }
}
