package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The {@code compiled_at} value for a compile: the clock, or a fixed reproducible-build timestamp.
 */
public final class CompiledAt {
  private CompiledAt() {}

  /**
   * {@code outputTimestamp} (Maven's {@code project.build.outputTimestamp}: an ISO-8601 instant or
   * epoch seconds) as an ISO-8601 UTC instant, or the current time when it is null, blank or a
   * single character (Maven's convention for "not set").
   */
  public static String of(String outputTimestamp, Instant now) {
    if (outputTimestamp == null
        || outputTimestamp.isBlank()
        || outputTimestamp.trim().length() < 2) {
      return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
    String v = outputTimestamp.trim();
    try {
      if (v.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochSecond(Long.parseLong(v)).toString();
      }
      return OffsetDateTime.parse(v).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new MlosException(
          "project.build.outputTimestamp '"
              + v
              + "' is neither an ISO-8601 date-time nor epoch seconds",
          "use a value like 2026-01-01T00:00:00Z",
          e);
    }
  }
}
