package dev.mlos.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.MlosException;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.testing.NastyStrings;
import dev.mlos.core.testing.OldImplementations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutputPatternDifferentialTest {
  /** OutputPattern.apply as it was, with the old regex slugs and path validation. */
  private static String referenceApply(String pattern, Map<String, ?> row) {
    List<String> literals = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    int i = 0;
    StringBuilder lit = new StringBuilder();
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '{') {
        int end = pattern.indexOf('}', i);
        literals.add(lit.toString());
        lit.setLength(0);
        columns.add(pattern.substring(i + 1, end).trim());
        i = end + 1;
      } else {
        lit.append(c);
        i++;
      }
    }
    literals.add(lit.toString());
    StringBuilder out = new StringBuilder(literals.get(0));
    for (int k = 0; k < columns.size(); k++) {
      String col = columns.get(k);
      if (!row.containsKey(col)) {
        return "missing column " + col;
      }
      String text = text(row.get(col));
      String before = literals.get(k);
      String after = literals.get(k + 1);
      boolean wholeName =
          (before.isEmpty() && k == 0 || before.endsWith("/"))
              && (after.isEmpty() && k == columns.size() - 1
                  || after.startsWith("/")
                  || after.startsWith("."));
      // Nothing left of the value: its slug with " x" after it is "x" alone.
      boolean nothingLeft = OldImplementations.slug(text + " x", 1000).equals("x");
      out.append(
          wholeName && nothingLeft
              ? "untitled-" + sha256(text).substring(0, 8)
              : OldImplementations.slug(text, OutputPattern.MAX_SEGMENT));
      out.append(after);
    }
    String problem = OldImplementations.workspacePathProblem(out.toString());
    return problem == null ? out.toString() : "invalid: " + problem;
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(Object value) {
    if (value == null) {
      return "none";
    }
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return value.toString();
  }

  private static String actualApply(OutputPattern p, Map<String, ?> row) {
    try {
      return p.apply(row).value();
    } catch (InvalidPathException e) {
      return "invalid: " + e.reason();
    } catch (MlosException e) {
      String col = e.getMessage().replaceFirst("(?s).*uses \\{([^}]*)\\}.*", "$1");
      return "missing column " + col;
    }
  }

  private static final String[] PATTERNS = {
    "needs/{id}-{title}.md",
    "{title}",
    "{ title }/{id}.md",
    "docs/{kind}/{title}.md",
    "plain/page.md",
    "../{id}.md",
    "{id}:{title}.md",
    "a/{id}/./x.md",
    "{id}{title}{kind}",
    "{missing}.md",
  };

  @Test
  void randomRowsGiveTheSamePathsAsBefore() {
    SplittableRandom random = new SplittableRandom(31337L);
    List<OutputPattern> patterns = new ArrayList<>();
    for (String p : PATTERNS) {
      patterns.add(new OutputPattern("v", p));
    }
    for (int n = 0; n < 20_000; n++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", randomValue(random));
      row.put("title", randomValue(random));
      if (random.nextBoolean()) {
        row.put("kind", randomValue(random));
      }
      for (int k = 0; k < PATTERNS.length; k++) {
        String expected = referenceApply(PATTERNS[k], row);
        assertEquals(expected, actualApply(patterns.get(k), row), PATTERNS[k] + " " + row);
      }
    }
  }

  private static Object randomValue(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> null;
      case 1 -> random.nextLong(-1000, 100_000);
      case 2 -> random.nextBoolean() ? (double) random.nextInt(1000) : random.nextDouble() * 100;
      case 3 -> "word ".repeat(random.nextInt(30));
      default -> NastyStrings.next(random, 30);
    };
  }
}
