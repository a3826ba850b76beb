package dev.mlos.core.engine;

import java.util.List;

/**
 * What {@link Engine#setLens} answers: the lens as it was stored, and what the caller should be
 * told about it though nothing was refused (a lens for an agent type no run has yet: allowed, since
 * a lens may be set up before the first run registers, but a misspelt type looks the same).
 *
 * @param lens the lens as stored
 * @param notes sentences for the caller, in the engine's words; empty when there is nothing to say
 */
public record LensSet(Lens lens, List<String> notes) {
  public LensSet {
    notes = List.copyOf(notes);
  }
}
