package dev.latchkey.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule on a fake clock: what raises it, what does not, and how often. */
class AnomalyDetectorTest {
  record Raised(
      String rule, String severity, String subject, String dedup, Map<String, Object> details) {}

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
  private final List<Raised> raised = new ArrayList<>();
  private final Signals signals =
      (ws, rule, severity, type, subject, dedup, details, at) ->
          raised.add(new Raised(rule, severity, subject, dedup, details));

  private AnomalyDetector detector(AnomalySettings settings) {
    return new AnomalyDetector(settings, signals, clock.instant());
  }

  private static Verdict verdict(VerifyCode code, String keyId, Long credits) {
    return new Verdict(
        code == VerifyCode.VALID,
        code,
        keyId,
        "svc_1",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        credits,
        false,
        1L);
  }

  private static Verdict valid(String keyId) {
    return verdict(VerifyCode.VALID, keyId, null);
  }

  private List<String> rules() {
    return raised.stream().map(Raised::rule).toList();
  }

  @Test
  void spike_aboveFactorTimesTheBaseline_afterWarmup_onceAMinute() {
    AnomalyDetector d =
        detector(AnomalySettings.defaults().withSpike(5.0, 50, Duration.ofMinutes(30), 10));
    // 20 minutes at 20 a minute: the baseline settles near 20
    for (int m = 0; m < 20; m++) {
      for (int i = 0; i < 20; i++) {
        d.observe("ws", valid("key_a"), "10.0.0.1", clock.instant());
      }
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(raised).isEmpty();
    // 99 in the next minute: under 5 x ~20 = ~100
    for (int i = 0; i < 99; i++) {
      d.observe("ws", valid("key_a"), "10.0.0.1", clock.instant());
    }
    assertThat(raised).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    // ... which raised the baseline; now a real burst
    for (int i = 0; i < 400; i++) {
      d.observe("ws", valid("key_a"), "10.0.0.1", clock.instant());
    }
    assertThat(rules()).containsExactly("traffic_spike");
    assertThat(raised.get(0).subject()).isEqualTo("key_a");
    assertThat((Long) raised.get(0).details().get("requests_this_minute")).isGreaterThan(100);
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 400; i++) {
      d.observe("ws", valid("key_a"), "10.0.0.1", clock.instant());
    }
    assertThat(rules()).as("once a minute at most").hasSize(2);
  }

  @Test
  void spike_notDuringWarmup_notBelowTheMinimum_andANewKeyIsNotASpike() {
    AnomalyDetector d =
        detector(AnomalySettings.defaults().withSpike(5.0, 100, Duration.ofMinutes(30), 10));
    for (int i = 0; i < 1000; i++) {
      d.observe("ws", valid("key_new"), null, clock.instant());
    }
    for (int m = 0; m < 12; m++) {
      clock.advance(Duration.ofMinutes(1));
      for (int i = 0; i < 2; i++) {
        d.observe("ws", valid("key_quiet"), null, clock.instant());
      }
    }
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 60; i++) { // 30x its baseline, but under the minimum of 100
      d.observe("ws", valid("key_quiet"), null, clock.instant());
    }
    assertThat(raised).isEmpty();
  }

  @Test
  void spike_aClockGoingBackCountsNothingUntilItCatchesUp() {
    AnomalyDetector d =
        detector(AnomalySettings.defaults().withSpike(2.0, 1, Duration.ofMinutes(30), 1));
    for (int m = 0; m < 3; m++) {
      d.observe("ws", valid("key_a"), null, clock.instant());
      clock.advance(Duration.ofMinutes(1));
    }
    clock.set(clock.instant().minus(Duration.ofHours(1)));
    for (int i = 0; i < 100; i++) {
      d.observe("ws", valid("key_a"), null, clock.instant());
    }
    assertThat(raised).isEmpty();
  }

  @Test
  void newNetwork_afterLearning_perKey_bounded() {
    AnomalyDetector d = detector(AnomalySettings.defaults().withNewAddress(Duration.ofHours(1), 2));
    d.observe("ws", valid("key_a"), "10.0.0.1", clock.instant());
    d.observe("ws", valid("key_a"), "192.168.7.9", clock.instant());
    clock.advance(Duration.ofMinutes(59));
    d.observe("ws", valid("key_a"), "172.16.0.1", clock.instant()); // still learning
    assertThat(raised).isEmpty();
    clock.advance(Duration.ofMinutes(2));
    d.observe("ws", valid("key_a"), "172.16.0.77", clock.instant()); // same /24 as learned
    d.observe("ws", valid("key_a"), "::1", clock.instant()); // an IPv6 network, new
    assertThat(rules()).containsExactly("new_client_address");
    assertThat(raised.get(0).details()).containsEntry("network", "0:0:0::/48");
    d.observe("ws", valid("key_a"), "203.0.113.5", clock.instant());
    assertThat(raised).hasSize(2);
    assertThat(raised.get(1).dedup()).isEqualTo("key_a 203.0.113.0/24");
    // only 2 networks remembered: the oldest (10.0.0.0/24) was forgotten and is new again
    d.observe("ws", valid("key_a"), "10.0.0.200", clock.instant());
    assertThat(raised).hasSize(3);
    d.observe("ws", valid("key_a"), "not an address", clock.instant());
    d.observe("ws", valid("key_a"), null, clock.instant());
    assertThat(raised).hasSize(3);
    // another key learns for itself
    d.observe("ws", valid("key_b"), "198.51.100.1", clock.instant());
    assertThat(raised).hasSize(3);
  }

  @Test
  void guessing_countsBadKeysPerAddressInAWindow_andAlerts() {
    AnomalyDetector d =
        detector(
            AnomalySettings.defaults()
                .withGuessing(5, Duration.ofMinutes(1), Duration.ofMinutes(10)));
    for (int i = 0; i < 4; i++) {
      d.observe("ws", Verdict.denied(VerifyCode.NOT_FOUND), "198.51.100.7", clock.instant());
    }
    clock.advance(Duration.ofSeconds(61)); // a new window: the 4 do not count
    for (int i = 0; i < 4; i++) {
      d.observe("ws", Verdict.denied(VerifyCode.MALFORMED), "198.51.100.7", clock.instant());
      d.observe("ws", Verdict.denied(VerifyCode.MALFORMED), "198.51.100.8", clock.instant());
    }
    assertThat(raised).isEmpty();
    d.observe("ws", Verdict.denied(VerifyCode.NOT_FOUND), "198.51.100.7", clock.instant());
    d.observe("ws", Verdict.denied(VerifyCode.NOT_FOUND), "198.51.100.7", clock.instant());
    assertThat(rules()).as("once per window").containsExactly("secret_guessing");
    assertThat(raised.get(0).severity()).isEqualTo("critical");
    assertThat(raised.get(0).subject()).isEqualTo("198.51.100.7");
    // What verification sees (any caller may claim any address in its attributes) never blocks
    assertThat(d.blocked("198.51.100.7", clock.instant())).isFalse();
    // valid keys and unknown addresses do not count
    for (int i = 0; i < 10; i++) {
      d.observe("ws", valid("key_a"), "198.51.100.9", clock.instant());
      d.observe("ws", Verdict.denied(VerifyCode.NOT_FOUND), null, clock.instant());
    }
    assertThat(raised).hasSize(1);
  }

  @Test
  void guessedThroughATrustedProxy_blocksTheAddressForTheBlock() {
    AnomalyDetector d =
        detector(
            AnomalySettings.defaults()
                .withGuessing(3, Duration.ofMinutes(1), Duration.ofMinutes(10)));
    long t0 = clock.instant().toEpochMilli();
    d.guessedFrom("198.51.100.7", t0);
    d.guessedFrom("198.51.100.7", t0);
    d.guessedFrom("198.51.100.8", t0);
    assertThat(d.blocked("198.51.100.7", clock.instant())).isFalse();
    d.guessedFrom("198.51.100.7", t0 + 1000);
    assertThat(d.blocked("198.51.100.7", clock.instant())).isTrue();
    assertThat(d.blocked("198.51.100.8", clock.instant())).isFalse();
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertThat(d.blocked("198.51.100.7", clock.instant())).isFalse();
    // the window: two now and one more than a minute later do not block
    long t1 = clock.instant().toEpochMilli();
    d.guessedFrom("198.51.100.9", t1);
    d.guessedFrom("198.51.100.9", t1);
    d.guessedFrom("198.51.100.9", t1 + 61_000);
    assertThat(d.blocked("198.51.100.9", clock.instant().plusSeconds(62))).isFalse();
    assertThat(raised).as("the alert is the verification path's").isEmpty();
  }

  @Test
  void guessing_withoutABlock_onlyAlerts() {
    AnomalyDetector d = detector(AnomalySettings.defaults());
    for (int i = 0; i < 25; i++) {
      d.observe("ws", Verdict.denied(VerifyCode.NOT_FOUND), "198.51.100.7", clock.instant());
      d.guessedFrom("198.51.100.7", clock.instant().toEpochMilli());
    }
    assertThat(rules()).containsExactly("secret_guessing");
    assertThat(d.blocked("198.51.100.7", clock.instant())).isFalse();
  }

  @Test
  void deadSecretsPresented_andCreditsLow_onceAMinutePerKey() {
    AnomalyDetector d = detector(AnomalySettings.defaults().withCreditsLow(3));
    d.observe("ws", verdict(VerifyCode.REVOKED, "key_r", null), "10.1.1.1", clock.instant());
    d.observe("ws", verdict(VerifyCode.REVOKED, "key_r", null), "10.1.1.1", clock.instant());
    d.observe("ws", verdict(VerifyCode.EXPIRED, "key_e", null), null, clock.instant());
    d.observe("ws", verdict(VerifyCode.DISABLED, "key_d", null), null, clock.instant());
    d.observe("ws", verdict(VerifyCode.VALID, "key_c", 4L), null, clock.instant());
    d.observe("ws", verdict(VerifyCode.VALID, "key_c", 3L), null, clock.instant());
    d.observe("ws", verdict(VerifyCode.VALID, "key_c", 2L), null, clock.instant());
    assertThat(rules())
        .containsExactly("revoked_secret_presented", "revoked_secret_presented", "credits_low");
    assertThat(raised.get(0).details())
        .containsEntry("code", "REVOKED")
        .containsEntry("address", "10.1.1.1");
    assertThat(raised.get(2).details()).containsEntry("remaining", 3L);
    clock.advance(Duration.ofMinutes(1));
    d.observe("ws", verdict(VerifyCode.REVOKED, "key_r", null), "10.1.1.1", clock.instant());
    assertThat(raised).hasSize(4);
  }

  @Test
  void guessing_anIpv6ClientIsCountedByItsSlash64_andSpellingsOfOneAddressAreOne() {
    AnomalyDetector d =
        detector(
            AnomalySettings.defaults()
                .withGuessing(4, Duration.ofMinutes(1), Duration.ofMinutes(5)));
    long now = clock.instant().toEpochMilli();
    for (String a : new String[] {"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::9"}) {
      d.observe("ws", Verdict.denied(VerifyCode.NOT_FOUND), a, clock.instant());
      d.guessedFrom(a, now);
    }
    assertThat(raised).isEmpty();
    d.observe(
        "ws", Verdict.denied(VerifyCode.NOT_FOUND), "2001:0db8:0001:0002::7", clock.instant());
    d.guessedFrom("2001:0db8:0001:0002::7", now);
    assertThat(rules()).containsExactly("secret_guessing");
    assertThat(raised.get(0).subject()).isEqualTo("2001:db8:1:2::/64");
    assertThat(d.blocked("2001:db8:1:2::abcd", clock.instant())).isTrue();
    assertThat(d.blocked("2001:db8:1:3::1", clock.instant())).isFalse();
  }

  @Test
  void networksAreSlash24AndSlash48() {
    assertThat(AnomalyDetector.network("10.1.2.3")).contains("10.1.2.0/24");
    assertThat(AnomalyDetector.network("2001:db8:abcd:12::1")).contains("2001:db8:abcd::/48");
    assertThat(AnomalyDetector.network("::ffff:10.1.2.3")).contains("10.1.2.0/24");
    assertThat(AnomalyDetector.network("example.com")).isEmpty();
  }
}
