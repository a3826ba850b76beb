package dev.mlos.core.db;

import dev.mlos.core.TerminalText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The other processes of this machine that have a database file open, as Linux's process table
 * ({@code /proc}) shows them to this user: an init that upgrades the database names them, since an
 * MCP server left running through an upgrade goes on with the code of the mlos that started it.
 * Only this user's processes can be seen (another user's descriptors are not readable), which are
 * the ones a user's own agents run as. Where there is no such table (macOS, the BSDs) {@code lsof}
 * is asked instead (macOS ships it; the BSDs have it as a package), bounded in time; where neither
 * answers (Windows, a {@code /proc} mounted with {@code hidepid}) the list is empty: a hint, never
 * a rule.
 *
 * <p>The walk is bounded (at most {@link #MAX_PROCESSES} processes and {@link #MAX_DESCRIPTORS}
 * descriptors in all), so a machine with many processes or a process with very many open files
 * costs a known, small time.
 */
public final class OtherOpeners {
  static final int MAX_PROCESSES = 65_536;
  static final int MAX_DESCRIPTORS = 1_000_000;
  private static final int MAX_COMMAND_BYTES = 4096;
  private static final int MAX_COMMAND_SHOWN = 160;
  private static final Path PROC = Path.of("/proc");

  private OtherOpeners() {}

  /**
   * The processes other than this one that have {@code file} open, each as {@code pid 4242 (java
   * -jar mlos.jar mcp ...)}, by process id; empty when there are none or none can be seen.
   */
  public static List<String> of(Path file) {
    String target;
    try {
      target = file.toRealPath().toString();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    if (!Files.isDirectory(PROC.resolve("self").resolve("fd"))) {
      return withoutProc(target, System.getProperty("os.name", ""));
    }
    return ofProc(target);
  }

  /**
   * Where there is no {@code /proc}: {@code lsof}'s answer, but nothing on Windows, which has no
   * {@code lsof}, and where a program named without a path is looked for in the current directory
   * first (Windows' CreateProcess): an init run in a cloned repository holding an {@code lsof.exe}
   * ran it.
   */
  static List<String> withoutProc(String target, String osName) {
    if (osName.startsWith("Windows")) {
      return List.of();
    }
    return ofLsof(target, LSOF_SECONDS);
  }

  /**
   * Where the system keeps {@code lsof} (macOS: {@code /usr/sbin}; Linux: {@code /usr/bin}; a BSD's
   * package: {@code /usr/local/sbin} or {@code /usr/local/bin}), tried in that order.
   */
  static final List<String> LSOF_PLACES =
      List.of("/usr/sbin/lsof", "/usr/bin/lsof", "/usr/local/sbin/lsof", "/usr/local/bin/lsof");

  /**
   * The first {@link #LSOF_PLACES} that is an executable file, or null. Looked up there, not by
   * {@code PATH}: an empty or relative entry there (a {@code PATH} ending in {@code :}) makes a
   * program named without a path be looked for in the current directory, and an init run in a
   * cloned repository holding an {@code lsof} of its own would have run it.
   */
  static String lsof() {
    for (String place : LSOF_PLACES) {
      Path p = Path.of(place);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return place;
      }
    }
    return null;
  }

  /** Seconds {@code lsof} is given (it walks every process's files, a second or two on macOS). */
  static final int LSOF_SECONDS = 5;

  /** Bytes of {@code lsof}'s answer read at most (a line per process, {@code p4242}). */
  private static final int MAX_LSOF_BYTES = 1 << 20;

  /**
   * The processes other than this one that {@code lsof} says have {@code target} (a real path)
   * open: macOS has no {@code /proc}, where a user upgrading under running MCP servers was told
   * nothing. Empty when {@code lsof} is missing, fails, or takes longer than {@code seconds}.
   */
  static List<String> ofLsof(String target, int seconds) {
    String program = lsof();
    if (program == null) {
      return List.of();
    }
    Path answer = null;
    Process lsof = null;
    try {
      answer = Files.createTempFile("mlos-lsof-", ".txt");
      // -F p: one line per process, "p" and its id; -w: no warnings about other file systems;
      // stdin not the terminal's, stderr dropped: a hint must not print or wait for input.
      lsof =
          new ProcessBuilder(program, "-w", "-F", "p", "--", target)
              .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
              .redirectOutput(answer.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!lsof.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
        return List.of();
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(answer)) {
        bytes = in.readNBytes(MAX_LSOF_BYTES);
      }
      long self = ProcessHandle.current().pid();
      Map<Long, String> found = new TreeMap<>();
      for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
        if (line.length() < 2 || line.charAt(0) != 'p' || !isPid(line.substring(1))) {
          continue;
        }
        long pid = Long.parseLong(line.substring(1));
        if (pid != self && found.size() < MAX_PROCESSES) {
          found.put(pid, "pid " + pid + " (" + command(pid) + ")");
        }
      }
      return List.copyOf(found.values());
    } catch (IOException | RuntimeException e) {
      return List.of(); // no lsof on this machine, or it could not be run
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } finally {
      if (lsof != null && lsof.isAlive()) {
        lsof.destroyForcibly();
      }
      if (answer != null) {
        try {
          Files.deleteIfExists(answer);
        } catch (IOException e) {
          // a file of a few bytes left in the temporary directory
        }
      }
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File(
        System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  /** A process's command line as the JVM reads it (macOS included), made printable and short. */
  private static String command(long pid) {
    String line =
        ProcessHandle.of(pid)
            .map(ProcessHandle::info)
            .flatMap(i -> i.commandLine().or(i::command))
            .orElse("");
    return shown(line);
  }

  private static List<String> ofProc(String target) {
    long self = ProcessHandle.current().pid();
    Map<Long, String> found = new TreeMap<>();
    int processes = 0;
    int[] descriptors = {0};
    try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC)) {
      for (Path p : all) {
        String name = p.getFileName().toString();
        if (!isPid(name)) {
          continue;
        }
        if (++processes > MAX_PROCESSES || descriptors[0] >= MAX_DESCRIPTORS) {
          break;
        }
        long pid = Long.parseLong(name);
        if (pid != self && holds(p.resolve("fd"), target, descriptors)) {
          found.put(pid, "pid " + pid + " (" + command(p) + ")");
        }
      }
    } catch (IOException | RuntimeException e) {
      // The table could not be listed (further): what was found so far is the answer.
    }
    return List.copyOf(found.values());
  }

  private static boolean isPid(String name) {
    if (name.isEmpty() || name.length() > 18) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether one of the descriptors listed in {@code fdDirectory} links to {@code target}. */
  private static boolean holds(Path fdDirectory, String target, int[] descriptors) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDirectory)) {
      for (Path fd : fds) {
        if (++descriptors[0] > MAX_DESCRIPTORS) {
          return false;
        }
        try {
          if (target.equals(Files.readSymbolicLink(fd).toString())) {
            return true;
          }
        } catch (IOException | RuntimeException e) {
          // Closed meanwhile, or not a link: the next one.
        }
      }
    } catch (IOException | RuntimeException e) {
      // Another user's process (not readable), or one that ended meanwhile.
    }
    return false;
  }

  /** The process's command line, its arguments joined by spaces, shortened and made printable. */
  private static String command(Path process) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(process.resolve("cmdline"))) {
      bytes = in.readNBytes(MAX_COMMAND_BYTES);
    } catch (IOException | RuntimeException e) {
      return "command not readable";
    }
    return shown(new String(bytes, StandardCharsets.UTF_8).replace('\0', ' '));
  }

  /** A command line, shortened and made printable. */
  private static String shown(String commandLine) {
    String line = commandLine.strip();
    if (line.isEmpty()) {
      return "command not readable";
    }
    line = line.replace('\n', ' ').replace('\t', ' ');
    if (line.length() > MAX_COMMAND_SHOWN) {
      int end = MAX_COMMAND_SHOWN;
      if (Character.isHighSurrogate(line.charAt(end - 1))) {
        end--; // not half a character
      }
      line = line.substring(0, end) + "...";
    }
    return TerminalText.of(line);
  }
}
