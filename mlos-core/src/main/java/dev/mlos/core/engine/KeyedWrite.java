package dev.mlos.core.engine;

/**
 * What a write sent with a request id did ({@link KeyedWrites}): the rows it made, and whether this
 * call made them or found them made by an earlier call with the same request id ({@link
 * RequestIds}).
 *
 * @param row the rows the write made, as they are now
 * @param replayed true when an earlier call by the same actor with the same request id and the same
 *     arguments made them, and this call wrote nothing
 * @param <T> the answer's type
 */
public record KeyedWrite<T>(T row, boolean replayed) {}
