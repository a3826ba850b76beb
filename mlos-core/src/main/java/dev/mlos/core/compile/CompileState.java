package dev.mlos.core.compile;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.DatabaseFingerprint;
import dev.mlos.core.hash.CodeFingerprint;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.view.Json;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a compile's output depends on, recorded after a successful compile so that the next
 * one can tell, without rendering, that nothing changed: the configuration and mlos's own code, the
 * database file's bytes, every template it loaded and every workspace file a template read.
 * Rendering is deterministic, so equal inputs give equal pages. When anything differs, or the state
 * file is missing, the compile renders everything as usual.
 *
 * <p>Kept in {@code <state directory>/compile-state} (default {@code target/mlos/}), outside the
 * database, because recording it in the database would change the very bytes it fingerprints.
 */
record CompileState(
    String inputs,
    String database,
    Map<String, String> templates,
    Map<String, String> files,
    OutputManifest.Summary outputs) {

  static Path file(WorkspaceConfig config) {
    return config.stateDirectory().resolve("compile-state");
  }

  /** The fingerprint of the configuration and of mlos itself. */
  static String inputs(WorkspaceConfig config) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("code", codeFingerprint());
    all.put("workspace", config.name());
    all.put("root", config.root().toString());
    all.put("output", config.outputDirectory().toString());
    all.put("database", config.database().toString());
    // In declaration order: templates can list params, and see them in that order.
    all.put("params", config.params());
    all.put("views", PageInputs.viewDefinitions(config));
    all.put("max_page_bytes", config.maxPageBytes());
    // Not an input of any page, but a compile under a lower cap must count the pages again.
    all.put("max_pages_per_view", config.maxPagesPerView());
    return Sha256.of(Json.write(all));
  }

  /** The database as it is on disk: {@link DatabaseFingerprint#of}. */
  static String database(Path db) throws IOException {
    return DatabaseFingerprint.of(db);
  }

  /** {@link DatabaseFingerprint#whileOpen}. */
  static String databaseWhileOpen(Path db) {
    return DatabaseFingerprint.whileOpen(db);
  }

  /** True when every input is as recorded. */
  boolean unchanged(WorkspaceConfig config, ClassLoader classLoader) throws IOException {
    // The database first: it is what changes most often, and the sooner a check knows, the sooner
    // the compile that follows sets up (issue 20).
    return database.equals(database(config.database()))
        && inputs.equals(inputs(config))
        && new CompileReads(templates, files, codeFingerprint()).unchanged(config, classLoader);
  }

  static Optional<CompileState> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String inputs = null;
      String database = null;
      OutputManifest.Summary outputs = null;
      Map<String, String> templates = new TreeMap<>();
      Map<String, String> files = new TreeMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] p = line.split("\t", 3);
        switch (p[0]) {
          case "inputs" -> inputs = p[1];
          case "database" -> database = p[1];
          case "outputs" -> outputs = new OutputManifest.Summary(Long.parseLong(p[1]), p[2]);
          case "template" -> templates.put(p[1], p[2]);
          case "file" -> files.put(p[1], p[2]);
          default -> {
            return Optional.empty();
          }
        }
      }
      return inputs == null || database == null || outputs == null
          ? Optional.empty()
          : Optional.of(new CompileState(inputs, database, templates, files, outputs));
    } catch (IOException | RuntimeException e) {
      // An unreadable state only costs a full compile.
      return Optional.empty();
    }
  }

  void write(Path file) {
    StringBuilder out = new StringBuilder();
    out.append("inputs\t").append(inputs).append('\n');
    out.append("database\t").append(database).append('\n');
    out.append("outputs\t")
        .append(outputs.count())
        .append('\t')
        .append(outputs.checksum())
        .append('\n');
    templates.forEach(
        (k, v) -> out.append("template\t").append(k).append('\t').append(v).append('\n'));
    files.forEach((k, v) -> out.append("file\t").append(k).append('\t').append(v).append('\n'));
    AtomicWriter.write(file, out.toString().getBytes(StandardCharsets.UTF_8), false);
  }

  /**
   * Deletes the state and the output list beside it, before a compile changes what they describe.
   */
  static void forget(WorkspaceConfig config) {
    for (Path f : new Path[] {file(config), OutputManifest.file(config)}) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // Left in place, the state is still checked against the database's bytes, which this
        // compile
        // changes; the list is trusted only through the state.
      }
    }
  }

  /**
   * The code that decides how pages render: mlos-core and the libraries it renders with
   * (FreeMarker, the token counter, the YAML/JSON reader), each by the SHA-256 of its jar. Only the
   * file's bytes and name count, not where it is, so the same versions give the same fingerprint on
   * every machine. A class directory (a build or test run of mlos itself) counts by the names,
   * sizes and modification times of its files.
   */
  static String codeFingerprint() {
    // The loaded classes cannot change during this JVM's life: hash the jars once.
    String known = codeFingerprint;
    if (known == null) {
      known = computeCodeFingerprint();
      codeFingerprint = known;
    }
    return known;
  }

  private static volatile String codeFingerprint;

  private static String computeCodeFingerprint() {
    // mlos-core and the libraries that shape a page, each by its own entries: the same whether
    // they come as separate jars (Maven) or inside the mlos command's one jar.
    return Sha256.of(
        CodeFingerprint.of(Compiler.class, "dev/mlos/core/")
            + '\n'
            + CodeFingerprint.of(freemarker.template.Configuration.class, "freemarker/")
            + '\n'
            + CodeFingerprint.of(com.knuddels.jtokkit.Encodings.class, "com/knuddels/jtokkit/")
            + '\n'
            + CodeFingerprint.of(org.yaml.snakeyaml.Yaml.class, "org/yaml/snakeyaml/")
            + '\n');
  }
}
