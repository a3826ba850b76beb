package dev.mlos.core.view;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A double's or float's text as {@link Double#toString} writes it from Java 19 on, on every Java
 * version: the decimal with the fewest digits (at least two) that reads back as the same value, the
 * closest to it when several do. Java 17's {@code Double.toString} writes some values with more
 * digits or other last digits ({@code 1.0E23} as {@code 9.999999999999999E22}, {@code 2.0E23} as
 * {@code 1.9999999999999998E23}; about 3 in 1,000 random doubles, all of them written with 16 or
 * more digits), so a page or an answer holding such a REAL changed with the Java version a teammate
 * compiled on.
 */
public final class DecimalText {
  private DecimalText() {}

  /**
   * Java 17 writes a normal value with at most this many digits as Java 19 does: its defect adds
   * digits (checked on 300,000 random doubles: every difference had 17 or 18 digits; {@code 1.0E23}
   * has 16), so a shorter text is taken as it is, without the exact search below. Subnormal values
   * always get the search: Java 17 writes some in two digits that Java 19 writes otherwise ({@code
   * 1.0E-323} for {@code 9.9E-324}).
   */
  private static final int TRUSTED_DIGITS = 15;

  private static final BigDecimal THOUSANDTH = new BigDecimal("0.001");
  private static final BigDecimal TEN_MILLION = new BigDecimal(10_000_000);

  /**
   * As {@link Double#toString} on Java 19 and later (NaN and the infinities as Java names them).
   */
  public static String of(double d) {
    String text = Double.toString(d);
    if (!Double.isFinite(d)
        || d == 0
        || Math.abs(d) >= Double.MIN_NORMAL && digits(text) <= TRUSTED_DIGITS) {
      return text;
    }
    return javaStyle(shortest(new BigDecimal(d), 17, r -> r.doubleValue() == d));
  }

  /** As {@link Float#toString} on Java 19 and later. */
  public static String of(float f) {
    String text = Float.toString(f);
    if (!Float.isFinite(f) || f == 0 || Math.abs(f) >= Float.MIN_NORMAL && digits(text) <= 6) {
      return text;
    }
    return javaStyle(shortest(new BigDecimal(f), 9, r -> r.floatValue() == f));
  }

  /**
   * {@link #of(double)} without an exponent and without trailing zeros ({@code 1.0E20}: 1 and 20
   * zeros).
   */
  public static String plain(double d) {
    return Double.isFinite(d)
        ? new BigDecimal(of(d)).stripTrailingZeros().toPlainString()
        : Double.toString(d);
  }

  /** As {@link #plain(double)} for a float. */
  public static String plain(float f) {
    return Float.isFinite(f)
        ? new BigDecimal(of(f)).stripTrailingZeros().toPlainString()
        : Float.toString(f);
  }

  /**
   * The decimal of the fewest significant digits (two at least) that reads back as the value, the
   * closest to it of those (the one with an even last digit on a tie). At each length the two
   * decimals around the exact value are tried: the closer one may not read back where the other
   * does (next to a power of two, the values below read back over a narrower range).
   */
  private static BigDecimal shortest(
      BigDecimal exact, int most, java.util.function.Predicate<BigDecimal> readsBack) {
    for (int n = 2; n <= most; n++) {
      BigDecimal low = exact.round(new MathContext(n, RoundingMode.FLOOR));
      BigDecimal high = exact.round(new MathContext(n, RoundingMode.CEILING));
      boolean lowReads = readsBack.test(low);
      boolean highReads = readsBack.test(high);
      if (lowReads && highReads && low.compareTo(high) != 0) {
        int closer = exact.subtract(low).abs().compareTo(high.subtract(exact).abs());
        if (closer != 0) {
          return closer < 0 ? low : high;
        }
        return low.unscaledValue().testBit(0) ? high : low;
      }
      if (lowReads || highReads) {
        return lowReads ? low : high;
      }
    }
    return exact.round(new MathContext(most, RoundingMode.HALF_EVEN));
  }

  /**
   * Java's form: plain digits with at least one after the point from 0.001 up to 10,000,000;
   * otherwise one digit, the point, the rest (at least one) and {@code E} with the exponent.
   */
  private static String javaStyle(BigDecimal r) {
    BigDecimal v = r.stripTrailingZeros();
    String sign = v.signum() < 0 ? "-" : "";
    String digits = v.unscaledValue().abs().toString();
    // Decided on the decimal written, as Java 19's Double.toString decides it.
    if (v.abs().compareTo(THOUSANDTH) >= 0 && v.abs().compareTo(TEN_MILLION) < 0) {
      String plain = v.abs().toPlainString();
      return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
    }
    int exponent = v.precision() - v.scale() - 1;
    return sign
        + digits.charAt(0)
        + "."
        + (digits.length() > 1 ? digits.substring(1) : "0")
        + "E"
        + exponent;
  }

  /** The significant digits of a Java number text (no sign, point, exponent or leading zeros). */
  private static int digits(String text) {
    int end = text.indexOf('E');
    if (end < 0) {
      end = text.length();
    }
    int first = -1;
    int last = -1;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c >= '1' && c <= '9') {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first < 0) {
      return 0;
    }
    int n = 0;
    for (int i = first; i <= last; i++) {
      if (text.charAt(i) != '.') {
        n++;
      }
    }
    return n;
  }
}
