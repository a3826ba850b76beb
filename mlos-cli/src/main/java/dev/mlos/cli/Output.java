package dev.mlos.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --json}: data for scripts instead of words for people. JSON field names are the seed's
 * column names ({@code id}, {@code title}, {@code status}, {@code need_id}, ...), so they stay
 * stable.
 */
public final class Output {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(
      names = "--json",
      description = "Print JSON (field names = the database's column names) instead of text.")
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
      out.println(text);
    }
    out.flush();
  }

  public boolean json() {
    return json;
  }
}
