package dev.mlos.cli.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/**
 * A line that is JSON as far as it was read but goes past a limit of the JSON reader (it nests
 * deeper, or holds a number with more digits or a key longer than the reader takes), found with the
 * id it can still be answered under: the request's id often comes before the long part, and a
 * client waiting on it would otherwise never be answered.
 */
final class ReaderLimits {
  private ReaderLimits() {}

  /**
   * What a message of {@code size} bytes, longer than the {@code most} the server reads, is told.
   * Such a message is, in practice, a tool call with a huge free text (a description, a result): an
   * inputSchema leaves their bound out ({@link InputSchema#longText}), so pointing the client at
   * the inputSchema, as this did, told it nothing, and it tried again with a text still past the
   * engine's 100,000 characters. The bound is said here, with where a longer text goes.
   */
  static String tooLong(long size, int most) {
    return "Invalid Request: the message is "
        + size
        + " bytes, longer than the "
        + most
        + " bytes (4 MiB) the server reads, so nothing of it was read. Fix: "
        + SEND_LESS;
  }

  /**
   * What a tool call of {@code size} bytes, longer than the {@code most} the server reads, is told,
   * as the tool's error result: nothing of it was read, so nothing was written, and the same fix.
   */
  static String tooLongCall(long size, int most) {
    return "refused (mcp.message_size): this tool call is "
        + size
        + " bytes, longer than the "
        + most
        + " bytes (4 MiB) the server reads, so nothing of it was read and nothing was written."
        + " Fix: "
        + SEND_LESS;
  }

  private static final String SEND_LESS =
      "send less: a description, result or transcript is at most 100000 characters (a longer"
          + " text goes in a file of the workspace, registered with register_artifact and named in"
          + " the text); each tool's inputSchema gives its other arguments' longest";

  /**
   * A line past one of the reader's limits.
   *
   * @param id the message's id when it came before that part (a string or a number), else null
   * @param inParams whether that part is in {@code params}
   * @param words what is past which limit, and the way on
   */
  record Past(Object id, boolean inParams, String words) {}

  /**
   * The line's {@link Past}, or null when it is within the reader's limits (or not JSON at all).
   */
  static Past of(String text) {
    Object id = null;
    String top = null;
    try (JsonParser p = new JsonFactory().createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME && p.getParsingContext().getParent().inRoot()) {
          top = p.currentName();
          JsonToken v = p.nextToken();
          if (top.equals("id")
              && v == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            id = p.getLongValue();
          } else if (top.equals("id") && v == JsonToken.VALUE_STRING) {
            id = p.getText();
          }
        }
      }
      return null;
    } catch (StreamConstraintsException e) {
      StreamReadConstraints limits = StreamReadConstraints.defaults();
      String said = e.getMessage() == null ? "" : e.getMessage();
      String words;
      if (said.contains("nesting depth")) {
        words =
            "lists and objects nest deeper than "
                + limits.getMaxNestingDepth()
                + " levels here, more than the server reads; flatten them";
      } else if (said.startsWith("Number value length")) {
        words =
            "a number here has more than "
                + limits.getMaxNumberLength()
                + " digits, more than the server reads; no argument takes one so long";
      } else if (said.startsWith("Name length")) {
        words =
            "a key here is longer than "
                + limits.getMaxNameLength()
                + " characters, more than the server reads; no argument has a name so long";
      } else {
        return null;
      }
      return new Past(id, "params".equals(top), words);
    } catch (IOException e) {
      return null;
    }
  }
}
