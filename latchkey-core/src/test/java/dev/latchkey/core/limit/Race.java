package dev.latchkey.core.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs clients at once, all released together, each charging until it says stop; bounded in time.
 * Gives every admitted charge back, for counting per window.
 */
public final class Race {
  private Race() {}

  /**
   * Starts {@code clients} threads that call {@code charge} until {@code stop} says so or {@code
   * maxPerClient} calls were made, and returns every admitted charge.
   */
  public static List<Charge> run(
      int clients, int maxPerClient, Supplier<Charge> charge, BooleanSupplier stop)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<Charge>>> futures = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        futures.add(pool.submit(() -> client(start, maxPerClient, charge, stop)));
      }
      start.countDown();
      List<Charge> admitted = new ArrayList<>();
      for (Future<List<Charge>> f : futures) {
        admitted.addAll(f.get(60, TimeUnit.SECONDS));
      }
      return admitted;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Charge> client(
      CountDownLatch start, int max, Supplier<Charge> charge, BooleanSupplier stop)
      throws InterruptedException {
    start.await();
    List<Charge> admitted = new ArrayList<>();
    for (int i = 0; i < max && !stop.getAsBoolean(); i++) {
      Charge c = charge.get();
      if (c.admitted()) {
        admitted.add(c);
      }
    }
    return admitted;
  }
}
