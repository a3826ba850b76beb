package dev.mlos.core.frontmatter;

/**
 * The text is not a file mlos compiled: it has no (closed) front matter, or its front matter has no
 * {@code compiled_at} key. Users' own markdown files look like this.
 *
 * @param reason why, for example {@code "no front matter"}
 */
public record NotCompiledFile(String reason) implements ParseResult {}
