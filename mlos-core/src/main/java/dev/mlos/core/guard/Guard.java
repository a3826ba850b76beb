package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileJournal;
import dev.mlos.core.compile.CompileReads;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.compile.ViewRenderer;
import dev.mlos.core.compile.WorkspaceLock;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.Transaction;
import dev.mlos.core.dbtext.TextFormCheck;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.schema.SchemaCheck;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code mlos:guard}: compares the database's record of what a workspace compiled, the files on
 * disk, the current render of the views and the registered artifacts, and reports every {@link
 * Violation}. It changes nothing: the database is opened read-only and no file is written.
 *
 * <p>How each class is found:
 *
 * <ul>
 *   <li>every recorded output ({@code mlos_outputs} rows of this workspace) is hashed (streamed, in
 *       parallel); a file whose raw SHA-256 equals the recorded {@code file_hash} is intact without
 *       being parsed or rendered. Otherwise its {@link CompiledFile#contentHashOf content hash}
 *       decides: equal to the recorded {@code content_hash} (for example a CRLF checkout) is
 *       intact, different is {@link ViolationClass#HAND_EDITED}; a file that is gone is {@link
 *       ViolationClass#MISSING};
 *   <li>every {@code *.md} file under the output directory (skipping hidden directories, {@code
 *       target/} and {@code node_modules/}) that is not recorded but has a top-level {@code
 *       compiled_at:} line in its front matter is {@link ViolationClass#UNKNOWN};
 *   <li>every {@code artifacts} row with a {@code file_path} (relative to the workspace root) is
 *       checked for existence ({@link ViolationClass#ARTIFACT_MISSING}) and, when it has a {@code
 *       content_hash}, hashed ({@link ViolationClass#ARTIFACT_DRIFT});
 *   <li>with {@link GuardRequest#checkStale()}, every view is rendered through the compiler's own
 *       {@link ViewRenderer}: an intact file whose page now renders to another content hash, a page
 *       that no file holds yet, and a recorded file no page produces any more are {@link
 *       ViolationClass#STALE}. Unless nothing the pages depend on changed since the last compile
 *       of this workspace (the compiler's no-op check of its inputs: configuration, mlos's code,
 *       database, templates, files templates read): rendering is deterministic, so every page
 *       would render as recorded and no intact file can be stale. Then only the views with
 *       hand-edited files are rendered (for their diffs), as without the stale check, and the
 *       report is the same. Otherwise, when every template and file the last compile read is
 *       unchanged ({@code mlos_compile_reads}), a page whose inputs hash as its record's {@code
 *       input_hash} renders as recorded and is not rendered (a fresh clone checks quickly).
 *       {@link GuardRequest#renderAlways()} renders every page anyway.
 * </ul>
 *
 * <p>The phases, each a class of this package, in the order a check runs them: {@link
 * GuardRecords} reads the compile record and the artifacts; {@link RecordedOutputs} hashes the
 * recorded outputs; {@link UnknownFiles} walks the output directory for unrecorded compiled files;
 * {@link ArtifactChecks} checks the registered artifacts; {@link StaleCheck} renders views and
 * {@link PageComparison} compares each page with its file (the diffs); {@link ReportAssembly}
 * builds the report. {@link GuardRun} holds what they found.
 *
 * <p>A broken setup (no database, an unreadable file, a template error) throws {@link
 * MlosException}; it is never reported as a violation.
 */
public final class Guard {
  private final ClassLoader classLoader;

  /** A guard loading templates through {@code classLoader} (the one the compiler uses). */
  public Guard(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** A guard loading templates through this library's class loader. */
  public Guard() {
    this(Guard.class.getClassLoader());
  }

  /**
   * Checks the workspace without changing anything.
   *
   * @throws MlosException for a broken setup: a missing or unreadable database, an unreadable file,
   *     a template or query error
   */
  public GuardReport check(GuardRequest request) {
    return check(request, Reporter.SILENT);
  }

  /**
   * As {@link #check(GuardRequest)}, sending rendering warnings (for example a query without ORDER
   * BY) to {@code reporter}.
   */
  public GuardReport check(GuardRequest request, Reporter reporter) {
    // A compile or clean running now is waited for: its files and its record are only consistent once it is done.
    try (WorkspaceLock lock = WorkspaceLock.shared(request.config(), WorkspaceLock.DEFAULT_WAIT, reporter)) {
      GuardReport report;
      try {
        report = checkLocked(request, reporter);
      } catch (RuntimeException e) {
        if (!lock.appeared()) {
          throw e;
        }
        report = null; // perhaps a file the compile renamed away while it was read
      }
      if (!lock.appeared()) {
        return report;
      }
    }
    // No compile had ever locked this workspace, and one started while this check ran: what it saw
    // may be half that compile's. Once more, after it.
    try (WorkspaceLock lock = WorkspaceLock.shared(request.config(), WorkspaceLock.DEFAULT_WAIT, reporter)) {
      return checkLocked(request, reporter);
    }
  }


  private GuardReport checkLocked(GuardRequest request, Reporter reporter) {
    WorkspaceConfig config = request.config();
    Database db = Database.at(config.database());
    try (Connection c = db.openReadOnly()) {
      SchemaCheck.requireReady(c, "guard", true);
      GuardRun run = new GuardRun(config, request, reporter, classLoader);
      // One read transaction: the reads and the records must come from the same compile.
      CompileReads reads = Transaction.run(c, () -> {
        CompileReads r = request.checkStale() && !request.renderAlways() ? CompileReads.read(c, db.file(), config.name()) : null;
        run.records = GuardRecords.outputs(c, db.file(), config.name(), r != null);
        return r;
      });
      RecordedOutputs outputs = new RecordedOutputs(run);
      run.interrupted = CompileJournal.read(config).orElse(null);
      if (run.interrupted != null) {
        outputs.adoptInterrupted();
      }
      run.artifacts = GuardRecords.artifacts(c, db.file());
      // Asked after the reads: a database changed before or while they ran no longer matches.
      run.renderAll = request.checkStale()
          && (request.renderAlways() || !new Compiler(classLoader).inputsUnchangedSinceLastCompile(config));
      run.trustInputHashes = run.renderAll && reads != null && reads.unchanged(config, classLoader);
      UnknownFiles unknownFiles = new UnknownFiles(run);
      ArtifactChecks artifacts = new ArtifactChecks(run, unknownFiles);
      StaleCheck stale = new StaleCheck(run);
      ExecutorService pool = Executors.newFixedThreadPool(request.effectiveThreads(), r -> {
        Thread t = new Thread(r, "mlos-guard-hash");
        t.setDaemon(true);
        return t;
      });
      ExecutorService scan = null;
      try {
        outputs.submit(pool);
        if (run.renderAll) {
          // Every view is rendered anyway: render while the files are hashed. The search for
          // unknown files runs on its own thread; a page waits only for its own file's check.
          scan = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mlos-guard-scan");
            t.setDaemon(true);
            return t;
          });
          Future<List<Future<ArtifactChecks.Result>>> unknownAndArtifacts =
              scan.submit(() -> unknownFiles.search(pool, artifacts));
          stale.render(c);
          List<Future<ArtifactChecks.Result>> artifactChecks = GuardRun.await(unknownAndArtifacts);
          outputs.collect();
          stale.afterRendering();
          artifacts.collect(artifactChecks);
        } else {
          // Only views with hand-edited files are rendered (for the diffs): hash first.
          List<Future<ArtifactChecks.Result>> artifactChecks = unknownFiles.search(pool, artifacts);
          outputs.collect();
          // Registered artifacts go on hashing while the views render: nothing rendered depends on them.
          stale.render(c);
          stale.afterRendering();
          artifacts.collect(artifactChecks);
        }
      } finally {
        pool.shutdownNow();
        if (scan != null) {
          scan.shutdownNow();
        }
      }
      // Text form hook (issue 19): <database>.sql is checked like a compiled file.
      return TextFormCheck.addTo(ReportAssembly.of(run), c, config);
    } catch (SQLException e) {
      throw new DatabaseException(db.file(), e.getMessage(), null, e);
    }
  }

  /**
   * True when the file starts with a front matter block that has a top-level {@code compiled_at:}
   * line. Reads only the front matter (at most {@value #MAX_FRONT_MATTER_LINES} lines), as raw
   * bytes: a file whose first bytes are not {@code ---} is rejected after one small read, without a
   * decoder.
   */
  static boolean declaresCompiledAt(Path file) throws IOException {
    FrontMatterScan scan = new FrontMatterScan();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[FIRST_READ];
      FrontMatterScan.Answer answer = FrontMatterScan.Answer.MORE;
      int n;
      while (answer == FrontMatterScan.Answer.MORE && (n = in.read(buffer)) != -1) {
        answer = scan.feed(buffer, 0, n);
        if (buffer.length == FIRST_READ) {
          buffer = new byte[NEXT_READS];
        }
      }
      if (answer == FrontMatterScan.Answer.MORE) {
        answer = scan.end();
      }
      if (answer != FrontMatterScan.Answer.BY_LINES) {
        return answer == FrontMatterScan.Answer.YES;
      }
    }
    return declaresCompiledAtByLines(file);
  }

  /** Bytes of the first read: enough for the usual answer, "no front matter". */
  private static final int FIRST_READ = 512;
  private static final int NEXT_READS = 8192;

  /**
   * The reference form of {@link #declaresCompiledAt}: decodes the file as UTF-8 (malformed bytes
   * replaced) and reads it line by line. Used only when the first line is {@code ---} followed by
   * bytes other than ASCII, where "only trailing whitespace" needs the decoded characters.
   */
  static boolean declaresCompiledAtByLines(Path file) throws IOException {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
      String first = in.readLine();
      if (first == null) {
        return false;
      }
      if (first.startsWith("\uFEFF")) {
        first = first.substring(1);
      }
      if (!first.stripTrailing().equals("---")) {
        return false;
      }
      String line;
      int n = 0;
      while ((line = in.readLine()) != null && n++ < MAX_FRONT_MATTER_LINES) {
        if (line.startsWith("---") || line.startsWith("...")) {
          return false;
        }
        if (line.startsWith(CompiledFile.COMPILED_AT_KEY + ":")) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * {@link #declaresCompiledAtByLines} on raw bytes, fed in pieces: the same answer, because every
   * byte it looks at is ASCII ({@code \n}, {@code \r}, the first bytes of a line), and UTF-8
   * decoding, even of malformed input, never merges an ASCII byte into another character. Line ends
   * are those of {@link BufferedReader#readLine}: LF, CR or CRLF.
   */
  static final class FrontMatterScan {
    enum Answer {
      /** A front matter block with a top-level {@code compiled_at:} line. */
      YES,
      /** No front matter, or none with {@code compiled_at:} in its first lines. */
      NO,
      /** Undecided: feed more bytes, or call {@link #end()} at the end of the file. */
      MORE,
      /** The first line is {@code ---} and non-ASCII bytes: ask {@link #declaresCompiledAtByLines}. */
      BY_LINES
    }

    private static final byte[] KEY = (CompiledFile.COMPILED_AT_KEY + ":").getBytes(StandardCharsets.US_ASCII);

    private static final int BOM_1 = 0, BOM_2 = 1, BOM_3 = 2, DASHES = 3, FIRST_REST = 4, LINE_START = 5, PREFIX = 6,
        SKIP = 7;

    private int state = BOM_1;
    private int dashes;
    /** The last byte ended a line with CR: an LF right after it belongs to the same line end. */
    private boolean afterCr;
    /** Front matter lines started (the first line, {@code ---}, not counted). */
    private int lines;
    /** Bytes of the current line seen so far, up to the key's length. */
    private int length;
    private boolean maybeDashes;
    private boolean maybeDots;
    private boolean maybeKey;
    private Answer answer = Answer.MORE;

    /** Feeds {@code len} bytes; returns the answer so far. */
    Answer feed(byte[] bytes, int off, int len) {
      int end = off + len;
      for (int i = off; i < end && answer == Answer.MORE; i++) {
        step(bytes[i]);
      }
      return answer;
    }

    /** The end of the file: the final answer. */
    Answer end() {
      if (answer == Answer.MORE) {
        answer = Answer.NO;
      }
      return answer;
    }

    private void step(byte b) {
      switch (state) {
        case BOM_1 -> {
          if (b == (byte) 0xEF) {
            state = BOM_2;
          } else {
            state = DASHES;
            step(b);
          }
        }
        case BOM_2 -> {
          if (b == (byte) 0xBB) {
            state = BOM_3;
          } else {
            answer = Answer.NO;
          }
        }
        case BOM_3 -> {
          if (b == (byte) 0xBF) {
            state = DASHES;
          } else {
            answer = Answer.NO;
          }
        }
        case DASHES -> {
          if (b != '-') {
            answer = Answer.NO;
          } else if (++dashes == 3) {
            state = FIRST_REST;
          }
        }
        case FIRST_REST -> {
          if (b == '\n' || b == '\r') {
            lineEnd(b);
          } else if (b < 0) {
            // Not ASCII: whether it is trailing whitespace (U+2003...) depends on decoding.
            answer = Answer.BY_LINES;
          } else if (!(b == ' ' || b == '\t' || b == 0x0B || b == '\f' || (b >= 0x1C && b <= 0x1F))) {
            // Not what String.stripTrailing removes: the first line is not "---".
            answer = Answer.NO;
          }
        }
        case LINE_START -> {
          if (afterCr && b == '\n') {
            afterCr = false;
            return;
          }
          afterCr = false;
          if (lines == MAX_FRONT_MATTER_LINES) {
            answer = Answer.NO;
            return;
          }
          lines++;
          length = 0;
          maybeDashes = true;
          maybeDots = true;
          maybeKey = true;
          state = PREFIX;
          step(b);
        }
        case PREFIX -> {
          if (b == '\n' || b == '\r') {
            lineEnd(b);
            return;
          }
          maybeDashes &= b == '-';
          maybeDots &= b == '.';
          maybeKey = maybeKey && b == KEY[length];
          length++;
          if (length == 3 && (maybeDashes || maybeDots)) {
            answer = Answer.NO;
          } else if (maybeKey && length == KEY.length) {
            answer = Answer.YES;
          } else if (!maybeKey && (length >= 3 || !(maybeDashes || maybeDots))) {
            state = SKIP;
          }
        }
        case SKIP -> {
          if (b == '\n' || b == '\r') {
            lineEnd(b);
          }
        }
        default -> throw new IllegalStateException("state " + state);
      }
    }

    private void lineEnd(byte b) {
      afterCr = b == '\r';
      state = LINE_START;
    }
  }

  /**
   * Passes bytes through and feeds them to a {@link FrontMatterScan} until it has its answer, so
   * one read of a file both hashes it and checks its front matter.
   */
  static final class ScanningInputStream extends FilterInputStream {
    private final FrontMatterScan scan = new FrontMatterScan();
    private FrontMatterScan.Answer answer = FrontMatterScan.Answer.MORE;

    ScanningInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (answer == FrontMatterScan.Answer.MORE) {
        answer = b < 0 ? scan.end() : scan.feed(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (answer == FrontMatterScan.Answer.MORE) {
        answer = n < 0 ? scan.end() : scan.feed(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new UnsupportedOperationException("every byte must be scanned");
    }

    /** The answer after the stream was read to its end. */
    FrontMatterScan.Answer answer() {
      return answer == FrontMatterScan.Answer.MORE ? FrontMatterScan.Answer.NO : answer;
    }
  }

  private static final int MAX_FRONT_MATTER_LINES = 10_000;

  /**
   * {@code expected} with its {@code compiled_at:} and {@code content_hash:} front matter lines
   * replaced by those of {@code actual} (when it has them), so a diff shows content changes only.
   */
  static String alignVolatileLines(String expected, String actual) {
    Map<String, String> actualLines = volatileLines(actual);
    if (actualLines.isEmpty()) {
      return expected;
    }
    StringBuilder outText = new StringBuilder(expected.length());
    int start = 0;
    int lineNo = 0;
    boolean inFrontMatter = false;
    while (start < expected.length()) {
      int nl = expected.indexOf('\n', start);
      int end = nl < 0 ? expected.length() : nl + 1;
      String line = expected.substring(start, end);
      String replacement = null;
      if (lineNo == 0 && line.equals("---\n")) {
        inFrontMatter = true;
      } else if (inFrontMatter && line.startsWith("---")) {
        inFrontMatter = false;
      } else if (inFrontMatter) {
        for (String key : List.of(CompiledFile.COMPILED_AT_KEY, CompiledFile.CONTENT_HASH_KEY)) {
          if (line.startsWith(key + ":") && actualLines.containsKey(key)) {
            replacement = actualLines.get(key);
          }
        }
      }
      outText.append(replacement != null ? replacement : line);
      start = end;
      lineNo++;
    }
    return outText.toString();
  }

  private static Map<String, String> volatileLines(String text) {
    Map<String, String> found = new HashMap<>();
    if (!text.startsWith("---\n")) {
      return found;
    }
    int start = 4;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      String line = text.substring(start, end);
      if (line.startsWith("---") || line.startsWith("...")) {
        break;
      }
      for (String key : List.of(CompiledFile.COMPILED_AT_KEY, CompiledFile.CONTENT_HASH_KEY)) {
        if (line.startsWith(key + ":")) {
          found.putIfAbsent(key, line.endsWith("\n") ? line : line + "\n");
        }
      }
      start = end;
    }
    return found;
  }

  static String normalize(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }
}
