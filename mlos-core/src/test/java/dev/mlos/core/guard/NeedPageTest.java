package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ML OS need page's body: the tasks section by status, and the source transcript's link. */
class NeedPageTest {
  static final String NEED_4 = "needs/4-phone-view.md";

  @TempDir Path dir;

  @Test
  void aResolvedOrDeferredNeedWithoutTasksDoesNotSayNoTasksYet() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    for (String status : new String[] {"active", "actionable", "in_progress", "resolved"}) {
      w.sql("UPDATE needs SET status = '" + status + "' WHERE id = 4");
    }
    w.sql("UPDATE needs SET status = 'deferred' WHERE id = 2");
    w.compile();

    String resolved = w.read(NEED_4);
    assertTrue(
        resolved.contains("\nNo tasks were recorded for this need; it is resolved.\n"), resolved);
    assertFalse(resolved.contains("No tasks yet"), resolved);
    String deferred = w.read("needs/2-context-packs-fit-the-window.md");
    assertTrue(deferred.contains("\nNo tasks: this need is deferred.\n"), deferred);
  }

  @Test
  void theSourceTranscriptIsLinkedOnlyWhileItsFileExistsAndTheCompileNoticesTheFile() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.sql(
        "UPDATE needs SET source_transcript = 'transcripts/2026-01 talk.md' WHERE id = 4",
        "UPDATE needs SET source_transcript = '../../etc/passwd' WHERE id = 2");
    w.compile();
    assertTrue(
        w.read(NEED_4).contains("- Source transcript: transcripts/2026-01 talk.md\n"),
        w.read(NEED_4));

    w.write("transcripts/2026-01 talk.md", "# Talk\n");
    // The file appearing is a change of the compile's inputs: the guard sees the page stale...
    GuardReport stale = w.guard();
    assertTrue(
        stale.violations().stream()
            .anyMatch(v -> v.path().equals(NEED_4) && v.violationClass() == ViolationClass.STALE),
        stale.violations().toString());
    // ...and the next compile links it, relative to the page.
    w.compile();
    assertTrue(
        w.read(NEED_4)
            .contains(
                "- Source transcript: [transcripts/2026-01 talk.md](../transcripts/2026-01%20talk.md)\n"),
        w.read(NEED_4));
    assertTrue(w.guard().isClean(), w.guard().violations().toString());
    // A path leaving the workspace is never linked, whatever exists there.
    String two = w.read("needs/2-context-packs-fit-the-window.md");
    assertTrue(two.contains("- Source transcript: ../../etc/passwd\n"), two);
  }
}
