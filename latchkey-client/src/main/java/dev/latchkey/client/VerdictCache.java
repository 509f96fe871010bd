package dev.latchkey.client;

import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The verdicts a {@link Verifier} may answer again without asking the server, and the rule that
 * says when it may.
 *
 * <p>An entry is keyed by the SHA-256 of the secret (the secret itself is never kept) and the parts
 * of the request that decide the verdict: service, permission query and limit names. The request's
 * attributes are not part of the key because a verdict that depended on them ({@code conditional})
 * is never kept, nor one that charged a rate limit or credits, nor one for a retiring secret (the
 * server should see each use of it), nor a verdict that names no key.
 *
 * <p>An entry is answered while all of these hold, on a monotonic clock:
 *
 * <ul>
 *   <li>it is younger than {@code maxAge};
 *   <li>a valid key's expiry, or a retiring secret's end of grace, has not passed (wall clock);
 *   <li>no change of its key, its consumer or the workspace was heard after, or less than {@code
 *       settle} before, the request that fetched it was sent: an event that races the request, or
 *       another node of the cluster that has not applied the change yet, cannot put a stale verdict
 *       back;
 *   <li>the verdict is confirmed no longer than {@code maxStaleness} ago: by the request itself or,
 *       while the change feed is followed, by the feed's last word (an event or a heartbeat).
 * </ul>
 *
 * <p>Thread-safe. Bounded: past {@code maximumSize} entries, answers that are no longer usable go
 * first, then arbitrary ones.
 */
final class VerdictCache {
  private static final Set<VerifyCode> KEPT =
      EnumSet.of(
          VerifyCode.VALID,
          VerifyCode.REVOKED,
          VerifyCode.EXPIRED,
          VerifyCode.DISABLED,
          VerifyCode.WRONG_SERVICE,
          VerifyCode.INSUFFICIENT_PERMISSIONS);

  private static final MessageDigest SHA_256;

  static {
    try {
      SHA_256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** What decides a verdict, but the request's attributes and cost (see the class comment). */
  record Shape(String digest, String service, String permissions, List<String> limits) {
    static Shape of(VerifyKey request) {
      return new Shape(
          sha256(request.key()), request.service(), request.permissions(), request.limits());
    }
  }

  private record Entry(Verdict verdict, long sentAt, Instant validUntil) {}

  private final Map<Shape, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Long> keyChanges = new ConcurrentHashMap<>();
  private final Map<String, Long> consumerChanges = new ConcurrentHashMap<>();
  private final ReentrantLock sweeping = new ReentrantLock();
  private final int maximumSize;
  private final long maxAge;
  private final long maxStaleness;
  private final long settle;
  private final LongSupplier nanos;
  private final Clock clock;

  /** When anything of the workspace last changed; {@code Long.MIN_VALUE} before the first. */
  private volatile long workspaceChanged = Long.MIN_VALUE;

  /** When the change feed last proved current; {@code Long.MIN_VALUE} while never followed. */
  private volatile long feedHeard = Long.MIN_VALUE;

  VerdictCache(
      int maximumSize,
      Duration maxAge,
      Duration maxStaleness,
      Duration settle,
      LongSupplier nanos,
      Clock clock) {
    this.maximumSize = maximumSize;
    this.maxAge = maxAge.toNanos();
    this.maxStaleness = maxStaleness.toNanos();
    this.settle = settle.toNanos();
    this.nanos = nanos;
    this.clock = clock;
  }

  /** The verdict kept for {@code shape}, or null when there is none that may be answered now. */
  Verdict get(Shape shape) {
    Entry entry = entries.get(shape);
    if (entry == null) {
      return null;
    }
    if (!usable(entry, nanos.getAsLong())) {
      entries.remove(shape, entry);
      return null;
    }
    return entry.verdict();
  }

  /**
   * Keeps {@code verdict} for {@code shape} if it may be answered again.
   *
   * @param sentAt when the request that fetched it was sent ({@link #now()})
   */
  void offer(Shape shape, Verdict verdict, long sentAt) {
    if (!keepable(verdict)) {
      return;
    }
    Instant validUntil = null;
    if (verdict.valid()) {
      validUntil = earlier(verdict.expiresAt(), verdict.graceEndsAt());
    }
    Entry entry = new Entry(verdict, sentAt, validUntil);
    if (!usable(entry, nanos.getAsLong())) {
      return; // a change was heard while the request was out
    }
    if (entries.size() >= maximumSize) {
      sweep();
    }
    entries.put(shape, entry);
  }

  /** The monotonic time, as {@code sentAt} of {@link #offer} wants it. */
  long now() {
    return nanos.getAsLong();
  }

  /** A key changed (updated, rotated, revoked, ...): its verdicts are no longer answered. */
  void keyChanged(String keyId) {
    keyChanges.put(keyId, nanos.getAsLong());
  }

  /** A consumer changed: the verdicts of its keys are no longer answered. */
  void consumerChanged(String consumerId) {
    consumerChanges.put(consumerId, nanos.getAsLong());
  }

  /** Something that may change any verdict changed (a role, a service, the workspace). */
  void everythingChanged() {
    workspaceChanged = nanos.getAsLong();
    entries.clear();
  }

  /** The change feed is current as of now: nothing changed that was not heard. */
  void feedHeard() {
    feedHeard = nanos.getAsLong();
  }

  /** When the change feed last proved current, or {@code Long.MIN_VALUE}. */
  long lastHeard() {
    return feedHeard;
  }

  int size() {
    return entries.size();
  }

  /**
   * Forgets the changes too old to matter: past {@code settle + maxAge}, no entry fetched before
   * them is still young enough to be answered.
   */
  void prune() {
    long now = nanos.getAsLong();
    long horizon = settle + maxAge;
    keyChanges.values().removeIf(at -> now - at > horizon);
    consumerChanges.values().removeIf(at -> now - at > horizon);
  }

  private boolean usable(Entry entry, long now) {
    if (now - entry.sentAt() > maxAge) {
      return false;
    }
    if (entry.validUntil() != null && !clock.instant().isBefore(entry.validUntil())) {
      return false;
    }
    Verdict verdict = entry.verdict();
    if (changedSince(workspaceChanged, entry.sentAt())
        || changedSince(keyChanges.get(verdict.keyId()), entry.sentAt())
        || (verdict.consumer() != null
            && changedSince(consumerChanges.get(verdict.consumer()), entry.sentAt()))) {
      return false;
    }
    long confirmed = Math.max(entry.sentAt(), feedHeard);
    return now - confirmed <= maxStaleness;
  }

  /** Whether a change heard at {@code changedAt} may not be reflected in a verdict sent at then. */
  private boolean changedSince(Long changedAt, long sentAt) {
    return changedAt != null
        && changedAt != Long.MIN_VALUE
        && sentAt - changedAt < settle; // also true when the change came after the request
  }

  private static boolean keepable(Verdict verdict) {
    return verdict.keyId() != null
        && KEPT.contains(verdict.code())
        && !Boolean.TRUE.equals(verdict.conditional())
        && !Boolean.TRUE.equals(verdict.previousSecretUsed())
        && verdict.rateLimit() == null
        && verdict.creditsRemaining() == null;
  }

  /** Drops what can no longer be answered, then arbitrary entries down to 90% of the bound. */
  private void sweep() {
    if (!sweeping.tryLock()) {
      return; // another thread is at it; the bound may be passed briefly
    }
    try {
      long now = nanos.getAsLong();
      entries.values().removeIf(entry -> !usable(entry, now));
      int excess = entries.size() - maximumSize * 9 / 10;
      Iterator<Shape> it = entries.keySet().iterator();
      while (excess-- > 0 && it.hasNext()) {
        it.next();
        it.remove();
      }
    } finally {
      sweeping.unlock();
    }
    prune();
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private static String sha256(String secret) {
    MessageDigest sha;
    try {
      sha = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests clone on every JDK", e);
    }
    byte[] hash = sha.digest(secret.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().withoutPadding().encodeToString(hash);
  }
}
