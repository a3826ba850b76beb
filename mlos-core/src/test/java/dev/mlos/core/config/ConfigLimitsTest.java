package dev.mlos.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.yaml.FileTooLargeException;
import dev.mlos.core.yaml.InvalidYamlException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 items 6 and 15: a huge or hostile mlos.yaml is refused quickly, with a fix, and never
 * echoed whole.
 */
class ConfigLimitsTest {
  @TempDir Path root;

  private InvalidYamlException failure(String yaml) throws IOException {
    Files.writeString(root.resolve("mlos.yaml"), yaml);
    return assertThrows(
        InvalidYamlException.class, () -> new ConfigLoader().load(root, ConfigOverrides.none()));
  }

  @Test
  void aFiftyMegabyteScalarIsRefusedBeforeParsingNamingTheFileAndTheLimit() throws IOException {
    Path file = root.resolve("mlos.yaml");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("workspace: \"");
      char[] chunk = new char[1 << 16];
      Arrays.fill(chunk, 'x');
      for (int i = 0; i < 50 * 16; i++) {
        w.write(chunk);
      }
      w.write("\"\n");
    }
    FileTooLargeException e =
        assertThrows(
            FileTooLargeException.class,
            () -> new ConfigLoader().load(root, ConfigOverrides.none()));
    assertEquals(
        file
            + ": is larger than the 1 MiB limit for configuration files ("
            + Files.size(file)
            + " bytes); refused before parsing",
        e.getMessage());
    // mlos.yaml includes no other file: the fix names what can live elsewhere, not a split.
    assertEquals(dev.mlos.core.yaml.LimitedFile.WORKSPACE_CONFIG.fix(), e.fix());
    assertTrue(e.fix().startsWith("a workspace's settings file includes no other file"), e.fix());
    assertEquals(1L << 20, e.limit());
  }

  @Test
  void aLongValueInAnErrorIsCutWithItsLength() throws IOException {
    String name = "Bad Name " + "y".repeat(500_000);
    InvalidYamlException e = failure("workspace: '" + name + "'\n");
    assertTrue(
        e.getMessage().length() < 400, "message of " + e.getMessage().length() + " characters");
    assertTrue(e.getMessage().contains("'Bad Name yyy"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("...' (" + name.length() + " characters) is not a valid workspace name"),
        e.getMessage());
  }

  @Test
  void anAliasBombIsRefusedWithAFix() throws IOException {
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }
    InvalidYamlException e =
        failure("params:\n  bomb:\n    " + bomb.toString().replace("\n", "\n    ") + "\n");
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    assertTrue(e.fix().contains("aliases (*name) more than 50 times"), e.fix());
  }

  @Test
  void aDeepButAllowedAliasChainCannotExpandWithoutBound() throws IOException {
    // 20 levels of two aliases each: 40 aliases (under the limit of 50) but 2^20 values when
    // expanded.
    StringBuilder chain =
        new StringBuilder(
            "views:\n  mine:\n    template: t.ftl\n    output: X.md\n"
                + "    queries:\n      q: SELECT :deep AS d\nparams:\n  deep:\n    l0: &l0 [x, x]\n");
    for (int i = 1; i <= 20; i++) {
      chain
          .append("    l")
          .append(i)
          .append(": &l")
          .append(i)
          .append(" [*l")
          .append(i - 1)
          .append(", *l")
          .append(i - 1)
          .append("]\n");
    }
    InvalidYamlException e = failure(chain.toString());
    assertTrue(
        e.getMessage().contains("params.deep: expands to more than 1000000 values"),
        e.getMessage());
    assertTrue(e.fix() != null && e.fix().contains("aliases"), e.fix());
  }
}
