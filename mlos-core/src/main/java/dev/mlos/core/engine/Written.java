package dev.mlos.core.engine;

/**
 * What a change that may find nothing to do ({@link Engine#moveNeed}, {@link Engine#updateNeed},
 * {@link Engine#updateTask}) did: the row as it is now, and whether this call wrote it. A call
 * asking for what the row holds already writes nothing (no history row, {@code updated_at} kept),
 * and the adapters say so instead of "Moved" or "Updated".
 *
 * @param row the row after the call
 * @param changed false when the row held the values asked for already and nothing was written
 * @param <T> the row's type
 */
public record Written<T>(T row, boolean changed) {}
