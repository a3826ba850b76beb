package dev.mlos.core.init;

/** Creates or upgrades a database: migrations, legacy TaskEngine adoption, seed scripts. */
public final class Initializer {
  /**
   * Creates the database or brings it up to date. Safe to run again.
   *
   * @throws dev.mlos.core.MlosException (or a subclass) naming the file and the fix when the
   *     database is broken, newer than this mlos, or cannot be adopted; nothing is changed then
   */
  public InitResult init(InitRequest request) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
