package dev.mlos.core.render;

import static dev.mlos.core.render.TextFunctions.str;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.UnnameablePathException;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.view.OutputPattern;
import dev.mlos.core.yaml.InvalidYamlException;
import freemarker.core.Environment;
import freemarker.template.Configuration;
import freemarker.template.SimpleNumber;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateSequenceModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code mlos} object every template sees. Functions only compute from their arguments and from
 * files inside the workspace, so output stays deterministic.
 *
 * <ul>
 *   <li>{@code mlos.link(path)}: a relative markdown link target from the current file to {@code
 *       path} (relative to the output directory)
 *   <li>{@code mlos.linkFile(path)}: the same for a path relative to the workspace root (artifacts)
 *   <li>{@code mlos.pathOf(view, row)}: the output path a per-row view writes for {@code row}
 *   <li>{@code mlos.hasView(view)}: whether a per-row view is enabled (so links to it resolve)
 *   <li>{@code mlos.fileExists(path)}: whether a regular file exists at {@code path} (relative to
 *       the workspace root, inside it), so a template links it only then; recorded as a file read
 *       (an input of the compile)
 *   <li>{@code mlos.tokens(text)}: the number of tokens of {@code text} (o200k_base)
 *   <li>{@code mlos.budget(rows, tokens)}: splits rows with a {@code file_path} into {@code
 *       included} (with {@code content} and {@code tokens}) and {@code omitted}, in order
 *   <li>{@code mlos.inline(text)}: one line, markdown-escaped, for headings and running text
 *   <li>{@code mlos.cell(text)}: the same, safe inside a table cell
 *   <li>{@code mlos.linkText(text, fallback)}: {@code inline(text)}, or of {@code fallback} when
 *       that is empty: link text is never empty
 *   <li>{@code mlos.code(text)} / {@code mlos.codeCell(text)}: a code span holding {@code text} as
 *       it is (the second inside a table cell)
 *   <li>{@code mlos.block(text)}: multi-line markdown as written, without control characters; its
 *       raw HTML and its links of schemes other than http, https and mailto shown as text (see
 *       {@link SafeMarkdown}), a fence it leaves open closed (see {@link OpenBlocks})
 *   <li>{@code mlos.oneLine(text, max)}: whitespace runs made one space, trimmed, cut to {@code
 *       max} characters with "..." (not escaped)
 *   <li>{@code mlos.summary(text, max)}: a description's first paragraph, its markdown kept, on one
 *       line, or a first list's items joined with "; " (see {@link MarkdownSummary})
 *   <li>{@code mlos.mermaid(text)}: a mermaid node label, quoted and escaped
 *   <li>{@code mlos.fence(text)}: a backtick fence longer than any backtick run in {@code text}
 *   <li>{@code mlos.codeBlock(text, lang)}: a whole fenced code block holding {@code text}, as
 *       prettier writes it
 *   <li>{@code mlos.table(columns, rows)}: a GFM table, escaped and padded as prettier writes it
 *       (see {@link MarkdownTable})
 *   <li>{@code mlos.json(text)}: parses JSON (for example SQLite's {@code json_group_array}) into
 *       lists and hashes; empty or null text gives an empty list
 * </ul>
 */
final class MlosFunctions implements TemplateHashModel {
  /** Files larger than this are never inlined into a context pack. */
  static final long MAX_INLINE_BYTES = 1024 * 1024;

  /**
   * The state recorded for a file larger than {@link #MAX_INLINE_BYTES}, instead of its SHA-256: a
   * page lists such a file by reference (its row, with this reason) and shows nothing of its bytes,
   * so its content is no input of the page. Hashing it at every compile cost a full read (107 s for
   * a 20 GB dataset, an hour for a terabyte) to learn nothing the page shows; a file that crosses
   * the limit either way still changes the state, and the page is rendered again.
   */
  static final String LARGE = "larger than 1 MiB";

  private final Path root;
  private final Path outputDirectory;

  /** The most bytes of file text one {@code mlos.budget} call inlines: half a page. */
  private final long inlineBytes;

  /** What mlos.link resolves its argument against: the output directory as given. */
  private final Path linkBase;

  private final Map<String, OutputPattern> perRowViews;
  private final Map<String, TemplateModel> functions = new LinkedHashMap<>();

  /**
   * Workspace files templates read (mlos.budget), by path: what they were and their token count.
   * Many agents reach the same artifacts, so each file is read, hashed and tokenized once per
   * compile; the states are also the compile's inputs (see {@link #filesRead}).
   */
  private final Map<String, FileRead> reads = new ConcurrentHashMap<>();

  /**
   * One file as a template saw it.
   *
   * @param state its SHA-256, or a word such as "missing" (see {@link #fileState})
   * @param reason why it cannot be inlined, or null when it can
   * @param tokens its token count when it can be inlined
   */
  private record FileRead(String state, String reason, int tokens) {
    static final FileRead NO_FILE = new FileRead(null, "no file", 0);
  }

  private static final class Tokenizer {
    static final Encoding O200K =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }

  /**
   * Wraps what mlos.json and mlos.budget return. One for all calls: building a wrapper (with its
   * class introspector) cost more than parsing a need's JSON. Write-protected, so it is safe to
   * share between render threads.
   */
  private static final SimpleObjectWrapper WRAPPER = newWrapper();

  private static SimpleObjectWrapper newWrapper() {
    SimpleObjectWrapper w = new SimpleObjectWrapper(Configuration.VERSION_2_3_34);
    w.writeProtect();
    return w;
  }

  private static final AtomicBoolean WARMING = new AtomicBoolean();

  /**
   * Starts loading the o200k_base table (about a second of CPU; once per JVM) on a background
   * thread, for a compile whose templates count tokens: it is then ready when the first context
   * pack renders, instead of holding up a render thread (and the pages queued behind it) meanwhile.
   */
  static void warmTokenizer() {
    if (WARMING.compareAndSet(false, true)) {
      Thread t =
          new Thread(
              () -> {
                try {
                  Tokenizer.O200K.getName();
                } catch (LinkageError e) {
                  // The build ended (and Maven closed the plugin's class loader) before any page
                  // needed
                  // the table: nothing is lost, and a page that needs it reports the error itself.
                }
              },
              "mlos-tokenizer-load");
      t.setDaemon(true);
      t.start();
    }
  }

  MlosFunctions(Path workspaceRoot, Path outputDirectory, Map<String, OutputPattern> perRowViews) {
    this(workspaceRoot, outputDirectory, perRowViews, 16L * 1024 * 1024);
  }

  /**
   * As above, for pages of at most {@code maxPageBytes}: {@code mlos.budget} inlines files only
   * while their text takes at most half of that, so a token budget larger than a page holds (a lens
   * may set 10,000,000 tokens) lists the rest instead of failing the compile.
   */
  MlosFunctions(
      Path workspaceRoot,
      Path outputDirectory,
      Map<String, OutputPattern> perRowViews,
      long maxPageBytes) {
    this.inlineBytes = maxPageBytes / 2;
    this.root = workspaceRoot.toAbsolutePath().normalize();
    this.outputDirectory = outputDirectory.toAbsolutePath().normalize();
    this.linkBase = outputDirectory;
    this.perRowViews = Map.copyOf(perRowViews);
    functions.put(
        "link", (MlosFunction) args -> new SimpleScalar(link(linkBase, str(args, 0, "link"))));
    functions.put(
        "linkFile", (MlosFunction) args -> new SimpleScalar(link(root, str(args, 0, "linkFile"))));
    functions.put("pathOf", (MlosFunction) this::pathOf);
    functions.put(
        "tokens", (MlosFunction) args -> new SimpleNumber(tokens(str(args, 0, "tokens"))));
    functions.put("budget", (MlosFunction) this::budget);
    TextFunctions.register(functions);
    functions.put("json", (MlosFunction) this::json);
    // A file's existence is an input like its content: read() records its state, so a transcript
    // that appears or goes away makes the pages that asked stale, and the next compile rewrites
    // them.
    functions.put(
        "fileExists",
        (MlosFunction)
            args -> {
              String state = read(str(args, 0, "fileExists")).state();
              boolean exists =
                  state != null
                      && !state.equals("missing")
                      && !state.equals("outside")
                      && !state.equals("unreadable");
              return exists
                  ? freemarker.template.TemplateBooleanModel.TRUE
                  : freemarker.template.TemplateBooleanModel.FALSE;
            });
    functions.put(
        "hasView",
        (MlosFunction)
            args ->
                perRowViews.containsKey(str(args, 0, "hasView"))
                    ? TemplateBooleanModel.TRUE
                    : TemplateBooleanModel.FALSE);
  }

  @Override
  public TemplateModel get(String key) {
    return functions.get(key);
  }

  @Override
  public boolean isEmpty() {
    return false;
  }

  private static String currentOutput() throws TemplateModelException {
    Object p =
        Environment.getCurrentEnvironment()
            .getCustomAttribute(TemplateEngine.OUTPUT_PATH_ATTRIBUTE);
    if (p == null) {
      throw new TemplateModelException("mlos.link needs to know the file being written");
    }
    return (String) p;
  }

  /**
   * Relative link from the current output to {@code base/target}, percent-encoded; an absolute
   * {@code target} is kept as it is (see {@link #absolute}).
   */
  private String link(Path base, String target) throws TemplateModelException {
    if (absolute(target)) {
      // A relative link to it would depend on where the workspace is checked out: keep it as it
      // is, a drive as in a file URL's path (/C:/x), where the colon is not a URL scheme's, and a
      // network share as a file URL (//server/x alone would read as a web address).
      String path = target.replace('\\', '/');
      if (path.startsWith("//")) {
        return "file:" + MarkdownText.urlPath(path);
      }
      return path.startsWith("/")
          ? MarkdownText.urlPath(path)
          : "/" + path.substring(0, 2) + MarkdownText.urlPath(path.substring(2));
    }
    try {
      return MarkdownText.urlPath(RelativeLink.of(outputDirectory, base, currentOutput(), target));
    } catch (java.nio.file.InvalidPathException e) {
      if (target.indexOf('\0') < 0 && !UnnameablePathException.namesFilesInUtf8()) {
        // Valid text (docs/café.md) a JVM started without a UTF-8 locale cannot encode: the setup
        // is broken, not the template (TemplateEngine reports this cause as it is).
        throw new TemplateModelException(
            "mlos.link: '" + target + "'", new UnnameablePathException(target, e));
      }
      // A NUL (or on Windows a reserved character) in a value: no file can have that name.
      throw new TemplateModelException(
          "mlos.link: '"
              + target.replace("\0", "\\0")
              + "' is not a valid path ("
              + e.getReason()
              + "); link a path built from the row's id, or mlos.pathOf's");
    }
  }

  /**
   * True for a path from a root, on every platform: {@code /x}, {@code \x}, a network share, and
   * {@code C:/x} or {@code C:\x}.
   */
  private static boolean absolute(String target) {
    return target.startsWith("/")
        || target.startsWith("\\")
        || target.length() >= 3
            && (target.charAt(0) | 0x20) >= 'a'
            && (target.charAt(0) | 0x20) <= 'z'
            && target.charAt(1) == ':'
            && (target.charAt(2) == '/' || target.charAt(2) == '\\');
  }

  private TemplateModel pathOf(List<?> args) throws TemplateModelException {
    String view = str(args, 0, "pathOf");
    OutputPattern pattern = perRowViews.get(view);
    if (pattern == null) {
      throw new TemplateModelException(
          "mlos.pathOf: '"
              + view
              + "' is not an enabled per-row view (known: "
              + String.join(", ", perRowViews.keySet())
              + ")");
    }
    if (args.size() < 2 || !(args.get(1) instanceof TemplateHashModelEx)) {
      throw new TemplateModelException(
          "mlos.pathOf(view, row): row must be a hash with the pattern's columns");
    }
    TemplateHashModelEx hash = (TemplateHashModelEx) args.get(1);
    // Only the pattern's columns are read; a missing (or null) one takes the whole row, so the
    // error names the columns the row has, as always.
    List<String> columns = pattern.columns();
    Map<String, Object> row = new HashMap<>();
    for (String column : columns) {
      TemplateModel value = hash.get(column);
      if (value == null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> whole = (Map<String, Object>) TemplateValues.plain(hash);
        row = whole;
        break;
      }
      row.put(column, TemplateValues.plain(value));
    }
    for (String column : columns) {
      if (!row.containsKey(column)) {
        // Said here: thrown from pattern.apply, FreeMarker would only report "an unchecked
        // exception", and that message's fix (change the view's query) is the other view's.
        throw new TemplateModelException(
            "mlos.pathOf('"
                + view
                + "', row): view '"
                + view
                + "' writes '"
                + pattern.pattern()
                + "', which needs the row's column '"
                + column
                + "', and the row passed has none (it has: "
                + String.join(", ", row.keySet())
                + "); select '"
                + column
                + "' in the query that row comes from");
      }
    }
    return new SimpleScalar(pattern.apply(row).value());
  }

  private static int tokens(String text) {
    return Tokenizer.O200K.countTokensOrdinary(text);
  }

  private TemplateModel budget(List<?> args) throws TemplateModelException {
    if (args.size() != 2) {
      throw new TemplateModelException("mlos.budget(rows, tokens) takes 2 arguments");
    }
    Object rowsArg = args.get(0);
    if (!(rowsArg instanceof TemplateSequenceModel)
        && !(rowsArg instanceof TemplateCollectionModel)) {
      throw new TemplateModelException("mlos.budget: the first argument must be a list of rows");
    }
    long limit = ((TemplateNumberModel) args.get(1)).getAsNumber().longValue();
    @SuppressWarnings("unchecked")
    List<Object> rows = (List<Object>) TemplateValues.plain((TemplateModel) rowsArg);
    List<Map<String, Object>> included = new ArrayList<>();
    List<Map<String, Object>> omitted = new ArrayList<>();
    long used = 0;
    long bytes = 0;
    for (Object o : rows) {
      @SuppressWarnings("unchecked")
      Map<String, Object> row = new LinkedHashMap<>((Map<String, Object>) o);
      Object fp = row.get("file_path");
      FileRead read = fp == null ? FileRead.NO_FILE : read(fp.toString());
      String reason = read.reason();
      if (reason == null) {
        row.put("tokens", (long) read.tokens());
        if (used + read.tokens() <= limit) {
          // The text is not kept between calls (it could be large); an included file is read again.
          String content = text(fp.toString());
          long size = content == null ? 0 : shownBytes(content);
          if (content != null && bytes + size <= inlineBytes) {
            used += read.tokens();
            bytes += size;
            row.put("content", content);
            included.add(row);
            continue;
          }
          reason = content == null ? "unreadable" : "over the page size limit (max_page_bytes)";
        } else {
          reason = "over the token budget";
        }
      } else {
        row.put("tokens", 0L);
      }
      row.put("reason", reason);
      omitted.add(row);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("included", included);
    result.put("omitted", omitted);
    result.put("used", used);
    result.put("limit", limit);
    return WRAPPER.wrap(result);
  }

  /**
   * The UTF-8 bytes {@code text} takes on a page at most: a control character is shown as a
   * three-byte picture (U+2400..).
   */
  private static long shownBytes(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      n += c < 0x20 && c != '\n' && c != '\t' ? 3 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    return n;
  }

  private TemplateModel json(List<?> args) throws TemplateModelException {
    String text = args.isEmpty() || args.get(0) == null ? "" : str(args, 0, "json");
    if (text.isBlank()) {
      return WRAPPER.wrap(List.of());
    }
    Object value;
    try {
      // A JSON parser, not YAML: every escape JSON allows ("a\/b"), every character it allows raw
      // in a string (SQLite's json functions write DEL or U+FEFF raw); a repeated key is refused.
      value = JsonValues.parse("mlos.json argument", text);
    } catch (InvalidYamlException e) {
      throw new TemplateModelException("mlos.json: " + e.getMessage());
    }
    return WRAPPER.wrap(value);
  }

  /** The workspace files read so far, by path relative to the root, with {@link #fileState}. */
  Map<String, String> filesRead() {
    Map<String, String> states = new TreeMap<>();
    reads.forEach((path, read) -> states.put(path, read.state()));
    return states;
  }

  /**
   * Thread-safe: pages render on several threads; a file is read once even when two ask at once.
   */
  private FileRead read(String relative) {
    return reads.computeIfAbsent(relative, this::readOnce);
  }

  private FileRead readOnce(String relative) {
    Path file;
    try {
      file = workspaceFile(root, relative);
    } catch (InvalidPathException e) {
      // Shown like a missing file: the row is listed, not inlined, with the reason.
      return new FileRead("outside", "not read: " + e.shortReason(), 0);
    }
    if (!Files.isRegularFile(file)) {
      return new FileRead("missing", "file not found", 0);
    }
    String git = inGit(file);
    if (git != null) {
      // Listed, never inlined: an artifact row at .git/config (written with the sqlite3 shell, or
      // pulled in a teammate's text form, which copies rows without the schema's checks), or a
      // link to it inside the workspace, put git's config, credentials in a remote's URL
      // included, into a page that is committed and pushed.
      return new FileRead(
          "git",
          "not read: '" + relative + "' is in git's own '" + git + "', which no page shows",
          0);
    }
    return readFile(file);
  }

  /**
   * The name of the {@code .git} directory (in any case) {@code file} is in, by its path or by the
   * real path its links lead to, relative to the workspace's real root; null when it is in none.
   */
  private String inGit(Path file) {
    try {
      Path realRoot = root.toRealPath();
      Path real = file.toRealPath();
      for (Path lexical : List.of(root.relativize(file), realRoot.relativize(real))) {
        for (Path segment : lexical) {
          if (segment.toString().equalsIgnoreCase(".git")) {
            return segment.toString();
          }
        }
      }
      return null;
    } catch (IOException e) {
      return ".git"; // gone or unreadable since it was found a file: not read either way
    }
  }

  /**
   * A file a template reads, by its path relative to the workspace root, after the one check of
   * {@link WorkspacePath#resolveIn}: a valid workspace path that no symlink leads outside.
   *
   * @throws InvalidPathException naming the path, and the link and its target
   */
  private static Path workspaceFile(Path root, String relative) {
    return WorkspacePath.of(relative).resolveIn(root);
  }

  private static FileRead readFile(Path file) {
    try {
      if (Files.size(file) > MAX_INLINE_BYTES) {
        return new FileRead(LARGE, LARGE, 0);
      }
      byte[] bytes = Files.readAllBytes(file);
      String state = Sha256.of(bytes);
      String content = utf8(bytes);
      return content == null
          ? new FileRead(state, "not UTF-8 text", 0)
          : new FileRead(state, null, tokens(normalized(content)));
    } catch (IOException e) {
      return new FileRead("unreadable", "unreadable: " + e.getMessage(), 0);
    }
  }

  /**
   * The text of a file {@link #read} found inlinable, line endings made LF; null if it went away.
   */
  private String text(String relative) {
    try {
      byte[] bytes;
      try (java.io.InputStream in = Files.newInputStream(workspaceFile(root, relative))) {
        // Found inlinable, it may have grown since (to gigabytes): never read past the limit.
        bytes = in.readNBytes((int) MAX_INLINE_BYTES + 1);
      }
      String content = bytes.length > MAX_INLINE_BYTES ? null : utf8(bytes);
      return content == null ? null : normalized(content);
    } catch (IOException | InvalidPathException e) {
      return null;
    }
  }

  private static String normalized(String content) {
    return content.replace("\r\n", "\n").replace('\r', '\n');
  }

  /**
   * What a file read by a template is, for telling later whether it changed: the SHA-256 of its
   * bytes, {@link #LARGE} for a file no page inlines, or a word for a path that is not a readable
   * file inside the workspace. One stat, and a read only of a file of at most 1 MiB.
   */
  static String fileState(Path root, String relative) {
    Path file;
    try {
      file = workspaceFile(root, relative);
    } catch (InvalidPathException e) {
      return "outside";
    }
    java.nio.file.attribute.BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
    } catch (IOException e) {
      return "missing";
    }
    if (!attributes.isRegularFile()) {
      return "missing";
    }
    if (attributes.size() > MAX_INLINE_BYTES) {
      return LARGE; // as readFile records it: no page shows its bytes (see LARGE)
    }
    try {
      return Sha256.ofFile(file, attributes.size());
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
