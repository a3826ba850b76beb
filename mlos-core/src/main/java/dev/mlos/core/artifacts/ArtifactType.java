package dev.mlos.core.artifacts;

import dev.mlos.core.MlosException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code artifacts.artifact_type} values, and the rule the import uses to pick one from a
 * file's path:
 *
 * <ol>
 *   <li>a file under a directory named {@code transcripts} (at any depth), or named {@code
 *       *.transcript.md}: {@code transcript};
 *   <li>otherwise by extension (case-insensitive): {@code .md .markdown .txt .rst .adoc .pdf .html
 *       .htm .docx .odt} {@code document}; {@code .java .py .js .mjs .ts .tsx .jsx .go .rs .kt
 *       .scala .c .h .cpp .hpp .cs .rb .php .swift .sh .bash} {@code code}; {@code .yaml .yml .json
 *       .toml .properties .xml .ini .cfg .conf} {@code config}; {@code .sql .proto .graphql .xsd}
 *       {@code schema}; {@code .png .jpg .jpeg .gif .svg .webp .bmp .tif .tiff} {@code image};
 *   <li>any other file gets no type (NULL), unless the import names one.
 * </ol>
 *
 * {@code context_pack} is never guessed: name it explicitly.
 */
public enum ArtifactType {
  DOCUMENT,
  CODE,
  CONFIG,
  CONTEXT_PACK,
  TRANSCRIPT,
  IMAGE,
  SCHEMA;

  private static final Map<String, ArtifactType> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("md", DOCUMENT),
          Map.entry("markdown", DOCUMENT),
          Map.entry("txt", DOCUMENT),
          Map.entry("rst", DOCUMENT),
          Map.entry("adoc", DOCUMENT),
          Map.entry("pdf", DOCUMENT),
          Map.entry("html", DOCUMENT),
          Map.entry("htm", DOCUMENT),
          Map.entry("docx", DOCUMENT),
          Map.entry("odt", DOCUMENT),
          Map.entry("java", CODE),
          Map.entry("py", CODE),
          Map.entry("js", CODE),
          Map.entry("ts", CODE),
          Map.entry("go", CODE),
          Map.entry("rs", CODE),
          Map.entry("kt", CODE),
          Map.entry("c", CODE),
          Map.entry("h", CODE),
          Map.entry("sh", CODE),
          Map.entry("bash", CODE),
          Map.entry("mjs", CODE),
          Map.entry("tsx", CODE),
          Map.entry("jsx", CODE),
          Map.entry("scala", CODE),
          Map.entry("cpp", CODE),
          Map.entry("hpp", CODE),
          Map.entry("cs", CODE),
          Map.entry("rb", CODE),
          Map.entry("php", CODE),
          Map.entry("swift", CODE),
          Map.entry("yaml", CONFIG),
          Map.entry("yml", CONFIG),
          Map.entry("json", CONFIG),
          Map.entry("toml", CONFIG),
          Map.entry("properties", CONFIG),
          Map.entry("xml", CONFIG),
          Map.entry("ini", CONFIG),
          Map.entry("cfg", CONFIG),
          Map.entry("conf", CONFIG),
          Map.entry("sql", SCHEMA),
          Map.entry("proto", SCHEMA),
          Map.entry("graphql", SCHEMA),
          Map.entry("xsd", SCHEMA),
          Map.entry("png", IMAGE),
          Map.entry("jpg", IMAGE),
          Map.entry("jpeg", IMAGE),
          Map.entry("gif", IMAGE),
          Map.entry("svg", IMAGE),
          Map.entry("webp", IMAGE),
          Map.entry("bmp", IMAGE),
          Map.entry("tif", IMAGE),
          Map.entry("tiff", IMAGE));

  /** The value stored in the database, for example {@code context_pack}. */
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type the rule above gives a workspace-relative, '/'-separated path; empty when none. */
  public static Optional<ArtifactType> detect(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    List<String> segments = Arrays.asList(lower.split("/"));
    if (segments.subList(0, segments.size() - 1).contains("transcripts")
        || lower.endsWith(".transcript.md")) {
      return Optional.of(TRANSCRIPT);
    }
    String name = segments.get(segments.size() - 1);
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_EXTENSION.get(name.substring(dot + 1)));
  }

  /**
   * The type named {@code value} ({@code document}, {@code context_pack}, ... ; case-insensitive).
   *
   * @throws MlosException listing the valid names when there is no such type
   */
  public static ArtifactType parse(String value) {
    for (ArtifactType t : values()) {
      if (t.dbValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return t;
      }
    }
    throw new MlosException(
        MlosException.quoted(value) + " is not an artifact type",
        "use one of: "
            + String.join(", ", Arrays.stream(values()).map(ArtifactType::dbValue).toList()));
  }
}
