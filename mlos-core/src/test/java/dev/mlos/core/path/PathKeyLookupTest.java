package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link PathKeyLookup} finds exactly the paths a read of every path would, in few seeks. The
 * stored paths are kept in code point order, as a SQLite binary index keeps UTF-8 text.
 */
class PathKeyLookupTest {
  /** Code point order: UTF-8 byte order, SQLite's BINARY collation. */
  static final Comparator<String> BINARY =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int x = a.codePointAt(i);
          int y = b.codePointAt(j);
          if (x != y) {
            return Integer.compare(x, y);
          }
          i += Character.charCount(x);
          j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private static PathKeyLookup.Seek seek(TreeSet<String> stored, AtomicInteger seeks) {
    return (bound, inclusive) -> {
      seeks.incrementAndGet();
      return Optional.ofNullable(inclusive ? stored.ceiling(bound) : stored.higher(bound));
    };
  }

  private static List<String> scan(TreeSet<String> stored, String path) {
    String key = PathKey.of(path);
    List<String> out = new ArrayList<>();
    for (String s : stored) {
      if (PathKey.of(s).equals(key)) {
        out.add(s);
      }
    }
    return out;
  }

  // Case, composed and decomposed forms, KELVIN SIGN, GREEK QUESTION MARK and VARIA, İ, the
  // sigmas, and the characters that sort either side of '/' and of the letters.
  private static final String[] PIECES = {
    "a",
    "A",
    "b",
    "B",
    "k",
    "K",
    "\u212a",
    "s",
    "S",
    ";",
    "\u037e",
    "`",
    "\u1fef",
    "i",
    "I",
    "\u0130",
    "i\u0307",
    "I\u0307",
    "\u00e9",
    "\u00c9",
    "e\u0301",
    "E\u0301",
    "e",
    "E",
    "\u03c3",
    "\u03c2",
    "\u03a3",
    "-",
    ".",
    "0",
    "_",
    "~",
    "\u00ff",
    "\ud83d\ude00",
    "/",
    "/",
    "/"
  };

  private static String randomPath(SplittableRandom random) {
    StringBuilder b = new StringBuilder();
    int n = 1 + random.nextInt(7);
    for (int i = 0; i < n; i++) {
      String p = PIECES[random.nextInt(PIECES.length)];
      if (p.equals("/") && (b.length() == 0 || b.charAt(b.length() - 1) == '/')) {
        p = "a";
      }
      b.append(p);
    }
    if (b.charAt(b.length() - 1) == '/') {
      b.append('x');
    }
    return b.toString();
  }

  @Test
  void findsWhatReadingEveryPathFinds() {
    SplittableRandom random = new SplittableRandom(2026_12_05L);
    for (int round = 0; round < 150; round++) {
      TreeSet<String> stored = new TreeSet<>(BINARY);
      int size = 1 + random.nextInt(400);
      for (int i = 0; i < size; i++) {
        stored.add(randomPath(random));
      }
      List<String> asked = new ArrayList<>(stored);
      for (int q = 0; q < 60; q++) {
        String path = q % 2 == 0 ? asked.get(random.nextInt(asked.size())) : randomPath(random);
        assertEquals(
            scan(stored, path),
            PathKeyLookup.find(path, seek(stored, new AtomicInteger())),
            () ->
                "for "
                    + escape(path)
                    + " in "
                    + stored.stream().map(PathKeyLookupTest::escape).toList());
      }
    }
  }

  @Test
  void manyPathsAtOnceAreFoundByOneReadWithTheSameAnswer() {
    SplittableRandom random = new SplittableRandom(11L);
    TreeSet<String> stored = new TreeSet<>(BINARY);
    for (int i = 0; i < 3_000; i++) {
      stored.add(randomPath(random));
    }
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < PathKeyLookup.READ_ALL_FROM; i++) {
      paths.add(randomPath(random));
    }
    AtomicInteger seeks = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    java.util.Map<String, List<String>> found =
        PathKeyLookup.findAll(
            paths,
            seek(stored, seeks),
            () -> {
              reads.incrementAndGet();
              return List.copyOf(stored);
            });
    assertEquals(0, seeks.get());
    assertEquals(1, reads.get());
    for (String path : paths) {
      assertEquals(scan(stored, path), found.get(path), () -> escape(path));
    }
    java.util.Map<String, List<String>> few =
        PathKeyLookup.findAll(paths.subList(0, 50), seek(stored, seeks), () -> List.of());
    for (String path : paths.subList(0, 50)) {
      assertEquals(scan(stored, path), few.get(path), () -> escape(path));
    }
  }

  @Test
  void everyCharacterBetweenOthersIsFoundByItsKey() {
    // Each character whose key is ASCII, or that composes with a neighbour, stored alone and
    // between letters: found from the path of its key.
    for (int cp = 0x20; cp <= 0x2FFFF; cp++) {
      if (cp == '/' || (cp >= 0xD800 && cp <= 0xDFFF)) {
        continue;
      }
      String c = Character.toString(cp);
      String hex = Integer.toHexString(cp);
      TreeSet<String> stored = new TreeSet<>(BINARY);
      for (String s : List.of(c, "a" + c + "b", "E" + c, "x/" + c + "/y", "d/e" + c)) {
        stored.add(s);
      }
      for (String s : List.copyOf(stored)) {
        String key = PathKey.of(s);
        List<String> found = PathKeyLookup.find(key, seek(stored, new AtomicInteger()));
        assertTrue(found.contains(s), () -> "U+" + hex + " in " + escape(s));
        assertEquals(scan(stored, key), found, () -> escape(s));
      }
    }
  }

  @Test
  void aFewSeeksAmongAHundredThousandPaths() {
    TreeSet<String> stored = new TreeSet<>(BINARY);
    for (int i = 0; i < 100_000; i++) {
      stored.add(String.format("docs/area-%03d/note-%05d.md", i % 500, i));
    }
    stored.add("docs/Spec.md");
    stored.add("docs/caf\u00e9/x.md");
    AtomicInteger seeks = new AtomicInteger();
    assertEquals(List.of("docs/Spec.md"), PathKeyLookup.find("DOCS/spec.md", seek(stored, seeks)));
    assertTrue(seeks.get() <= 12, "seeks: " + seeks);
    seeks.set(0);
    assertEquals(
        List.of(),
        PathKeyLookup.find("docs/area-250/Note-00251.md", seek(stored, seeks)),
        "note 251 is in area-251");
    assertTrue(seeks.get() <= 40, "seeks: " + seeks);
    seeks.set(0);
    assertEquals(
        List.of("docs/area-250/note-00250.md"),
        PathKeyLookup.find("Docs/Area-250/NOTE-00250.MD", seek(stored, seeks)));
    assertTrue(seeks.get() <= 40, "seeks: " + seeks);
    seeks.set(0);
    assertEquals(
        List.of("docs/caf\u00e9/x.md"),
        PathKeyLookup.find("docs/CAFE\u0301/X.md", seek(stored, seeks)));
    assertTrue(seeks.get() <= 12, "seeks: " + seeks);
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .forEach(
            cp -> {
              if (cp >= 0x20 && cp < 0x7f) {
                b.appendCodePoint(cp);
              } else {
                b.append(String.format("\\u%04X", cp));
              }
            });
    return b.toString();
  }
}
