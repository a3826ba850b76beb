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
          .addSerializer(Double.class, new Doubles())
          .addSerializer(double.class, new Doubles())
          .addSerializer(Float.class, new Floats())
          .addSerializer(float.class, new Floats());

  private static final class Doubles extends JsonSerializer<Double> {
    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      if (Double.isFinite(value)) {
        gen.writeNumber(DecimalText.of(value));
      } else {
        gen.writeNumber(value);
      }
    }
  }

  private static final class Floats extends JsonSerializer<Float> {
    @Override
    public void serialize(Float value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      if (Float.isFinite(value)) {
        gen.writeNumber(DecimalText.of(value));
      } else {
        gen.writeNumber(value);
      }
    }
  }
}
