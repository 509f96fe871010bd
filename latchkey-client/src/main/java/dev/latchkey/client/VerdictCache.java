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
 * attributes are not part of the key because a verdict that depended on them is never kept: only a
 * verdict that says {@code conditional: false} is, that names a key, that charged no rate limit or
 * credits, that is not for a retiring secret (the server should see each use of it), and that
 * carries the answering node's {@code feed_position}.
 *
 * <p>An entry is answered while all of these hold:
 *
 * <ul>
 *   <li>no change of its key, of its consumer or of the whole workspace that the change feed
 *       reported has a {@code seq} above the verdict's {@code feed_position}: the verdict reflects
 *       every change up to that position, whichever node answered and whenever the event arrived;
 *   <li>it is younger than {@code maxAge} (monotonic clock);
 *   <li>the key's expiry, or a retiring secret's end of grace, has not passed (wall clock; not for
 *       verdicts that are already {@code REVOKED} or {@code EXPIRED});
 *   <li>it was confirmed no longer than {@code maxStaleness} ago (monotonic clock): by the request
 *       that fetched it or, while the change feed is followed, by the feed's last heartbeat (which
 *       the server sends only when it has sent every change it applied and is itself current).
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

  /** A change the feed reported: its {@code seq}, and when it was heard (for pruning). */
  private record Heard(long seq, long at) {}

  private final Map<Shape, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Heard> keyChanges = new ConcurrentHashMap<>();
  private final Map<String, Heard> consumerChanges = new ConcurrentHashMap<>();
  private final ReentrantLock sweeping = new ReentrantLock();
  private final int maximumSize;
  private final long maxAge;
  private final long maxStaleness;
  private final LongSupplier nanos;
  private final Clock clock;

  /** No verdict from before this feed position is answered: a change of anything, or a gap. */
  private volatile long floor = Long.MIN_VALUE;

  /** The greatest of those: a change of anything heard, not a gap (see {@link #behind}). */
  private volatile long heardFloor = Long.MIN_VALUE;

  /** Verdicts fetched before this (monotonic) time are not kept: the feed restarted since. */
  private volatile long restarted = Long.MIN_VALUE;

  /** The greatest {@code feed_position} of a verdict kept: a feed whose head is lower went back. */
  private volatile long highestPosition = Long.MIN_VALUE;

  /** When the change feed last proved current; {@code Long.MIN_VALUE} while never followed. */
  private volatile long feedHeard = Long.MIN_VALUE;

  VerdictCache(
      int maximumSize, Duration maxAge, Duration maxStaleness, LongSupplier nanos, Clock clock) {
    this.maximumSize = maximumSize;
    this.maxAge = maxAge.toNanos();
    this.maxStaleness = maxStaleness.toNanos();
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
    // Past the key's expiry (or the grace of a retiring secret) the answer becomes EXPIRED, for a
    // valid key and for one denied for its service, permissions or being disabled alike.
    Instant validUntil =
        verdict.code() == VerifyCode.REVOKED || verdict.code() == VerifyCode.EXPIRED
            ? null
            : earlier(verdict.expiresAt(), verdict.graceEndsAt());
    Entry entry = new Entry(verdict, sentAt, validUntil);
    if (!usable(entry, nanos.getAsLong())) {
      return; // a change was heard while the request was out
    }
    if (entries.size() >= maximumSize) {
      sweep();
    }
    entries.put(shape, entry);
    if (verdict.feedPosition() > highestPosition) {
      synchronized (this) {
        highestPosition = Math.max(highestPosition, verdict.feedPosition());
      }
    }
  }

  /** The greatest {@code feed_position} of a verdict kept since the last restart. */
  long highestPosition() {
    return highestPosition;
  }

  /** The monotonic time, as {@code sentAt} of {@link #offer} wants it. */
  long now() {
    return nanos.getAsLong();
  }

  /** The key {@code keyId} changed at {@code seq}: its verdicts from before are not answered. */
  void keyChanged(String keyId, long seq) {
    keyChanges.merge(keyId, new Heard(seq, nanos.getAsLong()), VerdictCache::later);
  }

  /** The consumer changed at {@code seq}: the verdicts of its keys from before are not answered. */
  void consumerChanged(String consumerId, long seq) {
    consumerChanges.merge(consumerId, new Heard(seq, nanos.getAsLong()), VerdictCache::later);
  }

  /**
   * Any verdict from before {@code seq} may be wrong: something that may change any verdict changed
   * (a role, a service, the workspace), or the feed has a gap up to there.
   */
  void everythingBefore(long seq) {
    raiseFloor(seq, true);
  }

  /**
   * The feed has a gap up to {@code seq} (a stream that starts afresh): no verdict from before it
   * is answered, but a fresh answer from before it is not refused either (see {@link #behind}).
   */
  void gapBefore(long seq) {
    raiseFloor(seq, false);
  }

  private void raiseFloor(long seq, boolean heard) {
    synchronized (this) {
      if (seq > floor) {
        floor = seq;
      }
      if (heard && seq > heardFloor) {
        heardFloor = seq;
      }
    }
    entries.values().removeIf(entry -> position(entry) < seq);
  }

  /**
   * The feed restarted at {@code seq}, possibly lower than before (the server's database was
   * restored): positions from before mean nothing any more, so everything kept or heard is dropped.
   */
  void restartedAt(long seq) {
    synchronized (this) {
      restarted = nanos.getAsLong(); // and answers still in flight are not kept either
      entries.clear();
      keyChanges.clear();
      consumerChanges.clear();
      floor = seq;
      heardFloor = Long.MIN_VALUE;
      highestPosition = Long.MIN_VALUE;
    }
  }

  /**
   * Whether {@code verdict} is older than a change already heard for its key, its consumer or the
   * workspace: the node that answered had not applied it yet. Unknown (false) without a position. A
   * gap (a stream starting afresh at the feed's head, which nodes may not have applied yet) does
   * not count: such an answer is not kept, but it is no older than the verifier knows to be wrong.
   */
  boolean behind(Verdict verdict) {
    Long position = verdict.feedPosition();
    if (position == null || verdict.keyId() == null) {
      return false;
    }
    return olderThan(verdict, position, heardFloor);
  }

  /**
   * Whether a verdict at {@code position} is older than {@code workspaceFloor} or than a change
   * heard for its key or its consumer.
   */
  private boolean olderThan(Verdict verdict, long position, long workspaceFloor) {
    return position < workspaceFloor
        || position < seq(keyChanges.get(verdict.keyId()))
        || (verdict.consumer() != null && position < seq(consumerChanges.get(verdict.consumer())));
  }

  /** A heartbeat: the feed has reported every change up to now. */
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
   * Forgets the changes heard more than {@code maxAge} ago: every entry fetched before they were
   * heard is too old to be answered by now, and one fetched after from a node still behind them was
   * refused when it was offered.
   */
  void prune() {
    long now = nanos.getAsLong();
    long[] forgotten = {Long.MIN_VALUE};
    java.util.function.Predicate<Heard> old =
        heard -> {
          if (now - heard.at() <= maxAge) {
            return false;
          }
          forgotten[0] = Math.max(forgotten[0], heard.seq());
          return true;
        };
    keyChanges.values().removeIf(old);
    consumerChanges.values().removeIf(old);
    if (forgotten[0] != Long.MIN_VALUE) {
      everythingBefore(forgotten[0]); // no verdict from a node still behind what was forgotten
    }
  }

  private boolean usable(Entry entry, long now) {
    if (now - entry.sentAt() > maxAge || entry.sentAt() <= restarted) {
      return false;
    }
    if (entry.validUntil() != null && !clock.instant().isBefore(entry.validUntil())) {
      return false;
    }
    if (olderThan(entry.verdict(), position(entry), floor)) {
      return false;
    }
    long confirmed = Math.max(entry.sentAt(), feedHeard);
    return now - confirmed <= maxStaleness;
  }

  private static long position(Entry entry) {
    return entry.verdict().feedPosition();
  }

  private static long seq(Heard heard) {
    return heard == null ? Long.MIN_VALUE : heard.seq();
  }

  private static Heard later(Heard a, Heard b) {
    return a.seq() >= b.seq() ? a : b;
  }

  private static boolean keepable(Verdict verdict) {
    return verdict.keyId() != null
        && verdict.feedPosition() != null
        && Boolean.FALSE.equals(verdict.conditional())
        && KEPT.contains(verdict.code())
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
