package dev.mlos.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A REAL's digits are the same whichever Java compiles the page: Java 17's {@code Double.toString}
 * wrote some values with more digits than Java 19's, so a teammate on another Java version churned
 * every page holding one.
 */
class DecimalTextTest {
  /** Values Java 17 writes otherwise, with what Java 19's {@code Double.toString} writes. */
  private static final Map<Double, String> JAVA_19 =
      Map.of(
          1.0E23, "1.0E23",
          2.0E23, "2.0E23",
          -1.0E23, "-1.0E23",
          8.41E21, "8.41E21",
          2.82879384806159E17, "2.82879384806159E17",
          4.8726570057E288, "4.8726570057E288",
          5e-324, "4.9E-324");

  @Test
  void valuesJava17WritesWithMoreDigitsGetJava19sText() {
    JAVA_19.forEach(
        (d, text) -> {
          assertEquals(text, DecimalText.of(d), "for " + Double.toString(d));
          if (Runtime.version().feature() >= 19) {
            assertEquals(Double.toString(d), DecimalText.of(d));
          }
        });
    assertEquals("100000000000000000000000", DecimalText.plain(1.0E23));
    assertEquals("-200000000000000000000000", DecimalText.plain(-2.0E23));
  }

  /**
   * Every power of two, the 300 smallest subnormals and 500 random doubles (and each as a float)
   * against what Temurin 25's Double.toString and Float.toString write: next to a power of two the
   * closest short decimal may not read back where the other one does, and Java 17 writes short
   * subnormals otherwise (1.0E-323 for 9.9E-324); both were wrong before (found by the review).
   */
  @Test
  void powersOfTwoSubnormalsAndRandomValuesAreWrittenAsJava25WritesThem() throws Exception {
    int checked = 0;
    try (java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                DecimalTextTest.class.getResourceAsStream("java25-decimal-text.tsv"),
                java.nio.charset.StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
        assertEquals(f[1], DecimalText.of(d), f[0]);
        if ((float) d != 0 && Float.isFinite((float) d)) {
          assertEquals(f[2], DecimalText.of((float) d), f[0] + " as a float");
        }
        checked++;
      }
    }
    assertTrue(checked > 2_800, "lines read: " + checked);
  }

  @Test
  void everyDayValuesAreWrittenAsJavaWritesThem() {
    for (double d :
        new double[] {0.1, 1.5, 100.0, -0.0, 0.0, 1e-7, 1234567.25, 1e20, 0.001, 9999999.0, 1e7}) {
      assertEquals(Double.toString(d), DecimalText.of(d));
    }
    assertEquals("NaN", DecimalText.of(Double.NaN));
    assertEquals("-Infinity", DecimalText.plain(Double.NEGATIVE_INFINITY));
    assertEquals("0.000001", DecimalText.plain(1e-6));
    assertEquals("0", DecimalText.plain(-0.0));
    assertEquals("0.1", DecimalText.of(0.1f));
    assertEquals("1.0E10", DecimalText.of(1e10f));
  }

  /**
   * Random doubles and floats: the text reads back as the value, has no more digits than the
   * running Java's own text, and is that text on Java 19 and later; its plain form is the same
   * number.
   */
  @Test
  void randomValuesReadBackInNoMoreDigitsThanJavaWrites() {
    SplittableRandom random = new SplittableRandom(20261205);
    int shorter = 0;
    for (int i = 0; i < 50_000; i++) {
      double d =
          i % 2 == 0
              ? Double.longBitsToDouble(random.nextLong())
              : random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
      if (!Double.isFinite(d)) {
        continue;
      }
      String text = DecimalText.of(d);
      assertEquals(d, Double.parseDouble(text), text);
      int mine = new BigDecimal(text).stripTrailingZeros().precision();
      int java = new BigDecimal(Double.toString(d)).stripTrailingZeros().precision();
      assertTrue(mine <= java, text + " against " + Double.toString(d));
      shorter += mine < java ? 1 : 0;
      if (Runtime.version().feature() >= 19) {
        assertEquals(Double.toString(d), text);
      }
      assertEquals(0, new BigDecimal(DecimalText.plain(d)).compareTo(new BigDecimal(text)), text);
      float f = (float) d;
      if (Float.isFinite(f) && f != 0) {
        String ft = DecimalText.of(f);
        assertEquals(f, Float.parseFloat(ft), ft);
      }
    }
    if (Runtime.version().feature() < 19) {
      // The values this class exists for are among them.
      assertTrue(shorter > 0, "no value written shorter than Java 17 writes it");
    }
  }
}
