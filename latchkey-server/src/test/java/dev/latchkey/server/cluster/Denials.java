package dev.latchkey.server.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how long after a change the other nodes stop accepting a key: one thread per node
 * verifies the key over HTTP in a tight loop, starting the moment the change has returned, until
 * the node answers anything but VALID (or {@link #GIVE_UP} has passed).
 */
final class Denials {
  /** How long a poller keeps trying before it reports the key still valid. */
  static final Duration GIVE_UP = Duration.ofSeconds(5);

  private Denials() {}

  /**
   * The first answer other than VALID a node gave, and how long after the change returned it came;
   * {@code verdict} is VALID when the node still accepted the key after {@link #GIVE_UP}.
   */
  record Denial(String node, String verdict, Duration after) {
    @Override
    public String toString() {
      String outcome = verdict.equals("VALID") ? "still VALID" : "denies (" + verdict + ")";
      return String.format("%s %s after %.1f ms", node, outcome, after.toNanos() / 1e6);
    }
  }

  /**
   * Runs {@code change}, then times the first denial of {@code secret} on each of {@code nodes}.
   */
  static List<Denial> after(Runnable change, String secret, Node... nodes) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong changedAt = new AtomicLong();
    try (ExecutorService pollers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Denial>> polling = new ArrayList<>();
      for (Node node : nodes) {
        polling.add(pollers.submit(() -> firstDenial(node, secret, go, changedAt)));
      }
      try {
        change.run();
      } finally {
        changedAt.set(System.nanoTime());
        go.countDown();
      }
      List<Denial> denials = new ArrayList<>();
      for (Future<Denial> f : polling) {
        denials.add(result(f));
      }
      return denials;
    }
  }

  private static Denial result(Future<Denial> f) throws Exception {
    try {
      return f.get(GIVE_UP.toSeconds() + 20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      f.cancel(true);
      throw e;
    }
  }

  private static Denial firstDenial(Node node, String secret, CountDownLatch go, AtomicLong from)
      throws InterruptedException {
    if (!go.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the change never ran");
    }
    long start = from.get();
    while (true) {
      String verdict = node.verdict(secret);
      long now = System.nanoTime();
      if (!verdict.equals("VALID") || now - start > GIVE_UP.toNanos()) {
        return new Denial(node.name, verdict, Duration.ofNanos(now - start));
      }
    }
  }
}
