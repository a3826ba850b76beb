package dev.mlos.core;

/** How many threads a compile or guard uses. */
public final class Threads {
  private Threads() {}

  /**
   * Refuses a negative number of threads for {@code setting} (the core's name of it, such as {@code
   * compile.threads}) as a broken setting, naming it and the values it takes.
   */
  public static void check(int requested, String setting) {
    if (requested < 0) {
      throw new MlosException(
              setting
                  + ": "
                  + requested
                  + " is not a number of threads; 0 means one per processor (at most 8)",
              "set {0}, or a positive number")
          .suggesting(Remedy.setting(setting, "0"));
    }
  }

  /** {@code requested} when positive, else one per available processor, at most 8. */
  public static int count(int requested) {
    return requested > 0
        ? requested
        : Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }
}
