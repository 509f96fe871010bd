package dev.latchkey.core.anomaly;

import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.access.condition.IpLiterals;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches every verification of this node and raises alerts:
 *
 * <ul>
 *   <li>{@code traffic_spike}: a key's requests in a minute above {@code spikeFactor} times its
 *       baseline, an exponentially weighted moving average of its per-minute counts (starting at
 *       its first minute's count, weight halving every {@code spikeHalfLife}; empty minutes count
 *       as zero), once the key has {@code spikeWarmup} minutes of history and at least {@code
 *       spikeMinimum} requests in the minute;
 *   <li>{@code new_client_address}: a key presented from a network (/24 for IPv4, /48 for IPv6) not
 *       seen for it on this node, after the learning period;
 *   <li>{@code secret_guessing}: {@code guessingThreshold} malformed or unknown keys from one
 *       address within {@code guessingWindow}; with a {@code guessingBlock}, {@link #blocked} then
 *       answers true for that address until the block ends;
 *   <li>{@code revoked_secret_presented}: a revoked or expired key, or a rotated-out secret past
 *       its grace period, still presented: a leak being tried, or a client that never got the new
 *       key;
 *   <li>{@code credits_low}: a request left a credit balance at or below {@code creditsLow}.
 * </ul>
 *
 * <p>Each node judges the traffic it sees (a key spread over three nodes has a third of its traffic
 * on each, and so a third of its baseline), and its state lives in memory: after a restart the
 * spike baselines warm up again and networks are learned again. State is bounded by {@link
 * AnomalySettings#MAX_TRACKED} keys and addresses; beyond that, new ones are not tracked until old
 * ones go idle (counted in {@link #untracked()}). Alert storms are bounded twice: a rule raises at
 * most once a minute per subject here, and the alert store folds repeats into one open alert.
 *
 * <p>Thread-safe; {@link #observe} never blocks on I/O (the signals' {@code raise} must not
 * either).
 */
public final class AnomalyDetector {
  private static final long MINUTE = 60_000;

  private final AnomalySettings settings;
  private final Signals signals;
  private final Instant started;
  private final double keep; // the baseline's weight kept per minute
  private final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AddressState> addresses = new ConcurrentHashMap<>();
  private final AtomicLong untracked = new AtomicLong();
  private final AtomicLong prunedAt = new AtomicLong(Long.MIN_VALUE / 2);
  private volatile long untrackedLogged;
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(AnomalyDetector.class);

  public AnomalyDetector(AnomalySettings settings, Signals signals, Instant started) {
    this.settings = settings;
    this.signals = signals;
    this.started = started;
    this.keep = Math.pow(0.5, 60.0 / settings.spikeHalfLife().toSeconds());
  }

  /** Keys or addresses not tracked because the bound was reached, since start. */
  public long untracked() {
    return untracked.get();
  }

  /** Whether the guessing rule blocks addresses at all (else {@link #blocked} is always false). */
  public boolean blocking() {
    return !settings.guessingBlock().isZero();
  }

  /** Whether forward auth should refuse {@code address} at {@code now} (a guessing block). */
  public boolean blocked(String address, Instant now) {
    if (address == null || settings.guessingBlock().isZero() || addresses.isEmpty()) {
      return false;
    }
    AddressState a = addresses.get(guessingSubject(address));
    return a != null && a.blockedUntil > now.toEpochMilli();
  }

  /** One verification: its verdict and the client's address (null when unknown) at {@code now}. */
  public void observe(String workspaceId, Verdict verdict, String address, Instant now) {
    observe(workspaceId, verdict, address, now.toEpochMilli());
  }

  /**
   * As {@link #observe(String, Verdict, String, Instant)}, at {@code now} in epoch milliseconds.
   */
  public void observe(String workspaceId, Verdict verdict, String address, long now) {
    VerifyCode code = verdict.code();
    if (verdict.keyId() == null) {
      if (code == VerifyCode.MALFORMED || code == VerifyCode.NOT_FOUND) {
        guessing(workspaceId, address, now);
      }
      return;
    }
    String keyId = verdict.keyId();
    KeyState state = keys.get(keyId);
    if (state == null) {
      if (keys.size() >= AnomalySettings.MAX_TRACKED) {
        prune(now);
        if (keys.size() >= AnomalySettings.MAX_TRACKED) {
          untracked.incrementAndGet();
          return;
        }
      }
      state = keys.computeIfAbsent(keyId, k -> new KeyState(now));
    }
    long minute = now / MINUTE;
    if ((code == VerifyCode.REVOKED || code == VerifyCode.EXPIRED)
        && state.firstThisMinute(KeyState.DEAD, minute)) {
      raise(
          workspaceId,
          "revoked_secret_presented",
          "warning",
          "key",
          keyId,
          keyId,
          details("code", code.name(), "address", address),
          now);
    }
    if (verdict.creditsRemaining() != null
        && settings.creditsLow() > 0
        && verdict.creditsRemaining() <= settings.creditsLow()
        && state.firstThisMinute(KeyState.CREDITS, minute)) {
      raise(
          workspaceId,
          "credits_low",
          "info",
          "key",
          keyId,
          keyId,
          details("remaining", verdict.creditsRemaining(), "threshold", settings.creditsLow()),
          now);
    }
    spike(workspaceId, keyId, state, now);
    // A key is mostly used from the same few addresses: the same one as last time needs no network
    // worked out again (that parse and string were most of what detection cost per verification).
    if (address != null && !address.equals(state.lastAddress)) {
      Optional<String> net = network(address);
      if (net.isPresent()) {
        newNetwork(workspaceId, keyId, state, net.get(), address, now);
      }
      state.lastAddress = address;
    }
  }

  private void spike(String workspaceId, String keyId, KeyState s, long now) {
    if (settings.spikeFactor() <= 0) {
      return;
    }
    long minute = now / MINUTE;
    long count;
    double baseline;
    synchronized (s) {
      s.lastSeen = now;
      if (minute > s.minute) {
        long gap = minute - s.minute;
        if (s.minute >= 0) {
          // The finished minute, then any empty ones, move the baseline; the first minute starts
          // it (an average starting from zero would take hours to reach a steady key's rate).
          s.baseline = s.minutes == 0 ? s.count : s.baseline * keep + s.count * (1 - keep);
          s.baseline *= Math.pow(keep, gap - 1);
          s.minutes += gap;
        }
        s.minute = minute;
        s.count = 0;
      } else if (minute < s.minute) {
        return; // the clock went back: count nothing until it catches up
      }
      count = ++s.count;
      baseline = s.baseline;
      if (s.minutes < settings.spikeWarmup()
          || count < settings.spikeMinimum()
          || count <= settings.spikeFactor() * Math.max(baseline, 1.0)
          || s.spikeRaised == minute) {
        return;
      }
      s.spikeRaised = minute;
    }
    raise(
        workspaceId,
        "traffic_spike",
        "warning",
        "key",
        keyId,
        keyId,
        details(
            "requests_this_minute",
            count,
            "baseline_per_minute",
            Math.round(baseline * 100) / 100.0,
            "factor",
            settings.spikeFactor()),
        now);
  }

  private void newNetwork(
      String workspaceId, String keyId, KeyState s, String net, String address, long now) {
    Duration learning = settings.newAddressLearning();
    boolean alert;
    synchronized (s) {
      if (s.networks.remove(net)) {
        s.networks.add(net); // most recently seen last
        return;
      }
      s.networks.add(net);
      if (s.networks.size() > settings.networksPerKey()) {
        s.networks.remove(s.networks.iterator().next());
      }
      long since = Math.max(s.firstSeen, started.toEpochMilli());
      alert = !learning.isZero() && now >= since + learning.toMillis();
    }
    if (alert) {
      raise(
          workspaceId,
          "new_client_address",
          "warning",
          "key",
          keyId,
          keyId + " " + net,
          details("network", net, "address", address),
          now);
    }
  }

  private void guessing(String workspaceId, String presented, long now) {
    if (presented == null || settings.guessingThreshold() <= 0) {
      return;
    }
    String address = guessingSubject(presented);
    AddressState a = address(address, now);
    if (a == null) {
      return;
    }
    long t = now;
    long window = settings.guessingWindow().toMillis();
    int count;
    synchronized (a) {
      a.lastSeen = t;
      if (t - a.windowStart >= window || t < a.windowStart) {
        a.windowStart = t;
        a.count = 0;
      }
      count = ++a.count;
      if (count < settings.guessingThreshold() || a.raisedWindow == a.windowStart) {
        return;
      }
      a.raisedWindow = a.windowStart;
    }
    raise(
        workspaceId,
        "secret_guessing",
        "critical",
        "address",
        address,
        address,
        details("invalid_keys", count, "window_seconds", settings.guessingWindow().toSeconds()),
        now);
  }

  /**
   * An unknown or malformed key from {@code presented}, an address a trusted proxy named: {@code
   * guessingThreshold} of them within {@code guessingWindow} block the address for {@code
   * guessingBlock}. Counted apart from {@link #observe}'s count, which any caller of {@code
   * keys:verify} can feed with an address of its choosing: those raise the alert, never a block.
   */
  public void guessedFrom(String presented, long now) {
    if (presented == null || settings.guessingThreshold() <= 0 || !blocking()) {
      return;
    }
    AddressState a = address(guessingSubject(presented), now);
    if (a == null) {
      return;
    }
    long window = settings.guessingWindow().toMillis();
    synchronized (a) {
      a.lastSeen = now;
      if (now - a.vouchedStart >= window || now < a.vouchedStart) {
        a.vouchedStart = now;
        a.vouched = 0;
      }
      if (++a.vouched >= settings.guessingThreshold()) {
        a.blockedUntil = Math.max(a.blockedUntil, now + settings.guessingBlock().toMillis());
      }
    }
  }

  /** The state of {@code address}, made if needed; null when the bound is reached. */
  private AddressState address(String address, long now) {
    AddressState a = addresses.get(address);
    if (a != null) {
      return a;
    }
    if (addresses.size() >= AnomalySettings.MAX_TRACKED) {
      prune(now);
      if (addresses.size() >= AnomalySettings.MAX_TRACKED) {
        untracked.incrementAndGet();
        return null;
      }
    }
    return addresses.computeIfAbsent(address, k -> new AddressState());
  }

  /**
   * Forgets keys and addresses idle for a day (and not blocked); at most once a minute, so that a
   * full map does not cost a scan on every request.
   */
  void prune(long now) {
    long last = prunedAt.get();
    if (now - last < MINUTE || !prunedAt.compareAndSet(last, now)) {
      return;
    }
    long idle = now - Duration.ofDays(1).toMillis();
    keys.values().removeIf(s -> s.lastSeen < idle);
    // An address matters only while its window or its block lasts.
    long quiet =
        now - Math.max(settings.guessingWindow().toMillis(), settings.guessingBlock().toMillis());
    addresses.values().removeIf(a -> a.lastSeen < quiet && a.blockedUntil < now);
    long missed = untracked.get();
    if (missed > untrackedLogged) {
      untrackedLogged = missed;
      LOG.warn(
          "anomaly detection: {} keys or addresses left unwatched so far (state full)", missed);
    }
  }

  private void raise(
      String workspaceId,
      String rule,
      String severity,
      String subjectType,
      String subjectId,
      String dedupKey,
      Map<String, Object> details,
      long at) {
    signals.raise(
        workspaceId,
        rule,
        severity,
        subjectType,
        subjectId,
        dedupKey,
        details,
        Instant.ofEpochMilli(at));
  }

  private static Map<String, Object> details(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        m.put((String) pairs[i], pairs[i + 1]);
      }
    }
    return m;
  }

  /**
   * Who guessing is counted for: an IPv4 address as written canonically, an IPv6 address's /64 (one
   * client holds a whole /64 and can change address within it at will); anything else (not an
   * address literal) as given.
   */
  static String guessingSubject(String address) {
    return IpLiterals.parse(address).map(b -> prefix(b, 4, 4)).orElse(address);
  }

  /** The /24 (IPv4) or /48 (IPv6) of a literal address; empty for anything else. */
  static Optional<String> network(String address) {
    return IpLiterals.parse(address).map(b -> prefix(b, 3, 3));
  }

  /**
   * The first {@code v4Octets} octets of an IPv4 address (the rest zero, with the prefix length
   * when short of 4) or the first {@code v6Groups} groups of an IPv6 one, as text.
   */
  private static String prefix(byte[] b, int v4Octets, int v6Groups) {
    StringBuilder s = new StringBuilder(24);
    if (b.length == 4) {
      for (int i = 0; i < 4; i++) {
        s.append(i == 0 ? "" : ".").append(i < v4Octets ? b[i] & 0xff : 0);
      }
      return v4Octets == 4 ? s.toString() : s.append('/').append(8 * v4Octets).toString();
    }
    for (int g = 0; g < v6Groups; g++) {
      s.append(Integer.toHexString((b[2 * g] & 0xff) << 8 | b[2 * g + 1] & 0xff)).append(':');
    }
    return s.append(":/").append(16 * v6Groups).toString();
  }

  private static final class KeyState {
    final long firstSeen;
    long lastSeen;
    long minute = -1;
    long count;
    double baseline;
    long minutes;
    long spikeRaised = -1;
    final LinkedHashSet<String> networks = new LinkedHashSet<>();
    volatile String lastAddress; // racing writers only cost a network worked out again
    static final int DEAD = 0;
    static final int CREDITS = 1;
    private final long[] raised = {-1, -1};

    KeyState(long firstSeen) {
      this.firstSeen = firstSeen;
      this.lastSeen = firstSeen;
    }

    /** Whether {@code rule} has not been raised for this key in {@code minute}; marks it raised. */
    synchronized boolean firstThisMinute(int rule, long minute) {
      if (raised[rule] == minute) {
        return false;
      }
      raised[rule] = minute;
      return true;
    }
  }

  private static final class AddressState {
    long lastSeen;
    long windowStart = Long.MIN_VALUE / 2;
    int count;
    long raisedWindow = Long.MIN_VALUE;
    long vouchedStart = Long.MIN_VALUE / 2;
    int vouched;
    long blockedUntil;
  }
}
