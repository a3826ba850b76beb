package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.artifacts.ImportRequest;
import dev.mlos.core.artifacts.WorkspaceImport;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mlos:guard} and {@code mlos:import} on an agentos-graph workspace's record files: the
 * guard's summary counts every file it found (not the lines it listed), and the import its fix
 * names works as written for a path holding a comma, a quote or a {@code $}.
 */
@MojoTest
class RecordDriftMojoTest {
  private static final Path WS = Path.of("target", "mojo-tests-records", "workspace");

  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void importedGraph() throws IOException {
    ScratchWorkspace.fresh(WS.getParent());
    Files.createDirectories(WS.resolve("shapes"));
    Files.writeString(WS.resolve("mlos.yaml"), "workspace: library\npack: agentos-graph\n");
    Files.writeString(
        WS.resolve("shapes/tag.yaml"), "name: tag\nfields: { name: string }\nidentity: [name]\n");
    write("data/tags.yaml", "- _shape: tag\n  name: stoicism\n");
    new Initializer().init(InitRequest.forWorkspace(config(), null, null, null));
    importAndCompile(List.of("data"));
  }

  private static WorkspaceConfig config() {
    return new ConfigLoader().load(WS, ConfigOverrides.none());
  }

  private static void write(String path, String text) throws IOException {
    Files.createDirectories(WS.resolve(path).getParent());
    Files.writeString(WS.resolve(path), text);
  }

  private static void importAndCompile(List<String> paths) {
    WorkspaceImport.run(ImportRequest.of(config(), paths, null), Instant.now());
    new Compiler().compile(new CompileRequest(config(), null), Reporter.SILENT);
  }

  /** graph_import_files' paths, in order. */
  private static List<String> importedFiles() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + WS.resolve("mlos.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT path FROM graph_import_files ORDER BY path")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * 1003 new record files, of which the guard names 1000 and counts 3 on one line: the build failed
   * with "mlos guard: 1001 violations: RECORD_DRIFT 1001", which a user reads as the number of
   * problems.
   */
  @Test
  @Basedir("target/mojo-tests-records/workspace")
  void theSummaryCountsEveryNewFileNotTheLinesListed(
      @InjectMojo(goal = "guard") @MojoParameter(name = "reportDirectory", value = "reports")
          GuardMojo guard)
      throws Exception {
    for (int i = 0; i < 1003; i++) {
      write(
          String.format(Locale.ROOT, "data/new/%04d.yaml", i),
          "- _shape: tag\n  name: t" + i + "\n");
    }
    guard.setLog(log);

    MojoFailureException e = assertThrows(MojoFailureException.class, guard::execute);

    assertTrue(
        e.getMessage()
            .startsWith(
                "mlos guard: 1003 violations: RECORD_DRIFT 1003 (1000 listed by path, 3 counted)"
                    + " in "),
        e.getMessage());
    // The console: the counting line and 49 files, then the other 951 files counted.
    assertTrue(
        log.text()
            .contains(
                "[error] ... and 951 more (951 violations: RECORD_DRIFT 951): the guard reports"
                    + " below list them"),
        log.text());
    String json = Files.readString(WS.resolve("reports/mlos-guard.json"));
    assertTrue(json.contains("\"failing\": 1003,"), json);
    assertTrue(json.contains("\"RECORD_DRIFT\": 1003"), json);
  }

  /**
   * A record file imported on its own from a path holding a comma, a quote and a {@code $}: the
   * guard's fix for it said {@code -Dmlos.import=odd,dir/...}, which Maven split into two paths.
   * The fix now names it so that -Dmlos.import reads it back as one path; followed as written, the
   * guard is green.
   */
  @Test
  @Basedir("target/mojo-tests-records/workspace")
  void theGuardsImportFixWorksAsWrittenForAPathWithACommaAQuoteAndADollar(
      @InjectMojo(goal = "import")
          @MojoParameter(name = "importPaths", value = "odd\\,dir/it's $\\{x}.yaml,data")
          ImportMojo first,
      @InjectMojo(goal = "guard") @MojoParameter(name = "reportDirectory", value = "reports")
          GuardMojo guard,
      @InjectMojo(goal = "import") ImportMojo fix)
      throws Exception {
    String odd = "odd,dir/it's ${x}.yaml";
    write(odd, "- _shape: tag\n  name: odd\n");
    first.setLog(log);
    first.execute();
    assertEquals(List.of("data/tags.yaml", odd), importedFiles());
    new Compiler().compile(new CompileRequest(config(), null), Reporter.SILENT);
    write(odd, "- _shape: tag\n  name: odder\n");
    guard.setLog(log);

    MojoFailureException e = assertThrows(MojoFailureException.class, guard::execute);

    String property = "'-Dmlos.import=odd\\,dir/it'\\''s $\\{x}.yaml'";
    assertTrue(
        log.text().contains("  Fix: import it: run `mvn mlos:import " + property + "`, then"),
        log.text());
    assertTrue(e.getMessage().contains("`mvn mlos:import " + property + "`"), e.getMessage());

    // Followed as written: the shell hands Maven the one word in the quotes.
    Matcher word = Pattern.compile("`mvn mlos:import ('[^`]*')`").matcher(e.getMessage());
    assertTrue(word.find(), e.getMessage());
    String given = MavenSuggestionsTest.unquoted(word.group(1));
    java.lang.reflect.Field importPaths = ImportMojo.class.getDeclaredField("importPaths");
    importPaths.setAccessible(true);
    importPaths.set(fix, given.substring("-Dmlos.import=".length()));
    fix.setLog(log);
    fix.execute();
    new Compiler().compile(new CompileRequest(config(), null), Reporter.SILENT);
    log.lines.clear();
    guard.execute();
    assertTrue(log.text().contains("no violations"), log.text());
  }
}
