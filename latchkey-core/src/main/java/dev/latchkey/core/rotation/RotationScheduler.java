package dev.latchkey.core.rotation;

import dev.latchkey.core.anomaly.Signals;
import dev.latchkey.core.manage.RotationPolicies;
import dev.latchkey.core.manage.Rotations;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.DueRotation;
import dev.latchkey.core.store.RotationRow;
import dev.latchkey.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on every node: each round plans the rotations that came due (one pending rotation per key,
 * whichever node plans it first), leases the due ones (a lease per rotation, so exactly one node
 * runs each, and a dead node's rotation passes to another when its lease runs out), runs them, and
 * raises the notices: {@code rotation_upcoming} ahead of a rotation, {@code rotation_due} for a due
 * key whose policy has no sink to deliver to. Thread-safe; {@link #runOnce} may be called by a test
 * while no background thread runs.
 */
public final class RotationScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RotationScheduler.class);
  private static final int BATCH = 16;
  private static final int PLAN_LIMIT = 500;
  private static final int REMEMBERED = 10_000;

  private final Store store;
  private final RotationPolicies policies;
  private final Rotations rotations;
  private final Signals signals;
  private final Clock clock;
  private final Duration notice;
  private final String node = Ids.newCorrelationId("node");
  private final Semaphore wake = new Semaphore(0);
  private final Map<String, Boolean> noticed =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };
  private volatile boolean running;
  private Thread thread;

  /**
   * @param notice how long ahead of a rotation {@code rotation_upcoming} is raised; zero for never
   */
  public RotationScheduler(
      Store store,
      RotationPolicies policies,
      Rotations rotations,
      Signals signals,
      Clock clock,
      Duration notice) {
    this.store = store;
    this.policies = policies;
    this.rotations = rotations;
    this.signals = signals;
    this.clock = clock;
    this.notice = notice;
  }

  /** This scheduler's node id, as written into the rotations' leases. */
  public String node() {
    return node;
  }

  /** Starts rounds in the background, every {@code poll} and whenever {@link #wake}d. */
  public RotationScheduler start(Duration poll) {
    running = true;
    thread =
        Thread.ofPlatform()
            .name("latchkey-rotations")
            .daemon()
            .start(
                () -> {
                  while (running) {
                    try {
                      runOnce();
                    } catch (RuntimeException | LinkageError e) {
                      LOG.warn("rotation round failed; will retry: {}", e.getMessage());
                    }
                    try {
                      wake.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
                      wake.drainPermits();
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    return this;
  }

  public void wake() {
    wake.release();
  }

  /** One round: plan, notify, then run what this node leased. Returns how many rotations ran. */
  public synchronized int runOnce() {
    Instant now = clock.instant();
    policies.plan(now, PLAN_LIMIT);
    raiseNotices(now);
    List<RotationRow> leased =
        store.write(tx -> tx.rotations().claimDue(node, now, now.plus(Rotations.LEASE), BATCH));
    for (RotationRow r : leased) {
      try {
        Rotations.Outcome outcome = rotations.run(node, r);
        LOG.debug("rotation {} of key {}: {}", r.id(), r.keyId(), outcome);
      } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
        // The store failed mid-rotation, or a driver could not even load: the lease runs out and a
        // later round takes it over from
        // the start. The other leased rotations still run now.
        LOG.warn(
            "rotation {} of key {} stopped; it will be retried: {}",
            r.id(),
            r.keyId(),
            e.getMessage());
      }
    }
    return leased.size();
  }

  private void raiseNotices(Instant now) {
    // A zero notice turns rotation_upcoming off only: the horizon is now, so only due keys come
    // back (rotation_due for those without a sink).
    Instant horizon = now.plus(notice);
    for (boolean withSink : new boolean[] {true, false}) {
      for (DueRotation due :
          store.read(tx -> tx.rotationPolicies().due(now, horizon, PLAN_LIMIT, withSink))) {
        Instant dueAt = due.dueAt();
        boolean overdue = !dueAt.isAfter(now);
        if (overdue && withSink) {
          continue; // planned this round: it rotates now
        }
        String rule = overdue ? "rotation_due" : "rotation_upcoming";
        String dedup = due.keyId() + "@" + dueAt;
        if (noticed.put(rule + ":" + dedup, Boolean.TRUE) != null) {
          continue;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("key_id", due.keyId());
        details.put("service_id", due.serviceId());
        details.put("due_at", dueAt.toString());
        details.put("sink_id", due.policy().sinkId());
        signals.raise(
            due.workspaceId(),
            rule,
            overdue ? "warning" : "info",
            "key",
            due.keyId(),
            dedup,
            details,
            now);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
