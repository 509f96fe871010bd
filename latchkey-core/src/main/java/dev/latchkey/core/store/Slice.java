package dev.latchkey.core.store;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of rows in descending {@code seq} order.
 *
 * @param next the cursor to continue after the last item, absent on the last page
 */
public record Slice<T>(List<T> items, OptionalLong next) {}
