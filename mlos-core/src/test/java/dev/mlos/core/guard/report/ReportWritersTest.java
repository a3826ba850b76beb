package dev.mlos.core.guard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mlos.core.RemedyWording;
import dev.mlos.core.guard.CheckedFile;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardWorkspace;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import dev.mlos.core.path.InvalidPathException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

class ReportWritersTest {
  static final Set<ViolationClass> FAIL_ON = EnumSet.complementOf(EnumSet.of(ViolationClass.STALE));

  @TempDir Path dir;

  /**
   * A real guard report with a hand edit, a stale page, a missing file, an unknown file and a
   * drift.
   */
  private GuardReport realReport() {
    GuardWorkspace w = GuardWorkspace.create(dir.resolve("w"));
    w.seed();
    w.compile();
    String need = "needs/1-kernel-boots-reproducibly.md";
    w.write(
        need,
        w.read(need).replace("Same database, same boot.", "Edited <b>&amp; \"quoted\"\u001b"));
    w.sql("UPDATE needs SET description = 'Changed.' WHERE id = 2");
    w.delete("needs/4-phone-view.md");
    w.write("notes/a, b:c.md", w.read("PROBLEM.md"));
    w.write("docs/boot.md", "changed");
    return w.guard();
  }

  private static Document xml(String text) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void junitXmlParsesAndHasOneTestCasePerCheckedFile() throws Exception {
    GuardReport r = realReport();
    Path file = JUnitReportWriter.write(r, FAIL_ON, dir.resolve("target/mlos"));

    assertEquals(dir.resolve("target/mlos/mlos-guard-junit.xml"), file);
    Document doc = xml(Files.readString(file));
    Element suite = doc.getDocumentElement();
    assertEquals("testsuite", suite.getTagName());
    assertEquals("mlos-guard", suite.getAttribute("name"));
    NodeList cases = doc.getElementsByTagName("testcase");
    assertEquals(r.checkedFiles().size(), cases.getLength());
    assertEquals(String.valueOf(cases.getLength()), suite.getAttribute("tests"));
    int failures = 0;
    boolean sawEdit = false;
    boolean sawCompiled = false;
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      NodeList f = c.getElementsByTagName("failure");
      failures += f.getLength() > 0 ? 1 : 0;
      if (c.getAttribute("classname").equals("compiled")) {
        sawCompiled = true;
        assertEquals(0, f.getLength());
      }
      if (c.getAttribute("classname").equals("HAND_EDITED")) {
        sawEdit = true;
        Element failure = (Element) f.item(0);
        assertTrue(failure.getAttribute("message").contains("edited by hand"));
        assertTrue(
            failure.getTextContent().contains("Edited <b>&amp; \"quoted\"\\u001B"),
            failure.getTextContent());
        assertTrue(failure.getTextContent().contains("Fix: "), failure.getTextContent());
      }
      if (c.getAttribute("classname").equals("STALE")) {
        assertEquals(0, f.getLength(), "STALE only warns here");
        assertTrue(
            c.getElementsByTagName("system-out")
                .item(0)
                .getTextContent()
                .startsWith("warning: STALE"));
      }
    }
    assertTrue(sawEdit && sawCompiled);
    assertEquals(String.valueOf(failures), suite.getAttribute("failures"));
    assertEquals(r.failing(FAIL_ON).size(), failures);
  }

  @Test
  void xmlEscapingSurvivesEveryAwkwardCharacter() throws Exception {
    String nasty = "a\u0000b\u0007c\r\nd\te&<>\"'\uD800\uFFFF \uD83D\uDE00";
    Violation v = new Violation(ViolationClass.HAND_EDITED, "x\ty.md", 1, nasty, nasty, nasty);
    GuardReport r =
        new GuardReport(
            "ws",
            dir,
            List.of(v),
            List.of(new CheckedFile("x\ty.md", CheckedFile.Kind.COMPILED, List.of(v))),
            true,
            true);

    Document doc = xml(JUnitReportWriter.render(r, FAIL_ON));

    Element c = (Element) doc.getElementsByTagName("testcase").item(0);
    assertEquals("x\ty.md", c.getAttribute("name"));
    Element failure = (Element) c.getElementsByTagName("failure").item(0);
    assertEquals(
        "a\\u0000b\\u0007c\r\nd\te&<>\"'\\uD800\\uFFFF \uD83D\uDE00",
        failure.getAttribute("message"));
  }

  @SuppressWarnings("unchecked")
  @Test
  void sarifParsesAndHoldsTheViolations() throws Exception {
    GuardReport r = realReport();
    // A wording of the test's own: the report says the fixes in the words the adapter passes.
    RemedyWording wording = remedy -> "<" + remedy.kind() + ">";
    Path file = SarifReportWriter.write(r, FAIL_ON, dir.resolve("target/mlos"), wording);

    assertEquals("mlos-guard.sarif", file.getFileName().toString());
    Map<String, Object> sarif = new Yaml().load(Files.readString(file));
    assertEquals("2.1.0", sarif.get("version"));
    Map<String, Object> run = ((List<Map<String, Object>>) sarif.get("runs")).get(0);
    Map<String, Object> driver =
        (Map<String, Object>) ((Map<String, Object>) run.get("tool")).get("driver");
    assertEquals("mlos", driver.get("name"));
    List<Map<String, Object>> rules = (List<Map<String, Object>>) driver.get("rules");
    assertEquals(
        List.of(
            "HAND_EDITED",
            "STALE",
            "MISSING",
            "UNKNOWN",
            "ARTIFACT_DRIFT",
            "ARTIFACT_MISSING",
            "RECORD_DRIFT"),
        rules.stream().map(m -> m.get("id")).toList());
    assertTrue(
        ((Map<String, Object>) rules.get(0).get("help"))
            .get("text")
            .toString()
            .contains("Put the change into the database, then run <RUN_COMPILE>, which"));
    assertTrue(
        ((Map<String, Object>) rules.get(4).get("help"))
            .get("text")
            .toString()
            .contains("record the new hash with <ACCEPT_ARTIFACT> (this leaves"));
    assertTrue(
        ((Map<String, Object>) rules.get(5).get("help"))
            .get("text")
            .toString()
            .contains("or unregister the artifact with <REMOVE_ARTIFACT>."));
    List<Map<String, Object>> results = (List<Map<String, Object>>) run.get("results");
    assertEquals(r.violations().size(), results.size());
    Map<String, Object> first = results.get(0);
    assertEquals("HAND_EDITED", first.get("ruleId"));
    assertTrue(
        ((Map<String, Object>) first.get("message"))
            .get("text")
            .toString()
            .contains("<RUN_COMPILE>"),
        first.toString());
    assertTrue(
        ((Map<String, Object>) first.get("properties"))
            .get("fix")
            .toString()
            .contains("<RUN_COMPILE>"),
        first.toString());
    assertEquals("error", first.get("level"));
    Map<String, Object> location =
        (Map<String, Object>)
            ((Map<String, Object>) ((List<Map<String, Object>>) first.get("locations")).get(0))
                .get("physicalLocation");
    assertEquals(
        "needs/1-kernel-boots-reproducibly.md",
        ((Map<String, Object>) location.get("artifactLocation")).get("uri"));
    assertEquals(
        r.violations().get(0).line(),
        ((Map<String, Object>) location.get("region")).get("startLine"));
    assertTrue(
        results.stream()
            .anyMatch(m -> "STALE".equals(m.get("ruleId")) && "warning".equals(m.get("level"))));
    assertTrue(Files.readString(file).contains("notes/a%2C%20b%3Ac.md"));
  }

  @SuppressWarnings("unchecked")
  @Test
  void jsonSummaryParsesWithCountsAndViolations() throws Exception {
    GuardReport r = realReport();
    Path file = JsonSummaryWriter.write(r, FAIL_ON, dir.resolve("target/mlos"));

    Map<String, Object> json = new Yaml().load(Files.readString(file));
    Map<String, Object> counts = (Map<String, Object>) json.get("counts");
    assertEquals(1, counts.get("HAND_EDITED"));
    assertEquals(1, counts.get("MISSING"));
    assertEquals(1, counts.get("UNKNOWN"));
    assertEquals(1, counts.get("ARTIFACT_DRIFT"));
    assertEquals(0, counts.get("ARTIFACT_MISSING"));
    assertEquals(false, json.get("clean"));
    List<Map<String, Object>> violations = (List<Map<String, Object>>) json.get("violations");
    assertEquals(r.violations().size(), violations.size());
    assertTrue(violations.get(0).get("diff").toString().contains("\u001b"));
    assertEquals(r.failing(FAIL_ON).size(), json.get("failing"));
    // The fields docs/guard.md lists, in camelCase (unlike mlos guard --json's snake_case).
    assertEquals(
        List.of(
            "tool",
            "workspace",
            "staleChecked",
            "rendered",
            "clean",
            "checkedFiles",
            "failOn",
            "failing",
            "counts",
            "violations"),
        List.copyOf(json.keySet()));
    assertEquals(
        List.of("class", "path", "line", "failing", "message", "fix", "diff", "count"),
        List.copyOf(violations.get(0).keySet()));
  }

  @Test
  void writeAllWritesTheThreeDocumentedFiles() {
    GuardReport r = realReport();
    List<Path> files = GuardReportFiles.writeAll(r, FAIL_ON, r.root().resolve("target/mlos"));
    assertEquals(
        List.of("mlos-guard-junit.xml", "mlos-guard.sarif", "mlos-guard.json"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    assertTrue(files.stream().allMatch(Files::isRegularFile));
  }

  @Test
  void githubAnnotationsAreEscaped() {
    Violation v =
        new Violation(ViolationClass.HAND_EDITED, "a,b:c%.md", 7, "50% done\r\nnext", "", "run it");
    Violation w = new Violation(ViolationClass.STALE, "p.md", 0, "old", "", "");
    GuardReport r = new GuardReport("ws", dir, List.of(v, w), List.of(), true, true);

    List<String> lines = GitHubAnnotations.lines(r, FAIL_ON, "ws/");

    assertEquals(
        List.of(
            "::error file=ws/a%2Cb%3Ac%25.md,line=7,title=mlos HAND_EDITED::50%25 done%0D%0Anext. Fix: run it",
            "::warning file=ws/p.md,title=mlos STALE::old"),
        lines);
    assertFalse(lines.get(1).contains("line="));
  }

  /** check-text's annotation of a refused row of mlos.db.sql, escaped as the guard's are. */
  @Test
  void anErrorOutsideAGuardReportIsEscapedAsTheGuardsAre() {
    assertEquals(
        "::error file=w%2Cs/mlos.db.sql,line=40,title=mlos dbtext.hand_edit_breaks_rule::need: a"
            + " -> b 100%25%0Anext",
        GitHubAnnotations.error(
            "w,s/mlos.db.sql", 40, "mlos dbtext.hand_edit_breaks_rule", "need: a -> b 100%\nnext"));
    assertEquals(
        "::error file=mlos.db.sql,title=t::m", GitHubAnnotations.error("mlos.db.sql", 0, "t", "m"));
  }

  /**
   * A workspace checked out under another directory name has every page UNKNOWN: the console and
   * the annotations show the first 50 and count the rest by class; the report files keep them all.
   */
  /**
   * A violation that counts others (the guard's line for the new record files past the first 1000)
   * counts as many in every summary, per class, and the classes listed in full read as before.
   */
  @Test
  void aLineThatCountsViolationsCountsAsManyInEverySummary() {
    List<Violation> all = new java.util.ArrayList<>();
    all.add(new Violation(ViolationClass.HAND_EDITED, "a.md", 3, "edited", "", "compile"));
    all.add(new Violation(ViolationClass.HAND_EDITED, "b.md", 3, "edited", "", "compile"));
    for (int i = 0; i < 6; i++) {
      all.add(
          new Violation(
              ViolationClass.RECORD_DRIFT, "data/" + i + ".yaml", 0, "new", "", "import", null));
    }
    all.add(
        new Violation(
            ViolationClass.RECORD_DRIFT, "data", 0, "1000 more", "", "import", null, 1000));
    GuardReport r = new GuardReport("ws", dir, all, List.of(), true, true);

    assertEquals(
        "1008 violations: HAND_EDITED 2, RECORD_DRIFT 1006 (6 listed by path, 1000 counted)",
        GuardReport.countLine(r.violations()));
    assertEquals(1006, r.counts().get(ViolationClass.RECORD_DRIFT));
    assertEquals(1008, GuardReport.total(r.failing(FAIL_ON)));
    assertEquals(
        "2 violations: HAND_EDITED 2", GuardReport.countLine(r.violations().subList(0, 2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Violation(ViolationClass.RECORD_DRIFT, "data", 0, "none", "", "", null, 0));
    // SARIF has one result for the line, as code scanning has one alert: its count says how many.
    String sarif = SarifReportWriter.render(r, FAIL_ON);
    assertTrue(sarif.contains("\"count\": 1000") || sarif.contains("\"count\":1000"), sarif);
  }

  /**
   * A counted line is told from a listed violation by what it is, not by its count: one that counts
   * a single file (1,001 new record files) still gets the breakdown, as one counting 9,000 (10,000
   * files) does; a listed violation is never counted, and a counted line of more than one is never
   * listed.
   */
  @Test
  void aCountedLineIsCountedWhateverItCounts() {
    List<Violation> listed = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      listed.add(
          new Violation(
              ViolationClass.RECORD_DRIFT, "data/" + i + ".yaml", 0, "new", "", "import", null));
    }
    List<Violation> one = new java.util.ArrayList<>(listed);
    one.add(new Violation(ViolationClass.RECORD_DRIFT, "data", 0, "1 more", "", "import", null, 1));
    List<Violation> many = new java.util.ArrayList<>(listed);
    many.add(
        new Violation(
            ViolationClass.RECORD_DRIFT, "data", 0, "9000 more", "", "import", null, 9000));

    assertEquals(
        "1001 violations: RECORD_DRIFT 1001 (1000 listed by path, 1 counted)",
        GuardReport.countLine(one));
    assertEquals(
        "10000 violations: RECORD_DRIFT 10000 (1000 listed by path, 9000 counted)",
        GuardReport.countLine(many));
    assertEquals("1000 violations: RECORD_DRIFT 1000", GuardReport.countLine(listed));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Violation(ViolationClass.RECORD_DRIFT, "data", 0, "two", "", "", null, 2, false));
  }

  @Test
  void aConsoleShowsTheFirstFiftyViolationsAndCountsTheRest() {
    List<Violation> all = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      all.add(
          new Violation(
              i < 55 ? ViolationClass.UNKNOWN : ViolationClass.HAND_EDITED,
              "needs/" + i + ".md",
              0,
              "other workspace",
              "",
              "set workspace"));
    }
    GuardReport r = new GuardReport("ws", dir, all, List.of(), true, true);

    // In report order (by class, then path): the five hand edits come first.
    List<Violation> shown = GuardReport.shownOnConsole(r.violations());
    assertEquals(r.violations().subList(0, 50), shown);
    assertEquals(
        5, shown.stream().filter(v -> v.violationClass() == ViolationClass.HAND_EDITED).count());
    assertEquals(
        "... and 10 more (10 violations: UNKNOWN 10): see the reports",
        GuardReport.notShownLine(r.violations(), "see the reports"));
    assertEquals(50, GitHubAnnotations.lines(r, FAIL_ON, "").size());
    assertEquals(null, GuardReport.notShownLine(all.subList(0, 50), "see the reports"));
    assertEquals(all.subList(0, 3), GuardReport.shownOnConsole(all.subList(0, 3)));
    List<Path> written = GuardReportFiles.writeAll(r, FAIL_ON, dir.resolve("reports"));
    List<Path> listing =
        written.stream()
            .filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".sarif"))
            .toList();
    assertEquals(2, listing.size(), written.toString());
    for (Path report : listing) {
      assertTrue(readString(report).contains("needs/59.md"), report + " lists every violation");
    }
  }

  private static String readString(Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aMessageEndingInAnEllipsisOrFullStopGetsNoSecondFullStop() {
    Violation drift =
        new Violation(
            ViolationClass.ARTIFACT_DRIFT,
            "d.md",
            0,
            "artifact 1 'd.md' changed since it was registered: its SHA-256 is 0123456789ab..., the database says ba9876543210...",
            "",
            "review it");
    Violation sentence =
        new Violation(ViolationClass.STALE, "p.md", 0, "It is old.", "", "compile");
    GuardReport r = new GuardReport("ws", dir, List.of(drift, sentence), List.of(), true, true);

    List<String> lines =
        GitHubAnnotations.lines(r, java.util.EnumSet.allOf(ViolationClass.class), "");

    assertEquals(
        List.of(
            "::error file=p.md,title=mlos STALE::It is old. Fix: compile",
            "::error file=d.md,title=mlos ARTIFACT_DRIFT::artifact 1 'd.md' changed since it was registered: its SHA-256 is"
                + " 0123456789ab..., the database says ba9876543210... Fix: review it"),
        lines);
    assertEquals(
        "It is old. Fix: compile", ReportText.messageWithFix(sentence, RemedyWording.OPERATIONS));
  }

  @Test
  void aReportDirectoryOutsideTheWorkspaceOrBehindALinkLeadingOutIsRefusedAndNothingIsWritten()
      throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    GuardReport r = new GuardReport("ws", ws, List.of(), List.of(), true, true);

    InvalidPathException e =
        assertThrows(
            InvalidPathException.class,
            () -> GuardReportFiles.writeAll(r, FAIL_ON, outside.resolve("reports")));
    assertTrue(e.getMessage().contains("report directory"), e.getMessage());
    assertTrue(e.fix().contains("inside the workspace"), e.fix());

    Files.createSymbolicLink(ws.resolve("target"), outside);
    e =
        assertThrows(
            InvalidPathException.class,
            () -> GuardReportFiles.writeAll(r, FAIL_ON, ws.resolve("target/mlos")));
    assertTrue(
        e.getMessage().contains("report directory") && e.getMessage().contains("symlink"),
        e.getMessage());
    try (var left = Files.list(outside)) {
      assertEquals(List.of(), left.toList(), "nothing written outside the workspace");
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void sarifUrisAndAnnotationsAreRepositoryRelativeForAWorkspaceInASubdirectoryOfTheRepository()
      throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    gitInit(repo);
    Path ws = Files.createDirectories(repo.resolve("sub dir/ws"));
    Violation v =
        new Violation(ViolationClass.HAND_EDITED, "docs/a b.md", 3, "edited", "", "compile");
    GuardReport r = new GuardReport("ws", ws, List.of(v), List.of(), true, true);

    Map<String, Object> sarif = new Yaml().load(SarifReportWriter.render(r, FAIL_ON));
    Map<String, Object> run = ((List<Map<String, Object>>) sarif.get("runs")).get(0);
    Map<String, Object> artifact =
        (Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>)
                            ((List<Map<String, Object>>)
                                    ((List<Map<String, Object>>) run.get("results"))
                                        .get(0)
                                        .get("locations"))
                                .get(0))
                        .get("physicalLocation"))
                .get("artifactLocation");
    assertEquals("sub%20dir/ws/docs/a%20b.md", artifact.get("uri"));
    String base =
        ((Map<String, Map<String, String>>) run.get("originalUriBaseIds"))
            .get(artifact.get("uriBaseId"))
            .get("uri");
    assertEquals(repo.toRealPath().toUri(), java.net.URI.create(base));
    // The base and the URI resolve to the file, as any SARIF reader resolves them.
    assertEquals(
        ws.toRealPath().resolve("docs/a b.md").toUri(),
        java.net.URI.create(base).resolve(artifact.get("uri").toString()));

    assertEquals(
        List.of(
            "::error file=sub dir/ws/docs/a b.md,line=3,title=mlos HAND_EDITED::edited. Fix: compile"),
        GitHubAnnotations.lines(r, FAIL_ON));
  }

  @SuppressWarnings("unchecked")
  @Test
  void outsideAGitRepositoryPathsAreWorkspaceRelative() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("plain/ws"));
    GuardReport r =
        new GuardReport(
            "ws",
            ws,
            List.of(new Violation(ViolationClass.MISSING, "GRAPH.md", 0, "gone", "", "")),
            List.of(),
            true,
            true);
    assumeFalse(
        RepositoryLocation.of(ws).repositoryRoot().resolve(".git").toFile().exists(),
        "the temp directory is in a git checkout");

    String sarif = SarifReportWriter.render(r, FAIL_ON);
    assertTrue(
        sarif.contains("\"uri\": \"GRAPH.md\"") || sarif.contains("\"uri\":\"GRAPH.md\""), sarif);
    assertTrue(sarif.contains(ws.toRealPath().toUri().toString()), sarif);
    assertEquals(
        List.of("::error file=GRAPH.md,title=mlos MISSING::gone"),
        GitHubAnnotations.lines(r, FAIL_ON));
  }

  /**
   * A real repository when git is installed; else the marker git leaves, which is all the guard
   * looks for.
   */
  private static void gitInit(Path repo) throws Exception {
    try {
      Process p =
          new ProcessBuilder("git", "init", "-q", repo.toString())
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() == 0 && Files.isDirectory(repo.resolve(".git"))) {
        return;
      }
    } catch (java.io.IOException e) {
      // no git here
    }
    Files.createDirectories(repo.resolve(".git"));
  }
}
