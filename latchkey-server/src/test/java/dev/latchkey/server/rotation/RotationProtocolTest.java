package dev.latchkey.server.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Key;
import dev.latchkey.api.KeyRotation;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.api.StartRotation;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.alert.Backoff;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.ConflictException;
import dev.latchkey.core.manage.Rotations;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.RotationRow;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.store.SqlStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rotation protocol on one node over a real SQLite store, with a fake clock and a memory sink:
 * scheduled rotation, failures of every kind, cancellation, renewal before expiry, notices.
 */
class RotationProtocolTest {
  static final Instant T0 = Instant.parse("2031-05-10T12:00:00Z");
  static final Duration DAY = Duration.ofDays(1);
  static final Duration GRACE = Duration.ofHours(1);

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);
  final MemorySink sink = new MemorySink();
  RotationNode node;
  String ws;
  String service;
  String sinkId;

  @BeforeEach
  void open() {
    node = new RotationNode(SqlStores.openSqlite(dir.resolve("latchkey.db")), clock, sink);
    ws = new Bootstrap(node.store, node.mutations).run(Optional.empty(), k -> {}).workspaceId();
    service = node.service(ws, "payments");
    sinkId = node.memorySink(ws);
  }

  @AfterEach
  void close() {
    node.close();
  }

  void dailyPolicy(String sink) {
    node.servicePolicy(ws, service, new SetRotationPolicy("P1D", null, "PT1H", sink));
  }

  Key key(String id) {
    return node.keys.get(node.system(ws).principal(), id);
  }

  List<RotationRow> rotationsOf(String keyId) {
    return node.store
        .read((Tx tx) -> tx.rotations().ofKey(ws, keyId, PageRequest.first(50)))
        .items();
  }

  @Test
  void dueKey_isRotatedThroughItsSink_andTheOldSecretVerifiesUntilTheGracePeriodEnds() {
    dailyPolicy(sinkId);
    IssuedKey issued = node.key(ws, service);

    clock.advance(DAY.minusSeconds(1));
    assertThat(node.scheduler.runOnce()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(node.scheduler.runOnce()).isEqualTo(1);

    String delivered = sink.secretOf(issued.data().id()).orElseThrow();
    assertThat(delivered).isNotEqualTo(issued.key()).startsWith("pay_");
    assertThat(node.verify(ws, delivered)).isEqualTo(VerifyCode.VALID);
    assertThat(node.verify(ws, issued.key())).isEqualTo(VerifyCode.VALID);
    Key rotated = key(issued.data().id());
    assertThat(rotated.start()).isEqualTo(delivered.substring(0, rotated.start().length()));
    assertThat(rotated.rotation().graceEndsAt()).isEqualTo(clock.instant().plus(GRACE));
    assertThat(rotationsOf(issued.data().id()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(RotationRow.DONE);
              assertThat(r.location()).isEqualTo("memory:" + issued.data().id());
              assertThat(r.attempts()).isEqualTo(1);
            });

    clock.advance(GRACE.plusMillis(1));
    assertThat(node.verify(ws, issued.key())).isNotEqualTo(VerifyCode.VALID);
    assertThat(node.verify(ws, delivered)).isEqualTo(VerifyCode.VALID);
    assertThat(node.scheduler.runOnce()).isZero(); // not due again for a day
  }

  @Test
  void sinkRefusing_changesNothing_alerts_andTheRetrySucceeds() {
    dailyPolicy(sinkId);
    IssuedKey issued = node.key(ws, service);
    sink.mode(MemorySink.Mode.REFUSE);
    clock.advance(DAY);

    assertThat(node.scheduler.runOnce()).isEqualTo(1);

    assertThat(node.verify(ws, issued.key())).isEqualTo(VerifyCode.VALID);
    assertThat(key(issued.data().id()).rotation()).isNull();
    assertThat(node.store.read((Tx tx) -> tx.secrets().ofOwner(ws, issued.data().id())))
        .hasSize(1); // the attempt's secret is gone: it never reached anyone
    RotationRow pending = rotationsOf(issued.data().id()).getFirst();
    assertThat(pending.status()).isEqualTo(RotationRow.PENDING);
    assertThat(pending.lastError()).contains("refused");
    assertThat(node.rulesRaised()).contains("rotation_failed");

    sink.mode(MemorySink.Mode.WRITE);
    assertThat(node.scheduler.runOnce()).isZero(); // backing off
    clock.advance(Backoff.defaults().longestAfter(1));
    assertThat(node.scheduler.runOnce()).isEqualTo(1);
    String delivered = sink.secretOf(issued.data().id()).orElseThrow();
    assertThat(node.verify(ws, delivered)).isEqualTo(VerifyCode.VALID);
    assertThat(rotationsOf(issued.data().id()).getFirst().attempts()).isEqualTo(2);
  }

  @Test
  void sinkTimingOut_keepsTheSecretItMayHaveReceivedLive_untilALaterAttemptCompletes() {
    dailyPolicy(sinkId);
    IssuedKey issued = node.key(ws, service);
    sink.mode(MemorySink.Mode.TIME_OUT);
    clock.advance(DAY);

    node.scheduler.runOnce();

    String maybeDelivered = sink.secretOf(issued.data().id()).orElseThrow();
    assertThat(node.verify(ws, maybeDelivered)).isEqualTo(VerifyCode.VALID);
    assertThat(node.verify(ws, issued.key())).isEqualTo(VerifyCode.VALID);
    // The sink stays down longer than the grace period: whatever it serves must still verify.
    sink.mode(MemorySink.Mode.REFUSE);
    clock.advance(GRACE.plusMinutes(1));
    assertThat(node.scheduler.runOnce()).isEqualTo(1); // refused
    clock.advance(Backoff.defaults().longestAfter(2));
    assertThat(node.scheduler.runOnce()).isEqualTo(1); // refused again
    assertThat(node.verify(ws, maybeDelivered)).isEqualTo(VerifyCode.VALID);
    assertThat(node.verify(ws, issued.key())).isEqualTo(VerifyCode.VALID);

    sink.mode(MemorySink.Mode.WRITE);
    clock.advance(Backoff.defaults().longestAfter(3));
    assertThat(node.scheduler.runOnce()).isEqualTo(1);
    String delivered = sink.secretOf(issued.data().id()).orElseThrow();
    clock.advance(GRACE.plusMillis(1));
    assertThat(node.verify(ws, delivered)).isEqualTo(VerifyCode.VALID);
    assertThat(node.verify(ws, maybeDelivered)).isNotEqualTo(VerifyCode.VALID);
    assertThat(node.verify(ws, issued.key())).isNotEqualTo(VerifyCode.VALID);
  }

  @Test
  void keyRevokedBeforeItsTurn_rotationIsCancelled() {
    dailyPolicy(sinkId);
    IssuedKey issued = node.key(ws, service);
    sink.mode(MemorySink.Mode.REFUSE);
    clock.advance(DAY);
    node.scheduler.runOnce();
    node.mutations.run(
        node.system(ws), m -> node.keys.revoke(m, issued.data().id(), new RevokeKey("test")));
    sink.mode(MemorySink.Mode.WRITE);
    clock.advance(Backoff.defaults().longestAfter(1));

    node.scheduler.runOnce();

    assertThat(rotationsOf(issued.data().id()).getFirst().status())
        .isEqualTo(RotationRow.CANCELLED);
    assertThat(sink.deliveries()).isEmpty();
  }

  @Test
  void rotationBeforeExpiry_renewsTheKeysLifetime() {
    node.servicePolicy(ws, service, new SetRotationPolicy(null, "PT6H", "PT1H", sinkId));
    IssuedKey issued =
        node.mutations.run(
            node.system(ws),
            m ->
                node.keys.create(
                    m,
                    new dev.latchkey.api.CreateKey(
                        service,
                        null,
                        null,
                        null,
                        T0.plus(DAY.multipliedBy(3)),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)));

    clock.advance(DAY.multipliedBy(3).minusHours(6));
    assertThat(node.scheduler.runOnce()).isEqualTo(1);

    assertThat(key(issued.data().id()).expiresAt())
        .isEqualTo(clock.instant().plus(DAY.multipliedBy(3)));
  }

  @Test
  void policyWithoutSink_raisesRotationDueInstead_andUpcomingAhead() {
    dailyPolicy(null);
    IssuedKey issued = node.key(ws, service);

    clock.advance(DAY.minusHours(5));
    node.scheduler.runOnce();
    assertThat(node.rulesRaised()).containsExactly("rotation_upcoming");
    node.scheduler.runOnce();
    assertThat(node.rulesRaised()).hasSize(1); // raised once per rotation

    clock.advance(Duration.ofHours(5));
    node.scheduler.runOnce();
    assertThat(node.rulesRaised()).containsExactly("rotation_upcoming", "rotation_due");
    assertThat(rotationsOf(issued.data().id())).isEmpty();
    assertThat(node.verify(ws, issued.key())).isEqualTo(VerifyCode.VALID);
  }

  @Test
  void rotateNow_throughTheSink_andASecondWhilePendingIsAConflict() {
    IssuedKey issued = node.key(ws, service);
    sink.mode(MemorySink.Mode.REFUSE);
    KeyRotation failed =
        node.rotations.rotateNow(
            node.system(ws),
            node.scheduler.node(),
            issued.data().id(),
            new StartRotation(sinkId, "PT5M"));
    assertThat(failed.status()).isEqualTo("pending");
    assertThat(failed.lastError()).contains("refused");
    assertThatThrownBy(
            () ->
                node.rotations.rotateNow(
                    node.system(ws),
                    node.scheduler.node(),
                    issued.data().id(),
                    new StartRotation(sinkId, null)))
        .isInstanceOf(ConflictException.class);

    sink.mode(MemorySink.Mode.WRITE);
    clock.advance(Backoff.defaults().longestAfter(1));
    node.scheduler.runOnce();
    assertThat(rotationsOf(issued.data().id()).getFirst().status()).isEqualTo(RotationRow.DONE);
    assertThat(rotationsOf(issued.data().id()).getFirst().gracePeriod())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void leaseIsLongerThanADeliveryMayTake() {
    assertThat(Rotations.LEASE).isGreaterThan(Duration.ofSeconds(30));
  }
}
