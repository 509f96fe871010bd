/**
 * The Redis adapters of the core's ports: {@link dev.latchkey.redis.RedisLimiter}, rate counters
 * shared by every node, is the only public type.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>Lua scripts, not Bucket4j over Lettuce.</b> One script checks and spends every counter
 *       of a charge atomically, so a charge over a key's and a consumer's limits is all or nothing
 *       in one round trip; the counter is the same {@code {window, spent}} pair as the in-memory
 *       limiter's, so both implement the model of {@code docs/limits.md} the same way and pass one
 *       contract test.
 *   <li><b>One clock.</b> Windows come from the Redis server's {@code TIME}, so nodes whose clocks
 *       drift still agree on when a window ends.
 *   <li><b>Fail fast.</b> A 250 ms command timeout, commands rejected at once while disconnected,
 *       reconnection in the background: a dead Redis costs a request a failed call, not a hang, and
 *       {@link dev.latchkey.core.limit.FailoverLimiter} decides what to do instead.
 * </ul>
 */
package dev.latchkey.redis;
