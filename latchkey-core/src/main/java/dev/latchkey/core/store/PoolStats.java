package dev.latchkey.core.store;

/**
 * A snapshot of one connection pool of a store, for monitoring.
 *
 * @param name the pool's name, e.g. {@code writer}, {@code reader}; a small fixed set per store
 * @param active connections lent out now
 * @param idle connections open and waiting to be lent
 * @param pending threads waiting for a connection
 * @param max the most connections the pool opens
 */
public record PoolStats(String name, int active, int idle, int pending, int max) {}
