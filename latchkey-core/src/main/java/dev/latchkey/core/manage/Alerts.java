package dev.latchkey.core.manage;

import dev.latchkey.api.AcknowledgeAlert;
import dev.latchkey.api.Alert;
import dev.latchkey.api.AlertRule;
import dev.latchkey.api.Key;
import dev.latchkey.api.KeyState;
import dev.latchkey.api.SetAlertRule;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.AlertFilter;
import dev.latchkey.core.store.AlertSignal;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts: raised by detection rules, deduplicated in the store, listed, acknowledged, delivered to
 * webhooks ({@link AlertFanOut}) and, when the workspace set one for the rule, acted upon (the one
 * action now: {@code disable_key}).
 *
 * <p>{@link #raise} is for the verification path: it only offers the alert to a bounded queue
 * ({@link #QUEUE_CAPACITY}) that a background writer drains, so it never waits on the database.
 * When the queue is full the alert is dropped, counted ({@link #dropped}) and logged (at most once
 * a minute, with the count only). An alert whose write fails is dropped and counted the same way.
 * {@link #raiseNow} writes synchronously.
 *
 * <p>Thread-safe.
 */
public final class Alerts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

  /** The rules that may raise alerts. */
  public static final Set<String> RULES =
      Set.of(
          "traffic_spike",
          "new_client_address",
          "secret_guessing",
          "revoked_secret_presented",
          "secret_leaked",
          "credits_low",
          "key_unused",
          "rotation_upcoming",
          "rotation_due",
          "rotation_failed",
          "one_time_link_reused",
          "key_expiring");

  public static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
  public static final Set<String> SUBJECT_TYPES =
      Set.of("key", "root_key", "consumer", "service", "address");
  public static final Set<String> ACTIONS = Set.of("none", "disable_key");

  private static final int DRAIN_BATCH = 64;

  /** Alerts waiting for the writer, at most. */
  public static final int QUEUE_CAPACITY = 10_000;

  static final int MAX_TEXT = 256;

  /** The most bytes of an alert's details as JSON; larger details are replaced by a marker. */
  static final int MAX_DETAILS = 8 * 1024;

  private final Store store;
  private final Mutations mutations;
  private final Keys keys;
  private final Clock clock;
  private final Runnable deliveriesAdded;
  private final BlockingQueue<AlertSignal> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong lastDropLog = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean running;
  private Thread writer;

  /**
   * @param deliveriesAdded told after a commit that queued webhook deliveries (wakes the
   *     dispatcher)
   */
  public Alerts(
      Store store, Mutations mutations, Keys keys, Clock clock, Runnable deliveriesAdded) {
    this.store = store;
    this.mutations = mutations;
    this.keys = keys;
    this.clock = clock;
    this.deliveriesAdded = deliveriesAdded;
  }

  /** Starts the background writer. */
  public Alerts start() {
    running = true;
    writer = Thread.ofPlatform().name("latchkey-alerts").daemon().start(this::drainForever);
    return this;
  }

  /**
   * Offers an alert to the writer without waiting; false when it was dropped (queue full).
   *
   * @param subjectType {@code key}, {@code consumer}, {@code service} or {@code address}
   * @param dedupKey occurrences with the same rule and dedup key are one alert while it is open
   * @param details what the rule saw; never a secret (strings that parse as a key are reduced to
   *     their display start anyway)
   * @throws IllegalArgumentException when the rule, severity or subject type is unknown
   */
  public boolean raise(
      String workspaceId,
      String rule,
      String severity,
      String subjectType,
      String subjectId,
      String dedupKey,
      Map<String, Object> details,
      Instant at) {
    // Only the cheap checks here, on the caller's (verification) thread; the writer scrubs.
    AlertSignal signal =
        new AlertSignal(workspaceId, rule, severity, subjectType, subjectId, dedupKey, details, at);
    known(signal);
    if (queue.offer(signal)) {
      return true;
    }
    droppedOne("the alert queue is full");
    return false;
  }

  /** Alerts dropped since start (queue full, or their write failed). */
  public long dropped() {
    return dropped.get();
  }

  /** Writes every alert queued so far, on the caller's thread (tests; shutdown). */
  public void flush() {
    // In small batches: drainTo holds the queue's lock, which raise() also takes.
    List<AlertSignal> batch = new ArrayList<>(DRAIN_BATCH);
    while (queue.drainTo(batch, DRAIN_BATCH) > 0) {
      batch.forEach(this::writeQuietly);
      batch.clear();
    }
  }

  private void drainForever() {
    while (running) {
      try {
        AlertSignal first = queue.poll(1, TimeUnit.SECONDS);
        if (first != null) {
          writeQuietly(first);
          flush();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void writeQuietly(AlertSignal signal) {
    try {
      raiseNow(signal);
    } catch (RuntimeException e) {
      droppedOne("an alert could not be written (" + e.getClass().getSimpleName() + ")");
    }
  }

  private void droppedOne(String why) {
    long total = dropped.incrementAndGet();
    long now = System.nanoTime();
    long last = lastDropLog.get();
    if ((last == Long.MIN_VALUE || now - last > TimeUnit.MINUTES.toNanos(1))
        && lastDropLog.compareAndSet(last, now)) {
      LOG.warn("{}: alert dropped; {} dropped since start", why, total);
    }
  }

  /**
   * Records one occurrence now, deduplicated; a newly opened alert is queued for delivery to the
   * workspace's matching webhooks in the same transaction. Then the rule's action, if any, runs.
   */
  public Alert raiseNow(AlertSignal signal) {
    AlertSignal s = check(signal);
    AlertFanOut.Raised raised =
        store.write(tx -> AlertFanOut.raise(tx, Ids.newId("alert"), s, s.at()));
    if (raised.deliveries() > 0) {
      deliveriesAdded.run();
    }
    act(raised.alert(), s.workspaceId());
    return raised.alert();
  }

  private static AlertSignal check(AlertSignal s) {
    known(s);
    return new AlertSignal(
        s.workspaceId(),
        s.rule(),
        s.severity(),
        s.subjectType(),
        SecretScrubber.text(s.subjectId(), MAX_TEXT),
        SecretScrubber.text(s.dedupKey(), MAX_TEXT),
        bounded(SecretScrubber.details(s.details())),
        s.at().truncatedTo(ChronoUnit.MILLIS));
  }

  private static Map<String, Object> bounded(Map<String, Object> details) {
    try {
      if (dev.latchkey.api.Json.mapper().writeValueAsBytes(details).length <= MAX_DETAILS) {
        return details;
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // not JSON: replaced like an oversized one
    }
    LOG.warn("alert details over {} bytes or not JSON were replaced", MAX_DETAILS);
    return Map.of("truncated", true);
  }

  private static void known(AlertSignal s) {
    if (!RULES.contains(s.rule())) {
      throw new IllegalArgumentException("unknown alert rule");
    }
    if (!SEVERITIES.contains(s.severity())) {
      throw new IllegalArgumentException("unknown severity");
    }
    if (!SUBJECT_TYPES.contains(s.subjectType())) {
      throw new IllegalArgumentException("unknown subject type");
    }
  }

  /** Runs the rule's action for {@code alert}, as the system, audited with the alert id. */
  private void act(Alert alert, String workspaceId) {
    Optional<AlertRule> rule = store.read(tx -> tx.alerts().rule(workspaceId, alert.rule()));
    if (rule.isEmpty()
        || !rule.get().action().equals("disable_key")
        || !alert.subject().type().equals("key")
        || !Ids.isValid("key", alert.subject().id())) {
      return;
    }
    Principal system = Principal.system(workspaceId);
    try {
      Key key = keys.get(system, alert.subject().id());
      if (!key.enabled() || key.state() == KeyState.REVOKED) {
        return;
      }
      mutations.run(
          new Caller(system, alert.id(), null),
          m -> keys.update(m, key.id(), UpdateKey.of(null, null, null, false)));
      LOG.info("alert {} ({}): disabled key {}", alert.id(), alert.rule(), key.id());
    } catch (NotFoundException | ConflictException e) {
      LOG.info(
          "alert {}: key {} not disabled: {}", alert.id(), alert.subject().id(), e.getMessage());
    }
  }

  /**
   * One alert of the caller's workspace.
   *
   * @throws InvalidInputException when {@code id} is not an alert id
   * @throws NotFoundException when the workspace has none with it
   */
  public Alert get(Principal p, String id) {
    unconfined(p);
    checkId(id);
    return store.read(tx -> tx.alerts().find(p.workspaceId(), id)).orElseThrow(() -> notFound(id));
  }

  /** One page of the workspace's alerts, newest first. */
  public Slice<Alert> list(Principal p, AlertFilter filter, PageRequest page) {
    unconfined(p);
    return store.read(tx -> tx.alerts().list(p.workspaceId(), filter, page));
  }

  /**
   * Acknowledges an open alert, recording who and when (audited); acknowledging again is a no-op.
   * The next occurrence opens a new alert.
   */
  public Alert acknowledge(MutationContext m, String id, AcknowledgeAlert cmd) {
    unconfined(m.caller().principal());
    Validation v = new Validation();
    v.id("id", "alert", id);
    String note = v.text("note", cmd.note(), Validation.MAX_REASON);
    v.throwIfAny();
    Alert alert =
        m.tx().alerts().findForUpdate(m.workspaceId(), id).orElseThrow(() -> notFound(id));
    if (alert.acknowledgedAt() != null) {
      return alert;
    }
    String by = m.caller().principal().rootKeyId();
    m.tx().alerts().acknowledge(m.workspaceId(), id, m.now(), by == null ? "system" : by);
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("rule", alert.rule());
    details.put("count", alert.count());
    if (note != null) {
      details.put("note", SecretScrubber.scrub(note));
    }
    m.changed("alert", id, "acknowledged", details);
    return m.tx().alerts().find(m.workspaceId(), id).orElseThrow();
  }

  /** The automatic action of every known rule of the workspace ({@code none} when unset). */
  /**
   * Alerts name keys, consumers and client addresses of every service of the workspace, so a root
   * key confined to some services may not read or acknowledge them (as it may not manage webhooks,
   * which receive them).
   */
  private static void unconfined(Principal p) {
    if (p.services().confined()) {
      throw new ForbiddenException(
          "alerts concern the whole workspace: only a root key confined to no service may read"
              + " them");
    }
  }

  public List<AlertRule> rules(Principal p) {
    Map<String, AlertRule> set =
        store.read(tx -> tx.alerts().rules(p.workspaceId())).stream()
            .collect(java.util.stream.Collectors.toMap(AlertRule::rule, r -> r));
    return RULES.stream()
        .sorted()
        .map(r -> set.getOrDefault(r, new AlertRule(r, "none", null)))
        .toList();
  }

  /**
   * Sets a rule's automatic action (audited). {@code disable_key} needs a root key confined to no
   * service that holds {@code keys.update}: it will disable keys of any service.
   */
  public AlertRule setRule(MutationContext m, String rule, SetAlertRule cmd) {
    Validation v = new Validation();
    if (!RULES.contains(rule)) {
      v.fail("rule", "must be one of " + String.join(", ", RULES.stream().sorted().toList()));
    }
    String action = v.required("action", cmd.action());
    if (action != null && !ACTIONS.contains(action)) {
      v.fail("action", "must be none or disable_key");
    }
    v.throwIfAny();
    Principal caller = m.caller().principal();
    // A rule's action covers every service's keys, so turning it on or off is not for a root key
    // confined to some of them.
    if (caller.services().confined()) {
      throw new ForbiddenException(
          "alert rules act on the whole workspace: only a root key confined to no service may"
              + " set them");
    }
    if (action.equals("disable_key") && !caller.holds(Permission.KEYS_UPDATE)) {
      throw new ForbiddenException("the disable_key action needs a root key holding keys.update");
    }
    AlertRule set = new AlertRule(rule, action, m.now());
    m.tx().alerts().setRule(m.workspaceId(), set);
    m.changed("alert_rule", rule, "updated", Map.of("action", action));
    return set;
  }

  @Override
  public void close() {
    running = false;
    if (writer != null) {
      writer.interrupt();
      try {
        writer.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("could not write the queued alerts at shutdown: {}", e.getMessage());
    }
  }

  static void checkId(String id) {
    if (!Ids.isValid("alert", id)) {
      throw InvalidInputException.of("id", "is not an alert_ id");
    }
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("alert", id);
  }
}
