package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A REAL column's value as {@code ${n}} writes it (a trial: 1e-6 read {@code 0.0000010}, 1e20
 * {@code 1E20}), the same in every default locale.
 */
class RealNumbersTest {
  @TempDir Path dir;

  private static final String VALUES =
      "SELECT 1e-6 AS a, 0.1 AS b, 1.5 AS c, 1e20 AS d, -0.0 AS e, 3.0 AS f, -2.5e-7 AS g,"
          + " 1234567.25 AS h, 42 AS i";

  @Test
  void realsAreWrittenAsPlainDigitsInEveryLocale() {
    Locale before = Locale.getDefault();
    try {
      int n = 0;
      for (Locale l :
          new Locale[] {
            Locale.ROOT,
            Locale.forLanguageTag("tr-TR"),
            Locale.GERMANY,
            Locale.forLanguageTag("ar-EG"),
            Locale.forLanguageTag("hi-IN-u-nu-deva")
          }) {
        Locale.setDefault(l);
        TestWorkspace w = TestWorkspace.create(dir.resolve("w" + n++));
        w.write(
            "t.ftl",
            "<#assign r = v[0]>${r.a} ${r.b} ${r.c} ${r.d} ${r.e} ${r.f} ${r.g} ${r.h} ${r.i}\n"
                + "${0.000001} ${r.a?string}\n"
                + "${mlos.table([\"a\", \"d\"], [[r.a, r.d]])}\n");
        w.write(
            "mlos.yaml",
            "pack: none\nviews:\n  nums:\n    template: t.ftl\n    output: N.md\n"
                + "    queries:\n      v: "
                + VALUES
                + "\n");
        w.compile();
        String page = w.read("N.md");
        String body = page.substring(page.indexOf("-->\n\n") + 5);
        assertEquals(
            "0.000001 0.1 1.5 100000000000000000000 0 3 -0.00000025 1234567.25 42\n"
                + "0.000001 0.000001\n"
                + "| a        | d                     |\n"
                + "| -------- | --------------------- |\n"
                + "| 0.000001 | 100000000000000000000 |\n",
            body,
            l.toString());
      }
    } finally {
      Locale.setDefault(before);
    }
  }

  /**
   * A REAL Java 17's {@code Double.toString} writes with other digits than Java 19's (1e23 as
   * 9.999999999999999E22) is written with Java 19's on every Java version, so a page does not
   * change with the Java a teammate compiles on.
   */
  @Test
  void aRealJava17WritesOtherwiseHasTheSameDigitsOnEveryJava() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.write("t.ftl", "<#assign r = v[0]>${r.a} ${r.b} ${mlos.table([\"a\"], [[r.a]])?trim}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  nums:\n    template: t.ftl\n    output: N.md\n"
            + "    queries:\n      v: SELECT 1e23 AS a, -2e23 AS b\n");
    w.compile();
    String page = w.read("N.md");
    assertEquals(
        "100000000000000000000000 -200000000000000000000000 | a                        |\n"
            + "| ------------------------ |\n"
            + "| 100000000000000000000000 |\n",
        page.substring(page.indexOf("-->\n\n") + 5));
  }

  /**
   * {@code ?c} is FreeMarker's own format for computers, which a configuration cannot replace (its
   * CFormat classes cannot be extended outside FreeMarker): it writes a REAL's 1e-6 as {@code
   * 0.0000010} and 1e20 as {@code 1E20}, where {@code ${n}} writes plain digits.
   * docs/configuration.md says so and names the plain forms; this test fails when a FreeMarker
   * upgrade changes it.
   */
  @Test
  void questionMarkCKeepsFreeMarkersFormatAndThePlainFormsDoNot() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.write(
        "t.ftl",
        "<#assign r = v[0]>${r.a?c} ${r.d?c} ${r.g?c}\n"
            + "${r.a} ${r.a?string} ${\"\" + r.a} ${r.d?string} ${r.g?string}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  nums:\n    template: t.ftl\n    output: N.md\n"
            + "    queries:\n      v: "
            + VALUES
            + "\n");
    w.compile();
    String page = w.read("N.md");
    assertEquals(
        "0.0000010 1E20 -2.5E-7\n"
            + "0.000001 0.000001 0.000001 100000000000000000000 -0.00000025\n",
        page.substring(page.indexOf("-->\n\n") + 5));
  }
}
