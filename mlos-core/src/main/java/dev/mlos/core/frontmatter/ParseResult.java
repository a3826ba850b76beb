package dev.mlos.core.frontmatter;

import java.util.Optional;

/**
 * What {@link CompiledFile#parse(String)} found: a {@link ParsedFile} or a {@link NotCompiledFile}.
 */
public sealed interface ParseResult permits ParsedFile, NotCompiledFile {
  /** The parsed file, or empty when the text is not a compiled file. */
  default Optional<ParsedFile> asCompiled() {
    return this instanceof ParsedFile parsed ? Optional.of(parsed) : Optional.empty();
  }
}
