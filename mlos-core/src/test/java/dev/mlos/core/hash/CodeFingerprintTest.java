package dev.mlos.core.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library's fingerprint is its own classes', however it is packaged: mlos-core inside the mlos
 * command's one jar fingerprints as mlos-core's own jar does under Maven.
 */
class CodeFingerprintTest {
  @TempDir Path dir;

  private Path jar(String name, Map<String, String> entries) throws Exception {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void theSameClassesInAnotherJarGiveTheSameFingerprint() throws Exception {
    Path own =
        jar(
            "mlos-core-1.0.jar",
            new java.util.LinkedHashMap<>(
                Map.of("dev/mlos/core/A.class", "a", "dev/mlos/core/x/B.class", "b")));
    java.util.LinkedHashMap<String, String> fat = new java.util.LinkedHashMap<>();
    fat.put("dev/mlos/cli/Main.class", "main");
    fat.put("dev/mlos/core/x/B.class", "b");
    fat.put("picocli/CommandLine.class", "p");
    fat.put("dev/mlos/core/A.class", "a");
    Path all = jar("mlos.jar", fat);

    assertEquals(
        CodeFingerprint.ofJar(own, "dev/mlos/core/"), CodeFingerprint.ofJar(all, "dev/mlos/core/"));
  }

  @Test
  void aChangedClassOrAnotherClassChangesIt() throws Exception {
    String before =
        CodeFingerprint.ofJar(jar("a.jar", Map.of("dev/mlos/core/A.class", "a")), "dev/mlos/core/");
    assertNotEquals(
        before,
        CodeFingerprint.ofJar(
            jar("b.jar", Map.of("dev/mlos/core/A.class", "A")), "dev/mlos/core/"));
    assertNotEquals(
        before,
        CodeFingerprint.ofJar(
            jar("c.jar", Map.of("dev/mlos/core/A.class", "a", "dev/mlos/core/B.class", "b")),
            "dev/mlos/core/"));
    assertNotEquals(
        before,
        CodeFingerprint.ofJar(
            jar("d.jar", Map.of("dev/mlos/core/A2.class", "a")), "dev/mlos/core/"));
  }
}
