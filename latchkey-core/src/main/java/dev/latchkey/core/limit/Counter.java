package dev.latchkey.core.limit;

import java.util.Objects;

/**
 * One rate counter to charge: a rule counted for one owner.
 *
 * @param owner a key id ({@code key_…}), a consumer id ({@code con_…}), or {@code
 *     "ns:<namespace>:<identifier>"} for the standalone limiter; counters of the same owner, name
 *     and period in one workspace are the same counter
 */
public record Counter(String owner, LimitRule rule) {
  public Counter {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(rule, "rule");
  }
}
