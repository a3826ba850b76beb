package dev.mlos.core.frontmatter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compiled file read back.
 *
 * @param frontMatter every front matter key in file order, including {@code view}, {@code
 *     compiled_at} and {@code content_hash}; values as SnakeYAML loads them (String, Integer, Long,
 *     BigInteger, Double, Boolean, null, List, ...); unmodifiable
 * @param body the text after the front matter and after the generated-file comment line and the one
 *     blank line that follows it (when present), exactly as in the file (LF line endings)
 * @param bodyStartLine 1-based line of the first body line
 * @param declaredContentHash the {@code content_hash} value, or {@code null} when absent; compare
 *     it with {@link CompiledFile#contentHashOf(String)} to detect hand edits
 * @param compiledAt the {@code compiled_at} value as text
 * @param view the {@code view} value, or {@code null} when absent
 */
public record ParsedFile(
    Map<String, Object> frontMatter,
    String body,
    int bodyStartLine,
    String declaredContentHash,
    String compiledAt,
    String view)
    implements ParseResult {
  public ParsedFile {
    frontMatter = Collections.unmodifiableMap(new LinkedHashMap<>(frontMatter));
  }
}
