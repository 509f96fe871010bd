package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.alert.Backoff;
import dev.latchkey.core.alert.Dispatcher;
import dev.latchkey.core.alert.SigningSecret;
import dev.latchkey.core.alert.WebhookTargets;
import dev.latchkey.core.manage.Alerts;
import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.AlertSignal;
import dev.latchkey.core.store.ClaimedDelivery;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.WebhookRow;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.server.webhook.SocketSender;
import dev.latchkey.store.SqlStores;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two dispatchers (two nodes) on one PostgreSQL schema deliver to a real receiver: every event
 * exactly once while both are alive, and a crashed node's claim is taken over after its lease.
 */
class WebhookDispatchAcrossNodesTest {
  PostgresTestDatabase database;
  Store nodeA;
  Store nodeB;
  Receiver receiver;
  final MutableClock clock = MutableClock.startingNow();
  final Sealer sealer = Sealer.envelope(Sealer.newKeyEncryptionKey(), List.of());
  final WebhookTargets loopback = WebhookTargets.allowing("127.0.0.1/32");
  String ws;

  @BeforeEach
  void start() {
    database = PostgresTestDatabase.create();
    nodeA = SqlStores.openPostgres(database.url());
    nodeB = SqlStores.openPostgres(database.url());
    receiver = Receiver.failingFirst(0);
    ws = Ids.newId("ws");
    String hook = Ids.newId("wh");
    nodeA.write(
        (Tx tx) -> {
          tx.workspaces().insert(ws, "w", clock.instant());
          tx.webhooks()
              .insert(
                  new WebhookRow(
                      hook,
                      ws,
                      receiver.url("/hook"),
                      null,
                      List.of(),
                      true,
                      SigningSecret.generate()
                          .sealed(sealer, SealedColumn.WEBHOOK_SIGNING_SECRET, hook),
                      null,
                      null,
                      clock.instant(),
                      clock.instant()));
          return null;
        });
  }

  @AfterEach
  void stop() {
    receiver.close();
    nodeA.close();
    nodeB.close();
    database.close();
  }

  private Dispatcher dispatcher(Store store) {
    return new Dispatcher(store, new SocketSender(loopback), sealer, clock, Backoff.defaults());
  }

  private void raise(int alerts) {
    Alerts raising = new Alerts(nodeA, null, null, clock, () -> {});
    for (int i = 0; i < alerts; i++) {
      raising.raiseNow(
          new AlertSignal(
              ws, "traffic_spike", "warning", "key", "key_x", "d" + i, Map.of(), clock.instant()));
    }
  }

  @Test
  void twoNodes_deliverEveryEventExactlyOnce() throws Exception {
    int total = 40;
    raise(total);
    Dispatcher a = dispatcher(nodeA);
    Dispatcher b = dispatcher(nodeB);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (Dispatcher d : List.of(a, b)) {
        runs.add(
            threads.submit(
                () -> {
                  go.await();
                  int sent = 0;
                  for (int n = d.runOnce(); n > 0; n = d.runOnce()) {
                    sent += n;
                  }
                  return sent;
                }));
      }
      go.countDown();
      int sum = 0;
      for (Future<Integer> f : runs) {
        sum += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(sum).isEqualTo(total);
    } finally {
      threads.shutdownNow();
    }

    List<String> ids = receiver.requests.stream().map(r -> r.header("Latchkey-Event-Id")).toList();
    assertThat(ids).hasSize(total).doesNotHaveDuplicates();
  }

  @Test
  void aStoredSecretSealedUnderAnotherKey_failsTheAttempt_andSendsNothing() {
    String hook = Ids.newId("wh");
    Sealer elsewhere = Sealer.envelope(Sealer.newKeyEncryptionKey(), List.of());
    nodeA.write(
        (Tx tx) -> {
          tx.webhooks()
              .insert(
                  new WebhookRow(
                      hook,
                      ws,
                      receiver.url("/other"),
                      null,
                      List.of("credits_low"),
                      true,
                      SigningSecret.generate()
                          .sealed(elsewhere, SealedColumn.WEBHOOK_SIGNING_SECRET, hook),
                      null,
                      null,
                      clock.instant(),
                      clock.instant()));
          return null;
        });
    new Alerts(nodeA, null, null, clock, () -> {})
        .raiseNow(
            new AlertSignal(
                ws, "credits_low", "warning", "consumer", "con_x", "c", Map.of(), clock.instant()));

    dispatcher(nodeA).runOnce();

    assertThat(receiver.requests).extracting(Receiver.Request::path).doesNotContain("/other");
    var attempts =
        nodeA.read(
            (Tx tx) -> {
              var d =
                  tx.webhooks()
                      .listDeliveries(
                          ws,
                          hook,
                          java.util.Optional.empty(),
                          dev.latchkey.core.store.PageRequest.first(1))
                      .items()
                      .getFirst();
              return tx.webhooks().attempts(ws, d.id());
            });
    assertThat(attempts)
        .singleElement()
        .satisfies(a -> assertThat(a.error()).isEqualTo("signing_secret"));
  }

  @Test
  void aCrashedNodesClaim_isTakenOver_onlyAfterItsLeaseExpires() {
    raise(1);
    // Node A claims and "crashes": it never sends nor records anything.
    List<ClaimedDelivery> claimed =
        nodeA.write(
            (Tx tx) ->
                tx.webhooks()
                    .claimDue(
                        "crashed-node",
                        clock.instant(),
                        clock.instant().plus(Dispatcher.LEASE),
                        10));
    assertThat(claimed).hasSize(1);
    Dispatcher b = dispatcher(nodeB);

    assertThat(b.runOnce()).as("the lease still holds").isZero();
    clock.advance(Dispatcher.LEASE.plus(Duration.ofSeconds(1)));
    assertThat(b.runOnce()).isEqualTo(1);

    assertThat(receiver.requests).hasSize(1);
    assertThat(receiver.requests.getFirst().header("Latchkey-Event-Id"))
        .isEqualTo(claimed.getFirst().delivery().id());
  }
}
