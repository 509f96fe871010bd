package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.RateLimitState;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a kept verdict may be answered again, on a clock the test moves. */
class VerdictCacheTest {
  static final Duration MAX_AGE = Duration.ofMinutes(5);
  static final Duration STALENESS = Duration.ofSeconds(30);

  /** The feed position of the node that answers, unless a test says otherwise. */
  static final long AT = 10;

  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  Instant wall = T0;
  final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
          return wall;
        }
      };
  final VerdictCache cache = cache(1000);

  VerdictCache cache(int size) {
    return new VerdictCache(size, MAX_AGE, STALENESS, nanos::get, clock);
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    wall = wall.plus(d);
  }

  static Verdict valid(String keyId, String consumer) {
    return valid(keyId, consumer, AT);
  }

  static Verdict valid(String keyId, String consumer, Long position) {
    return new Verdict(
        true,
        VerifyCode.VALID,
        keyId,
        "svc_1",
        consumer,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        position);
  }

  static VerdictCache.Shape shape(String secret) {
    return VerdictCache.Shape.of(VerifyKey.of(secret, "orders"));
  }

  /** Offers a verdict fetched by a request sent now, and says whether it is answered. */
  boolean keeps(Verdict verdict) {
    VerdictCache.Shape shape = shape("lk_test_" + verdict.hashCode());
    cache.offer(shape, verdict, cache.now());
    return cache.get(shape) != null;
  }

  @Test
  void keepsValidAndLastingDenialsButNothingThatDependsOnTheRequestOrSpends() {
    assertThat(keeps(valid("key_1", null))).isTrue();
    for (VerifyCode code :
        List.of(
            VerifyCode.REVOKED,
            VerifyCode.EXPIRED,
            VerifyCode.DISABLED,
            VerifyCode.WRONG_SERVICE,
            VerifyCode.INSUFFICIENT_PERMISSIONS)) {
      assertThat(keeps(withCode(valid("key_" + code, null), code))).as("%s", code).isTrue();
    }
    // Unknown and malformed secrets name no key: no change could ever evict them.
    assertThat(keeps(Verdict.denied(VerifyCode.NOT_FOUND))).isFalse();
    assertThat(keeps(Verdict.denied(VerifyCode.MALFORMED))).isFalse();
    assertThat(keeps(withCode(valid("key_c", null), VerifyCode.CONDITION_FAILED))).isFalse();
    assertThat(keeps(withCode(valid("key_r", null), VerifyCode.RATE_LIMITED))).isFalse();
    assertThat(keeps(withCode(valid("key_u", null), VerifyCode.USAGE_EXCEEDED))).isFalse();
    Verdict v = valid("key_x", null);
    // A condition was evaluated: the answer is the request's, not the key's.
    assertThat(keeps(copy(v, null, null, null, null, true))).isFalse();
    // A rate limit or credits were charged: each request must be counted by the server.
    assertThat(keeps(copy(v, null, null, new RateLimitState("r", 5, 4, T0), null, null))).isFalse();
    assertThat(keeps(copy(v, null, null, null, 7L, null))).isFalse();
    // A retiring secret: the server should see every use of it.
    assertThat(keeps(copy(v, true, T0.plusSeconds(60), null, null, false))).isFalse();
    // A server that does not say whether a condition ran, or how far it followed the feed.
    assertThat(keeps(copy(v, null, null, null, null, null))).isFalse();
    assertThat(keeps(valid("key_old_server", null, null))).isFalse();
  }

  @Test
  void aChangeOfTheKeyEndsItsVerdictsFromBeforeItAndNotOthers() {
    cache.offer(shape("a"), valid("key_a", null), cache.now());
    cache.offer(shape("b"), valid("key_b", null), cache.now());
    cache.keyChanged("key_a", AT); // already reflected in the verdict
    assertThat(cache.get(shape("a"))).isNotNull();
    cache.keyChanged("key_a", AT + 1);
    assertThat(cache.get(shape("a"))).isNull();
    assertThat(cache.get(shape("b"))).isNotNull();
  }

  @Test
  void aVerdictFromANodeBehindAChangeHeardIsNotKeptWhenEverItArrives() {
    cache.keyChanged("key_a", AT + 5); // heard before the answer of a node still at AT
    cache.offer(shape("a"), valid("key_a", null, AT), cache.now());
    assertThat(cache.get(shape("a"))).isNull();
    cache.keyChanged("key_a", AT + 3); // heard late, out of order: the greater seq stands
    cache.offer(shape("a"), valid("key_a", null, AT + 4), cache.now());
    assertThat(cache.get(shape("a"))).isNull();
    cache.offer(shape("a"), valid("key_a", null, AT + 5), cache.now());
    assertThat(cache.get(shape("a"))).isNotNull();
  }

  @Test
  void aValidAnswerFromANodeBehindAChangeHeardIsBehind() {
    assertThat(cache.behind(valid("key_a", "con_1", AT))).isFalse();
    cache.keyChanged("key_a", AT + 1);
    assertThat(cache.behind(valid("key_a", "con_1", AT))).isTrue();
    assertThat(cache.behind(valid("key_a", "con_1", AT + 1))).isFalse();
    cache.consumerChanged("con_1", AT + 2);
    assertThat(cache.behind(valid("key_a", "con_1", AT + 1))).isTrue();
    cache.everythingBefore(AT + 3);
    assertThat(cache.behind(valid("key_b", null, AT + 2))).isTrue();
    assertThat(cache.behind(valid("key_b", null, null))).as("no position: unknown").isFalse();
  }

  @Test
  void aRestartDropsAnswersKeptAndStillInFlight() {
    long sent = cache.now();
    cache.offer(shape("a"), valid("key_a", null, 950L), sent);
    advance(Duration.ofMillis(1));
    cache.restartedAt(500);
    assertThat(cache.get(shape("a"))).isNull();
    cache.offer(shape("b"), valid("key_b", null, 950L), sent); // fetched before the restart
    assertThat(cache.get(shape("b"))).isNull();
    advance(Duration.ofMillis(1));
    cache.offer(shape("c"), valid("key_c", null, 600L), cache.now());
    assertThat(cache.get(shape("c"))).isNotNull();
  }

  @Test
  void aGapIsNoChangeHeard_anAnswerFromBeforeItIsNotKeptButNotBehind() {
    cache.gapBefore(AT + 5);
    assertThat(cache.behind(valid("key_a", null, AT))).isFalse();
    cache.offer(shape("a"), valid("key_a", null, AT), cache.now());
    assertThat(cache.get(shape("a"))).isNull();
  }

  @Test
  void forgettingOldChangesKeepsRefusingAnswersFromNodesBehindThem() {
    cache.keyChanged("key_a", AT + 5);
    advance(MAX_AGE.plusSeconds(1));
    cache.prune();
    cache.offer(shape("a"), valid("key_a", null, AT), cache.now());
    assertThat(cache.get(shape("a"))).isNull();
    cache.offer(shape("a"), valid("key_a", null, AT + 5), cache.now());
    assertThat(cache.get(shape("a"))).isNotNull();
  }

  @Test
  void aChangeOfTheConsumerEndsTheVerdictsOfItsKeys() {
    cache.offer(shape("a"), valid("key_a", "con_1"), cache.now());
    cache.offer(shape("b"), valid("key_b", "con_2"), cache.now());
    cache.offer(shape("c"), valid("key_c", null), cache.now());
    cache.consumerChanged("con_1", AT + 1);
    assertThat(cache.get(shape("a"))).isNull();
    assertThat(cache.get(shape("b"))).isNotNull();
    assertThat(cache.get(shape("c"))).isNotNull();
  }

  @Test
  void aChangeOfAnythingElseEndsEveryVerdictFromBeforeIt() {
    cache.offer(shape("a"), valid("key_a", "con_1"), cache.now());
    cache.offer(shape("b"), valid("key_b", null, AT + 2), cache.now());
    cache.everythingBefore(AT + 1);
    assertThat(cache.get(shape("a"))).isNull();
    assertThat(cache.get(shape("b"))).isNotNull();
    assertThat(cache.size()).isEqualTo(1); // dropped, not only hidden
    cache.offer(shape("c"), valid("key_c", null, AT), cache.now()); // from a node behind
    assertThat(cache.get(shape("c"))).isNull();
  }

  @Test
  void withoutTheFeedAVerdictIsAnsweredForTheStalenessBoundOnly() {
    cache.offer(shape("a"), valid("key_a", null), cache.now());
    advance(STALENESS);
    assertThat(cache.get(shape("a"))).isNotNull();
    advance(Duration.ofNanos(1));
    assertThat(cache.get(shape("a"))).isNull();
  }

  @Test
  void whileTheFeedIsHeardAVerdictLivesUntilItsMaximumAge() {
    cache.offer(shape("a"), valid("key_a", null), cache.now());
    for (Duration d = Duration.ZERO; d.compareTo(MAX_AGE) < 0; d = d.plusSeconds(15)) {
      cache.feedHeard(); // a heartbeat every 15 s
      assertThat(cache.get(shape("a"))).as("after %s", d).isNotNull();
      advance(Duration.ofSeconds(15));
    }
    cache.feedHeard();
    advance(Duration.ofNanos(1));
    assertThat(cache.get(shape("a"))).isNull(); // past maxAge whatever the feed says
  }

  @Test
  void aFeedThatFallsSilentStopsVouchingAfterTheStalenessBound() {
    cache.offer(shape("a"), valid("key_a", null), cache.now());
    advance(Duration.ofSeconds(20));
    cache.feedHeard();
    advance(STALENESS);
    assertThat(cache.get(shape("a"))).isNotNull();
    advance(Duration.ofNanos(1));
    assertThat(cache.get(shape("a"))).isNull();
  }

  @Test
  void aValidVerdictEndsWhenTheKeyExpiresOrTheRetiringSecretsGraceEnds() {
    Verdict expiring = copyExpiring(valid("key_a", null), T0.plusSeconds(10));
    cache.offer(shape("a"), expiring, cache.now());
    cache.feedHeard();
    advance(Duration.ofSeconds(9));
    assertThat(cache.get(shape("a"))).isNotNull();
    advance(Duration.ofSeconds(1));
    assertThat(cache.get(shape("a"))).isNull();
  }

  @Test
  void aDenialForServiceOrPermissionsEndsWhenTheKeyExpiresToo() {
    Verdict denied =
        withCode(copyExpiring(valid("key_a", null), T0.plusSeconds(10)), VerifyCode.WRONG_SERVICE);
    cache.offer(shape("a"), denied, cache.now());
    advance(Duration.ofSeconds(9));
    assertThat(cache.get(shape("a"))).isNotNull();
    advance(Duration.ofSeconds(1));
    assertThat(cache.get(shape("a"))).isNull(); // it would be EXPIRED now
  }

  @Test
  void theSecretIsNotKeptOnlyItsDigest() {
    VerdictCache.Shape shape = shape("lk_live_supersecret");
    assertThat(shape.toString()).doesNotContain("supersecret");
    assertThat(shape.digest()).hasSize(43); // SHA-256, base64 without padding
    assertThat(shape("lk_live_other")).isNotEqualTo(shape);
    assertThat(VerdictCache.Shape.of(VerifyKey.of("lk_live_supersecret", "billing")))
        .isNotEqualTo(shape);
    // The cost and the request's attributes do not decide a kept verdict.
    assertThat(
            VerdictCache.Shape.of(
                new VerifyKey(
                    "lk_live_supersecret",
                    "orders",
                    null,
                    new VerifyKey.Context(
                        new VerifyKey.Request("10.0.0.1", "GET", "/", null, null)),
                    0L,
                    null)))
        .isEqualTo(shape);
  }

  @Test
  void theBoundHoldsAndUsableVerdictsAreNotTheFirstToGo() {
    VerdictCache small = cache(100);
    for (int i = 0; i < 50; i++) {
      small.offer(shape("old" + i), valid("key_old" + i, null), small.now());
    }
    advance(STALENESS.plusSeconds(1)); // the old ones can no longer be answered
    for (int i = 0; i <= 50; i++) {
      small.offer(shape("new" + i), valid("key_new" + i, null), small.now());
    }
    for (int i = 0; i <= 50; i++) {
      assertThat(small.get(shape("new" + i))).as("new%d", i).isNotNull();
    }
    for (int i = 51; i < 1000; i++) {
      small.offer(shape("new" + i), valid("key_new" + i, null), small.now());
      assertThat(small.size()).isLessThanOrEqualTo(100);
    }
    assertThat(small.get(shape("new999"))).isNotNull();
  }

  @Test
  void underConcurrentOffersChangesAndSweepsNoVerdictFromBeforeItsKeysChangeIsAnswered()
      throws Exception {
    VerdictCache small = cache(64);
    int threads = 4;
    java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong(AT);
    java.util.concurrent.ConcurrentHashMap<String, Long> changed =
        new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicInteger wrong =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    java.util.Random random = new java.util.Random(id);
                    for (int i = 0; i < 20_000; i++) {
                      String key = "key_" + random.nextInt(200);
                      if (random.nextInt(10) == 0) {
                        long s = seq.incrementAndGet();
                        small.keyChanged(key, s); // the cache first, then what the test checks
                        changed.merge(key, s, Math::max);
                      } else {
                        long position = seq.get();
                        small.offer(shape(key), valid(key, null, position), small.now());
                        long lastChange = changed.getOrDefault(key, 0L); // before the lookup
                        Verdict got = small.get(shape(key));
                        if (got != null && got.feedPosition() < lastChange) {
                          wrong.incrementAndGet();
                        }
                      }
                    }
                  });
    }
    for (Thread worker : workers) {
      worker.join();
    }
    assertThat(wrong.get()).isZero();
    small.offer(shape("last"), valid("key_last", null, seq.get()), small.now());
    assertThat(small.size()).isLessThanOrEqualTo(64);
  }

  static Verdict withCode(Verdict v, VerifyCode code) {
    return new Verdict(
        code == VerifyCode.VALID,
        code,
        v.keyId(),
        v.service(),
        v.consumer(),
        v.name(),
        v.meta(),
        v.expiresAt(),
        v.previousSecretUsed(),
        v.graceEndsAt(),
        v.missingPermissions(),
        v.rateLimit(),
        v.creditsRemaining(),
        v.conditional(),
        v.feedPosition());
  }

  static Verdict copy(
      Verdict v,
      Boolean previous,
      Instant graceEnds,
      RateLimitState limit,
      Long credits,
      Boolean conditional) {
    return new Verdict(
        v.valid(),
        v.code(),
        v.keyId(),
        v.service(),
        v.consumer(),
        v.name(),
        v.meta(),
        v.expiresAt(),
        previous,
        graceEnds,
        v.missingPermissions(),
        limit,
        credits,
        conditional,
        v.feedPosition());
  }

  static Verdict copyExpiring(Verdict v, Instant expiresAt) {
    return new Verdict(
        v.valid(),
        v.code(),
        v.keyId(),
        v.service(),
        v.consumer(),
        v.name(),
        v.meta(),
        expiresAt,
        null,
        null,
        null,
        null,
        null,
        false,
        AT);
  }
}
