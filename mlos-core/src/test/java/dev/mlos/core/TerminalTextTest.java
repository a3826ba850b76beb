package dev.mlos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.mlos.core.path.InvalidPathException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What mlos writes for a person or a CI runner to read: a title or a file name holding a line break
 * then {@code ::stop-commands::} or {@code ::add-mask::} started a line of the output, which GitHub
 * Actions' runner took for a command (and {@code ##[error]} counts anywhere in a line).
 */
class TerminalTextTest {

  @Test
  void dataStartsNoWorkflowCommandOnALineOfItsOwn() {
    assertEquals(
        "need 3: title\n:\\u003Astop-commands::t\n  :\\u003Aadd-mask::s\n\t:\\u003Aerror::x",
        TerminalText.of("need 3: title\n::stop-commands::t\n  ::add-mask::s\n\t::error::x"));
    // The runner trims every kind of space before it looks (.NET's String.TrimStart()).
    assertEquals(
        "\u00a0\u3000\u2003:\\u003Aset-output name=a::b",
        TerminalText.of("\u00a0\u3000\u2003::set-output name=a::b"));
    // The first line counts too: a log that puts no prefix before a message (git, System.err).
    assertEquals(":\\u003Awarning::x", TerminalText.of("::warning::x"));
  }

  /**
   * A format character (Cf) shows nothing, so a line that starts with one and then {@code ::} reads
   * as a command to whoever reads the log, and to the runner when it is a U+FEFF at the start of a
   * step's output (.NET's reader drops it as a byte order mark): they were left as they are.
   */
  @Test
  void formatCharactersAtALineStartCountAsNothing() {
    assertEquals("\uFEFF:\\u003Aadd-mask::s", TerminalText.of("\uFEFF::add-mask::s"));
    assertEquals(
        "t\n\u200B:\\u003Astop-commands::x\n \u200C\u200D\u2060 :\\u003Aerror::y",
        TerminalText.of("t\n\u200B::stop-commands::x\n \u200C\u200D\u2060 ::error::y"));
    // Between the two colons too, and a tag character beyond U+FFFF (a surrogate pair).
    assertEquals(":\u200B\\u003Awarning::x", TerminalText.of(":\u200B:warning::x"));
    assertEquals("\uDB40\uDC20:\\u003Awarning::x", TerminalText.of("\uDB40\uDC20::warning::x"));
    // The older form: '#', a format character, '#' then '['.
    assertEquals("#\u2060#\\u005Berror]x", TerminalText.of("#\u2060#[error]x"));
    // A visible character before the colons, or a character beyond U+FFFF that shows, still
    // makes the colons text.
    assertEquals("x\u200B::a::b", TerminalText.of("x\u200B::a::b"));
    assertEquals("\uD83D\uDE00::a::b", TerminalText.of("\uD83D\uDE00::a::b"));
  }

  /**
   * Buildkite takes a line that begins with {@code --- }, {@code +++ } or {@code ~~~ } for the
   * header of a collapsible section, folding away what follows: a diff's removed line {@code -- x}
   * or a title after a line break started one.
   */
  @Test
  void dataStartsNoBuildkiteSection() {
    String data = "need 3: t\n--- hidden\n+++ open\n~~~\tfaint\n---\r\n";
    assertEquals(
        "need 3: t\n--\\u002D hidden\n++\\u002B open\n~~\\u007E\tfaint\n--\\u002D\r\n",
        TerminalText.of(data, true));
    // Front matter, rules and diff lines stay as they are; so do the marks after a space.
    String text = "---\ntitle: x\n---\n----\n+---\n-- a\n ---  b\n-+- c\nx --- y\n+++";
    assertEquals(text, TerminalText.of(text, true));
    // Outside a Buildkite job, such a line is no header: a diff's '--- x' reads as it is.
    assertEquals(data, TerminalText.of(data, false));
  }

  @Test
  void colonsInsideALineAndASingleColonStayAsTheyAre() {
    String text = "a::b\n:x\n: :y\nhttp://h::1\n x::\n";
    assertEquals(text, TerminalText.of(text));
  }

  @Test
  void theOlderCommandFormAndOtherRunnersCommandsCountAnywhereInALine() {
    assertEquals(
        "title ##\\u005Berror]x ##vso\\u005Btask.setvariable variable=a]b ##teamcity\\u005Bmessage]",
        TerminalText.of(
            "title ##[error]x ##vso[task.setvariable variable=a]b ##teamcity[message]"));
    String markdown = "## Heading\n# [link](x) #[a] ## [b] ##1[c] C# [d]";
    assertEquals(markdown, TerminalText.of(markdown));
  }

  @Test
  void controlsAndBidiControlsAreWrittenInOneSpelling() {
    assertEquals(
        "\\u001B]0;t\\u0007\\u001B[2J \\u009B2J \\u007F \\u202Eevil\\u2066 \\u2028 tab\tok\n",
        TerminalText.of(
            "\u001b]0;t\u0007\u001b[2J \u009b2J \u007f \u202eevil\u2066 \u2028 tab\tok\n"));
    // Every message mlos words escapes a character the same way.
    assertEquals("'a\\u001Bb'", MlosException.quoted("a\u001bb"));
    assertEquals("a\\u001Bb", LogText.line("a\u001bb"));
    assertEquals("'a\\u001Bb'", InvalidPathException.quote("a\u001bb"));
  }

  @Test
  void aCrIsKeptBeforeItsLfEvenWhenTheyComeInTwoWrites() throws IOException {
    StringWriter sink = new StringWriter();
    try (TerminalText out = new TerminalText(sink)) {
      out.write("a\r");
      out.flush();
      out.write("\nb\r");
      out.write("c\r");
    }
    assertEquals("a\r\nb\\u000Dc\\u000D", sink.toString());
  }

  /**
   * Whatever the text and however it is cut into writes, no line of the output is one a runner
   * parses (modelled on actions/runner's ActionCommand: the v2 form after TrimStart, the v1 form
   * anywhere, split into lines at CR, LF and CRLF), and the output is the same as the whole text's.
   */
  @Test
  void noTextStartsACommandHoweverItIsWritten() throws IOException {
    String alphabet =
        ":#[]a v\n\r\t\u00a0\u3000\u001b\u2028\u200b\ufeff\u2060\udb40\udc20---+++~~~";
    Random random = new Random(11);
    for (int n = 0; n < 5000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(16); i > 0; i--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String whole = TerminalText.of(text, true);
      StringWriter sink = new StringWriter();
      try (TerminalText out = new TerminalText(sink, true)) {
        for (int i = 0; i < text.length(); ) {
          int len = 1 + random.nextInt(text.length() - i);
          out.write(text.toString(), i, len);
          i += len;
        }
      }
      assertEquals(whole, sink.toString(), text.toString());
      for (String line : whole.split("\r\n|\r|\n", -1)) {
        // As a person reads it: the format characters show nothing (the first line's U+FEFF is
        // also what .NET's reader drops as a byte order mark).
        String seen = line.replaceAll("\\p{Cf}", "");
        assertFalse(trimStart(seen).startsWith("::"), () -> text + " -> " + whole);
        assertFalse(seen.matches(".*##[A-Za-z]*\\[.*"), () -> text + " -> " + whole);
      }
      // Buildkite's agent: a line (split at LF) that begins with the marks and a space.
      for (String line : whole.split("\n", -1)) {
        assertFalse(line.matches("(?:---|\\+\\+\\+|~~~)[ \t\r\f].*"), () -> text + " -> " + whole);
      }
    }
  }

  /** JSON's strings hold such text; through the rule they are still JSON, with the same values. */
  @Test
  void jsonStaysJsonWithTheSameValues() throws IOException {
    String value = "t\n::stop-commands::x ##[error]y \u009b2J \u202e \u001b";
    StringWriter json = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(json)) {
      g.writeStartObject();
      g.writeStringField("title", value);
      g.writeEndObject();
    }
    String shown = TerminalText.of(json.toString());
    try (JsonParser p = new JsonFactory().createParser(shown)) {
      p.nextToken();
      p.nextToken();
      p.nextToken();
      assertEquals(value, p.getText(), shown);
    }
  }

  /** .NET's String.TrimStart(): every char.IsWhiteSpace, spaces of every width among them. */
  private static String trimStart(String line) {
    int i = 0;
    while (i < line.length()
        && (Character.isWhitespace(line.charAt(i))
            || Character.isSpaceChar(line.charAt(i))
            || line.charAt(i) == '\u0085')) {
      i++;
    }
    return line.substring(i);
  }
}
