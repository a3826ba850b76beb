package dev.mlos.cli;

/**
 * An argument combination the options' own checks cannot see (for example two ways to name an
 * actor), with the fix when there is one (printed on its own {@code fix:} line, as a refusal's).
 */
final class UsageException extends RuntimeException {
  private final String fix;

  UsageException(String message) {
    this(message, null);
  }

  UsageException(String message, String fix) {
    super(message);
    this.fix = fix;
  }

  /** What to do instead, or null when the message says it. */
  String fix() {
    return fix;
  }
}
