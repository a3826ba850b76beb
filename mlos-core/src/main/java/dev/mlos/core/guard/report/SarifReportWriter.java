package dev.mlos.core.guard.report;

import dev.mlos.core.RemedyWording;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a guard report as SARIF 2.1.0 for code scanning. One run; {@code tool.driver.name} is
 * {@code mlos} and its rules are the {@link ViolationClass}es (id = the class name, with their help
 * text). Each violation is a result with its {@code ruleId}, level {@code error} when its class is
 * in {@code failOn} and {@code warning} otherwise, the message followed by the fix, and one
 * location: the path relative to the root of the git repository the workspace is in (the workspace
 * root when it is in none, see {@link RepositoryLocation}) as a URI against the base id {@value
 * #BASE_ID}, which {@code originalUriBaseIds} defines as that root, plus {@code region.startLine}
 * when the line is known. Code scanning takes such URIs as they are; any other SARIF reader
 * resolves them against the base. The diff and fix are also in the result's {@code properties},
 * with {@code count}: 1, or how many violations a result that counts others stands for ({@link
 * Violation#count}).
 */
public final class SarifReportWriter {
  /** Default file name. */
  public static final String FILE_NAME = "mlos-guard.sarif";

  /** The base id of every location: the repository root (or the workspace root outside git). */
  public static final String BASE_ID = "%SRCROOT%";

  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReportWriter() {}

  /**
   * Writes {@link #FILE_NAME} into {@code outputDirectory} (created when missing); returns the
   * file.
   */
  public static Path write(GuardReport report, Set<ViolationClass> failOn, Path outputDirectory) {
    return write(report, failOn, outputDirectory, RemedyWording.OPERATIONS);
  }

  /**
   * Writes {@link #FILE_NAME} into {@code outputDirectory} (created when missing), the fixes in
   * {@code wording}'s words; returns the file.
   */
  public static Path write(
      GuardReport report, Set<ViolationClass> failOn, Path outputDirectory, RemedyWording wording) {
    return ReportText.write(outputDirectory, FILE_NAME, render(report, failOn, wording));
  }

  /** The SARIF text (JSON). */
  public static String render(GuardReport report, Set<ViolationClass> failOn) {
    return render(report, failOn, RemedyWording.OPERATIONS);
  }

  /**
   * The SARIF text (JSON), the fixes in {@code wording}'s words (the Maven plugin's, the CLI's).
   */
  public static String render(
      GuardReport report, Set<ViolationClass> failOn, RemedyWording wording) {
    List<Object> rules = new ArrayList<>();
    for (ViolationClass c : ViolationClass.values()) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("id", c.name());
      rule.put("name", camel(c.name()));
      rule.put("shortDescription", Map.of("text", c.title()));
      rule.put("fullDescription", Map.of("text", c.help(wording)));
      rule.put("help", Map.of("text", c.help(wording)));
      rule.put("defaultConfiguration", Map.of("level", level(c, failOn)));
      rules.add(rule);
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "mlos");
    driver.put("informationUri", "https://github.com/mlos-dev/mlos");
    driver.put("rules", rules);

    RepositoryLocation location = RepositoryLocation.of(report.root());
    List<Object> results = new ArrayList<>();
    for (Violation v : report.violations()) {
      Map<String, Object> physical = new LinkedHashMap<>();
      Map<String, Object> artifact = new LinkedHashMap<>();
      artifact.put("uri", uri(location.repositoryPath(v.path())));
      artifact.put("uriBaseId", BASE_ID);
      physical.put("artifactLocation", artifact);
      if (v.line() > 0) {
        physical.put("region", Map.of("startLine", v.line()));
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("ruleId", v.violationClass().name());
      result.put("ruleIndex", v.violationClass().ordinal());
      result.put("level", level(v.violationClass(), failOn));
      result.put("message", Map.of("text", ReportText.messageWithFix(v, wording)));
      result.put("locations", List.of(Map.of("physicalLocation", physical)));
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("fix", v.fix(wording));
      // One result for the new record files past the first 1000 under a directory: how many it
      // stands for, as mlos-guard.json says (code scanning shows one alert for them).
      properties.put("count", v.count());
      if (!v.diff().isEmpty()) {
        properties.put("diff", v.diff());
      }
      result.put("properties", properties);
      results.add(result);
    }

    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    String rootUri = location.repositoryRoot().toUri().toString();
    run.put(
        "originalUriBaseIds",
        Map.of(BASE_ID, Map.of("uri", rootUri.endsWith("/") ? rootUri : rootUri + "/")));
    run.put("results", results);

    Map<String, Object> sarif = new LinkedHashMap<>();
    sarif.put("$schema", SCHEMA);
    sarif.put("version", "2.1.0");
    sarif.put("runs", List.of(run));
    return JsonText.write(sarif);
  }

  private static String level(ViolationClass c, Set<ViolationClass> failOn) {
    return failOn.contains(c) ? "error" : "warning";
  }

  /** {@code HAND_EDITED} to {@code HandEdited}. */
  private static String camel(String constant) {
    StringBuilder out = new StringBuilder();
    for (String part : constant.split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  /**
   * A relative path as a relative URI reference: every byte but unreserved characters and '/'
   * percent-encoded.
   */
  static String uri(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
