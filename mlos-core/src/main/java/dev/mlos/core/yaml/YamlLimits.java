package dev.mlos.core.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The bounds on every YAML or JSON file mlos reads: a size cap checked before parsing, and
 * SnakeYAML's own limits (code points, aliases, nesting) as a second line. A hostile or mistaken
 * file is refused with its name and the limit, not parsed for minutes at gigabytes of memory.
 */
public final class YamlLimits {
  /** {@code mlos.yaml}, a pack's {@code pack.yaml}, a shape file. */
  public static final long CONFIG_BYTES = 1L << 20;

  /** A graph record file (one file may hold many records). */
  public static final long RECORD_BYTES = 4L << 20;

  /** The front matter of a compiled page (SnakeYAML's own default code point limit, kept). */
  public static final long FRONT_MATTER_BYTES = 3L << 20;

  /**
   * Most times one list or mapping may be reused through an alias ({@code *name}) in a document.
   */
  public static final int MAX_ALIASES = 50;

  /**
   * Most values one document may expand to when turned into plain values: aliases share nodes, so a
   * few aliased lists of aliased lists could otherwise expand into billions.
   */
  public static final int MAX_VALUES = 1_000_000;

  /** Deepest nesting of lists and mappings. */
  public static final int MAX_NESTING = 50;

  private YamlLimits() {}

  /**
   * Reads {@code file} as UTF-8, refusing it before parsing when it holds more than {@code kind}'s
   * limit. The size is checked as the bytes arrive too, so a file that grows (or a device that
   * never ends) cannot get past the limit.
   *
   * @param kind what the file is: its limit, and its words and fix for the message
   * @throws FileTooLargeException when it is larger
   * @throws IOException when it cannot be read
   */
  public static String read(Path file, LimitedFile kind) throws IOException {
    return text(readBytes(file, kind), file.toString());
  }

  /**
   * {@code file}'s bytes, refused as {@link #read(Path, LimitedFile)} refuses them, for a caller
   * that hashes what it parses (a graph import records the SHA-256 of each record file it read).
   *
   * @throws FileTooLargeException when it is larger than {@code kind}'s limit
   * @throws IOException when it cannot be read
   */
  public static byte[] readBytes(Path file, LimitedFile kind) throws IOException {
    long limit = kind.limit();
    if (Files.isRegularFile(file) && Files.size(file) > limit) {
      throw new FileTooLargeException(file.toString(), kind, Files.size(file));
    }
    try (InputStream in = Files.newInputStream(file)) {
      return bounded(in, file.toString(), kind);
    }
  }

  /**
   * At most {@code kind}'s limit of bytes from {@code in}, or the refusal. Two bytes past the limit
   * are read, so a stream that ends one byte past it is refused with its exact size, as a larger
   * file is; only one that goes on is refused with the bytes read (a lower bound).
   */
  private static byte[] bounded(InputStream in, String source, LimitedFile kind)
      throws IOException {
    long limit = kind.limit();
    int asked = (int) Math.min(Integer.MAX_VALUE - 8, limit + 2);
    byte[] bytes = in.readNBytes(asked);
    if (bytes.length > limit) {
      // Fewer bytes than asked: the stream ended, and its size is known.
      throw new FileTooLargeException(source, kind, bytes.length, bytes.length < asked);
    }
    return bytes;
  }

  /** Reads a stream as UTF-8, refusing more than {@code kind}'s limit. Does not close it. */
  public static String read(InputStream in, String source, LimitedFile kind) throws IOException {
    return text(bounded(in, source, kind), source);
  }

  /**
   * {@code bytes} as UTF-8 text, refusing bytes that are not UTF-8 where they are: decoded
   * leniently, each would become U+FFFD, and a key written in another encoding be reported as an
   * unknown key made of replacement characters.
   */
  public static String text(byte[] bytes, String source) {
    java.nio.charset.CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
    java.nio.charset.CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      int at = in.position();
      int lineStart = 0;
      int line = 1;
      for (int i = 0; i < at; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      int column =
          new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8).length() + 1;
      throw new InvalidYamlException(
          source,
          line,
          column,
          String.format(
              java.util.Locale.ROOT,
              "is not UTF-8 text: byte 0x%02X there is not UTF-8",
              bytes[at] & 0xFF),
          "save the file as UTF-8 (mlos reads YAML and JSON files only as UTF-8)");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  /**
   * SnakeYAML options for a document read from at most {@code limitBytes}: no duplicate keys, a
   * code point limit matching the byte limit, and alias and nesting limits that stop a "billion
   * laughs" document.
   */
  public static LoaderOptions loaderOptions(long limitBytes) {
    LoaderOptions options = new LoaderOptions();
    // Refused when a document is constructed into plain values; YamlNode, which only composes,
    // refuses duplicates itself.
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limitBytes));
    return options;
  }

  /**
   * The one way mlos builds a SnakeYAML loader: safe constructor (plain values only) with {@link
   * #loaderOptions}. A {@code Yaml} is not thread-safe; callers that reuse one keep it per thread.
   */
  public static Yaml loader(long limitBytes) {
    return new Yaml(new SafeConstructor(loaderOptions(limitBytes)));
  }

  /**
   * The fix for a SnakeYAML error that is one of our limits (too many aliases, too deep, too long),
   * or null when the error is plain syntax; too long is {@code kind}'s fix.
   */
  public static String fixFor(YAMLException e, LimitedFile kind) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("aliases")) {
      return "the file reuses lists or mappings through aliases (*name) more than "
          + MAX_ALIASES
          + " times, which mlos refuses so a few lines cannot expand into gigabytes; write the values out, or reuse fewer";
    }
    if (m.contains("Nesting Depth")) {
      return "lists and mappings may nest at most "
          + MAX_NESTING
          + " levels deep; flatten the document";
    }
    if (m.contains("exceeds the limit")) {
      return "the document is longer than mlos reads for "
          + kind.plural()
          + " ("
          + describeBytes(kind.limit())
          + "): "
          + kind.fix();
    }
    return null;
  }

  /** {@code 1 MiB}, {@code 16 MiB}, {@code 512 KiB} or a byte count. */
  public static String describeBytes(long bytes) {
    if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return String.format(Locale.ROOT, "%d bytes", bytes);
  }
}
