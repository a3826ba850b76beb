package dev.mlos.cli;

import dev.mlos.core.engine.RefusedException;
import java.util.Set;

/**
 * Which refusals are a rule saying no (exit 1) and which are bad arguments (exit 2): the engine's
 * {@code input} and {@code actor} rules check the shape of what was given, not the state of the
 * workspace, so the CLI reports them like a bad option; so does {@code input.cursor}, a cursor
 * given with arguments other than those of the call that gave it.
 */
final class Refusals {
  private static final Set<String> BAD_INPUT =
      Set.of("input", "actor", dev.mlos.core.PageCursor.RULE);

  private Refusals() {}

  /** True when {@code e} is a refusal by a rule about the workspace's state. */
  static boolean isRefusal(Throwable e) {
    return e instanceof RefusedException r && !BAD_INPUT.contains(r.rule());
  }

  /** True when {@code e} is a refusal of the arguments' shape. */
  static boolean isBadInput(Throwable e) {
    return e instanceof RefusedException r && BAD_INPUT.contains(r.rule());
  }
}
