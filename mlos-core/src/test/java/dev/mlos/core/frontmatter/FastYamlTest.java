package dev.mlos.core.frontmatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The front matter writer must give exactly SnakeYAML's bytes: its fast path is checked against
 * {@link FrontMatterYaml#snakeDump} on named examples and on many generated maps.
 */
class FastYamlTest {
  private static final int RANDOM_MAPS = 20_000;

  /** Pieces strings are made of: indicators, breaks, odd Unicode, and words YAML reads as types. */
  private static final List<String> FRAGMENTS =
      List.of(
          " ",
          " ",
          "  ",
          ":",
          ": ",
          "#",
          " #",
          "-",
          "- ",
          "?",
          "? ",
          "'",
          "\"",
          "{",
          "}",
          "[",
          "]",
          ",",
          "!",
          "&",
          "*",
          "|",
          ">",
          "%",
          "@",
          "`",
          "\t",
          "\n",
          "\r",
          "\r\n",
          "\u2028",
          "\u2029",
          "\u0085",
          "\u00a0",
          "\uFEFF",
          "\u200b",
          "\u0000",
          "\u0007",
          "\u001b",
          "\u007f",
          "\u009f",
          "\ud800",
          "\udc00",
          "\uFFFE",
          "\uFFFF",
          "\uE000",
          "🚀",
          "👩‍💻",
          "é",
          "日本",
          "İ",
          "\\",
          "/",
          ".",
          "..",
          "...",
          "---",
          "_",
          "=",
          "<<",
          "<",
          "~",
          "+",
          "$",
          "^",
          "(",
          ")",
          ";",
          "0",
          "1",
          "7",
          "8",
          "9",
          "00",
          "007",
          "089",
          "0_",
          "1_000",
          "12",
          "3.14",
          "1e3",
          "1E+3",
          "1e",
          "e3",
          "x",
          "a",
          "Z",
          "word",
          "two words",
          "yes",
          "no",
          "Yes",
          "NO",
          "on",
          "off",
          "On",
          "OFF",
          "y",
          "n",
          "true",
          "false",
          "True",
          "FALSE",
          "null",
          "Null",
          "NULL",
          "~",
          ".inf",
          "-.inf",
          "+.inf",
          ".Inf",
          ".nan",
          ".NaN",
          ".NAN",
          "0x1F",
          "0xG",
          "0o7",
          "0b101",
          "0b2",
          "-0",
          "+1",
          "-1",
          "1:20",
          "12:30:00",
          "1:20.5",
          "2026-01-01",
          "2026-1-1",
          "2026-11-21T00:00:00Z",
          "2026-03-04 10:11:12",
          "2026-03-04t10:11:12.5+01:00",
          "2026-03-04  10:11:12 -5",
          "need-123",
          "a: b",
          "a:b",
          "a #b",
          "a#b");

  private static final List<String> KEYS =
      List.of(
          "title",
          "id",
          "tags",
          "a",
          "_",
          "x.y",
          "a-b",
          "k_1",
          "true",
          "True",
          "yes",
          "no",
          "on",
          "off",
          "y",
          "n",
          "null",
          "Null",
          "NULL",
          "0",
          "1",
          "007",
          "089",
          "0_",
          "0x1F",
          "0o7",
          "0b1",
          "1e3",
          "1.5",
          "1_000",
          "123",
          "2026-01-01",
          "1.0e-5",
          "_0",
          "e3",
          ".5",
          "a.");

  private static final String KEY_FIRST =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
  private static final String KEY_REST = KEY_FIRST + ".-";

  @Test
  void generatedMapsDumpExactlyAsSnakeYaml() {
    SplittableRandom random = new SplittableRandom(20261121L);
    for (int i = 0; i < RANDOM_MAPS; i++) {
      Map<String, Object> map = randomMap(random);
      assertSameAsSnakeYaml(map, "case " + i);
    }
  }

  @Test
  void generatedStringsAndNumbersAsSingleEntriesDumpExactlyAsSnakeYaml() {
    SplittableRandom random = new SplittableRandom(7L);
    for (int i = 0; i < RANDOM_MAPS; i++) {
      Object value = i % 2 == 0 ? randomString(random) : randomNumber(random);
      assertEntryAsSnakeYaml(randomKey(random), value, "case " + i);
    }
  }

  /**
   * A title "=" was written plain (SnakeYAML reads it as text), and PyYAML's safe loader, which
   * python-frontmatter and most agents' tooling use, refuses the whole front matter: "could not
   * determine a constructor for the tag 'tag:yaml.org,2002:value'".
   */
  @Test
  void aLoneEqualsSignIsQuotedForYamlOnePointOneReaders() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("title", "=");
    map.put("tags", List.of("=", "a=b"));
    map.put("note", "==");
    assertEquals("title: \"=\"\ntags:\n  - \"=\"\n  - a=b\nnote: ==\n", FrontMatterYaml.dump(map));
    assertSameAsSnakeYaml(map, "equals");
  }

  /**
   * A template's meta with a number in a list, or a hash as a value, was refused as "found
   * java.lang.Long" or "unsupported value type java.util.LinkedHashMap (use ... List<String>)":
   * Java's words, for someone writing FreeMarker.
   */
  @Test
  void aValueFrontMatterCannotHoldIsNamedInTemplateWords() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> FrontMatterYaml.checkValue("tags", List.of("a", 1L)));
    assertEquals(
        "Front matter field 'tags': a list may hold only text, found a number (1) (in a template,"
            + " make it text: n?c, or \"\" + n)",
        e.getMessage());
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> FrontMatterYaml.checkValue("owner", Map.of("name", "x")));
    assertEquals(
        "Front matter field 'owner': a value may be text, a number, true or false, null or a list"
            + " of text; found a hash",
        e.getMessage());
  }

  @Test
  void frontMatterKeysAreAcceptedExactlyWhenTheyMatchTheDocumentedPattern() {
    Pattern documented = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    List<String> keys =
        new ArrayList<>(
            List.of("", "a", "_", "-", ".", "a-b", "a.b", "-a", ".a", "a b", "é", "a:", "A9_.-"));
    SplittableRandom random = new SplittableRandom(11L);
    String alphabet = KEY_REST + " :#é/\t";
    for (int i = 0; i < 5_000; i++) {
      StringBuilder k = new StringBuilder();
      int length = random.nextInt(6);
      for (int j = 0; j < length; j++) {
        k.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      keys.add(k.toString());
    }
    for (String key : keys) {
      boolean accepted;
      try {
        FrontMatterYaml.checkKey(key);
        accepted = true;
      } catch (IllegalArgumentException e) {
        accepted = false;
      }
      assertEquals(documented.matcher(key).matches(), accepted, codePoints(key));
    }
  }

  @Test
  void screenedResolverResolvesAsSnakeYamlsResolver() {
    for (Pattern pattern :
        List.of(
            Resolver.BOOL,
            Resolver.INT,
            Resolver.FLOAT,
            Resolver.MERGE,
            Resolver.NULL,
            Resolver.EMPTY,
            Resolver.TIMESTAMP,
            Resolver.VALUE,
            Resolver.YAML)) {
      assertTrue(FastYaml.ScreenedResolver.recognises(pattern.pattern()), pattern.pattern());
    }
    Resolver reference = new Resolver();
    List<String> texts = new ArrayList<>(FRAGMENTS);
    texts.addAll(KEYS);
    for (String digits : List.of("1", "12345", "0x1F", "1.5", "2026-01-01")) {
      for (int length : new int[] {9, 10, 11, 49, 50, 51, 1023, 1024, 1025}) {
        texts.add(digits + "0".repeat(Math.max(0, length - digits.length())));
        texts.add("2026-01-01 10:11:12" + "0".repeat(Math.max(0, length - 19)));
      }
    }
    SplittableRandom random = new SplittableRandom(11L);
    for (int i = 0; i < RANDOM_MAPS; i++) {
      texts.add(randomString(random));
      texts.add(randomKey(random));
      Object number = randomNumber(random);
      texts.add(number instanceof BigDecimal decimal ? decimal.toString() : String.valueOf(number));
    }
    for (String text : texts) {
      assertEquals(
          reference.resolve(NodeId.scalar, text, true),
          FastYaml.RESOLVER.resolveImplicit(text),
          () -> codePoints(text.length() > 200 ? text.substring(0, 200) : text));
    }
  }

  @Test
  void theTimestampShortcutOnlyAcceptsWhatSnakeYamlsPatternAccepts() {
    SplittableRandom random = new SplittableRandom(19L);
    String[] shapes = {
      "2026-11-21",
      "2026-11-21T10:11:12Z",
      "2026-11-21t10:11:12",
      "2026-11-21T10:11:12.123456Z",
      "2026-11-21T10:11:12.",
      "2026-11-21 10:11:12Z",
      "2026-1-21T10:11:12Z",
      "2026-11-21T1:11:12Z",
      "2026-11-21T10:11:12+01:00",
      "2026-11-21T10:11:12ZZ",
      "2026-11-21T10:11",
      "20261-11-21"
    };
    String mutations = "0123456789-:.TtZ +x";
    int accepted = 0;
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder(shapes[random.nextInt(shapes.length)]);
      for (int m = random.nextInt(3); m > 0 && text.length() > 0; m--) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.setCharAt(at, mutations.charAt(random.nextInt(mutations.length())));
          case 1 -> text.deleteCharAt(at);
          default -> text.insert(at, mutations.charAt(random.nextInt(mutations.length())));
        }
      }
      String t = text.toString();
      if (FastYaml.ScreenedResolver.commonTimestamp(t)) {
        accepted++;
        assertTrue(Resolver.TIMESTAMP.matcher(t).matches(), t);
      }
    }
    assertTrue(accepted > 5_000, "the shortcut took " + accepted + " of 50000");
  }

  @Test
  void contentHashesAndTimestampsAreWrittenAsSnakeYamlWritesThem() {
    SplittableRandom random = new SplittableRandom(64L);
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      hashes.add(hex(random, "0123456789abcdef", 64));
      hashes.add(hex(random, "0123456789", 64)); // reads as an int: quoted
      hashes.add(hex(random, "01234567", 64));
      hashes.add("0" + hex(random, "0123456789", 63));
      hashes.add(hex(random, "123456789", 1) + "e" + hex(random, "0123456789", 62)); // a float
      hashes.add(hex(random, "0123456789", 10) + "e" + hex(random, "0123456789abcdef", 53));
    }
    hashes.add("0".repeat(64));
    hashes.add("0x" + "f".repeat(62));
    for (String hash : hashes) {
      assertEntryAsSnakeYaml(CompiledFile.CONTENT_HASH_KEY, hash, hash);
    }
    for (String at :
        List.of(
            "2026-11-21T00:00:00Z",
            "2026-11-21T00:00:00.123456789Z",
            "2026-11-21T00:00:00+01:00",
            "2026-11-21 00:00:00",
            "2026-11-21",
            "now",
            "yesterday 12:00",
            "12:30:00",
            "1:20",
            "2026-11-21T00:00Z",
            "Sat, 21 Nov 2026 00:00:00 GMT",
            "1763683200")) {
      assertEntryAsSnakeYaml(CompiledFile.COMPILED_AT_KEY, at, at);
    }
  }

  @Test
  void namedExamples() {
    assertDump("title: Fix login\n", "title", "Fix login");
    assertDump("id: need-123\n", "id", "need-123");
    assertDump("created: \"2026-03-04 10:11:12\"\n", "created", "2026-03-04 10:11:12");
    assertDump("compiled_at: \"2026-11-21T00:00:00Z\"\n", "compiled_at", "2026-11-21T00:00:00Z");
    assertDump("x: \"yes\"\n", "x", "yes");
    assertDump("x: \"null\"\n", "x", "null");
    assertDump("x: \"~\"\n", "x", "~");
    assertDump("x: \"\"\n", "x", "");
    assertDump("x: \"007\"\n", "x", "007");
    assertDump("x: \"089\"\n", "x", "089");
    assertDump("x: \"<<\"\n", "x", "<<");
    assertDump("x: \"=\"\n", "x", "="); // PyYAML reads a plain = as its value tag
    assertDump("x: \"it's: here\"\n", "x", "it's: here");
    assertDump("x: \"a #b\"\n", "x", "a #b");
    assertDump("x: a#b\n", "x", "a#b");
    assertDump("x: a:b\n", "x", "a:b");
    assertDump("x: \"x:\"\n", "x", "x:");
    assertDump("x: -foo\n", "x", "-foo");
    assertDump("x: \"- foo\"\n", "x", "- foo");
    assertDump("x: \"---\"\n", "x", "---");
    assertDump("x: \" padded \"\n", "x", " padded ");
    // Double quotes, as prettier prefers, unless the text holds a double quote; escapes as
    // SnakeYAML.
    assertDump("x: '\"quoted\": yes'\n", "x", "\"quoted\": yes");
    assertDump("x: \"back\\\\slash: \\_nbsp\"\n", "x", "back\\slash: \u00a0nbsp");
    assertDump("x: emoji 🚀 ok\n", "x", "emoji 🚀 ok");
    assertDump("x: a\u00a0b\n", "x", "a\u00a0b");
    assertDump("\"true\": 1\n", "true", 1);
    assertDump("\"123\": x\n", "123", "x");
    assertDump("x: null\n", "x", null);
    assertDump("x: false\n", "x", false);
    assertDump("x: -7\n", "x", -7L);
    assertDump(
        "x: 123456789012345678901234567890\n",
        "x",
        new BigInteger("123456789012345678901234567890"));
    assertDump("x: 3.25\n", "x", 3.25);
    assertDump("x: .NaN\n", "x", Double.NaN);
    assertDump("x: -.inf\n", "x", Double.NEGATIVE_INFINITY);
    assertDump("x: 1.0E-300\n", "x", 1.0e-300);
    assertDump("x: 0.10\n", "x", new BigDecimal("0.10"));
    assertDump("x: 1E+3\n", "x", new BigDecimal("1E+3"));
    assertDump("x: !!float '-5'\n", "x", new BigDecimal("-5"));
    assertDump("x: !!float 'NaN'\n", "x", Float.NaN);
    assertDump("tags:\n  - auth\n  - \"on\"\n", "tags", List.of("auth", "on"));
    assertDump("tags: []\n", "tags", List.of());
    assertDump("x: |-\n  two\n  lines\n", "x", "two\nlines");
    assertDump("x: \"cr\\ronly\"\n", "x", "cr\ronly");
    assertDump("x: \"tab\\tinside\"\n", "x", "tab\tinside");

    LinkedHashMap<String, Object> shared = new LinkedHashMap<>();
    List<String> list = List.of("a");
    shared.put("one", list);
    shared.put("two", list);
    shared.put("e1", List.of());
    shared.put("e2", List.of());
    assertEquals(
        "one:\n  - a\ntwo:\n  - a\ne1: []\ne2: []\n",
        FrontMatterYaml.dump(shared),
        "a list given twice is written twice: no anchors, whose numbers would churn");
    assertEquals(FrontMatterYaml.dump(shared), FrontMatterYaml.dump(shared));
    assertSameAsSnakeYaml(shared, "shared lists");
    assertEquals("{}\n", FrontMatterYaml.dump(new LinkedHashMap<>()));
  }

  /** The fast path must actually carry a typical page, or the speed-up silently goes away. */
  @Test
  void typicalPageFieldsTakeTheFastPath() {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("id", "need-123");
    page.put("title", "Make the login page remember the user");
    page.put("created", "2026-03-04 10:11:12");
    page.put("updated", "2026-03-05 09:00:00");
    page.put("desc", "Users want to stay signed in, without retyping (passwords) - 100% sure.");
    page.put("tags", List.of("auth", "ux"));
    page.put("source_transcript", "transcripts/2026/03/session-7.md");
    page.put("workspace", "acme-web");
    page.put("priority", 2);
    page.put("done", false);
    page.put("owner", null);
    page.put("view", "needs");
    page.put("compiled_at", "2026-11-21T00:00:00Z");
    page.put("content_hash", "3f5a" + "0123456789abcdef".repeat(3) + "abcdef012345");
    for (Map.Entry<String, Object> entry : page.entrySet()) {
      StringBuilder out = new StringBuilder();
      assertTrue(FastYaml.appendEntry(out, entry.getKey(), entry.getValue()), entry.getKey());
    }
    assertSameAsSnakeYaml(page, "typical page");
  }

  private static void assertDump(String expected, String key, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, value);
    assertEquals(expected, FrontMatterYaml.snakeDump(map), "reference for " + describe(map));
    assertEquals(expected, FrontMatterYaml.dump(map), describe(map));
  }

  private static void assertEntryAsSnakeYaml(String key, Object value, String label) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, value);
    StringBuilder out = new StringBuilder("prefix\n");
    FrontMatterYaml.appendEntry(out, key, value);
    assertEquals(
        "prefix\n" + FrontMatterYaml.snakeDump(map), out.toString(), label + ": " + describe(map));
  }

  private static void assertSameAsSnakeYaml(Map<String, Object> map, String label) {
    assertEquals(
        FrontMatterYaml.snakeDump(map), FrontMatterYaml.dump(map), label + ": " + describe(map));
  }

  private static Map<String, Object> randomMap(SplittableRandom random) {
    Map<String, Object> map = new LinkedHashMap<>();
    int size = 1 + random.nextInt(7);
    List<String> sharedList = null;
    while (map.size() < size) {
      String key = randomKey(random);
      int kind = random.nextInt(20);
      Object value;
      if (kind < 9) {
        value = randomString(random);
      } else if (kind < 12) {
        List<String> list = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          list.add(randomString(random));
        }
        value = random.nextInt(4) == 0 ? List.copyOf(list) : list;
      } else if (kind == 12) {
        // The same list object under two keys: written out twice, never as an anchor.
        if (sharedList == null) {
          sharedList = random.nextBoolean() ? List.of() : List.of(randomString(random));
        }
        value = sharedList;
      } else if (kind == 13) {
        value = null;
      } else if (kind == 14) {
        value = random.nextBoolean();
      } else {
        value = randomNumber(random);
      }
      map.put(key, value);
    }
    return map;
  }

  private static String randomKey(SplittableRandom random) {
    int kind = random.nextInt(10);
    if (kind < 3) {
      return KEYS.get(random.nextInt(KEYS.size()));
    }
    if (kind == 3) {
      int[] lengths = {99, 100, 101, 126, 127, 128, 129, 200};
      return "k".repeat(lengths[random.nextInt(lengths.length)]);
    }
    int length = 1 + random.nextInt(kind == 4 ? 4 : 14);
    StringBuilder key = new StringBuilder();
    key.append(KEY_FIRST.charAt(random.nextInt(KEY_FIRST.length())));
    for (int i = 1; i < length; i++) {
      String from = random.nextInt(3) == 0 ? "0123456789._-eE" : KEY_REST;
      key.append(from.charAt(random.nextInt(from.length())));
    }
    return key.toString();
  }

  private static String randomString(SplittableRandom random) {
    int kind = random.nextInt(10);
    if (kind == 0) {
      return FRAGMENTS.get(random.nextInt(FRAGMENTS.size()));
    }
    if (kind == 1) {
      // Ordinary text: letters, digits, spaces and common punctuation.
      String alphabet = "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789-_.,;()/'\"!?:#";
      int length = 1 + random.nextInt(40);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return text.toString();
    }
    if (kind == 2 && random.nextInt(50) == 0) {
      // Around the fast path's length limit.
      int[] lengths = {99_999, 100_000, 100_001};
      return "x ".repeat(lengths[random.nextInt(lengths.length)] / 2)
          + (random.nextBoolean() ? "y" : "");
    }
    int parts = 1 + random.nextInt(6);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      text.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
    }
    return text.toString();
  }

  private static Object randomNumber(SplittableRandom random) {
    switch (random.nextInt(10)) {
      case 0:
        return random.nextInt();
      case 1:
        return random.nextLong();
      case 2:
        return (short) random.nextInt();
      case 3:
        return (byte) random.nextInt();
      case 4:
        return new BigInteger(1 + random.nextInt(120), new java.util.Random(random.nextLong()))
            .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
      case 5:
        {
          double[] special = {
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            0.0,
            -0.0,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            1e-5,
            1e7,
            1e21,
            0.1,
            100.0
          };
          return special[random.nextInt(special.length)];
        }
      case 6:
        return (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-30, 30));
      case 7:
        {
          float[] special = {
            Float.NaN,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            0f,
            -0f,
            1.5f,
            1e-30f,
            3e38f
          };
          return random.nextBoolean()
              ? special[random.nextInt(special.length)]
              : (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-20, 20)));
        }
      default:
        return new BigDecimal(
            BigInteger.valueOf(random.nextLong(-1_000_000, 1_000_000)), random.nextInt(-8, 12));
    }
  }

  private static String hex(SplittableRandom random, String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  /** The map with each string's code points, so a failure shows invisible characters. */
  private static String describe(Map<String, Object> map) {
    StringBuilder text = new StringBuilder("{");
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      text.append(entry.getKey()).append('=');
      Object value = entry.getValue();
      if (value instanceof String s) {
        text.append(s.length() > 200 ? "<" + s.length() + " chars>" : codePoints(s));
      } else if (value instanceof List<?> list) {
        text.append('[');
        for (Object item : list) {
          text.append(codePoints((String) item)).append(", ");
        }
        text.append(']');
      } else {
        text.append(value == null ? "null" : value.getClass().getSimpleName() + ":" + value);
      }
      text.append("; ");
    }
    return text.append('}').toString();
  }

  private static String codePoints(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"" + Arrays.toString(s.codePoints().toArray());
  }
}
