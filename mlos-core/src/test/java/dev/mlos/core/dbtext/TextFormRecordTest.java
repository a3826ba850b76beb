package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.guard.CheckedFile;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.GuardWorkspace;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20: a no-op compile and the guard right after a compile know the text form is the
 * database's dump from the record the last compile kept, without dumping the database (a dump reads
 * every row); every change the dump would find is still found. Each case runs on a rollback-journal
 * and on a WAL database.
 */
class TextFormRecordTest {
  @TempDir Path dir;

  private Path db;
  private Path text;
  private WorkspaceConfig config;

  private static String dump(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly()) {
      return DatabaseText.dump(c, db);
    }
  }

  /**
   * A compiled workspace whose database (inside the workspace, so the guard checks its text form)
   * keeps a text form, in {@code journal} mode.
   */
  private void compiledWorkspace(String journal) throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    db = w.root.resolve("mlos.db");
    Files.copy(w.db, db);
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode = " + journal)) {
      assertTrue(rs.next());
      assertEquals(journal.toLowerCase(java.util.Locale.ROOT), rs.getString(1));
    }
    text = DatabaseText.fileOf(db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    config = new ConfigLoader().load(w.root, new ConfigOverrides(null, db, null, null, Map.of()));
    long before = DatabaseText.dumps();
    compile();
    assertTrue(DatabaseText.dumps() > before, "the first compile dumps the database");
    assertEquals(dump(db), Files.readString(text), "and writes its text form");
    assertTrue(Files.isRegularFile(TextFormRecord.file(config.stateDirectory())));
  }

  private void compile() {
    new Compiler().compile(new CompileRequest(config, "2026-02-01T00:00:00Z"), Reporter.SILENT);
  }

  private GuardReport guard() {
    return new Guard().check(new GuardRequest(config));
  }

  private static List<Violation> textFormViolations(GuardReport r) {
    return r.violations().stream().filter(v -> v.path().equals("mlos.db.sql")).toList();
  }

  /** The guard's verdict on the text form, and the same verdict without the record (today's). */
  private List<Violation> guardSameWithAndWithoutRecord() throws Exception {
    List<Violation> withRecord = textFormViolations(guard());
    Path record = TextFormRecord.file(config.stateDirectory());
    byte[] kept = Files.isRegularFile(record) ? Files.readAllBytes(record) : null;
    Files.deleteIfExists(record);
    long before = DatabaseText.dumps();
    List<Violation> withoutRecord = textFormViolations(guard());
    assertTrue(DatabaseText.dumps() > before, "without a record the guard dumps");
    assertEquals(withoutRecord, withRecord);
    if (kept != null) {
      Files.write(record, kept);
    }
    return withRecord;
  }

  /**
   * The text form and its base as long after the compile that wrote them (out of the window where a
   * change could keep a file's size and times), recorded again by a compile.
   */
  private void ageAndRecordAgain() throws Exception {
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    Files.setLastModifiedTime(text, old);
    Files.setLastModifiedTime(DatabaseText.baseFileOf(null, db), old);
    Files.delete(TextFormRecord.file(config.stateDirectory()));
    long before = DatabaseText.dumps();
    compile();
    assertEquals(before + 1, DatabaseText.dumps(), "without a record a no-op compile dumps");
    assertTrue(Files.isRegularFile(TextFormRecord.file(config.stateDirectory())));
    assertEquals(old, Files.getLastModifiedTime(text), "the same bytes are not rewritten");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DELETE", "WAL"})
  void aNoOpCompileAndTheGuardAfterACompileDoNotDumpTheDatabase(String journal) throws Exception {
    compiledWorkspace(journal);
    byte[] written = Files.readAllBytes(text);

    long before = DatabaseText.dumps();
    compile();
    assertEquals(before, DatabaseText.dumps(), "a no-op compile does not dump");
    assertArrayEquals(written, Files.readAllBytes(text));

    GuardReport green = guard();
    assertEquals(before, DatabaseText.dumps(), "nor does the guard right after it");
    assertTrue(
        green.checkedFiles().stream()
            .anyMatch(
                f ->
                    f.path().equals("mlos.db.sql")
                        && f.kind() == CheckedFile.Kind.COMPILED
                        && f.passed()),
        green.checkedFiles().toString());
    assertEquals(List.of(), guardSameWithAndWithoutRecord(), "the verdict is today's");

    // Files the compile wrote just now are known by their hash; once they are old enough, a compile
    // records their size and times (as git refreshes its index), so the next check reads nothing.
    Path record = TextFormRecord.file(config.stateDirectory());
    List<String> recorded = Files.readAllLines(record);
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    Files.setLastModifiedTime(text, old);
    Files.setLastModifiedTime(DatabaseText.baseFileOf(null, db), old);
    before = DatabaseText.dumps();
    compile();
    List<String> refreshed = Files.readAllLines(record);
    assertEquals(recorded.subList(0, 4), refreshed.subList(0, 4));
    assertTrue(
        refreshed
                .get(4)
                .endsWith(
                    ":"
                        + old.to(java.util.concurrent.TimeUnit.NANOSECONDS)
                        + ":"
                        + refreshed.get(4).substring(refreshed.get(4).lastIndexOf(':') + 1))
            && !refreshed.get(4).equals(recorded.get(4)),
        refreshed + " after " + recorded);
    assertEquals(before, DatabaseText.dumps());

    // Long after the compile, the text form is known by its identity, size and times alone.
    ageAndRecordAgain();
    before = DatabaseText.dumps();
    compile();
    guard();
    assertEquals(before, DatabaseText.dumps(), "still no dump");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DELETE", "WAL"})
  void aTextFormEditedByHandIsFoundAsToday(String journal) throws Exception {
    compiledWorkspace(journal);
    ageAndRecordAgain();
    byte[] written = Files.readAllBytes(text);
    // The same size, and the time it had: only its bytes tell.
    FileTime mtime = Files.getLastModifiedTime(text);
    String edited =
        new String(written, StandardCharsets.UTF_8)
            .replace("'Kernel boots reproducibly'", "'Kernel boots reproducibla'");
    Files.writeString(text, edited, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(text, mtime);

    List<Violation> found = guardSameWithAndWithoutRecord();
    assertEquals(1, found.size(), found.toString());
    assertEquals(ViolationClass.STALE, found.get(0).violationClass());
    assertTrue(found.get(0).message().contains(DatabaseText.RULE), found.get(0).message());
    DatabaseText.TextFormChangedException e =
        assertThrows(DatabaseText.TextFormChangedException.class, this::compile);
    assertEquals(DatabaseText.RULE, e.rule());
    assertEquals(edited, Files.readString(text), "the edit is kept");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DELETE", "WAL"})
  void aPulledTextFormIsFoundAsToday(String journal) throws Exception {
    compiledWorkspace(journal);
    Path teammate = dir.resolve("teammate.db");
    Files.copy(db, teammate);
    try (Connection c = Database.at(teammate).open(false);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = DELETE");
      s.execute(
          "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
              + " (10, 'Teammate need', 'identified', 2, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
    }
    // What git does: a new file in its place.
    Path pulled = dir.resolve("pulled.sql");
    Files.writeString(pulled, dump(teammate), StandardCharsets.UTF_8);
    Files.move(pulled, text, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    List<Violation> found = guardSameWithAndWithoutRecord();
    assertEquals(1, found.size(), found.toString());
    assertEquals(DatabaseText.PULL_FIX, found.get(0).fixTemplate());
    assertThrows(DatabaseText.TextFormChangedException.class, this::compile);

    TextFormPull.pull(config, Reporter.SILENT);
    compile();
    assertEquals(dump(db), Files.readString(text));
    assertEquals(List.of(), guardSameWithAndWithoutRecord());
  }

  @ParameterizedTest
  @ValueSource(strings = {"DELETE", "WAL"})
  void aDatabaseChangedAfterTheCompileIsFoundAsToday(String journal) throws Exception {
    compiledWorkspace(journal);
    assertTrue(SqliteShell.run(db, "UPDATE artifacts SET title = 'Renamed' WHERE id = 2;").ok());

    List<Violation> found = guardSameWithAndWithoutRecord();
    assertEquals(1, found.size(), found.toString());
    assertEquals(ViolationClass.STALE, found.get(0).violationClass());
    assertTrue(found.get(0).message().contains("the database changed"), found.get(0).message());

    long before = DatabaseText.dumps();
    compile();
    assertTrue(DatabaseText.dumps() > before, "the compile dumps the changed database");
    assertTrue(Files.readString(text).contains("'Renamed'"));
    assertEquals(dump(db), Files.readString(text));

    // And through JDBC, as an agent's MCP server writes.
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      s.execute("UPDATE needs SET priority = 4 WHERE id = 4");
    }
    assertEquals(1, guardSameWithAndWithoutRecord().size());
    compile();
    assertTrue(Files.readString(text).contains(",4,"), "the compile wrote the change");
    assertEquals(dump(db), Files.readString(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"DELETE", "WAL"})
  void withoutTheStateDirectoryEverythingIsDumpedAndFoundAsToday(String journal) throws Exception {
    compiledWorkspace(journal);
    deleteTree(config.stateDirectory());
    long before = DatabaseText.dumps();
    assertEquals(List.of(), textFormViolations(guard()));
    assertTrue(DatabaseText.dumps() > before, "no record: the guard dumps");

    assertTrue(SqliteShell.run(db, "UPDATE artifacts SET title = 'Renamed' WHERE id = 2;").ok());
    deleteTree(config.stateDirectory());
    assertEquals(1, textFormViolations(guard()).size());
    compile();
    assertEquals(dump(db), Files.readString(text));

    // A record of another version of mlos (or SQLite) is not trusted.
    Path record = TextFormRecord.file(config.stateDirectory());
    List<String> lines = Files.readAllLines(record);
    Files.write(
        record,
        (String.join(
                    "\n",
                    java.util.stream.Stream.concat(
                            java.util.stream.Stream.of("another-code"), lines.stream().skip(1))
                        .toList())
                + "\n")
            .getBytes(StandardCharsets.UTF_8));
    before = DatabaseText.dumps();
    assertEquals(List.of(), textFormViolations(guard()));
    assertTrue(DatabaseText.dumps() > before, "another code's record: the guard dumps");
    Files.writeString(record, "not a record\n");
    before = DatabaseText.dumps();
    compile();
    assertTrue(DatabaseText.dumps() > before, "an unreadable record: the compile dumps");
    assertFalse(Files.readString(record).equals("not a record\n"), "and records again");
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
