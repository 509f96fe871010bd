package dev.latchkey.core.limit;

import java.time.Instant;

/**
 * A counter after a charge (or as it stood, when the charge was denied).
 *
 * @param window the window index the charge was counted in
 * @param remaining units left in that window, never negative
 * @param reset when the window ends
 * @param exceeded whether this counter could not take the charge
 */
public record CounterState(
    Counter counter, long window, long remaining, Instant reset, boolean exceeded) {}
