package dev.latchkey.redis;

/**
 * The Lua scripts of {@link RedisLimiter}. Each runs atomically in Redis, so a charge over several
 * counters is all or nothing however many nodes charge at once. A counter is a hash {@code {w, n}}:
 * the window index it last spent in and what that window spent; a later window has spent nothing.
 * Every number involved stays below 10^14, which Lua's doubles and Redis's number formatting carry
 * exactly.
 */
final class LimiterScripts {
  private LimiterScripts() {}

  /**
   * KEYS: the counters. ARGV: cost, now in epoch milliseconds (empty: the server's {@code TIME}),
   * then limit and period in milliseconds per counter. Admitted iff every counter has {@code spent
   * + max(cost, 1) <= limit}; then each spends cost and expires one second after its window.
   * Returns {admitted, then window and spent (after the charge if admitted) per counter}.
   */
  static final LuaScript CHARGE =
      new LuaScript(
          """
          local cost = tonumber(ARGV[1])
          local now = tonumber(ARGV[2])
          if not now then
            local t = redis.call('TIME')
            now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
          end
          local need = math.max(cost, 1)
          local admitted = 1
          local windows, spent = {}, {}
          for i = 1, #KEYS do
            local limit = tonumber(ARGV[1 + 2 * i])
            local period = tonumber(ARGV[2 + 2 * i])
            local w = math.floor(now / period)
            local h = redis.call('HMGET', KEYS[i], 'w', 'n')
            local s = 0
            if h[1] then
              -- A Redis clock behind the one that charged last (a failover to a replica whose
              -- clock lags) must not reopen a window: the later window stands.
              local stored = tonumber(h[1])
              if stored > w then w = stored end
              if stored == w then s = tonumber(h[2]) end
            end
            if s + need > limit then admitted = 0 end
            windows[i], spent[i] = w, s
          end
          if admitted == 1 and cost > 0 then
            for i = 1, #KEYS do
              local period = tonumber(ARGV[2 + 2 * i])
              spent[i] = spent[i] + cost
              redis.call('HSET', KEYS[i], 'w', windows[i], 'n', spent[i])
              redis.call('PEXPIRE', KEYS[i], (windows[i] + 1) * period + 1000 - now)
            end
          end
          local out = {admitted}
          for i = 1, #KEYS do
            out[2 * i] = windows[i]
            out[2 * i + 1] = spent[i]
          end
          return out
          """);

  /**
   * KEYS: the counters. ARGV: cost, then the window charged per counter. Gives cost back to each
   * counter still in that window (never below 0); a counter that moved on keeps its new window.
   */
  static final LuaScript REFUND =
      new LuaScript(
          """
          local cost = tonumber(ARGV[1])
          for i = 1, #KEYS do
            local h = redis.call('HMGET', KEYS[i], 'w', 'n')
            if h[1] and tonumber(h[1]) == tonumber(ARGV[1 + i]) then
              redis.call('HSET', KEYS[i], 'n', math.max(0, tonumber(h[2]) - cost))
            end
          end
          return 0
          """);
}
