package dev.mlos.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --json}: data for scripts instead of words for people. A row's JSON field names are the
 * seed's column names ({@code id}, {@code title}, {@code status}, {@code need_id}, ...), so they
 * stay stable; what compile and guard print is listed in docs/cli.md.
 */
public final class Output {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .registerModule(DecimalJson.MODULE);

  @Option(
      names = "--json",
      description =
          "Print JSON (a row's field names = the database's column names) instead of text.")
  boolean json;

  /** Prints {@code data} as JSON with {@code --json}, else {@code text}. */
  public void print(PrintWriter out, Object data, String text) {
    if (json) {
      try {
        out.println(JSON.writeValueAsString(data));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "cannot write JSON for " + data.getClass().getSimpleName(), e);
      }
    } else {
      out.println(forTerminal(text));
    }
    out.flush();
  }

  /**
   * Text for a terminal: a bidirectional embedding, override or isolate control (U+202A..U+202E,
   * U+2066..U+2069) or a U+FEFF, which the engine refuses in titles and scopes but a row written by
   * raw SQL (or an older mlos) may hold, is shown as U+FFFD, as the compiled pages show it: raw, it
   * would reverse or hide part of the line. {@code --json} keeps every value exact. The control
   * characters (ESC, BEL, CSI U+009B ...) are left to the command line's stdout, {@link
   * ShownOnTerminal}, which shows them as {@code \\u001B} in the text and the JSON alike.
   */
  static String forTerminal(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean invisible = dev.mlos.core.InvisibleText.isInvisible(c);
      if (invisible && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        out.append(invisible ? '\uFFFD' : c);
      }
    }
    return out == null ? text : out.toString();
  }

  public boolean json() {
    return json;
  }
}
