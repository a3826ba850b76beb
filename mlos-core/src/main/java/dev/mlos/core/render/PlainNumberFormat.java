package dev.mlos.core.render;

import freemarker.core.Environment;
import freemarker.core.TemplateNumberFormat;
import freemarker.core.TemplateNumberFormatFactory;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * How {@code ${n}} writes a number: its digits, plainly, in every locale. A fraction is written
 * with as many digits as tell it apart from its neighbours and no trailing zero or exponent ({@code
 * 0.000001}, {@code 1.5}, {@code 100000000000000000000}); a whole number has no point ({@code 3},
 * and {@code 0} for {@code -0.0}); NaN and the infinities keep Java's names. FreeMarker's own
 * "computer" format wrote a REAL column's {@code 1e-6} as {@code 0.0000010} and {@code 1e20} as
 * {@code 1E20}. {@code mlos.table} writes a number cell the same way.
 */
final class PlainNumberFormat extends TemplateNumberFormat {
  /** The name in {@code number_format}: {@code @plain}. */
  static final String NAME = "plain";

  static final TemplateNumberFormatFactory FACTORY =
      new TemplateNumberFormatFactory() {
        @Override
        public TemplateNumberFormat get(String params, Locale locale, Environment env) {
          return INSTANCE;
        }
      };

  private static final PlainNumberFormat INSTANCE = new PlainNumberFormat();

  private PlainNumberFormat() {}

  /** {@code number} as this format writes it. */
  static String text(Number number) {
    // The fewest digits that read back as the same value, as Java 19's toString picks them on every
    // Java version (Java 17 wrote 1e23 as 99999999999999990000000); BigDecimal drops the exponent
    // and, stripped, the trailing zeros (and the sign of -0.0).
    if (number instanceof Double d) {
      return dev.mlos.core.view.DecimalText.plain(d);
    }
    if (number instanceof Float f) {
      return dev.mlos.core.view.DecimalText.plain(f);
    }
    return number instanceof BigDecimal b
        ? b.stripTrailingZeros().toPlainString()
        : number.toString();
  }

  @Override
  public String formatToPlainText(TemplateNumberModel number) throws TemplateModelException {
    return text(number.getAsNumber());
  }

  @Override
  public boolean isLocaleBound() {
    return false;
  }

  @Override
  public String getDescription() {
    return "plain digits (mlos)";
  }
}
