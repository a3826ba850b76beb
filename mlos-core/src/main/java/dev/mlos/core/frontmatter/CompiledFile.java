package dev.mlos.core.frontmatter;

import dev.mlos.core.MlosException;
import dev.mlos.core.hash.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The compiled-file format. A compiled file is exactly:
 *
 * <pre>
 * ---
 * &lt;fields, in the given order&gt;
 * view: &lt;view&gt;
 * compiled_at: &lt;compiledAt&gt;
 * content_hash: &lt;64 hex&gt;
 * ---
 *
 * &lt;!-- mlos: generated from the database by view '&lt;view&gt;'. Do not edit: change the data and compile again. --&gt;
 *
 * &lt;body&gt;
 * </pre>
 *
 * with LF line endings and exactly one final newline. The comment is the same words whichever tool
 * compiled the file (a page the {@code mlos} command compiled is what the Maven plugin would
 * write); files written while it named a command ({@code then run `mvn mlos:compile`}) still parse,
 * its prefix being unchanged, but a guard reports them STALE until the next compile (for an empty
 * body the file ends with the comment line). The blank line after the front matter is the one
 * prettier puts there; files written before it (comment right after the closing {@code ---}) still
 * parse. {@code content_hash} is the SHA-256 of the file text without its {@code compiled_at:} and
 * {@code content_hash:} lines, so recompiling unchanged data at another time changes only the
 * {@code compiled_at} line.
 */
public final class CompiledFile {
  /** Key of the view name in the front matter. */
  public static final String VIEW_KEY = "view";

  /** Key of the compile timestamp in the front matter; its presence marks a compiled file. */
  public static final String COMPILED_AT_KEY = "compiled_at";

  /** Key of the content hash in the front matter. */
  public static final String CONTENT_HASH_KEY = "content_hash";

  private static final String DELIMITER = "---\n";
  private static final byte[] DELIMITER_BYTES = DELIMITER.getBytes(StandardCharsets.UTF_8);
  private static final String COMMENT_PREFIX = "<!-- mlos: generated from the database";
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(CompiledFile::newSha256);

  private CompiledFile() {}

  /**
   * Renders a compiled file.
   *
   * @param fields front matter fields in order; keys match {@code [A-Za-z0-9_][A-Za-z0-9_.-]*} and
   *     are not {@code view}, {@code compiled_at} or {@code content_hash}; values are String,
   *     Integer, Long, Short, Byte, BigInteger, Double, Float, BigDecimal, Boolean, null or
   *     List&lt;String&gt;. Strings are written so that SnakeYAML loads them back unchanged
   *     (strings that look like other YAML types are quoted, multi-line strings are literal blocks)
   * @param view the view name: non-empty, one line, no {@code '}, {@code <} or {@code >}
   * @param body markdown; CRLF and CR become LF, trailing blank lines are removed, and it ends with
   *     exactly one newline
   * @param compiledAt the timestamp to record, for example {@code 2026-11-21T00:00:00Z}; one line
   * @return the file text; encode it as UTF-8
   * @throws IllegalArgumentException when a key, value, view or compiledAt breaks the rules above
   */
  public static String render(
      LinkedHashMap<String, Object> fields, String view, String body, String compiledAt) {
    return rendering(fields, view, body, compiledAt).text();
  }

  /**
   * A rendered compiled file and its content hash: what {@link #contentHashOf} gives for {@code
   * text}, known while rendering, so a compiler need not parse its own output to get it. Two
   * renderings are equal when their text and hash are.
   */
  public static final class Rendering {
    private final String text;
    private final String contentHash;
    private volatile byte[] bytes;

    public Rendering(String text, String contentHash) {
      this.text = Objects.requireNonNull(text, "text");
      this.contentHash = Objects.requireNonNull(contentHash, "contentHash");
    }

    /** The file text. */
    public String text() {
      return text;
    }

    /** The content hash (64 lowercase hex). */
    public String contentHash() {
      return contentHash;
    }

    /**
     * The file's bytes: {@link #text()} in UTF-8, encoded on the first call and then shared.
     * Callers must not modify the array.
     */
    public byte[] bytes() {
      byte[] encoded = bytes;
      if (encoded == null) {
        encoded = text.getBytes(StandardCharsets.UTF_8);
        bytes = encoded;
      }
      return encoded;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Rendering that
          && text.equals(that.text)
          && contentHash.equals(that.contentHash);
    }

    @Override
    public int hashCode() {
      return 31 * text.hashCode() + contentHash.hashCode();
    }

    @Override
    public String toString() {
      return "Rendering[text=" + text + ", contentHash=" + contentHash + "]";
    }
  }

  /** As {@link #render}, with the content hash. */
  public static Rendering rendering(
      LinkedHashMap<String, Object> fields, String view, String body, String compiledAt) {
    checkView(view);
    checkOneLine("compiledAt", compiledAt);
    Map<String, Object> main = new LinkedHashMap<>();
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      String key = field.getKey();
      FrontMatterYaml.checkKey(key);
      if (key.equals(VIEW_KEY) || key.equals(COMPILED_AT_KEY) || key.equals(CONTENT_HASH_KEY)) {
        throw new IllegalArgumentException(
            "Front matter key '" + key + "' is reserved: mlos writes it itself");
      }
      FrontMatterYaml.checkValue(key, field.getValue());
      main.put(key, field.getValue());
    }
    main.put(VIEW_KEY, view);
    String normalizedBody = normalizeBody(body);
    String comment = comment(view);

    // The text is: DELIMITER yaml compiled_at-line content_hash-line tail, where tail is
    // DELIMITER "\n" comment "\n" ["\n" body]. The hash covers all of it but the two lines, so it
    // is
    // fed the parts' bytes instead of a second copy of the page.
    StringBuilder text =
        new StringBuilder(256 + 64 * main.size() + comment.length() + normalizedBody.length());
    text.append(DELIMITER);
    FrontMatterYaml.appendMapping(text, main);
    MessageDigest digest = SHA_256.get();
    digest.reset();
    digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
    digest.update(DELIMITER_BYTES);
    digest.update((byte) '\n');
    digest.update(comment.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
    if (!normalizedBody.isEmpty()) {
      digest.update((byte) '\n');
      digest.update(normalizedBody.getBytes(StandardCharsets.UTF_8));
    }
    String contentHash = HEX.formatHex(digest.digest());

    FrontMatterYaml.appendEntry(text, COMPILED_AT_KEY, compiledAt);
    FrontMatterYaml.appendEntry(text, CONTENT_HASH_KEY, contentHash);
    text.append(DELIMITER).append('\n').append(comment).append('\n');
    if (!normalizedBody.isEmpty()) {
      text.append('\n').append(normalizedBody);
    }
    return new Rendering(text.toString(), contentHash);
  }

  /** The generated-file comment line for {@code view}, without its newline. */
  public static String comment(String view) {
    return COMMENT_PREFIX
        + " by view '"
        + view
        + "'. Do not edit: change the data and compile again. -->";
  }

  /**
   * The content hash of any file text: line endings are normalised to LF, then the {@code
   * compiled_at:} and {@code content_hash:} lines of the front matter (if any) are removed and the
   * rest is hashed. For a file written by {@link #render} this equals its {@code content_hash}
   * until someone edits it.
   */
  public static String contentHashOf(String fileText) {
    String text = FrontMatterLines.normalizeLineEndings(fileText);
    Optional<FrontMatterBlock> block = FrontMatterBlock.locate(text);
    if (block.isEmpty()) {
      return Sha256.of(text);
    }
    FrontMatterBlock fm = block.get();
    StringBuilder canonical = new StringBuilder(text.length());
    canonical.append(text, 0, fm.yamlStart());
    int lineStart = fm.yamlStart();
    while (lineStart < fm.yamlEnd()) {
      int lineEnd = FrontMatterBlock.lineEnd(text, lineStart);
      if (!text.startsWith(COMPILED_AT_KEY + ":", lineStart)
          && !text.startsWith(CONTENT_HASH_KEY + ":", lineStart)) {
        canonical.append(text, lineStart, lineEnd);
      }
      lineStart = lineEnd;
    }
    canonical.append(text, fm.yamlEnd(), text.length());
    return Sha256.of(canonical.toString());
  }

  /**
   * Reads a compiled file from its text (any line endings).
   *
   * @return a {@link ParsedFile}, or a {@link NotCompiledFile} when the text has no closed front
   *     matter or its front matter has no {@code compiled_at}
   * @throws InvalidFrontMatterException when the front matter is not valid YAML or not a mapping
   */
  public static ParseResult parse(String text) {
    return parse(text, null);
  }

  /**
   * Reads a compiled file (UTF-8).
   *
   * @throws InvalidFrontMatterException naming the file and line when its front matter is broken
   * @throws MlosException when the file cannot be read or is not UTF-8
   */
  public static ParseResult parse(Path file) {
    return parse(readUtf8(file), file);
  }

  /**
   * Whether the file says mlos compiled it ({@code compiled_at} in its front matter), the test the
   * import's skip and the engine's artifact registration share. A file that does not start with a
   * {@code ---} line is told from its first bytes, not read whole; unreadable or malformed front
   * matter does not say so.
   */
  public static boolean saysCompiled(Path file) {
    if (!startsWithFrontMatter(file)) {
      return false;
    }
    try {
      return parse(file) instanceof ParsedFile;
    } catch (MlosException e) {
      return false;
    }
  }

  /**
   * False when the file does not start with a {@code ---} line (after an optional byte order mark),
   * decided from its first bytes, so the documents of a large workspace are not read whole; true
   * also when they cannot be read (the full check then says what is wrong).
   */
  public static boolean startsWithFrontMatter(Path file) {
    byte[] head = new byte[6];
    int n;
    try (var in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return true;
    }
    int i =
        n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF
            ? 3
            : 0;
    return n - i >= 3 && head[i] == '-' && head[i + 1] == '-' && head[i + 2] == '-';
  }

  static ParseResult parse(String fileText, Path file) {
    String text = FrontMatterLines.normalizeLineEndings(fileText);
    Optional<FrontMatterBlock> block = FrontMatterBlock.locate(text);
    if (block.isEmpty()) {
      return new NotCompiledFile("no front matter (the file does not start with a '---' line)");
    }
    FrontMatterBlock fm = block.get();
    if (!fm.closed()) {
      return new NotCompiledFile("the front matter has no closing '---' line");
    }
    Map<String, Object> frontMatter =
        FrontMatterYaml.load(fm.yaml(), file, FrontMatterBlock.FIRST_YAML_LINE);
    if (!frontMatter.containsKey(COMPILED_AT_KEY)) {
      return new NotCompiledFile("the front matter has no " + COMPILED_AT_KEY);
    }
    int bodyStart = fm.end();
    if (text.startsWith("\n" + COMMENT_PREFIX, bodyStart)) {
      bodyStart++;
    }
    if (text.startsWith(COMMENT_PREFIX, bodyStart)) {
      bodyStart = FrontMatterBlock.lineEnd(text, bodyStart);
      if (text.startsWith("\n", bodyStart)) {
        bodyStart++;
      }
    }
    return new ParsedFile(
        frontMatter,
        text.substring(bodyStart),
        FrontMatterBlock.lineOf(text, bodyStart),
        FrontMatterYaml.asText(frontMatter.get(CONTENT_HASH_KEY)),
        FrontMatterYaml.asText(frontMatter.get(COMPILED_AT_KEY)),
        FrontMatterYaml.asText(frontMatter.get(VIEW_KEY)));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** CRLF/CR to LF, trailing whitespace-only lines removed, exactly one final newline. */
  static String normalizeBody(String body) {
    String text = FrontMatterLines.normalizeLineEndings(body == null ? "" : body);
    int end = text.length();
    // Walk back over whole lines that are blank.
    while (end > 0) {
      int lineStart = text.lastIndexOf('\n', end - 1) + 1;
      if (!text.substring(lineStart, end).isBlank()) {
        break;
      }
      end = lineStart == 0 ? 0 : lineStart - 1;
    }
    if (end == 0) {
      return "";
    }
    // Already ending with exactly one newline after a non-blank line: no copy.
    return end == text.length() - 1 && text.charAt(end) == '\n'
        ? text
        : text.substring(0, end) + "\n";
  }

  /**
   * The file's text, strictly UTF-8.
   *
   * @throws MlosException when it cannot be read or is not UTF-8
   */
  public static String readUtf8(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new MlosException(file + ": not valid UTF-8 text", "Save the file as UTF-8.", e);
    } catch (IOException e) {
      throw new MlosException(
          file + ": cannot read: " + e, "Check that the file exists and is readable.", e);
    }
  }

  private static void checkView(String view) {
    checkOneLine("view", view);
    if (view.isBlank()
        || !view.equals(view.strip())
        || view.indexOf('\'') >= 0
        || view.indexOf('<') >= 0
        || view.indexOf('>') >= 0) {
      throw new IllegalArgumentException(
          "View name '"
              + view
              + "' is not allowed in a compiled file: it must be non-empty, without surrounding"
              + " spaces, quotes, '<' or '>'");
    }
  }

  private static void checkOneLine(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw new IllegalArgumentException(
            what + " must be one line without control characters: " + value.replace("\n", "\\n"));
      }
    }
  }
}
