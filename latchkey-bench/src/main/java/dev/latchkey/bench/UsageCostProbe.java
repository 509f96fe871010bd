package dev.latchkey.bench;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.UsageCounts;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What usage counting costs a cached verification, in CPU time of the verifying thread rather than
 * wall time: on a machine shared with other work, JMH's throughput of {@code
 * VerifyBenchmark.cachedVerify} against {@code cachedVerifyUsageOff} varied by more than the
 * difference being measured. Batches of verifications with counting on and off alternate, each
 * timed by {@link ThreadMXBean#getCurrentThreadCpuTime()}; the median of the per-pair ratios is
 * printed. Counting runs as on a server: ticked every 100 ms and flushed every second by another
 * thread.
 *
 * <p>Run: {@code java -cp latchkey-bench/target/benchmarks.jar dev.latchkey.bench.UsageCostProbe
 * [pairs] [batch] [swap]} (defaults 20 pairs of 2,000,000 verifications, after 10 pairs of warm-up;
 * {@code swap} creates the uncounted verifier first).
 */
public final class UsageCostProbe {
  private UsageCostProbe() {}

  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    Path dir = Files.createTempDirectory("latchkey-usage-probe");
    try (Store store = SqlStores.openSqlite(dir.resolve("latchkey.db"))) {
      Clock clock = Clock.systemUTC();
      // "swap" creates the uncounted verifier first: a check that allocation order is not the
      // result.
      boolean swap = args.length > 2 && args[2].equals("swap");
      Verifier made1 = Verifier.create(store, clock, CacheSettings.defaults());
      Verifier made2 = Verifier.create(store, clock, CacheSettings.defaults());
      Verifier counted = swap ? made2 : made1;
      Verifier uncounted = swap ? made1 : made2;
      uncounted.usageCounts().enable(false);
      Mutations mutations = new Mutations(store, counted, clock);
      String ws = new Bootstrap(store, mutations).run(Optional.empty(), i -> {}).workspaceId();
      Caller caller = new Caller(Principal.system(ws), "bench", "local");
      String svc =
          mutations
              .run(caller, m -> new Services(store).create(m, new CreateService("bench", "bench")))
              .id();
      Keys keys = new Keys(store, clock, Conditions.create());
      String key = mutations.run(caller, m -> keys.create(m, CreateKey.of(svc))).key();
      ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
      background.scheduleAtFixedRate(
          counted.usageCounts()::tick, 0, UsageCounts.TICK_MILLIS, TimeUnit.MILLISECONDS);
      background.scheduleWithFixedDelay(counted::flushUsage, 1, 1, TimeUnit.SECONDS);
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      for (int i = 0; i < 10; i++) { // warm-up
        run(counted, ws, key, batch);
        run(uncounted, ws, key, batch);
      }
      double[] ratios = new double[pairs];
      long onTotal = 0;
      long offTotal = 0;
      for (int i = 0; i < pairs; i++) {
        boolean onFirst = i % 2 == 0; // alternate the order, so drift favours neither
        long first = timed(cpu, onFirst ? counted : uncounted, ws, key, batch);
        long second = timed(cpu, onFirst ? uncounted : counted, ws, key, batch);
        long on = onFirst ? first : second;
        long off = onFirst ? second : first;
        onTotal += on;
        offTotal += off;
        ratios[i] = (double) off / on; // throughput on / throughput off
      }
      background.shutdownNow();
      background.awaitTermination(5, TimeUnit.SECONDS);
      counted.flushUsage();
      String keyId = counted.verify(ws, key).keyId();
      long recorded =
          store.read(
              tx ->
                  tx
                      .usage()
                      .series(
                          ws,
                          dev.latchkey.core.store.UsageRepository.Subject.KEY,
                          keyId,
                          dev.latchkey.core.store.UsageGranularity.MINUTE,
                          0,
                          Long.MAX_VALUE)
                      .stream()
                      .mapToLong(b -> b.count())
                      .sum());
      // Sanity: every counted verification (warm-up and measured, on) reached the store.
      System.out.printf(
          "counted verifications in the store: %d (expected %d)%n",
          recorded, (long) (10 + pairs) * batch);
      Arrays.sort(ratios);
      System.out.printf(
          "pairs=%d batch=%d cpu ns/verification: on %.1f, off %.1f;"
              + " throughput on/off: median %.3f, min %.3f, max %.3f%n",
          pairs,
          batch,
          (double) onTotal / pairs / batch,
          (double) offTotal / pairs / batch,
          ratios[pairs / 2],
          ratios[0],
          ratios[pairs - 1]);
    }
  }

  private static long timed(ThreadMXBean cpu, Verifier v, String ws, String key, int batch) {
    long start = cpu.getCurrentThreadCpuTime();
    run(v, ws, key, batch);
    return cpu.getCurrentThreadCpuTime() - start;
  }

  private static volatile int sink;

  private static void run(Verifier v, String ws, String key, int batch) {
    int valid = 0;
    for (int i = 0; i < batch; i++) {
      if (v.verify(ws, key).valid()) {
        valid++;
      }
    }
    sink = valid;
  }
}
