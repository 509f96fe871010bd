package dev.latchkey.server.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Rotations;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.RotationRow;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.store.SqlStores;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema: they race for the same rotations and each runs exactly once;
 * a node that dies after its sink received the new secret leaves the rotation to the other, which
 * takes it over when the lease runs out, and no consumer is cut off on the way.
 */
class RotationAcrossNodesTest {
  static final Instant T0 = Instant.parse("2031-05-10T12:00:00Z");
  static final Duration DAY = Duration.ofDays(1);
  static final Duration GRACE = Duration.ofHours(1);

  final MutableClock clock = new MutableClock(T0);
  final MemorySink sinkA = new MemorySink();
  final MemorySink sinkB = new MemorySink();
  PostgresTestDatabase database;
  RotationNode a;
  RotationNode b;
  String ws;
  String service;

  @BeforeEach
  void open() {
    database = PostgresTestDatabase.create();
    a = new RotationNode(SqlStores.openPostgres(database.url()), clock, sinkA);
    b = new RotationNode(SqlStores.openPostgres(database.url()), clock, sinkB);
    ws = new Bootstrap(a.store, a.mutations).run(Optional.empty(), k -> {}).workspaceId();
    service = a.service(ws, "payments");
    String sink = a.memorySink(ws);
    a.servicePolicy(ws, service, new SetRotationPolicy("P1D", null, "PT1H", sink));
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    database.close();
  }

  List<RotationRow> rotationsOf(String keyId) {
    return a.store.read((Tx tx) -> tx.rotations().ofKey(ws, keyId, PageRequest.first(50))).items();
  }

  @Test
  void twoNodesRacing_rotateEveryDueKeyExactlyOnce() throws Exception {
    List<IssuedKey> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      keys.add(a.key(ws, service));
    }
    clock.advance(DAY);

    ExecutorService threads = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> runs = new ArrayList<>();
    try {
      for (RotationNode node : List.of(a, b)) {
        runs.add(
            threads.submit(
                () -> {
                  go.await();
                  int ran = 0;
                  for (int round = 0; round < 5; round++) {
                    ran += node.scheduler.runOnce();
                  }
                  return ran;
                }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> f : runs) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(keys.size());
    } finally {
      threads.shutdownNow();
    }

    List<String> delivered = new ArrayList<>(sinkA.deliveries());
    delivered.addAll(sinkB.deliveries());
    assertThat(delivered).hasSize(keys.size()).doesNotHaveDuplicates();
    for (IssuedKey k : keys) {
      assertThat(rotationsOf(k.data().id()))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo(RotationRow.DONE));
      String secret =
          sinkA.secretOf(k.data().id()).or(() -> sinkB.secretOf(k.data().id())).orElseThrow();
      assertThat(a.verify(ws, secret)).isEqualTo(VerifyCode.VALID);
      assertThat(b.verify(ws, k.key())).isEqualTo(VerifyCode.VALID);
    }
  }

  @Test
  void nodeDyingAfterTheSinkWrote_theOtherTakesOverAfterTheLease_andNoConsumerIsCutOff() {
    IssuedKey issued = a.key(ws, service);
    clock.advance(DAY);
    sinkA.mode(MemorySink.Mode.WRITE_THEN_DIE);

    assertThatThrownBy(() -> a.scheduler.runOnce()).isInstanceOf(MemorySink.NodeDied.class);

    // A consumer already read the dead node's secret from the sink: it must keep working.
    String fromDeadNode = sinkA.secretOf(issued.data().id()).orElseThrow();
    assertThat(b.verify(ws, fromDeadNode)).isEqualTo(VerifyCode.VALID);
    assertThat(b.verify(ws, issued.key())).isEqualTo(VerifyCode.VALID);
    RotationRow stuck = rotationsOf(issued.data().id()).getFirst();
    assertThat(stuck.status()).isEqualTo(RotationRow.PENDING);
    assertThat(stuck.pendingDigest()).isNotNull();

    assertThat(b.scheduler.runOnce()).isZero(); // the dead node's lease still holds
    clock.advance(Rotations.LEASE.plusSeconds(1));
    assertThat(b.scheduler.runOnce()).isEqualTo(1);

    String fromB = sinkB.secretOf(issued.data().id()).orElseThrow();
    assertThat(rotationsOf(issued.data().id()).getFirst().status()).isEqualTo(RotationRow.DONE);
    assertThat(b.verify(ws, fromB)).isEqualTo(VerifyCode.VALID);
    assertThat(b.verify(ws, fromDeadNode)).isEqualTo(VerifyCode.VALID);
    assertThat(b.verify(ws, issued.key())).isEqualTo(VerifyCode.VALID);

    clock.advance(GRACE.plusSeconds(1));
    assertThat(b.verify(ws, fromB)).isEqualTo(VerifyCode.VALID);
    assertThat(b.verify(ws, fromDeadNode)).isNotEqualTo(VerifyCode.VALID);
    assertThat(b.verify(ws, issued.key())).isNotEqualTo(VerifyCode.VALID);
  }
}
