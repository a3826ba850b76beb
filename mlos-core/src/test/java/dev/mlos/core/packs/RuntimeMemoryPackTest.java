package dev.mlos.core.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.compile.CompileResult;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParsedFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime-memory pack, chosen in mlos.yaml, compiled from a small realistic database. */
class RuntimeMemoryPackTest {
  static final List<String> PAGES =
      List.of(
          "PROFILES.md",
          "RUNTIME.md",
          "proposals/prop-0001.md",
          "proposals/prop-0002.md",
          "sessions/sess-0001.md",
          "sessions/sess-0002.md",
          "workflows/run-0001.md");

  @TempDir Path dir;

  static void inOrder(String text, String... parts) {
    int at = -1;
    for (String p : parts) {
      int next = text.indexOf(p, at + 1);
      assertTrue(next > at, "'" + p + "' should come after the previous part in:\n" + text);
      at = next;
    }
  }

  static ParsedFile parsed(String text) {
    return assertInstanceOf(ParsedFile.class, CompiledFile.parse(text));
  }

  @Test
  void mlosYamlChoosesThePackAndItsSchema() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    WorkspaceConfig config = w.config();
    assertEquals("runtime-memory", config.pack().name());
    assertEquals(List.of("runtime-memory"), config.schemas());
    assertEquals(
        List.of("index", "profiles", "sessions", "workflows", "proposals"),
        config.views().stream().map(v -> v.name()).toList());
  }

  @Test
  void everyViewRendersAsAnOrdinaryCompiledFile() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();

    CompileResult r = w.compile("2026-04-01T00:00:00Z");

    assertEquals(PAGES, List.copyOf(w.outputs().keySet()));
    assertEquals(PAGES.size(), r.written());
    assertEquals(List.of(), w.warnings);
    for (Map.Entry<String, String> f : w.outputs().entrySet()) {
      ParsedFile p = parsed(f.getValue());
      assertEquals("tom", p.frontMatter().get("workspace"), f.getKey());
      assertEquals("2026-04-01T00:00:00Z", p.compiledAt(), f.getKey());
      assertEquals(CompiledFile.contentHashOf(f.getValue()), p.declaredContentHash(), f.getKey());
      assertTrue(
          p.frontMatter().get("id") instanceof String
              && p.frontMatter().get("title") instanceof String,
          f.getKey());
      assertTrue(
          p.frontMatter().get("desc") instanceof String
              && p.frontMatter().get("tags") instanceof List,
          f.getKey());
    }
  }

  /**
   * The pack wrote a REAL with ?c, FreeMarker's format for computers: a confidence of 1e-6 read
   * 0.0000010 where ${n} and mlos.table write 0.000001 (docs/configuration.md, Templates).
   */
  @Test
  void aSmallConfidenceOrScoreIsWrittenAsPlainDigits() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    w.sql(
        "UPDATE skills_learned SET confidence = 0.000001 WHERE id = 'skill-01'",
        "UPDATE skill_to_logic_proposals SET determinism_score = 0.000002 WHERE id = 'prop-0001'");

    w.compile("2026-04-01T00:00:00Z");

    assertTrue(w.read("RUNTIME.md").contains("confidence 0.000001;"), w.read("RUNTIME.md"));
    String proposal = w.read("proposals/prop-0001.md");
    assertTrue(proposal.contains("- Confidence: 0.000001\n"), proposal);
    assertTrue(proposal.contains("- Determinism score: 0.000002\n"), proposal);
    assertTrue(
        w.read("sessions/sess-0001.md").contains("(confidence 0.000001)"),
        w.read("sessions/sess-0001.md"));
  }

  /**
   * Agents write this pack's rows with plain SQL, and its time columns are free text: a step's
   * {@code started_at} and {@code finished_at} and a profile version's {@code effective_from},
   * {@code effective_to} and {@code created_at} (and the instant the profiles are judged at, the
   * latest of them) went onto the pages as they were, so a line break in one started a heading of
   * its own, with raw HTML and an ESC, on the page of everyone who reads it. They are escaped on
   * one line now, as the pack's other time stamps were.
   */
  @Test
  void aTimeStampCannotBreakOutOfItsLine() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    String evil =
        "'2099-01-01T00:00:00Z' || char(10) || char(10) || '# Forged <script>x</script>'"
            + " || char(27)";
    w.sql(
        "UPDATE workflow_steps SET started_at = " + evil + ", finished_at = " + evil,
        "UPDATE behavior_profiles SET effective_from = "
            + evil
            + ", effective_to = "
            + evil
            + ", created_at = "
            + evil);

    w.compile("2026-04-01T00:00:00Z");

    for (String path : List.of("PROFILES.md", "workflows/run-0001.md")) {
      String page = w.read(path);
      String body = page.substring(page.indexOf("\n---\n", 4)); // YAML quotes the front matter
      assertFalse(page.lines().anyMatch(l -> l.startsWith("# Forged")), page);
      assertFalse(body.contains("<script>"), page);
      assertFalse(page.contains("\u001b"), page);
      assertTrue(page.contains("2099-01-01T00:00:00Z \\# Forged \\<script\\>x\\</script\\>"), page);
    }
  }

  /**
   * A session's page listed the skills learned from it as a hand-made code span, the key's
   * backticks replaced by apostrophes and nothing else: a skill key is free text written with plain
   * SQL, so one holding a line break ended the span and started a heading and an HTML block of its
   * own ({@code <script>} as is), and {@code a`b} showed as {@code a'b}. It is a code span of
   * mlos.code now: on one line, backticks kept.
   */
  @Test
  void aSkillKeyStaysInItsCodeSpanOnASessionPage() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    w.sql(
        "UPDATE skills_learned SET skill_key = 'http.retry`backoff' || char(10)"
            + " || '# Forged <script>x</script>' WHERE id = 'skill-01'");

    w.compile("2026-04-01T00:00:00Z");

    String page = w.read("sessions/sess-0001.md");
    assertFalse(page.lines().anyMatch(l -> l.startsWith("# Forged")), page);
    assertFalse(page.lines().anyMatch(l -> l.startsWith("<script>")), page);
    assertTrue(
        page.contains("- ``http.retry`backoff # Forged <script>x</script>`` (confidence 0.82)"),
        page);
  }

  @Test
  void theIndexLinksEveryPage() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    w.compile("2026-04-01T00:00:00Z");

    String index = w.read("RUNTIME.md");
    inOrder(
        index,
        "[PROFILES.md](PROFILES.md)",
        "[sess-0001](sessions/sess-0001.md)",
        "[sess-0002](sessions/sess-0002.md)",
        "[run-0001](workflows/run-0001.md)",
        "docs.changelog\\_style",
        "http.retry\\_backoff",
        "[prop-0001](proposals/prop-0001.md)",
        "[prop-0002](proposals/prop-0002.md)");
    assertTrue(index.contains("turns 4; tokens 37"), "turns and tokens of sess-0001:\n" + index);
    ParsedFile p = parsed(index);
    assertEquals("2026-01-01T00:00:00Z", p.frontMatter().get("created"));
    assertEquals("2026-03-02T11:00:00Z", p.frontMatter().get("updated"));
  }

  @Test
  void aSessionReplaysItsTurnsByTurnIndexInSafeFences() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    w.compile("2026-04-01T00:00:00Z");

    String s = w.read("sessions/sess-0001.md");
    inOrder(
        s,
        "### 0. system",
        "You are Tom.",
        "### 1. user",
        "### 2. assistant",
        "### 3. tool",
        "HTTP 503");
    // the assistant's own ``` block cannot close the turn's fence
    assertTrue(
        s.contains(
            "````text\nRetry with backoff:\n```python\nsleep(2 ** attempt)\n```\nthen give up.\n````\n"),
        s);
    assertTrue(s.contains("- Tokens: 37 (1 of 4 turns without a count)\n"), s);
    assertTrue(s.contains("tokens not counted"), s);
    assertTrue(s.contains("proposed as [prop-0001](../proposals/prop-0001.md)"), s);
    ParsedFile p = parsed(s);
    assertEquals("session-sess-0001", p.frontMatter().get("id"));
    assertEquals("2026-03-01T09:00:00Z", p.frontMatter().get("created"));
    assertEquals("2026-03-01T09:05:00Z", p.frontMatter().get("updated"));
  }

  @Test
  void aWorkflowRunReplaysStepsByIndexWithTheirEventsThenRunLevelEvents() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    w.compile("2026-04-01T00:00:00Z");

    String run = w.read("workflows/run-0001.md");
    inOrder(
        run,
        "### 0. collect proposals",
        "event ev-01;",
        "### 1. validate",
        "event ev-02;",
        "### 2. deploy canary",
        "\"target\": \"canary\"",
        // ev-03 and ev-04 happened at the same instant: the id breaks the tie
        "event ev-03;",
        "event ev-04;",
        "event ev-05;",
        "## Run-level events",
        "event ev-00;",
        "event ev-09;");
    assertEquals(1, run.split("event ev-05;", -1).length - 1, "each event appears once");
    assertTrue(run.contains("level **critical**;"), run);
  }

  @Test
  void aProposalShowsItsWholeLineage() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    w.compile("2026-04-01T00:00:00Z");

    String p = w.read("proposals/prop-0001.md");
    inOrder(
        p,
        "Lineage: skill `http.retry_backoff` -> proposal (`promoted`) -> 2 validations -> 2 approvals -> 1 deploy outcome.",
        "## Skill",
        "[turn-0001-2](../sessions/sess-0001.md)",
        "## Proposal",
        "\"file\": \"sync/http.py\"",
        "## Validations",
        "result val-01;",
        "lint **fail**;",
        "result val-02;",
        "## Approvals",
        "approval appr-01;",
        "approval appr-02;",
        "Looks right \\| ship it",
        "## Deploy outcomes",
        "outcome dep-01;",
        "`succeeded`",
        "## Other proposals from this skill",
        "[prop-0002](prop-0002.md)");
    ParsedFile f = parsed(p);
    assertEquals("turn-0001-2", f.frontMatter().get("source_transcript"));
    assertEquals("2026-03-02T01:30:00Z", f.frontMatter().get("updated"));
    assertEquals(
        List.of("runtime-memory", "proposal", "promoted", "medium", "code_patch"),
        f.frontMatter().get("tags"));
    assertTrue(w.read("proposals/prop-0002.md").contains("Not validated yet."));
  }

  @Test
  void theActiveProfileIsJudgedAtTheLatestRecordedInstant() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    w.compile("2026-04-01T00:00:00Z");

    String profiles = w.read("PROFILES.md");
    // 2026-03-02T11:00:00Z is prop-0002's created_at, the latest instant in the data
    assertTrue(
        profiles.contains("Judged at **2026-03-02T11:00:00Z**: the latest instant recorded"),
        profiles);
    inOrder(
        profiles,
        "### Active behaviour profile",
        "Version 2, effective from 2026-02-15T00:00:00Z with no end",
        "\"style\": \"concise\"",
        "### Active personality profile",
        "Version 1, effective from 2026-01-01T00:00:00Z",
        "\"tone\": \"warm\"",
        "- behaviour: version v2;",
        "state **active**\n",
        "- behaviour: version v1;",
        "state ended\n",
        "- personality: version v2;",
        "state scheduled\n",
        "- personality: version v1;",
        "state **active**\n");

    // a later record moves the instant: personality v2 (from 2026-04-01) takes over from v1
    w.sql(
        "INSERT INTO sessions (id, actor, started_at) VALUES ('sess-0003', 'user', '2026-04-02T08:00:00Z')");
    w.compile("2026-04-03T00:00:00Z");
    profiles = w.read("PROFILES.md");
    assertTrue(profiles.contains("Judged at **2026-04-02T08:00:00Z**"), profiles);
    inOrder(
        profiles,
        "### Active personality profile",
        "Version 2, effective from 2026-04-01T00:00:00Z",
        "- personality: version v2;",
        "state **active**\n",
        "- personality: version v1;",
        "state overridden\n");
  }

  /**
   * Two profile names that differ only in white space ("tom prime", "tom prime") both read "tom
   * prime" in RUNTIME.md, on two lines no reader could tell apart, where PROFILES.md numbers its
   * headings. The index numbers them the same way.
   */
  @Test
  void theIndexNumbersProfileNamesThatReadAlikeAsProfilesDoes() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    for (String name : List.of("tom  prime", "tom prime")) {
      w.sql(
          "INSERT INTO behavior_profiles (id, profile_name, version, behavior_json, rationale,"
              + " source_ref, effective_from, effective_to, created_at, created_by) VALUES ('bp-"
              + name.replace(' ', '_')
              + "', '"
              + name
              + "', 1, '{}', 'r', NULL, '2026-01-01T00:00:00Z', NULL, '2026-01-01T00:00:00Z',"
              + " 'system')");
    }
    w.compile("2026-04-01T00:00:00Z");

    String profiles = w.read("PROFILES.md");
    inOrder(profiles, "## tom prime\n", "## tom prime (2)\n");
    String index = w.read("RUNTIME.md");
    inOrder(index, "- tom prime: behaviour versions 1;", "- tom prime (2): behaviour versions 1;");
  }

  /**
   * {@code as_of: 5} was taken, and PROFILES.md said "Judged at **5**": every version compared as
   * text with "5". It is refused at load, naming mlos.yaml, the setting, the value and an example.
   */
  @Test
  void anAsOfThatIsNoInstantIsRefusedWithAnExample() {
    for (String value : List.of("5", "'2026-12-01'", "'yesterday'", "'2026-13-01T00:00:00Z'")) {
      dev.mlos.core.config.InvalidConfigException e =
          assertThrows(
              dev.mlos.core.config.InvalidConfigException.class,
              () ->
                  RuntimeMemoryWorkspace.create(
                      dir.resolve("bad" + Math.abs(value.hashCode())),
                      "params:\n  as_of: " + value + "\n"),
              value);
      String shown = value.replace("'", "");
      assertTrue(e.getMessage().contains("mlos.yaml"), e.getMessage());
      assertTrue(e.getMessage().contains("params.as_of: must match "), e.getMessage());
      assertTrue(e.getMessage().contains("found '" + shown + "'"), e.getMessage());
      assertTrue(e.fix().endsWith(", for example '2026-12-01T00:00:00Z'"), e.fix());
    }
    for (String value : List.of("'2026-12-01T00:00:00Z'", "'2026-12-01T00:00:00.250+01:00'")) {
      RuntimeMemoryWorkspace.create(
          dir.resolve("good" + Math.abs(value.hashCode())), "params:\n  as_of: " + value + "\n");
    }
  }

  @Test
  void theAsOfParameterPinsTheInstantAndEffectiveToIsExclusive() {
    RuntimeMemoryWorkspace before =
        RuntimeMemoryWorkspace.create(
            dir.resolve("before"), "params:\n  as_of: '2026-02-14T23:59:59Z'\n");
    before.seed();
    before.compile("2026-04-01T00:00:00Z");
    String p = before.read("PROFILES.md");
    assertTrue(p.contains("Judged at **2026-02-14T23:59:59Z**: the `as_of` parameter."), p);
    inOrder(
        p,
        "### Active behaviour profile",
        "Version 1, effective from 2026-01-01T00:00:00Z to 2026-02-15T00:00:00Z",
        "- behaviour: version v2;",
        "state scheduled\n",
        "- behaviour: version v1;",
        "state **active**\n");

    RuntimeMemoryWorkspace boundary =
        RuntimeMemoryWorkspace.create(
            dir.resolve("boundary"), "params:\n  as_of: '2026-02-15T00:00:00Z'\n");
    boundary.seed();
    boundary.compile("2026-04-01T00:00:00Z");
    p = boundary.read("PROFILES.md");
    inOrder(
        p,
        "### Active behaviour profile",
        "Version 2,",
        "- behaviour: version v2;",
        "state **active**\n",
        "- behaviour: version v1;",
        "state ended\n");

    RuntimeMemoryWorkspace early =
        RuntimeMemoryWorkspace.create(
            dir.resolve("early"), "params:\n  as_of: '2025-12-31T00:00:00Z'\n");
    early.seed();
    early.compile("2026-04-01T00:00:00Z");
    p = early.read("PROFILES.md");
    assertTrue(p.contains("No behaviour profile version is active at 2025-12-31T00:00:00Z."), p);
    assertTrue(p.contains("No personality profile version is active at 2025-12-31T00:00:00Z."), p);
  }

  @Test
  void outputIsTheSameBytesAtAnyTimeInAnyLocaleAndZone() {
    RuntimeMemoryWorkspace a = RuntimeMemoryWorkspace.create(dir.resolve("a"), "");
    a.seed();
    RuntimeMemoryWorkspace b = RuntimeMemoryWorkspace.create(dir.resolve("b"), "");
    b.seed();
    Locale locale = Locale.getDefault();
    TimeZone zone = TimeZone.getDefault();
    Map<String, String> first;
    CompileResult again;
    try {
      Locale.setDefault(Locale.forLanguageTag("de-DE"));
      TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
      a.compile("2026-04-01T00:00:00Z");
      first = a.outputs();
      Locale.setDefault(Locale.forLanguageTag("ar-EG"));
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kathmandu"));
      b.compile("2026-04-01T00:00:00Z");
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
      again = a.compile("2031-07-15T12:34:56Z");
    } finally {
      Locale.setDefault(locale);
      TimeZone.setDefault(zone);
    }
    assertEquals(first, b.outputs());
    assertEquals(0, again.written());
    assertEquals(first, a.outputs());
  }

  @Test
  void aDeletedSessionLosesItsPage() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    w.compile("2026-04-01T00:00:00Z");

    w.sql("DELETE FROM sessions WHERE id = 'sess-0002'");
    CompileResult r = w.compile("2026-04-02T00:00:00Z");

    assertFalse(w.exists("sessions/sess-0002.md"));
    assertEquals(List.of("sessions/sess-0002.md"), r.deleted());
    assertFalse(w.read("RUNTIME.md").contains("sess-0002"));
  }

  /**
   * Ids with no Latin letter or digit (the pack takes any text as an id) all slugged to {@code
   * untitled}: the sessions {@code ---} and {@code שלום 🎉} shared sessions/untitled.md, and the
   * compile failed on the second (compile.conflict). Each now has a page named from its id's hash,
   * the index links each to its own, and an id that gives a name of its own keeps it.
   */
  @Test
  void idsWithNoLetterOrDigitGetAPageEach() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.seed();
    w.sql(
        "INSERT INTO sessions(id,actor,channel,started_at,status) VALUES"
            + " ('---','a','b','2026-03-02T09:00:00Z','open'),"
            + " ('שלום 🎉','a','b','2026-03-02T10:00:00Z','open'),"
            + " ('Séance 1 🎉','a','b','2026-03-02T11:00:00Z','open')");

    w.compile("2026-04-01T00:00:00Z");

    assertTrue(w.read("sessions/untitled-cb3f91d5.md").contains("---"));
    assertTrue(w.read("sessions/untitled-d280d605.md").contains("שלום 🎉"));
    assertTrue(w.read("sessions/seance-1.md").contains("Séance 1 🎉"));
    assertTrue(w.exists("sessions/sess-0001.md"));
    assertFalse(w.exists("sessions/untitled.md"));
    inOrder(
        w.read("RUNTIME.md"),
        "[\\---](sessions/untitled-cb3f91d5.md)",
        "[שלום 🎉](sessions/untitled-d280d605.md)",
        "[Séance 1 🎉](sessions/seance-1.md)");
    assertEquals(List.of(), w.warnings);
  }

  /**
   * Two proposal ids with one slug ({@code P-1-x} and {@code p/1 ../x}) name one page: the compile
   * writes it for the first and refuses the second (compile.conflict). That page listed the second
   * among "Other proposals from this skill" as {@code [p/1 ../x](p-1-x.md)}, a link to itself for a
   * proposal it is not the page of: it is now plain text.
   */
  @Test
  void aRowWhosePageIsAnothersIsNotLinkedToIt() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");
    w.sql(
        "INSERT INTO skills_learned(id,skill_key,description,source_type,confidence,learned_at)"
            + " VALUES ('s1','k','d','doc',0.5,'2026-03-01T00:00:00Z')",
        "INSERT INTO skill_to_logic_proposals(id,skill_id,proposed_by,proposal_type,proposal_json,"
            + "risk_level,status,created_at,updated_at) VALUES"
            + " ('P-1-x','s1','human','code_patch','{}','low','drafted','2026-03-03T00:00:00Z',"
            + "'2026-03-03T00:00:00Z'),"
            + " ('p/1 ../x','s1','human','code_patch','{}','low','drafted','2026-03-04T00:00:00Z',"
            + "'2026-03-04T00:00:00Z'),"
            + " ('q','s1','human','code_patch','{}','low','drafted','2026-03-05T00:00:00Z',"
            + "'2026-03-05T00:00:00Z')");

    assertThrows(
        dev.mlos.core.compile.OutputConflictException.class,
        () -> w.compile("2026-04-01T00:00:00Z"));

    String page = w.read("proposals/p-1-x.md");
    assertTrue(page.contains("- p/1 ../x: `code_patch`"), page);
    assertFalse(page.contains("](p-1-x.md)"), page);
    assertTrue(page.contains("- [q](q.md): `code_patch`"), page);
    // The proposal's own page still links the others, and a page of another row links it.
    assertTrue(w.read("proposals/q.md").contains("- [P-1-x](p-1-x.md)"), w.read("proposals/q.md"));
  }

  @Test
  void anEmptyDatabaseStillCompiles() {
    RuntimeMemoryWorkspace w = RuntimeMemoryWorkspace.create(dir.resolve("ws"), "");

    w.compile("2026-04-01T00:00:00Z");

    assertEquals(List.of("PROFILES.md", "RUNTIME.md"), List.copyOf(w.outputs().keySet()));
    assertTrue(w.read("PROFILES.md").contains("No behaviour or personality profiles yet."));
    assertTrue(w.read("RUNTIME.md").contains("No sessions yet."));
  }
}
