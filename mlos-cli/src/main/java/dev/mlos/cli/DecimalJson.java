package dev.mlos.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.mlos.core.view.DecimalText;
import java.io.IOException;

/**
 * Doubles and floats in the JSON mlos prints ({@code --json}) and answers over MCP, written as Java
 * 19's {@code Double.toString} writes them on every Java version ({@link DecimalText}), as the
 * compiled pages write them: Jackson writes Java's own text, which on Java 17 has other digits for
 * some values (1e23 as 9.999999999999999E22).
 */
public final class DecimalJson {
  private DecimalJson() {}

  /** The module to register on an {@code ObjectMapper}. */
  public static final SimpleModule MODULE =
      new SimpleModule("mlos-decimals")
          .addSerializer(Double.class, new Decimals<>())
          .addSerializer(double.class, new Decimals<>())
          .addSerializer(Float.class, new Decimals<>())
          .addSerializer(float.class, new Decimals<>());

  /**
   * A double or a float: finite ones as {@link DecimalText} writes them, others as Jackson does.
   */
  private static final class Decimals<T extends Number> extends JsonSerializer<T> {
    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      if (value instanceof Float f) {
        if (Float.isFinite(f)) {
          gen.writeNumber(DecimalText.of(f));
        } else {
          gen.writeNumber(f);
        }
      } else if (Double.isFinite(value.doubleValue())) {
        gen.writeNumber(DecimalText.of(value.doubleValue()));
      } else {
        gen.writeNumber(value.doubleValue());
      }
    }
  }
}
