package dev.mlos.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.IVersionProvider;

/** {@code mlos --version}: the project version, filtered into a resource at build time. */
public final class Version implements IVersionProvider {
  /** The version string, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String value() {
    try (InputStream in = Version.class.getResourceAsStream("version.txt")) {
      return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"mlos " + value()};
  }
}
