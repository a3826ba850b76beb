package dev.mlos.core.guard.report;

import dev.mlos.core.RemedyWording;
import dev.mlos.core.guard.CheckedFile;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a guard report as JUnit XML, so CI test tabs list each checked file: one {@code <testsuite
 * name="mlos-guard">} with one {@code <testcase>} per {@linkplain GuardReport#checkedFiles()
 * checked file}. A test case's {@code name} is the file's path (relative to the workspace root) and
 * its {@code classname} the violation class, or {@code compiled} / {@code artifact} when the file
 * passed. A violation whose class is in {@code failOn} becomes a {@code <failure>} (message
 * attribute, then fix and diff as text); one that only warns is written as {@code <system-out>}, so
 * the test case passes.
 *
 * <p>Characters XML 1.0 cannot carry (control characters other than tab, line feed and carriage
 * return; unpaired surrogates; U+FFFE and U+FFFF) are written as {@code \\uXXXX} text.
 */
public final class JUnitReportWriter {
  /** Default file name. */
  public static final String FILE_NAME = "mlos-guard-junit.xml";

  /** The test suite's name. */
  public static final String SUITE = "mlos-guard";

  private JUnitReportWriter() {}

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

  /** The XML text. */
  public static String render(GuardReport report, Set<ViolationClass> failOn) {
    return render(report, failOn, RemedyWording.OPERATIONS);
  }

  /** The XML text, the fixes in {@code wording}'s words (the Maven plugin's, the CLI's). */
  public static String render(
      GuardReport report, Set<ViolationClass> failOn, RemedyWording wording) {
    int failures = 0;
    for (CheckedFile f : report.checkedFiles()) {
      if (f.violations().stream().anyMatch(v -> failOn.contains(v.violationClass()))) {
        failures++;
      }
    }
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite name=\"")
        .append(SUITE)
        .append("\" tests=\"")
        .append(report.checkedFiles().size())
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"0\" skipped=\"0\">\n");
    x.append("  <properties>\n");
    property(x, "workspace", report.workspace());
    property(x, "staleChecked", String.valueOf(report.staleChecked()));
    property(x, "rendered", String.valueOf(report.rendered()));
    x.append("  </properties>\n");
    for (CheckedFile f : report.checkedFiles()) {
      x.append("  <testcase name=\"")
          .append(attr(f.path()))
          .append("\" classname=\"")
          .append(attr(f.reportClassName()))
          .append('"');
      if (f.passed()) {
        x.append("/>\n");
        continue;
      }
      x.append(">\n");
      StringBuilder warnings = new StringBuilder();
      for (Violation v : f.violations()) {
        if (failOn.contains(v.violationClass())) {
          x.append("    <failure type=\"")
              .append(v.violationClass())
              .append("\" message=\"")
              .append(attr(v.message()))
              .append("\">")
              .append(text(details(v, wording)))
              .append("</failure>\n");
        } else {
          warnings.append("warning: ").append(details(v, wording));
        }
      }
      if (warnings.length() > 0) {
        x.append("    <system-out>").append(text(warnings.toString())).append("</system-out>\n");
      }
      x.append("  </testcase>\n");
    }
    x.append("</testsuite>\n");
    return x.toString();
  }

  private static String details(Violation v, RemedyWording wording) {
    StringBuilder d = new StringBuilder();
    d.append(v.violationClass()).append(' ').append(v.path());
    if (v.line() > 0) {
      d.append(':').append(v.line());
    }
    d.append('\n').append(v.message()).append('\n');
    if (!v.fix(wording).isEmpty()) {
      d.append("Fix: ").append(v.fix(wording)).append('\n');
    }
    if (!v.diff().isEmpty()) {
      d.append('\n').append(v.diff());
    }
    return d.toString();
  }

  private static void property(StringBuilder x, String name, String value) {
    x.append("    <property name=\"")
        .append(attr(name))
        .append("\" value=\"")
        .append(attr(value))
        .append("\"/>\n");
  }

  /** Escapes character data. */
  static String text(String s) {
    return escape(s, false);
  }

  /** Escapes an attribute value (quoted with '"'); line breaks and tabs survive as references. */
  static String attr(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        // A literal CR would be turned into LF by any XML parser.
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
            out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
