package dev.latchkey.core.expiry;

import dev.latchkey.core.anomaly.Signals;
import dev.latchkey.core.store.KeyRepository.ExpiringKey;
import dev.latchkey.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code key_expiring} rule: a live key (not revoked, not expired) whose expiry falls within
 * {@code notice} raises one alert (severity warning) per expiry. The dedup key is the key id and
 * the expiry, so a key whose expiry is moved later alerts again when the new one nears; an alert
 * already raised for this expiry, open or acknowledged, is not raised again.
 *
 * <p>Run by every node every hour. Two nodes may both find no alert yet and both raise: the alert
 * store folds them into one open alert (counting two), delivered to webhooks once. Thread-safe if
 * the store is.
 */
public final class ExpiryNotices {
  /** The rule's name. */
  public static final String RULE = "key_expiring";

  /** Longest notice: a year and a day, as for {@code expiring_within}. */
  public static final Duration MAX_NOTICE = Duration.ofDays(366);

  private static final int PAGE = 500;

  private final Store store;
  private final Duration notice;
  private final Signals signals;
  private final Clock clock;

  /**
   * @param notice how long before its expiry a key raises the alert; zero turns the rule off
   * @throws IllegalArgumentException when {@code notice} is negative or longer than {@link
   *     #MAX_NOTICE}
   */
  public ExpiryNotices(Store store, Duration notice, Signals signals, Clock clock) {
    if (notice.isNegative() || notice.compareTo(MAX_NOTICE) > 0) {
      throw new IllegalArgumentException("the expiry notice must be between PT0S and P366D");
    }
    this.store = store;
    this.notice = notice;
    this.signals = signals;
    this.clock = clock;
  }

  /** Raises {@code key_expiring} for every key newly within the notice; returns how many. */
  public int run() {
    if (notice.isZero()) {
      return 0;
    }
    Instant now = clock.instant();
    Instant until = now.plus(notice);
    int raised = 0;
    String last = "";
    while (true) {
      String from = last;
      List<ExpiringKey> page = store.read(tx -> tx.keys().expiring(now, until, from, PAGE));
      for (ExpiringKey k : page) {
        if (raise(k, now)) {
          raised++;
        }
      }
      if (page.size() < PAGE) {
        return raised;
      }
      last = page.getLast().keyId();
    }
  }

  private boolean raise(ExpiringKey k, Instant now) {
    String dedupKey = dedupKey(k);
    if (store.read(tx -> tx.alerts().exists(k.workspaceId(), RULE, dedupKey))) {
      return false;
    }
    signals.raise(k.workspaceId(), RULE, "warning", "key", k.keyId(), dedupKey, details(k), now);
    return true;
  }

  /** {@code key_…@2026-12-01T00:00:00Z}: one alert per key and expiry. */
  static String dedupKey(ExpiringKey k) {
    return k.keyId() + "@" + k.expiresAt();
  }

  private static Map<String, Object> details(ExpiringKey k) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("key_id", k.keyId());
    details.put("service_id", k.serviceId());
    k.consumerId().ifPresent(c -> details.put("consumer_id", c));
    details.put("expires_at", k.expiresAt().toString());
    return details;
  }
}
