package dev.latchkey.redis;

import dev.latchkey.core.limit.LimiterUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads calling one action until stopped, recording how each call ended and the slowest call that
 * began after {@link #markFailureStart()}.
 */
final class Load {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger succeeded = new AtomicInteger();
  private final AtomicInteger unavailable = new AtomicInteger();
  private final AtomicLong slowest = new AtomicLong();
  private final Queue<Throwable> others = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private Load() {}

  static Load start(int threads, Runnable action) {
    Load load = new Load();
    for (int i = 0; i < threads; i++) {
      load.threads.add(Thread.ofPlatform().daemon().start(() -> load.loop(action)));
    }
    return load;
  }

  void markFailureStart() {
    failing.set(true);
  }

  /** Stops every thread, waiting at most 5 s for each. */
  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(5_000);
    }
  }

  int succeeded() {
    return succeeded.get();
  }

  int unavailable() {
    return unavailable.get();
  }

  List<Throwable> otherFailures() {
    return List.copyOf(others);
  }

  long slowestSinceFailureNanos() {
    return slowest.get();
  }

  private void loop(Runnable action) {
    while (running.get()) {
      boolean measured = failing.get();
      long started = System.nanoTime();
      try {
        action.run();
        succeeded.incrementAndGet();
      } catch (LimiterUnavailableException e) {
        unavailable.incrementAndGet();
      } catch (RuntimeException e) {
        others.add(e);
      }
      if (measured) {
        slowest.accumulateAndGet(System.nanoTime() - started, Math::max);
      }
    }
  }
}
