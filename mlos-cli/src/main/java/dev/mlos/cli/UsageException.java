package dev.mlos.cli;

/**
 * An argument combination the options' own checks cannot see (for example two ways to name an
 * actor).
 */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
