package dev.latchkey.bench.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: {@code threads} threads each run an operation back to back for a fixed time,
 * timing every call. An operation that throws counts as failed (the first failure is printed).
 */
final class Load {
  /** One operation, e.g. one key creation; throws when it failed. */
  interface Op {
    void run() throws Exception;
  }

  /**
   * @param ok operations that succeeded within the time
   * @param seconds the measured time, first start to last end
   */
  record Result(long ok, long failed, double seconds, Percentiles latency) {
    double perSecond() {
      return ok / seconds;
    }
  }

  private Load() {}

  static Result run(int threads, Duration duration, Op op) throws InterruptedException {
    List<Long> latencies = new ArrayList<>();
    AtomicLong failed = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    long[] window = new long[2];
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofPlatform()
              .name("load-" + t)
              .start(() -> work(op, start, duration, latencies, failed)));
    }
    window[0] = System.nanoTime();
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    window[1] = System.nanoTime();
    synchronized (latencies) {
      return new Result(
          latencies.size(),
          failed.get(),
          (window[1] - window[0]) / 1e9,
          Percentiles.ofNanos(latencies));
    }
  }

  private static void work(
      Op op, CountDownLatch start, Duration duration, List<Long> latencies, AtomicLong failed) {
    List<Long> mine = new ArrayList<>();
    try {
      start.await();
    } catch (InterruptedException e) {
      return;
    }
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      try {
        op.run();
        mine.add(System.nanoTime() - t0);
      } catch (Exception e) {
        if (failed.getAndIncrement() == 0) {
          System.err.println("first failure: " + e);
        }
      }
    }
    synchronized (latencies) {
      latencies.addAll(mine);
    }
  }
}
