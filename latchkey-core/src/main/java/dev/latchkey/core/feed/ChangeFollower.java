package dev.latchkey.core.feed;

import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.FeedEntry;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.Verifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's verification cache in step with every change any node commits.
 *
 * <p>One thread reads the feed from the last {@code seq} it applied: when the store signals a
 * commit (PostgreSQL {@code NOTIFY}, or this process's own writes), and every poll interval in any
 * case, so a lost notification delays an eviction by one interval at most. Each batch's evictions
 * are read in the same transaction as the batch. If the records after its position have been pruned
 * (the node was cut off longer than the feed's retention), it flushes the whole cache and resumes
 * from the newest record. After a lost connection it simply resumes from its position: nothing is
 * skipped.
 *
 * <p>{@link #isFresh()} tells the verifier whether cached credentials may still be trusted: true
 * while the feed was read within the stale limit.
 *
 * <p>Thread-safe.
 */
public final class ChangeFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFollower.class);
  private static final int BATCH = 500;

  private final Store store;
  private final Verifier verifier;
  private final Clock clock;
  private final FollowerSettings settings;
  private final Semaphore wake = new Semaphore(0);
  private final java.util.List<Runnable> advanceListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Thread thread;
  private final AutoCloseable subscription;
  private volatile long position;
  private volatile Instant freshUntil;
  private volatile long caughtUpNanos = System.nanoTime();
  private volatile boolean running = true;
  private boolean failing;

  private ChangeFollower(
      long position, Store store, Verifier verifier, Clock clock, FollowerSettings settings) {
    this.store = store;
    this.verifier = verifier;
    this.clock = clock;
    this.settings = settings;
    this.position = position;
    this.freshUntil = clock.instant().plus(settings.staleMax());
    this.subscription = store.onChangesCommitted(wake::release);
    this.thread =
        Thread.ofPlatform().name("latchkey-change-follower").daemon().unstarted(this::run);
  }

  /**
   * Starts following from the newest record (a starting node's cache is empty, so nothing before it
   * can be stale) and makes {@code verifier} trust its cache only while this follower is fresh.
   */
  public static ChangeFollower start(
      Store store, Verifier verifier, Clock clock, FollowerSettings settings) {
    return resumeFrom(store.read(tx -> tx.changes().lastSeq()), store, verifier, clock, settings);
  }

  /**
   * Starts following after {@code position}: the changes after it are applied first (or, if they
   * were pruned, the whole cache is flushed).
   */
  public static ChangeFollower resumeFrom(
      long position, Store store, Verifier verifier, Clock clock, FollowerSettings settings) {
    ChangeFollower follower = new ChangeFollower(position, store, verifier, clock, settings);
    verifier.trustCacheWhile(follower::isFresh);
    verifier.reportFeedPosition(follower::position);
    follower.thread.start();
    return follower;
  }

  /** The {@code seq} of the last change applied. */
  public long position() {
    return position;
  }

  /**
   * Whether the feed was read recently enough for cached credentials to be trusted. On the
   * verification path: one clock read, no allocation.
   */
  public boolean isFresh() {
    return !clock.instant().isAfter(freshUntil);
  }

  /**
   * Whether this follower read the feed to its end within the last few poll intervals (at least a
   * second): what an event stream may vouch for in a heartbeat. Unlike {@link #isFresh()}, which
   * tolerates an unreadable feed for the stale limit, this turns false as soon as reads fail.
   * Measured on the monotonic clock: a jump of the wall clock neither hides nor fakes a stall.
   */
  public boolean isCurrent() {
    Duration within = settings.pollInterval().multipliedBy(5);
    if (within.compareTo(Duration.ofSeconds(1)) < 0) {
      within = Duration.ofSeconds(1);
    }
    return System.nanoTime() - caughtUpNanos <= within.toNanos();
  }

  /**
   * How long ago this follower last read the feed to its end, on the monotonic clock: about the
   * poll interval at most while the feed is readable, growing while it is not.
   */
  public Duration sinceCaughtUp() {
    return Duration.ofNanos(System.nanoTime() - caughtUpNanos);
  }

  /**
   * Calls {@code listener} each time this follower has applied new changes (after the evictions),
   * so that event streams read the feed only when there is something to read. Closing the result
   * stops the calls. {@code listener} must return quickly.
   */
  public AutoCloseable onAdvance(Runnable listener) {
    advanceListeners.add(listener);
    return () -> advanceListeners.remove(listener);
  }

  /** Reads and applies everything committed so far, now, on the calling thread. */
  public void catchUp() {
    long before = position;
    synchronized (this) {
      while (true) {
        Batch batch = store.read(tx -> readBatch(tx));
        batch.evictions().applyTo(verifier);
        if (batch.flushed()) {
          verifier.evictAll();
        }
        position = batch.next();
        if (batch.size() < BATCH) {
          break;
        }
      }
      freshUntil = clock.instant().plus(settings.staleMax());
      caughtUpNanos = System.nanoTime();
    }
    if (position != before) {
      advanceListeners.forEach(Runnable::run);
    }
  }

  private record Batch(int size, long next, Evictions evictions, boolean flushed) {}

  private Batch readBatch(dev.latchkey.core.store.Tx tx) {
    long from = position;
    long newest = tx.changes().lastSeq();
    if (newest < from) {
      // The feed went backwards: the database was restored from a backup. Nothing cached can be
      // trusted to match it.
      LOG.warn(
          "the change feed is behind this node (seq {} < {}); flushing the cache", newest, from);
      return new Batch(0, newest, Evictions.NONE, true);
    }
    OptionalLong first = tx.changes().firstSeq();
    if (first.isPresent() && first.getAsLong() > from + 1 && from > 0) {
      LOG.warn("change records after seq {} were pruned; flushing the cache", from);
      return new Batch(0, newest, Evictions.NONE, true);
    }
    List<FeedEntry> entries = tx.changes().after(from, BATCH);
    if (entries.isEmpty()) {
      return new Batch(0, from, Evictions.NONE, false);
    }
    List<Change> changes = entries.stream().map(FeedEntry::change).toList();
    return new Batch(entries.size(), entries.getLast().seq(), Evictions.of(tx, changes), false);
  }

  private void run() {
    while (running) {
      try {
        wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
        if (!running) {
          return;
        }
        catchUp();
        if (failing) {
          LOG.info("change feed readable again at seq {}", position);
          failing = false;
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        // Never let the thread die: a node whose follower stopped would keep revoked keys cached.
        if (!failing) {
          LOG.warn(
              "cannot read the change feed; retrying every {}: {}",
              settings.pollInterval(),
              e.getMessage());
          failing = true;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    wake.release();
    try {
      subscription.close();
    } catch (Exception e) {
      // nothing more to release
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
