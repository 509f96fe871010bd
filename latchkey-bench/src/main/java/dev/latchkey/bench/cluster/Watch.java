package dev.latchkey.bench.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches one node for revoked keys to be denied: its thread verifies every pending key on the node
 * in a loop (pausing 0.5 ms between passes, so that two watchers leave the cores to the nodes), and
 * records, per key, the time from the start of its revocation to the first verdict that is not
 * {@code VALID}. The time is taken when that verification returned: at most one verification late.
 * Verifications that took longer than {@value #SLOW_MILLIS} ms are counted: on a shared machine
 * they show stalls of the whole process (CPU taken by other work), which lengthen the tail.
 */
final class Watch implements AutoCloseable {
  private static final long PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
  private static final long SLOW_MILLIS = 50;

  private final Cluster cluster;
  private final int node;
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final List<Long> latencies = new ArrayList<>();
  private final AtomicInteger unexpected = new AtomicInteger();
  private final AtomicInteger slow = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;

  Watch(Cluster cluster, int node) {
    this.cluster = cluster;
    this.node = node;
    this.thread = Thread.ofPlatform().name("watch-node-" + node).daemon().start(this::run);
  }

  /**
   * Watches {@code key}, whose revocation starts at {@code startNanos} ({@link System#nanoTime}).
   */
  void watch(String key, long startNanos) {
    pending.put(key, startNanos);
  }

  private void run() {
    while (running) {
      for (Map.Entry<String, Long> e : pending.entrySet()) {
        long called = System.nanoTime();
        String code = cluster.codeOn(node, e.getKey());
        long at = System.nanoTime();
        if (at - called > TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS)) {
          slow.incrementAndGet();
        }
        if (!code.equals("VALID")) {
          synchronized (latencies) {
            latencies.add(at - e.getValue());
          }
          if (!code.equals("REVOKED")) {
            unexpected.incrementAndGet();
          }
          pending.remove(e.getKey());
        }
      }
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }

  /** Waits up to {@code millis} for every watched key to be denied; returns how many were not. */
  int awaitDenied(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return pending.size();
  }

  Percentiles latencies() {
    synchronized (latencies) {
      return Percentiles.ofNanos(latencies);
    }
  }

  /** Denials whose code was not {@code REVOKED}. */
  int unexpected() {
    return unexpected.get();
  }

  /** Verifications that took longer than {@value #SLOW_MILLIS} ms. */
  int slow() {
    return slow.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
