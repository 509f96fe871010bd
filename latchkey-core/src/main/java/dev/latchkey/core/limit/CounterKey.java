package dev.latchkey.core.limit;

/**
 * Which counter of a {@link LocalLimiter}: what the Redis key names. The limit is not part of it,
 * so a changed limit applies to what the window has already spent.
 */
record CounterKey(String workspaceId, String owner, String name, long periodMillis) {
  static CounterKey of(String workspaceId, Counter counter) {
    LimitRule rule = counter.rule();
    return new CounterKey(workspaceId, counter.owner(), rule.name(), rule.periodMillis());
  }
}
