package dev.mlos.core.render;

import freemarker.core.ArithmeticEngine;
import freemarker.core.Environment;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * FreeMarker's exact arithmetic (its default), each operation charged to the page's {@link
 * TemplateSteps} by the size of its numbers: {@code <#assign x = x * x>} twenty-five times made a
 * number of 33 million digits in 25 steps and 76 s, thirty times ran for hours; {@code
 * "1e999999999"?number} is one number that {@code ${...}} writes as a billion digits. Small numbers
 * cost a step or two; a multiplication costs the product of its numbers' sizes in 9-digit words, so
 * the bound stops such a page at its line long before the numbers grow large.
 */
final class BoundedArithmetic extends ArithmeticEngine.BigDecimalEngine {
  static final BoundedArithmetic INSTANCE = new BoundedArithmetic();

  private BoundedArithmetic() {}

  @Override
  public Number add(Number first, Number second) {
    charge(words(first) + words(second));
    return super.add(first, second);
  }

  @Override
  public Number subtract(Number first, Number second) {
    charge(words(first) + words(second));
    return super.subtract(first, second);
  }

  @Override
  public Number multiply(Number first, Number second) {
    charge(product(words(first), words(second)));
    return super.multiply(first, second);
  }

  @Override
  public Number divide(Number first, Number second) {
    charge(product(words(first), words(second)));
    return super.divide(first, second);
  }

  @Override
  public Number modulus(Number first, Number second) {
    charge(product(words(first), words(second)));
    return super.modulus(first, second);
  }

  /** A text read as a number ({@code ?number}): its digits as written out, exponent included. */
  @Override
  public Number toNumber(String s) {
    Number n = super.toNumber(s);
    charge(s.length() + digits(n));
    return n;
  }

  /** The decimal digits {@code n} has written out in full (its exponent's zeros too). */
  private static long digits(Number n) {
    if (!(n instanceof BigDecimal b)) {
      return n instanceof BigInteger i ? (long) (i.bitLength() * 0.30103) + 1 : 1;
    }
    return (long) (b.unscaledValue().bitLength() * 0.30103) + 1 + Math.abs((long) b.scale());
  }

  private static long words(Number n) {
    return digits(n) / 9 + 1;
  }

  private static long product(long a, long b) {
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  /** Charges the page being rendered on this thread; nothing when none is (parsing a template). */
  private static void charge(long steps) {
    Environment env = Environment.getCurrentEnvironment();
    if (env != null && env.getTemplateProcessingTracer() instanceof TemplateSteps meter) {
      meter.chargeArithmetic(steps);
    }
  }
}
