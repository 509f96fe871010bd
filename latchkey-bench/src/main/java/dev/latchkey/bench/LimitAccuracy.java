package dev.latchkey.bench;

import dev.latchkey.core.limit.Charge;
import dev.latchkey.core.limit.Counter;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.Limiter;
import dev.latchkey.redis.RedisLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Over- and under-admission of one limit shared by two nodes through Redis, at steady offered loads
 * below, at and above the limit: 16 paced clients, half on each node's own Redis connection, for
 * {@code seconds} per load. Each answer is assigned to the window its charge names (Redis's clock).
 * Over-admission: units admitted beyond the limit in a window. Under-admission: in the windows
 * wholly inside the run, what was asked for up to the limit but refused.
 *
 * <p>Run: {@code java -cp latchkey-bench/target/benchmarks.jar dev.latchkey.bench.LimitAccuracy
 * [seconds per load, default 10]}; Redis at {@code LATCHKEY_BENCH_REDIS_URL}, default {@code
 * redis://127.0.0.1:6379}.
 */
public final class LimitAccuracy {
  private static final long LIMIT = 200;
  private static final int CLIENTS = 16;

  private LimitAccuracy() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String url = System.getenv().getOrDefault("LATCHKEY_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
    String prefix = "lk-accuracy-" + UUID.randomUUID() + ":";
    System.out.println(
        "| offered per window | windows | admitted per whole window (min–max) "
            + "| over-admission | under-admission |");
    System.out.println("|---|---|---|---|---|");
    for (double load : new double[] {0.5, 0.9, 1.0, 1.5, 3.0}) {
      try (RedisLimiter a = RedisLimiter.builder(url).keyPrefix(prefix).connect();
          RedisLimiter b = RedisLimiter.builder(url).keyPrefix(prefix).connect()) {
        Counter counter =
            new Counter("key_" + load, new LimitRule("requests", LIMIT, Duration.ofSeconds(1)));
        System.out.println(run(List.of(a, b), counter, load, seconds));
      }
    }
  }

  private static String run(List<Limiter> nodes, Counter counter, double load, int seconds)
      throws InterruptedException {
    Map<Long, AtomicLong> offered = new ConcurrentHashMap<>();
    Map<Long, AtomicLong> admitted = new ConcurrentHashMap<>();
    long intervalNanos = (long) (1e9 * CLIENTS / (LIMIT * load));
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Limiter node = nodes.get(i % nodes.size());
      long first = start + intervalNanos * i / CLIENTS;
      clients.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (long next = first; next < end; next += intervalNanos) {
                      LockSupport.parkNanos(next - System.nanoTime());
                      Charge c = node.charge("ws_accuracy", List.of(counter), 1);
                      long window = c.states().getFirst().window();
                      offered.computeIfAbsent(window, w -> new AtomicLong()).incrementAndGet();
                      if (c.admitted()) {
                        admitted.computeIfAbsent(window, w -> new AtomicLong()).incrementAndGet();
                      }
                    }
                  }));
    }
    for (Thread t : clients) {
      t.join();
    }
    TreeMap<Long, AtomicLong> windows = new TreeMap<>(offered);
    long over = 0;
    long asked = 0;
    long refused = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    List<Long> whole = new ArrayList<>(windows.keySet());
    whole = whole.size() > 2 ? whole.subList(1, whole.size() - 1) : List.of();
    for (Long w : windows.keySet()) {
      long got = admitted.getOrDefault(w, new AtomicLong()).get();
      over += Math.max(0, got - LIMIT);
    }
    for (Long w : whole) {
      long got = admitted.getOrDefault(w, new AtomicLong()).get();
      long wanted = Math.min(offered.get(w).get(), LIMIT);
      asked += wanted;
      refused += Math.max(0, wanted - got);
      min = Math.min(min, got);
      max = Math.max(max, got);
    }
    return String.format(
        "| %.1f × %d | %d | %d–%d | %d | %.2f %% |",
        load, LIMIT, whole.size(), min, max, over, asked == 0 ? 0.0 : 100.0 * refused / asked);
  }
}
