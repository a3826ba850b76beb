package dev.mlos.core.engine;

/**
 * What lens membership and lens weight depend on: a need's scope (nullable) and its tags as stored
 * ({@code needs.tags}, a JSON array). {@code ready_counts} (schema V4) counts ready items per
 * (state, scope, tags), so a lens's totals and weight classes are computed from a few hundred rows.
 */
record ReadyFacets(String scope, String tags) {}
