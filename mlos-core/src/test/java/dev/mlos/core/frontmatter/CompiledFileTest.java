package dev.mlos.core.frontmatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.hash.Sha256;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledFileTest {
  private static final String AT = "2026-11-21T00:00:00Z";
  private static final String COMMENT =
      "<!-- mlos: generated from the database by view 'tasks'. Do not edit: change the data and"
          + " compile again. -->";

  @TempDir Path dir;

  private static LinkedHashMap<String, Object> taskFields() {
    LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    fields.put("title", "Fix login");
    fields.put("id", 42L);
    fields.put("done", false);
    fields.put("tags", List.of("auth", "urgent"));
    fields.put("assignee", null);
    return fields;
  }

  @Test
  void rendersTheDocumentedFormatByteForByte() {
    String text =
        CompiledFile.render(
            taskFields(), "tasks", "# Fix login\r\n\r\nSteps:  \r\n- one\r\n\r\n  \t\r\n", AT);
    String canonical =
        "---\n"
            + "title: Fix login\n"
            + "id: 42\n"
            + "done: false\n"
            + "tags:\n"
            + "  - auth\n"
            + "  - urgent\n"
            + "assignee: null\n"
            + "view: tasks\n"
            + "---\n"
            + "\n"
            + COMMENT
            + "\n"
            + "\n"
            + "# Fix login\n"
            + "\n"
            + "Steps:  \n"
            + "- one\n";
    String hash = Sha256.of(canonical);
    String expected =
        canonical.replace(
            "view: tasks\n",
            "view: tasks\ncompiled_at: \"" + AT + "\"\ncontent_hash: " + hash + "\n");
    assertEquals(expected, text);
  }

  @Test
  void sameInputGivesSameBytes() {
    String first = CompiledFile.render(taskFields(), "tasks", "body", AT);
    for (int i = 0; i < 5; i++) {
      assertEquals(first, CompiledFile.render(taskFields(), "tasks", "body", AT));
    }
  }

  @Test
  void fieldsKeepTheGivenOrder() {
    LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    fields.put("zeta", "1");
    fields.put("alpha", "2");
    fields.put("mid", "3");
    String text = CompiledFile.render(fields, "v", "", AT);
    assertTrue(
        text.startsWith("---\nzeta: \"1\"\nalpha: \"2\"\nmid: \"3\"\nview: v\ncompiled_at: "),
        text);
    ParsedFile parsed = parseCompiled(text);
    assertEquals(
        List.of("zeta", "alpha", "mid", "view", "compiled_at", "content_hash"),
        new ArrayList<>(parsed.frontMatter().keySet()));
  }

  @Test
  void emptyBodyEndsWithTheCommentLine() {
    String text = CompiledFile.render(taskFields(), "tasks", " \r\n\n", AT);
    assertTrue(text.endsWith("---\n\n" + COMMENT + "\n"), text);
    ParsedFile parsed = parseCompiled(text);
    assertEquals("", parsed.body());
  }

  @Test
  void filesWrittenBeforeTheBlankLineAfterTheFrontMatterStillParse() {
    String text = CompiledFile.render(taskFields(), "tasks", "# T\n\nline\n", AT);
    assertTrue(
        text.contains("---\n\n" + COMMENT + "\n\n# T\n"),
        "prettier's blank line after the front matter: " + text);
    ParsedFile parsed = parseCompiled(text.replace("---\n\n" + COMMENT, "---\n" + COMMENT));
    assertEquals("# T\n\nline\n", parsed.body());
    assertEquals("tasks", parsed.view());
  }

  @Test
  void theCommentNamesNoToolAndFilesWithTheOlderCommentStillParse() {
    String text = CompiledFile.render(taskFields(), "tasks", "# T\n", AT);
    assertFalse(text.contains("mvn") || text.contains("mlos:compile"), text);
    String older =
        "<!-- mlos: generated from the database by view 'tasks'. Do not edit: change the database,"
            + " then run `mvn mlos:compile`. -->";
    ParsedFile parsed = parseCompiled(text.replace(COMMENT, older));
    assertEquals("# T\n", parsed.body());
    assertEquals("tasks", parsed.view());
  }

  @Test
  void bodyEndsWithExactlyOneNewlineAndUsesLfOnly() {
    for (String body : List.of("x", "x\n", "x\n\n\n", "x\r\n", "x\r", "x\r\n \r\n\t\r\n", "\nx")) {
      String text = CompiledFile.render(taskFields(), "tasks", body, AT);
      assertTrue(text.endsWith("x\n") && !text.endsWith("\n\n"), body);
      assertFalse(text.contains("\r"), body);
    }
  }

  /** Strings that have broken YAML writers somewhere. Each must load back unchanged. */
  static final List<String> NASTY =
      List.of(
          "",
          " ",
          "  leading",
          "trailing  ",
          "a: b",
          "a:b",
          "key: value\nother: x",
          "---",
          "--- x",
          "...",
          "# not a comment",
          "a #b",
          "'single'",
          "\"double\"",
          "it's",
          "yes",
          "no",
          "Yes",
          "NO",
          "on",
          "off",
          "y",
          "n",
          "true",
          "False",
          "null",
          "Null",
          "~",
          "007",
          "0x1F",
          "0o17",
          "1e3",
          "1E3",
          "1_000",
          "3.14",
          "+1",
          "-0",
          ".inf",
          "-.inf",
          ".nan",
          "2026-11-21",
          AT,
          "12:30:00",
          "1:20",
          "@at",
          "`tick`",
          "!tag",
          "!!str x",
          "&anchor",
          "*alias",
          "%percent",
          "|",
          "|-",
          ">",
          "- item",
          "-",
          "[a, b]",
          "{a: b}",
          "?",
          "? x",
          ",comma",
          "line1\nline2",
          "line1\nline2\n",
          "line1\n\n\n",
          "\nleading newline",
          "  indented\nnext",
          "a \nb",
          "a\nb ",
          "tab\tinside",
          "\t",
          "crlf\r\nline",
          "cr\ronly",
          "nel\u0085x",
          "ls\u2028x",
          "ps\u2029x",
          "bell\u0007",
          "nul\u0000",
          "esc\u001b[0m",
          "ünïcödé",
          "İstanbul ıi",
          "日本語",
          "emoji 🚀 👩‍💻",
          "zero\u200bwidth",
          "bom\uFEFFinside",
          "\uFEFFbomstart",
          "<!-- html -->",
          "\\backslash\\",
          "ends with colon:",
          "- ",
          "x\n---\ny",
          "x\n...\ny",
          "---\n",
          " ---",
          "a\n  b\n c",
          "view: evil\ncompiled_at: x",
          "content_hash: 0",
          "x".repeat(5000),
          "word ".repeat(100).trim());

  @Test
  void nastyStringsRoundTripThroughTheFile() throws IOException {
    int i = 0;
    for (String nasty : NASTY) {
      LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
      fields.put("value", nasty);
      fields.put("list", List.of(nasty, "plain"));
      String text = CompiledFile.render(fields, "tasks", "body", AT);
      String label = "value " + i + ": " + Arrays.toString(nasty.codePoints().toArray());

      assertFalse(text.contains("\r"), label);
      assertTrue(text.endsWith("body\n"), label);
      assertEquals(text, CompiledFile.render(fields, "tasks", "body", AT), label);
      assertEveryColumnZeroLineIsAKey(text, label);

      Path file =
          Files.write(dir.resolve("f" + i++ + ".md"), text.getBytes(StandardCharsets.UTF_8));
      ParsedFile parsed = assertInstanceOf(ParsedFile.class, CompiledFile.parse(file), label);
      assertEquals(nasty, parsed.frontMatter().get("value"), label);
      assertEquals(List.of(nasty, "plain"), parsed.frontMatter().get("list"), label);
      assertEquals("tasks", parsed.view(), label);
      assertEquals(AT, parsed.compiledAt(), label);
      assertEquals("body\n", parsed.body(), label);
      assertEquals(parsed.declaredContentHash(), CompiledFile.contentHashOf(text), label);
      assertEquals(
          new CompiledFile.Rendering(text, CompiledFile.contentHashOf(text)),
          CompiledFile.rendering(fields, "tasks", "body", AT),
          label);
    }
  }

  private static void assertEveryColumnZeroLineIsAKey(String text, String label) {
    List<String> lines = text.lines().toList();
    assertEquals("---", lines.get(0), label);
    int close = lines.subList(1, lines.size()).indexOf("---") + 1;
    for (String line : lines.subList(1, close)) {
      if (!line.isEmpty() && !line.startsWith(" ")) {
        assertTrue(
            line.matches("(value|list|view|compiled_at|content_hash):( .*)?"),
            label + ": column-0 line is not a key: " + line);
      }
    }
  }

  @Test
  void numbersBooleansAndNullsRoundTrip() {
    LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    fields.put("int", 7);
    fields.put("long", Long.MAX_VALUE);
    fields.put("negative", -1L);
    fields.put("big", new BigInteger("123456789012345678901234567890"));
    fields.put("double", 3.25);
    fields.put("tiny", 1.0e-300);
    fields.put("decimal", new BigDecimal("0.10"));
    fields.put("whole_decimal", new BigDecimal("1E+3"));
    fields.put("float", 1.5f);
    fields.put("yes", true);
    fields.put("no", false);
    fields.put("nothing", null);
    fields.put("empty_list", List.of());
    Map<String, Object> fm = parseCompiled(CompiledFile.render(fields, "v", "", AT)).frontMatter();
    assertEquals(7, ((Number) fm.get("int")).intValue());
    assertEquals(Long.MAX_VALUE, ((Number) fm.get("long")).longValue());
    assertEquals(-1, ((Number) fm.get("negative")).intValue());
    assertEquals(new BigInteger("123456789012345678901234567890"), fm.get("big"));
    assertEquals(3.25, fm.get("double"));
    assertEquals(1.0e-300, fm.get("tiny"));
    assertEquals(0.10, fm.get("decimal"));
    assertEquals(1000.0, fm.get("whole_decimal"));
    assertEquals(1.5, fm.get("float"));
    assertEquals(true, fm.get("yes"));
    assertEquals(false, fm.get("no"));
    assertTrue(fm.containsKey("nothing"));
    assertNull(fm.get("nothing"));
    assertEquals(List.of(), fm.get("empty_list"));
  }

  @Test
  void hashDoesNotChangeWhenOnlyCompiledAtChanges() {
    String first = CompiledFile.render(taskFields(), "tasks", "body", AT);
    String later = CompiledFile.render(taskFields(), "tasks", "body", "2027-01-02T03:04:05Z");
    ParsedFile a = parseCompiled(first);
    ParsedFile b = parseCompiled(later);
    assertEquals(a.declaredContentHash(), b.declaredContentHash());
    assertNotEquals(first, later);
    assertEquals(
        first.lines().filter(l -> !l.startsWith("compiled_at:")).toList(),
        later.lines().filter(l -> !l.startsWith("compiled_at:")).toList());
  }

  @Test
  void contentHashOfMatchesTheDeclaredHashAndSurvivesCrlfCheckout() throws IOException {
    String text = CompiledFile.render(taskFields(), "tasks", "# T\n\nline\n", AT);
    String declared = parseCompiled(text).declaredContentHash();
    assertEquals(declared, CompiledFile.contentHashOf(text));
    assertTrue(declared.matches("[0-9a-f]{64}"), declared);

    String crlf = text.replace("\n", "\r\n");
    assertEquals(declared, CompiledFile.contentHashOf(crlf));
    Path file = Files.writeString(dir.resolve("crlf.md"), crlf, StandardCharsets.UTF_8);
    ParsedFile parsed = assertInstanceOf(ParsedFile.class, CompiledFile.parse(file));
    assertEquals(declared, parsed.declaredContentHash());
    assertEquals("# T\n\nline\n", parsed.body());
  }

  @Test
  void anyEditToTheBodyChangesTheHash() {
    String text = CompiledFile.render(taskFields(), "tasks", "# T\n\nSome body text.\n", AT);
    String declared = parseCompiled(text).declaredContentHash();
    int bodyStart = text.indexOf("# T");
    for (int i = bodyStart; i < text.length(); i++) {
      char replacement = text.charAt(i) == 'x' ? 'y' : 'x';
      String edited = text.substring(0, i) + replacement + text.substring(i + 1);
      assertNotEquals(declared, CompiledFile.contentHashOf(edited), "edit at " + i);
    }
    assertNotEquals(declared, CompiledFile.contentHashOf(text + "\n"), "extra final newline");
    assertNotEquals(
        declared, CompiledFile.contentHashOf(text.replace("text.", "text. ")), "trailing space");
  }

  @Test
  void anyFieldChangeChangesTheHash() {
    String base =
        parseCompiled(CompiledFile.render(taskFields(), "tasks", "b", AT)).declaredContentHash();
    LinkedHashMap<String, Object> changedValue = taskFields();
    changedValue.put("title", "Fix login!");
    LinkedHashMap<String, Object> changedType = taskFields();
    changedType.put("id", "42");
    LinkedHashMap<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("id", 42L);
    reordered.putAll(taskFields());
    LinkedHashMap<String, Object> changedList = taskFields();
    changedList.put("tags", List.of("urgent", "auth"));
    for (LinkedHashMap<String, Object> fields :
        List.of(changedValue, changedType, reordered, changedList)) {
      String hash =
          parseCompiled(CompiledFile.render(fields, "tasks", "b", AT)).declaredContentHash();
      assertNotEquals(base, hash, fields.toString());
    }
    assertNotEquals(
        base,
        parseCompiled(CompiledFile.render(taskFields(), "tasks-v2", "b", AT)).declaredContentHash(),
        "view");
    String edited =
        CompiledFile.render(taskFields(), "tasks", "b", AT)
            .replace("title: Fix login", "title: Fix logout");
    assertNotEquals(base, CompiledFile.contentHashOf(edited), "hand-edited field");
  }

  @Test
  void parseReportsWhereTheBodyStarts() {
    LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    fields.put("title", "T");
    fields.put("notes", "two\nlines");
    String text = CompiledFile.render(fields, "tasks", "first body line\nsecond\n", AT);
    ParsedFile parsed = parseCompiled(text);
    assertEquals("first body line\nsecond\n", parsed.body());
    assertEquals("first body line", text.lines().toList().get(parsed.bodyStartLine() - 1));
    assertEquals("T", parsed.frontMatter().get("title"));
    assertEquals("two\nlines", parsed.frontMatter().get("notes"));
  }

  @Test
  void textsThatAreNotCompiledFilesSaySo() {
    Map<String, String> cases =
        Map.of(
            "", "no front matter",
            "# Just markdown\n\nText.\n", "no front matter",
            "\n---\ntitle: x\ncompiled_at: y\n---\n", "no front matter",
            "---\ntitle: mine\n---\n# Notes\n", "no compiled_at",
            "---\n---\nbody\n", "no compiled_at",
            "---\ntitle: never closed\ncompiled_at: x\n", "no closing");
    cases.forEach(
        (text, reason) -> {
          ParseResult result = CompiledFile.parse(text);
          NotCompiledFile not = assertInstanceOf(NotCompiledFile.class, result, text);
          assertTrue(not.reason().contains(reason), text + " -> " + not.reason());
          assertTrue(result.asCompiled().isEmpty());
        });
  }

  @Test
  void handEditedUnquotedTimestampIsReadAsIsoText() {
    ParsedFile parsed =
        parseCompiled("---\nview: v\ncompiled_at: 2026-11-21T00:00:00Z\n---\nbody\n");
    assertEquals(AT, parsed.compiledAt());
    assertNull(parsed.declaredContentHash());
    assertEquals("body\n", parsed.body());
    assertEquals(5, parsed.bodyStartLine());
  }

  @Test
  void malformedYamlNamesTheFileAndLine() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("broken.md"), "---\ntitle: ok\nnote: a\n  bad: b\ncompiled_at: x\n---\n");
    InvalidFrontMatterException e =
        assertThrows(InvalidFrontMatterException.class, () -> CompiledFile.parse(file));
    assertEquals(file, e.file());
    assertEquals(4, e.line());
    assertTrue(e.getMessage().startsWith(file + ":4: invalid YAML front matter"), e.getMessage());
    assertEquals(List.of(Remedy.compile()), e.remedies());
    assertTrue(e.fix().contains("for a generated file, run `compile` to rewrite it"), e.fix());
  }

  @Test
  void duplicateKeysAreMalformed() {
    InvalidFrontMatterException e =
        assertThrows(
            InvalidFrontMatterException.class,
            () -> CompiledFile.parse("---\ntitle: a\ncompiled_at: x\ntitle: b\n---\n"));
    assertNull(e.file());
    assertEquals(4, e.line());
    assertTrue(e.problem().contains("duplicate key title"), e.problem());
  }

  @Test
  void frontMatterMustBeAMapping() {
    InvalidFrontMatterException e =
        assertThrows(
            InvalidFrontMatterException.class, () -> CompiledFile.parse("---\n- a\n- b\n---\n"));
    assertEquals(2, e.line());
    assertTrue(e.problem().contains("mapping"), e.problem());
  }

  @Test
  void arbitraryJavaTypesAreRefused() {
    assertThrows(
        InvalidFrontMatterException.class,
        () ->
            CompiledFile.parse(
                "---\ncompiled_at: x\nx: !!javax.script.ScriptEngineManager [!!java.net.URL"
                    + " [\"http://example.invalid/\"]]\n---\n"));
  }

  @Test
  void unreadableFileIsABrokenSetupNamingTheFile() throws IOException {
    Path missing = dir.resolve("missing.md");
    MlosException e = assertThrows(MlosException.class, () -> CompiledFile.parse(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    Path latin1 =
        Files.write(dir.resolve("latin1.md"), new byte[] {'-', '-', '-', '\n', (byte) 0xE9});
    MlosException notUtf8 = assertThrows(MlosException.class, () -> CompiledFile.parse(latin1));
    assertTrue(notUtf8.getMessage().contains("UTF-8"), notUtf8.getMessage());
  }

  @Test
  void rejectsFieldsTheFormatCannotCarry() {
    for (String key :
        List.of("view", "compiled_at", "content_hash", "", "has space", "-dash", "a:b")) {
      LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
      fields.put(key, "x");
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> CompiledFile.render(fields, "v", "", AT), key);
      assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    }
    LinkedHashMap<String, Object> blob = new LinkedHashMap<>();
    blob.put("data", new byte[] {1});
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> CompiledFile.render(blob, "v", "", AT))
            .getMessage()
            .contains("'data'"));
    LinkedHashMap<String, Object> mixedList = new LinkedHashMap<>();
    mixedList.put("tags", Arrays.asList("a", null));
    assertThrows(IllegalArgumentException.class, () -> CompiledFile.render(mixedList, "v", "", AT));
  }

  @Test
  void rejectsViewsAndTimestampsThatWouldBreakTheFile() {
    for (String view : List.of("", " v", "it's", "a-->b", "two\nlines")) {
      assertThrows(
          IllegalArgumentException.class,
          () -> CompiledFile.render(taskFields(), view, "", AT),
          view);
    }
    assertThrows(
        IllegalArgumentException.class, () -> CompiledFile.render(taskFields(), "v", "", "a\nb"));
    assertThrows(
        IllegalArgumentException.class, () -> CompiledFile.render(taskFields(), "v", "", null));
  }

  private static ParsedFile parseCompiled(String text) {
    return assertInstanceOf(ParsedFile.class, CompiledFile.parse(text));
  }
}
