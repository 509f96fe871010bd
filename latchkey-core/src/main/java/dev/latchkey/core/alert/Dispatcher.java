package dev.latchkey.core.alert;

import dev.latchkey.core.seal.SealException;
import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.AttemptRow;
import dev.latchkey.core.store.ClaimedDelivery;
import dev.latchkey.core.store.DeliveryRow;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.WebhookRow;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhook events, at least once. Each round claims due deliveries (a lease of {@link
 * #LEASE}, so that of several nodes on one database only one tries a delivery at a time, and a
 * crashed node's deliveries are taken over once its lease expires), sends them in parallel, records
 * every attempt in the delivery log and either marks the delivery delivered, schedules the next
 * attempt ({@link Backoff}) or, once the attempts are spent, marks it dead.
 *
 * <p>At least once, not exactly once: a node that sent a request and crashed before recording it,
 * or whose lease expired while the receiver took its time, leaves the delivery to be sent again.
 * Receivers deduplicate by {@code Latchkey-Event-Id}.
 *
 * <p>Thread-safe; {@link #runOnce} may be called by a test while no background thread runs.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** How long a claim holds: well beyond one attempt's bound (10 s). */
  public static final Duration LEASE = Duration.ofSeconds(60);

  private static final int BATCH = 32;

  private final Store store;
  private final Sender sender;
  private final Sealer sealer;
  private final Clock clock;
  private final Backoff backoff;
  private final String node = Ids.newCorrelationId("node");
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  public Dispatcher(Store store, Sender sender, Sealer sealer, Clock clock, Backoff backoff) {
    this.store = store;
    this.sender = sender;
    this.sealer = sealer;
    this.clock = clock;
    this.backoff = backoff;
  }

  /** Starts delivering in the background, every {@code poll} and whenever {@link #wake}d. */
  public Dispatcher start(Duration poll) {
    running = true;
    thread =
        Thread.ofPlatform()
            .name("latchkey-webhooks")
            .daemon()
            .start(
                () -> {
                  while (running) {
                    try {
                      while (runOnce() == BATCH && running) {
                        // a full batch: there may be more due now
                      }
                    } catch (RuntimeException e) {
                      LOG.warn("webhook delivery round failed; will retry: {}", e.getMessage());
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

  /** Asks the background thread to look for due deliveries now. */
  public void wake() {
    wake.release();
  }

  /** This dispatcher's node id, as written into {@code claimed_by}. */
  public String node() {
    return node;
  }

  /** Claims what is due now, attempts it all, records the outcomes; returns how many were tried. */
  public int runOnce() {
    Instant now = clock.instant();
    List<ClaimedDelivery> claimed =
        store.write(tx -> tx.webhooks().claimDue(node, now, now.plus(LEASE), BATCH));
    if (claimed.isEmpty()) {
      return 0;
    }
    List<Thread> attempts = new ArrayList<>();
    for (ClaimedDelivery c : claimed) {
      attempts.add(Thread.ofVirtual().start(() -> attemptQuietly(c)));
    }
    for (Thread t : attempts) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return claimed.size();
  }

  private void attemptQuietly(ClaimedDelivery c) {
    try {
      attempt(c);
    } catch (RuntimeException e) {
      // The lease expires and another round tries again: at least once.
      LOG.warn(
          "webhook delivery {} could not be recorded; it will be retried: {}",
          c.delivery().id(),
          e.getClass().getSimpleName());
    }
  }

  private void attempt(ClaimedDelivery c) {
    DeliveryRow d = c.delivery();
    Instant started = clock.instant();
    byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
    Sender.Outcome outcome;
    List<SigningSecret> secrets;
    try {
      secrets = secrets(c.webhook(), started);
    } catch (SealException e) {
      // A stored secret that does not open (a key-encryption key this node lacks): nothing
      // unsigned is ever sent. The attempt fails and goes the way of any failed attempt (retried,
      // then dead), visible in the delivery log. The message names ids only.
      LOG.warn("webhook {}: the signing secret does not open: {}", d.webhookId(), e.getMessage());
      secrets = null;
    }
    if (secrets == null) {
      outcome = new Sender.Outcome(null, null, "signing_secret", null, 0);
    } else {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      headers.put(Signatures.EVENT_ID_HEADER, d.id());
      headers.put(Signatures.HEADER, Signatures.header(secrets, started.getEpochSecond(), body));
      outcome = sender.post(c.webhook().url(), headers, body);
    }
    int attempts = d.attempts() + 1;
    String status;
    Instant next = started;
    if (outcome.delivered()) {
      status = DeliveryRow.DELIVERED;
    } else if (attempts >= backoff.maxAttempts()) {
      status = DeliveryRow.DEAD;
      LOG.warn(
          "webhook delivery {} of webhook {} is dead after {} attempts (last: {})",
          d.id(),
          d.webhookId(),
          attempts,
          outcome.error());
    } else {
      status = DeliveryRow.PENDING;
      next = started.plus(backoff.after(attempts));
    }
    AttemptRow row =
        new AttemptRow(
            d.workspaceId(),
            d.id(),
            attempts,
            started,
            outcome.durationMs(),
            outcome.address(),
            outcome.statusCode(),
            outcome.error(),
            outcome.snippet());
    String finalStatus = status;
    Instant finalNext = next;
    boolean held =
        store.write(tx -> tx.webhooks().finishAttempt(node, row, finalStatus, attempts, finalNext));
    if (!held) {
      LOG.info("webhook delivery {}: lease lost to another node before recording", d.id());
    }
  }

  /** The live secret, and the previous one while its grace period lasts. */
  private List<SigningSecret> secrets(WebhookRow w, Instant now) {
    List<SigningSecret> secrets = new ArrayList<>(2);
    secrets.add(
        SigningSecret.opened(
            sealer, SealedColumn.WEBHOOK_SIGNING_SECRET, w.id(), w.sealedSecret()));
    if (w.previousSealedSecret() != null
        && w.previousSecretExpiresAt() != null
        && now.isBefore(w.previousSecretExpiresAt())) {
      secrets.add(
          SigningSecret.opened(
              sealer,
              SealedColumn.WEBHOOK_PREVIOUS_SIGNING_SECRET,
              w.id(),
              w.previousSealedSecret()));
    }
    return secrets;
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
