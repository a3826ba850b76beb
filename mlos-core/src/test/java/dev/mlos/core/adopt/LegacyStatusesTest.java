package dev.mlos.core.adopt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LegacyStatusesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "pending|open", "' TODO '|open", "to-do|open", "Assigned|assigned",
            "In Progress|in_progress",
        "in-progress|in_progress", "DOING|in_progress", "done|completed", "Complete|completed",
            "error|failed",
        "canceled|cancelled", "Skipped|cancelled"
      })
  void mapsKnownSpellings(String legacy, String mlos) {
    assertEquals(Optional.of(mlos), LegacyStatuses.map(legacy));
  }

  @ParameterizedTest
  @CsvSource({"blocked", "waiting", "''", "closed"})
  void leavesEverythingElseUnmapped(String legacy) {
    assertEquals(Optional.empty(), LegacyStatuses.map(legacy));
  }
}
